import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { nonNegativeMoneySchema } from '../money.js';
import { toInstantString } from '../time.js';

/** A wall-clock moment in a named zone, resolved to the instant it is. */
export interface ZonedStart {
  /** The instant, as stored: ISO UTC. */
  readonly instant: string;
  readonly timeZone: string;
  readonly epochMilliseconds: number;
}

/**
 * A zoned date-time, as Temporal writes it: `2026-03-10T09:00[Europe/Berlin]`,
 * optionally with the offset (`2026-03-10T09:00+01:00[Europe/Berlin]`), which
 * must then agree with the zone. A local time that does not exist (the hour
 * skipped when clocks go forward) moves forward by the gap; one that occurs
 * twice (when clocks go back) is the earlier of the two — Temporal's
 * `compatible` rule, the one calendars use.
 */
export const zonedDateTimeSchema = z.string().transform((value, ctx): ZonedStart => {
  if (!/\[[^\]]+\]$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" has no time zone: write it as 2026-03-10T09:00[Europe/Berlin]`,
    });
    return z.NEVER;
  }
  try {
    const zoned = Temporal.ZonedDateTime.from(value, { offset: 'reject', disambiguation: 'compatible' });
    const instant = zoned.toInstant();
    return {
      instant: toInstantString(instant),
      timeZone: zoned.timeZoneId,
      epochMilliseconds: instant.epochMilliseconds,
    };
  } catch (error) {
    const zone = /\[([^\]]+)\]$/.exec(value)?.[1] ?? '';
    const message =
      error instanceof RangeError && /time ?zone/i.test(error.message)
        ? `unknown IANA time zone "${zone}"`
        : `"${value}" is not a zoned date-time like 2026-03-10T09:00[Europe/Berlin] (or its offset disagrees with the zone)`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
});

const text = (max: number) => z.string().max(max).nullable().optional();

/** Who attends, and which block pays: omit `blockId` to link one automatically, pass null for none. */
export const attendeeSchema = z
  .object({
    clientId: idSchema,
    blockId: idSchema.nullable().optional(),
  })
  .strict();

/** Staff and admins scheduling past the account mode's warning say why. */
export const overrideSchema = z
  .object({ reason: z.string().trim().min(1, { error: 'say why the account mode is overridden' }).max(500) })
  .strict();

export const durationSchema = z
  .number({ error: 'must be a whole number of minutes' })
  .int({ error: 'must be a whole number of minutes' })
  .min(1, { error: 'must be at least 1 minute' })
  .max(24 * 60, { error: 'must be at most 24 hours' });

/** When a session starts and ends: an end, or a duration, or neither (the service's length). */
export const timingShape = {
  start: zonedDateTimeSchema,
  /** The end, in any zone (usually the same as the start's). */
  end: zonedDateTimeSchema.optional(),
  durationMinutes: durationSchema.optional(),
};

export interface Timing {
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly minutes: number;
}

/** Check a start and an end or duration, and report a bad end at its own path. */
export function refineTiming(
  input: { start?: ZonedStart; end?: ZonedStart | undefined; durationMinutes?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (input.end !== undefined && input.durationMinutes !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'give an end or a duration, not both' });
  }
  if (input.start && input.end) {
    const minutes = (input.end.epochMilliseconds - input.start.epochMilliseconds) / 60_000;
    if (minutes <= 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after the start' });
    else if (!Number.isInteger(minutes))
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be a whole number of minutes after the start' });
    else if (minutes > 24 * 60)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be at most 24 hours after the start' });
  }
}

export function timingOf(
  input: { start: ZonedStart; end?: ZonedStart | undefined; durationMinutes?: number | undefined },
  defaultMinutes: number,
): Timing {
  const minutes = input.end
    ? (input.end.epochMilliseconds - input.start.epochMilliseconds) / 60_000
    : (input.durationMinutes ?? defaultMinutes);
  return {
    startsAt: input.start.instant,
    endsAt: toInstantString(Temporal.Instant.fromEpochMilliseconds(input.start.epochMilliseconds + minutes * 60_000)),
    timeZone: input.start.timeZone,
    minutes,
  };
}

export const scheduleInput = z
  .object({
    /** One client for an individual session, several for a group session. */
    clients: z
      .array(attendeeSchema)
      .min(1, { error: 'a session needs at least one client' })
      .max(500)
      .refine((list) => new Set(list.map((a) => a.clientId)).size === list.length, {
        error: 'a client is listed twice',
      }),
    practitionerId: idSchema,
    serviceId: idSchema,
    ...timingShape,
    location: text(200),
    publicNote: text(2000),
    privateNote: text(5000),
    /** Most clients it takes; defaults to the number of clients given. */
    capacity: z.number().int().min(1, { error: 'must be at least 1' }).max(500).optional(),
    override: overrideSchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    refineTiming(input, ctx);
    if (input.capacity !== undefined && input.capacity < input.clients.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: `is less than the ${input.clients.length} clients given`,
      });
    }
  });

export type ScheduleInput = z.input<typeof scheduleInput>;

/** Clients named for a command on a session: each at most once, so no place is settled twice. */
export const clientIdsSchema = z
  .array(idSchema)
  .min(1, { error: 'name at least one client, or leave clientIds out for all' })
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'a client is named twice' });

export const sessionIdInput = z.object({ sessionId: idSchema, reason: z.string().max(500).optional() }).strict();

/** Money a cost override sets. */
export const overrideAmountSchema = nonNegativeMoneySchema;
