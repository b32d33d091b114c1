import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

/**
 * Instants are stored as ISO-8601 UTC strings with exactly three fractional
 * digits ("2026-03-08T07:00:00.000Z"), so they sort as strings and map onto a
 * Postgres timestamptz without loss. Every wall-clock rule (expiry dates, due
 * dates) is computed with Temporal in the tenant's IANA zone.
 */
export type InstantString = string;

/** The source of "now". Inject one in tests to control time. */
export interface Clock {
  now(): Temporal.Instant;
}

export const systemClock: Clock = { now: () => Temporal.Now.instant() };

/** A clock that stands still until told to move: for tests and examples. */
export interface ManualClock extends Clock {
  set(instant: Temporal.Instant | string): void;
  advance(duration: Temporal.DurationLike | string): void;
}

export function manualClock(start: Temporal.Instant | string): ManualClock {
  let current = typeof start === 'string' ? Temporal.Instant.from(start) : start;
  return {
    now: () => current,
    set(instant) {
      current = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
    },
    advance(duration) {
      current = current.add(Temporal.Duration.from(duration));
    },
  };
}

export function toInstantString(instant: Temporal.Instant): InstantString {
  // The same string as `instant.toString({ fractionalSecondDigits: 3 })`, several
  // times faster: formatting an instant in UTC involves no zone rule, and every
  // command stamps one. The time test checks the two agree.
  return new Date(instant.epochMilliseconds).toISOString();
}

export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { error: (issue) => `unknown IANA time zone "${String(issue.input)}"` });

/** An instant with an explicit offset or Z ("2026-03-08T09:00:00-05:00"); normalised to UTC. */
export const instantSchema = z.string().transform((value, ctx) => {
  try {
    return canonicalUtc(value) ?? toInstantString(Temporal.Instant.from(value));
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an instant with an offset, e.g. 2026-03-08T09:00:00Z` });
    return z.NEVER;
  }
});

/** UTC instants as hosts usually send them: "2026-03-08T09:00:00Z", "2026-03-08T09:00:00.250Z". */
const UTC_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?Z$/;

/**
 * The stored form of a plain UTC instant, without building a Temporal object:
 * every booking carries one, and this is the hot path. No zone is involved —
 * the ISO format with `Z` is UTC by definition, whatever the host's TZ — and a
 * string that is not a real moment (Feb 30, hour 24) falls through to Temporal,
 * which refuses it. The time tests check both paths agree.
 */
function canonicalUtc(value: string): string | null {
  const match = UTC_INSTANT.exec(value);
  if (!match) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return iso.startsWith(match[1] as string) ? iso : null;
}

export const plainDateSchema = z.string().transform((value, ctx) => {
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString();
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a calendar date like 2027-03-31` });
    return z.NEVER;
  }
});

/** Today's date on the wall calendar of `timeZone`. */
export function todayIn(now: Temporal.Instant, timeZone: string): Temporal.PlainDate {
  return now.toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * A date-based expiry ("expires on 31 March") lasts through that whole day in
 * the tenant's zone: the block expires at the start of the next day there,
 * which Temporal computes correctly on days that are 23 or 25 hours long.
 */
export function endOfDayInstant(date: string, timeZone: string): Temporal.Instant {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant();
}
