import type { RecordBase } from '../records/people.js';
import type { Weekday } from '../recurrence/series.js';

/** A stretch of a day on the wall clock, HH:MM to HH:MM (end after start). */
export interface TimeRange {
  readonly start: string;
  readonly end: string;
}

/** A day that differs from the weekly pattern: other hours, or none (`ranges: []`, a day off). */
export interface DateOverride {
  readonly date: string;
  readonly ranges: readonly TimeRange[];
}

/**
 * When a practitioner can be booked: weekly working hours on their own wall
 * clock, dates that differ, and the rules around each booking. Its id is the
 * practitioner's id.
 */
export interface Availability extends RecordBase {
  readonly practitionerId: string;
  /** The practitioner's zone: their working hours are read there. */
  readonly timeZone: string;
  readonly weekly: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** Sorted by date, one per date. */
  readonly overrides: readonly DateOverride[];
  /** Free time kept before and after every session. */
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  /** How soon a slot may start: no booking closer than this to now. */
  readonly minimumNoticeMinutes: number;
  /** How far ahead slots are offered. */
  readonly horizonDays: number;
  /** Slots start on this grid from the start of each working range. */
  readonly slotStepMinutes: number;
}
