import type { Actor } from '../actor.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandContext, CommandSpec, QuerySpec } from '../runtime/runtime.js';
import type { Availability, DateOverride } from './availability.js';
import {
  AVAILABILITY_LIMITS,
  clearOverrideInput,
  getAvailabilityInput,
  setAvailabilityInput,
  setOverrideInput,
} from './schemas.js';

/** Staff and admins edit anyone's hours; a practitioner only their own. */
function assertMayEdit(actor: Actor, practitionerId: string): void {
  if (actor.kind === 'practitioner' && actor.id !== practitionerId) {
    throw new SessionsError('FORBIDDEN', 'A practitioner may change only their own working hours.', {
      issues: [{ path: ['practitionerId'], message: 'must be your own id' }],
    });
  }
}

/**
 * Edits lock the practitioner, as bookings do: a booking sees the hours
 * either before or after a change, never half of one.
 */
const practitionerLock = (_tx: unknown, input: { practitionerId: string }) => [`practitioner:${input.practitionerId}`];

async function currentHours(ctx: CommandContext, practitionerId: string): Promise<Availability> {
  const current = await ctx.tx.availability.get(practitionerId);
  if (current) return current;
  if (!(await ctx.tx.practitioners.get(practitionerId))) throw notFound('practitioner', practitionerId);
  throw new SessionsError(
    'NOT_FOUND',
    `Practitioner "${practitionerId}" has no working hours yet: set them with availability.set first.`,
    { entity: 'availability', id: practitionerId },
  );
}

/**
 * Set a practitioner's weekly working hours and booking rules, replacing
 * what was there. Date overrides are kept: they are changed one date at a
 * time with `setOverride` and `clearOverride`.
 */
export const setAvailability: CommandSpec<typeof setAvailabilityInput, Availability> = {
  name: 'availability.set',
  input: setAvailabilityInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'set working hours',
  locks: practitionerLock,
  async run(ctx, input) {
    assertMayEdit(ctx.actor, input.practitionerId);
    const practitioner = await ctx.tx.practitioners.get(input.practitionerId);
    if (!practitioner) throw notFound('practitioner', input.practitionerId);
    const current = await ctx.tx.availability.get(input.practitionerId);
    const record: Availability = {
      tenantId: ctx.actor.tenantId,
      id: input.practitionerId,
      practitionerId: input.practitionerId,
      timeZone: input.timeZone ?? practitioner.timeZone ?? ctx.settings.timeZone,
      weekly: input.weekly,
      overrides: current?.overrides ?? [],
      bufferBeforeMinutes: input.bufferBeforeMinutes,
      bufferAfterMinutes: input.bufferAfterMinutes,
      minimumNoticeMinutes: input.minimumNoticeMinutes,
      horizonDays: input.horizonDays,
      slotStepMinutes: input.slotStepMinutes,
      createdAt: current?.createdAt ?? ctx.at,
      updatedAt: ctx.at,
    };
    if (current) await ctx.tx.availability.update(record);
    else await ctx.tx.availability.insert(record);
    return record;
  },
};

/** Give one date other hours than its weekday's, or none (`ranges: []`, a day off). Replaces that date's override. */
export const setOverride: CommandSpec<typeof setOverrideInput, Availability> = {
  name: 'availability.setOverride',
  input: setOverrideInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'change working hours',
  locks: practitionerLock,
  async run(ctx, input) {
    assertMayEdit(ctx.actor, input.practitionerId);
    const current = await currentHours(ctx, input.practitionerId);
    const others = current.overrides.filter((o) => o.date !== input.date);
    if (others.length >= AVAILABILITY_LIMITS.overrides) {
      throw new SessionsError(
        'VALIDATION_FAILED',
        `Invalid availability.setOverride input: date: a practitioner keeps at most ${AVAILABILITY_LIMITS.overrides} date overrides; clear old ones first.`,
        {
          issues: [
            {
              path: ['date'],
              message: `at most ${AVAILABILITY_LIMITS.overrides} date overrides; clear old ones first`,
            },
          ],
        },
      );
    }
    const override: DateOverride = { date: input.date, ranges: input.ranges };
    const overrides = [...others, override].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const record: Availability = { ...current, overrides, updatedAt: ctx.at };
    await ctx.tx.availability.update(record);
    return record;
  },
};

/** Let a date follow its weekday's hours again. Clearing a date with no override changes nothing. */
export const clearOverride: CommandSpec<typeof clearOverrideInput, Availability> = {
  name: 'availability.clearOverride',
  input: clearOverrideInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'change working hours',
  locks: practitionerLock,
  async run(ctx, input) {
    assertMayEdit(ctx.actor, input.practitionerId);
    const current = await currentHours(ctx, input.practitionerId);
    const overrides = current.overrides.filter((o) => o.date !== input.date);
    if (overrides.length === current.overrides.length) return current;
    const record: Availability = { ...current, overrides, updatedAt: ctx.at };
    await ctx.tx.availability.update(record);
    return record;
  },
};

/**
 * A practitioner's working hours and booking rules, or null when none were
 * set (nothing can be booked with them). Anyone may read them: they are what
 * the public slots are made of.
 */
export const getAvailability: QuerySpec<typeof getAvailabilityInput, Availability | null> = {
  name: 'availability.get',
  input: getAvailabilityInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read working hours',
  async run({ tx }, input) {
    const record = await tx.availability.get(input.practitionerId);
    if (record) return record;
    if (!(await tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    return null;
  },
};
