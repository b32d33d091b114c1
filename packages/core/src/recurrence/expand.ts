import * as rruleModule from 'rrule';
import { Temporal } from 'temporal-polyfill';
import { SessionsError } from '../errors.js';
import { toInstantString } from '../time.js';
import type { RecurrenceRule, Weekday } from './series.js';

// rrule ships CommonJS to Node and ES modules to bundlers: take whichever this is.
const rrule = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
const { RRule, datetime } = rrule;

const RRULE_DAYS = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
} as const;

/** Most sessions one series may have: ten years of weekly sessions. */
export const MAX_OCCURRENCES = 520;

/** One session of a series: the local date it belongs to, its wall-clock start, and the instant that is. */
export interface Occurrence {
  /** The local date (YYYY-MM-DD): the occurrence's name, used for exceptions and edits. */
  readonly date: string;
  /** The wall-clock start as the rule says it (02:30 even on a day 02:30 does not exist). */
  readonly local: Temporal.PlainDateTime;
  /** The instant it starts, ISO UTC. */
  readonly startsAt: string;
  readonly epochMilliseconds: number;
}

/**
 * The occurrences of a rule in a zone. rrule works in floating local time
 * only — dtstart built with its `datetime()` (a Date whose UTC fields are the
 * wall-clock fields), no `tzid`, no arithmetic in the host's zone — so the
 * wall-clock times it yields are exact whatever the server's TZ. Each is then
 * read as a Temporal `PlainDateTime` and placed in the series' IANA zone with
 * the `compatible` rule: a time skipped by a DST change moves forward by the
 * gap (02:30 → 03:30), a time that happens twice is the earlier one.
 *
 * The count is the number of sessions made: exception dates do not use it up.
 */
export function expandRule(rule: RecurrenceRule, timeZone: string): Occurrence[] {
  const start = Temporal.PlainDate.from(rule.startDate);
  const [hour = 0, minute = 0] = rule.startTime.split(':').map(Number);
  const nth = weekOfMonth(start.day);
  const skipped = new Set(rule.exceptions);
  const generator = new RRule({
    freq: rule.frequency === 'weekly' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: rule.interval,
    wkst: RRule.MO,
    byweekday: rule.weekdays.map((day: Weekday) =>
      rule.frequency === 'weekly' ? RRULE_DAYS[day] : RRULE_DAYS[day].nth(nth),
    ),
    dtstart: datetime(start.year, start.month, start.day, hour, minute),
    ...(rule.until !== null ? { until: untilOf(rule.until) } : {}),
  });
  const limit = rule.count ?? MAX_OCCURRENCES + 1;
  const occurrences: Occurrence[] = [];
  // Iterate lazily: stop at the count (or one past the cap) without expanding an open-ended rule.
  generator.all((date: Date) => {
    const local = new Temporal.PlainDateTime(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
    );
    const day = local.toPlainDate().toString();
    if (!skipped.has(day)) {
      const instant = local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).toInstant();
      occurrences.push({
        date: day,
        local,
        startsAt: toInstantString(instant),
        epochMilliseconds: instant.epochMilliseconds,
      });
    }
    return occurrences.length < limit;
  });
  if (occurrences.length > MAX_OCCURRENCES) {
    throw new SessionsError(
      'VALIDATION_FAILED',
      `Invalid series: it would have more than ${MAX_OCCURRENCES} sessions; end it sooner or split it.`,
      { issues: [{ path: ['until'], message: `gives more than ${MAX_OCCURRENCES} sessions` }] },
    );
  }
  if (occurrences.length === 0) {
    throw new SessionsError('VALIDATION_FAILED', 'Invalid series: its rule gives no sessions at all.', {
      issues: [{ path: ['weekdays'], message: 'no day matches between the start and the last date' }],
    });
  }
  return occurrences;
}

/** The week of the month a day falls in (1–4), or −1 for the fifth: "the last". */
export function weekOfMonth(day: number): number {
  const week = Math.ceil(day / 7);
  return week === 5 ? -1 : week;
}

/** The last day is inclusive: the rule may meet until its last minute (floating time). */
function untilOf(date: string): Date {
  const d = Temporal.PlainDate.from(date);
  return datetime(d.year, d.month, d.day, 23, 59, 59);
}
