import { epochDayOf } from '../civil-time.js';
import { WEEKDAYS } from '../recurrence/series.js';
import type { ZoneRules } from '../zone-rules.js';
import type { Availability, TimeRange } from './availability.js';

/**
 * The arithmetic of bookable slots, on plain numbers: instants are epoch
 * milliseconds, local times are wall-clock milliseconds of the practitioner's
 * zone (see zone-rules.ts), days are day numbers on their calendar. Nothing
 * here touches the store, Temporal or validation; `availability.slots` and
 * `availability.book` feed it what they read in their transaction, so a slot
 * offered and a slot booked are judged by the very same code.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A working range in minutes after local midnight, start < end ≤ 1440. */
export type MinuteRange = readonly [start: number, end: number];

/** The working-hours part of an availability record, ready for arithmetic. */
export interface HoursPlan {
  /** The practitioner's zone. */
  readonly zone: ZoneRules;
  /** Index 1 (Monday) … 7 (Sunday); index 0 unused. */
  readonly weekly: readonly (readonly MinuteRange[])[];
  /** Day number → that date's ranges (empty: a day off). */
  readonly overrides: ReadonlyMap<number, readonly MinuteRange[]>;
  readonly stepMinutes: number;
  /** The service's length. */
  readonly durationMs: number;
}

export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function toMinuteRanges(ranges: readonly TimeRange[]): MinuteRange[] {
  return ranges.map((r) => [minutesOf(r.start), minutesOf(r.end)] as const);
}

export function hoursPlan(availability: Availability, zone: ZoneRules, durationMinutes: number): HoursPlan {
  return {
    zone,
    weekly: [[], ...WEEKDAYS.map((day) => toMinuteRanges(availability.weekly[day] ?? []))],
    overrides: new Map(availability.overrides.map((o) => [epochDayOf(o.date), toMinuteRanges(o.ranges)])),
    stepMinutes: availability.slotStepMinutes,
    durationMs: durationMinutes * MINUTE,
  };
}

/** The working ranges of a local date: its override's if it has one, else its weekday's. */
export function rangesOn(plan: HoursPlan, day: number): readonly MinuteRange[] {
  return plan.overrides.get(day) ?? (plan.weekly[((((day + 3) % 7) + 7) % 7) + 1] as readonly MinuteRange[]);
}

/** A range's instants: from when the wall clock first reads its start to when it reads its end for good. */
export function rangeInstants(plan: HoursPlan, day: number, range: MinuteRange): [number, number] {
  const midnight = day * DAY;
  return [plan.zone.startBoundary(midnight + range[0] * MINUTE), plan.zone.endBoundary(midnight + range[1] * MINUTE)];
}

/**
 * Every slot start a local date's working hours give, before any other rule:
 * the wall-clock times on the step grid from each range's start, each at
 * every instant that shows it — none for a time skipped when clocks go
 * forward, two for one repeated when they go back — whose slot fits inside
 * the range. `visit` gets the starts in increasing order within a range.
 */
export function eachStart(plan: HoursPlan, day: number, visit: (start: number) => void): void {
  const { zone, stepMinutes, durationMs } = plan;
  const midnight = day * DAY;
  for (const range of rangesOn(plan, day)) {
    const [from, to] = rangeInstants(plan, day, range);
    if (to - from === (range[1] - range[0]) * MINUTE && !zone.changesBetween(from, to)) {
      // No transition inside the range (the common case): wall time and instant move together.
      for (let start = from; start + durationMs <= to; start += stepMinutes * MINUTE) visit(start);
      continue;
    }
    const later: number[] = [];
    for (let minute = range[0]; minute < range[1]; minute += stepMinutes) {
      const { earlier, later: second, gap } = zone.resolve(midnight + minute * MINUTE);
      if (gap !== null) continue;
      if (earlier >= from && earlier + durationMs <= to) visit(earlier);
      if (second !== earlier && second >= from && second + durationMs <= to) later.push(second);
    }
    // The second pass through a repeated hour comes after the first.
    for (const start of later) visit(start);
  }
}

/** Sorted, disjoint, half-open spans of instants, [start, end), with a fast overlap test. */
export class Spans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  readonly items: readonly { readonly start: number; readonly end: number; readonly source: number }[];

  /** `source` indexes what each span came from; merged spans keep the first source. */
  constructor(spans: readonly (readonly [start: number, end: number])[]) {
    const order = spans.map((_, i) => i).sort((a, b) => (spans[a]?.[0] as number) - (spans[b]?.[0] as number));
    const items: { start: number; end: number; source: number }[] = [];
    for (const i of order) {
      const [start, end] = spans[i] as readonly [number, number];
      if (end <= start) continue;
      const last = items[items.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else items.push({ start, end, source: i });
    }
    this.items = items;
    for (const item of items) {
      this.starts.push(item.start);
      this.ends.push(item.end);
    }
  }

  /** The index of a span overlapping [start, end), or -1. */
  find(start: number, end: number): number {
    // The last span starting before `end`: only it can overlap, the spans being disjoint and sorted.
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) < end) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && (this.ends[found] as number) > start ? found : -1;
  }
}

/** When slots may start: both bounds inclusive. */
export interface SlotWindow {
  readonly earliest: number;
  readonly latest: number;
}

/**
 * The bookable slot starts in a window, in increasing order: working hours
 * (with overrides) on the grid, outside every closed span, and clear of every
 * busy span (other sessions, already widened by the buffers).
 */
export function findSlots(plan: HoursPlan, window: SlotWindow, closed: Spans, busy: Spans): number[] {
  const slots: number[] = [];
  if (window.earliest > window.latest) return slots;
  // A day either side: where clocks go back across midnight, the end of one date comes after the start of the next.
  const firstDay = Math.floor(plan.zone.toLocal(window.earliest) / DAY) - 1;
  const lastDay = Math.floor(plan.zone.toLocal(window.latest) / DAY) + 1;
  const { durationMs } = plan;
  let sorted = true;
  for (let day = firstDay; day <= lastDay; day++) {
    eachStart(plan, day, (start) => {
      if (start < window.earliest || start > window.latest) return;
      const end = start + durationMs;
      if (closed.find(start, end) >= 0 || busy.find(start, end) >= 0) return;
      if (slots.length > 0 && start < (slots[slots.length - 1] as number)) sorted = false;
      slots.push(start);
    });
  }
  return sorted ? slots : slots.sort((a, b) => a - b);
}

/** Why an instant is not a slot start under the working hours alone (null: it is one). */
export type HoursVerdict =
  | { readonly reason: 'day_off'; readonly day: number }
  | { readonly reason: 'outside_hours'; readonly day: number; readonly ranges: readonly MinuteRange[] }
  | { readonly reason: 'ends_after_hours'; readonly day: number; readonly range: MinuteRange }
  | { readonly reason: 'off_grid'; readonly day: number; readonly range: MinuteRange };

export function judgeHours(plan: HoursPlan, start: number): HoursVerdict | null {
  const day = Math.floor(plan.zone.toLocal(start) / DAY);
  let hit = false;
  eachStart(plan, day, (candidate) => {
    if (candidate === start) hit = true;
  });
  if (hit) return null;
  const ranges = rangesOn(plan, day);
  if (ranges.length === 0) return { reason: 'day_off', day };
  for (const range of ranges) {
    const [from, to] = rangeInstants(plan, day, range);
    if (start < from || start >= to) continue;
    return start + plan.durationMs > to
      ? { reason: 'ends_after_hours', day, range }
      : { reason: 'off_grid', day, range };
  }
  return { reason: 'outside_hours', day, ranges };
}
