import type { ActorRef } from '../actor.js';
import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

/** Days of the week, as iCalendar names them. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When a series' sessions happen, on the wall clock of the series' zone:
 * weekdays at a local time, every `interval` weeks (or months), from a start
 * date, for a number of sessions (the first included) or until a last date —
 * never both — skipping exception dates.
 *
 * Monthly: the same weekdays in the same week of the month as the start date
 * (a series starting on the 2nd Tuesday meets on every month's 2nd Tuesday;
 * one starting in a month's 5th week meets in each month's last week).
 */
export interface RecurrenceRule {
  readonly frequency: 'weekly' | 'monthly';
  readonly interval: number;
  readonly weekdays: readonly Weekday[];
  /** The first day the series may meet on (a local date, YYYY-MM-DD). */
  readonly startDate: string;
  /** The local start time of every session, HH:MM. */
  readonly startTime: string;
  /** Sessions in all, the first included; or null with `until`. */
  readonly count: number | null;
  /** The last day the series may meet on (inclusive); or null with `count`. */
  readonly until: string | null;
  /** Local dates on which the series does not meet. */
  readonly exceptions: readonly string[];
}

/** What makes a series a class: a name for the public list, deadlines, a waitlist. */
export interface ClassTerms {
  readonly name: string;
  readonly description: string | null;
  /** Clients may enrol until this instant. */
  readonly enrolmentDeadline: InstantString;
  /** Clients may drop (getting their future sessions back) until this instant. */
  readonly dropDeadline: InstantString;
  /** When full, further clients join a first-come waitlist, promoted as seats free. */
  readonly waitlist: boolean;
}

/**
 * A recurring series of sessions. Its sessions are created with it, all at
 * once, and from then on each is an ordinary session (with `seriesId` and the
 * local date it was generated for); edits and cancellations reach one
 * occurrence, this and the following ones, or all.
 */
export interface Series extends RecordBase {
  readonly kind: 'sessions' | 'class';
  readonly practitionerId: string;
  readonly serviceId: string;
  /** The IANA zone whose wall clock the rule follows. */
  readonly timeZone: string;
  readonly durationMinutes: number;
  readonly rule: RecurrenceRule;
  readonly location: string | null;
  readonly publicNote: string | null;
  readonly privateNote: string | null;
  /** Places in each session. */
  readonly capacity: number;
  /** The clients booked into every session (a class: none; clients enrol). */
  readonly clientIds: readonly string[];
  readonly class: ClassTerms | null;
  /** Set when the whole series was cancelled. */
  readonly cancelledAt: InstantString | null;
  readonly createdBy: ActorRef;
}
