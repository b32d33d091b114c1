import { dateOf, isoWeekday } from '../civil-time.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandOptions, CommandSpec } from '../runtime/runtime.js';
import { assertMayBook } from '../sessions/permissions.js';
import { createSession, type ScheduleResult, scheduleLocks } from '../sessions/schedule.js';
import { zoneRules } from '../zone-rules.js';
import { bookInput } from './schemas.js';
import type { MinuteRange } from './slot-engine.js';
import { judgeHours } from './slot-engine.js';
import { bookingWindow, readBookingRules, serviceOf } from './slots.js';

const MINUTE = 60_000;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Why a requested start is not a slot: `details.reason` of SLOT_UNAVAILABLE. */
export type UnavailableReason =
  | 'no_hours'
  | 'past'
  | 'notice'
  | 'horizon'
  | 'closed'
  | 'day_off'
  | 'outside_hours'
  | 'ends_after_hours'
  | 'off_grid';

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const span = (r: MinuteRange) => `${clock(r[0])}–${clock(r[1])}`;

/**
 * Book a slot `availability.slots` offers. The slot is checked again inside
 * the transaction, with the practitioner locked, by the same rules: another
 * session (with the buffers) in the way is SLOT_TAKEN — so of two clients
 * racing for one slot, one wins and the other gets SLOT_TAKEN — and a start
 * that is no slot for any other reason (outside the hours, off the grid, too
 * soon, too far ahead, on a closure) is SLOT_UNAVAILABLE, saying which. Then
 * the session is scheduled as `sessions.schedule` does it: the client's block
 * is linked, or the account mode decides.
 */
export const bookSlot: CommandSpec<typeof bookInput, ScheduleResult> = {
  name: 'availability.book',
  input: bookInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'book a slot',
  locks: (_tx, input) => scheduleLocks({ clients: input.clients ?? [], practitionerId: input.practitionerId }),
  async run(ctx, input) {
    const { tx, actor } = ctx;
    if (input.clients === undefined) {
      // The facade fills in a client actor; anyone else names the clients.
      throw new SessionsError('VALIDATION_FAILED', 'Invalid availability.book input: clients: name who attends.', {
        issues: [{ path: ['clients'], message: 'name who attends' }],
      });
    }
    const clients = input.clients;
    assertMayBook(actor, {
      clientIds: clients.map((c) => c.clientId),
      practitionerId: input.practitionerId,
      override: input.override,
    });
    const service = await serviceOf(tx, input.serviceId);
    if (!(await tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    const start = input.start.epochMilliseconds;
    const label = `${zoneRules(input.start.timeZone).format(start)}[${input.start.timeZone}]`;
    const unavailable = (reason: UnavailableReason, why: string, extra: Record<string, unknown> = {}) =>
      new SessionsError('SLOT_UNAVAILABLE', `${label} is not a bookable slot: ${why}.`, {
        reason,
        ...extra,
        issues: [{ path: ['start'], message: why }],
      });

    const availability = await tx.availability.get(input.practitionerId);
    if (!availability) throw unavailable('no_hours', 'the practitioner has no working hours set');
    const now = ctx.now.epochMilliseconds;
    const window = bookingWindow(availability, now, start, start);
    if (start < now) throw unavailable('past', 'it is in the past');
    if (start < window.earliest) {
      throw unavailable(
        'notice',
        `it starts less than ${availability.minimumNoticeMinutes} minutes from now (the minimum notice)`,
        { minimumNoticeMinutes: availability.minimumNoticeMinutes },
      );
    }
    if (start > window.latest) {
      throw unavailable('horizon', `it is more than ${availability.horizonDays} days ahead (the booking horizon)`, {
        horizonDays: availability.horizonDays,
      });
    }
    const rules = await readBookingRules(tx, ctx.settings, availability, service, window);
    const end = start + rules.plan.durationMs;
    const closed = rules.closed.find(start, end);
    if (closed >= 0) {
      const closure = rules.closures[rules.closed.items[closed]?.source as number];
      const days = closure ? (closure.from === closure.to ? closure.from : `${closure.from} to ${closure.to}`) : '';
      throw unavailable('closed', `it falls on a closure (${days}${closure?.reason ? `: ${closure.reason}` : ''})`, {
        from: closure?.from,
        to: closure?.to,
      });
    }
    const verdict = judgeHours(rules.plan, start);
    if (verdict) {
      const date = dateOf(verdict.day);
      const weekday = WEEKDAY_NAMES[isoWeekday(verdict.day) - 1];
      const on = `${weekday} ${date}`;
      const tz = availability.timeZone;
      switch (verdict.reason) {
        case 'day_off':
          throw unavailable('day_off', `the practitioner does not work on ${on} (${tz})`, { date });
        case 'outside_hours':
          throw unavailable(
            'outside_hours',
            `it is outside the practitioner's working hours on ${on} (${verdict.ranges.map(span).join(', ')}, ${tz})`,
            { date },
          );
        case 'ends_after_hours':
          throw unavailable(
            'ends_after_hours',
            `its ${service.durationMinutes} minutes would run past the end of the working hours ${span(verdict.range)} on ${on} (${tz})`,
            { date },
          );
        case 'off_grid':
          throw unavailable(
            'off_grid',
            `slots in the working hours ${span(verdict.range)} on ${on} start every ${availability.slotStepMinutes} minutes from ${clock(verdict.range[0])} (${tz}); availability.slots lists them`,
            { date },
          );
      }
    }
    if (rules.busy.find(start, end) >= 0) {
      throw new SessionsError(
        'SLOT_TAKEN',
        `${label} is taken: the practitioner has another session then (buffers of ${availability.bufferBeforeMinutes} minutes before and ${availability.bufferAfterMinutes} after included); pick another slot.`,
        { issues: [{ path: ['start'], message: 'the slot is taken' }] },
      );
    }
    return createSession(ctx, {
      clients,
      practitionerId: input.practitionerId,
      serviceId: input.serviceId,
      start: input.start,
      durationMinutes: (end - start) / MINUTE,
      location: input.location,
      publicNote: input.publicNote,
      override: input.override,
    });
  },
};

/**
 * A client booking leaves `clients` out and books themself: this fills it in
 * before the command is validated, so the client's own lock is taken with
 * the practitioner's (the locks are named before the actor is known).
 */
export function bookingForClientActor<I, O>(
  book: (actor: unknown, input: I, options?: CommandOptions) => Promise<O>,
): (actor: unknown, input: I, options?: CommandOptions) => Promise<O> {
  return (actor, input, options) => {
    const a = actor as { kind?: unknown; id?: unknown } | null;
    const i = input as Record<string, unknown> | null;
    const fill =
      a !== null &&
      typeof a === 'object' &&
      a.kind === 'client' &&
      typeof a.id === 'string' &&
      i !== null &&
      typeof i === 'object' &&
      !Array.isArray(i) &&
      i.clients === undefined;
    return book(actor, (fill ? { ...i, clients: [{ clientId: a.id }] } : input) as I, options);
  };
}
