import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { findSlots, type HoursPlan, type MinuteRange, Spans } from '../src/availability/slot-engine.js';
import { dateOf, epochDayOf } from '../src/civil-time.js';
import { zoneRules } from '../src/zone-rules.js';

/**
 * The slot arithmetic (zone rules, integer minutes) against a reference that
 * asks Temporal everything, on days around daylight-saving changes: the
 * wall-clock grid of each range, every instant showing each grid time (none
 * in a gap, two in an overlap), slots inside the range's instants, minus busy
 * intervals.
 */
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const MINUTE = 60_000;

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Temporal's answer for one wall-clock time: the instants that show it (0, 1 or 2). */
function showing(zone: string, date: string, minute: number): number[] {
  const wall = Temporal.PlainDate.from(date).toPlainDateTime({ hour: 0 }).add({ minutes: minute });
  const found = new Set<number>();
  for (const disambiguation of ['earlier', 'later'] as const) {
    const zoned = wall.toZonedDateTime(zone, { disambiguation });
    if (zoned.toPlainDateTime().equals(wall)) found.add(zoned.epochMilliseconds);
  }
  return [...found].sort((a, b) => a - b);
}

/** Where a range starts (`first`) or ends (`last`): the time's instant, or the transition if it falls in a gap. */
function boundary(zone: string, date: string, minute: number, which: 'first' | 'last'): number {
  const list = showing(zone, date, minute);
  if (list.length > 0) return (which === 'first' ? list[0] : list[list.length - 1]) as number;
  const wall = Temporal.PlainDate.from(date).toPlainDateTime({ hour: 0 }).add({ minutes: minute });
  const before = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  return (before.getTimeZoneTransition('next') as Temporal.ZonedDateTime).epochMilliseconds;
}

function reference(
  zone: string,
  dates: string[],
  ranges: MinuteRange[],
  step: number,
  minutes: number,
  busy: [number, number][],
): number[] {
  const out: number[] = [];
  for (const date of dates) {
    for (const [a, b] of ranges) {
      const from = boundary(zone, date, a, 'first');
      const to = boundary(zone, date, b, 'last');
      for (let m = a; m < b; m += step) {
        for (const start of showing(zone, date, m)) {
          const end = start + minutes * MINUTE;
          if (start < from || end > to) continue;
          if (busy.some(([s, e]) => s < end && e > start)) continue;
          out.push(start);
        }
      }
    }
  }
  return out.sort((x, y) => x - y);
}

const cases = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    around: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
    marks: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 2, maxLength: 6 }),
    step: fc.constantFrom(15, 30, 45, 60),
    minutes: fc.constantFrom(15, 30, 60, 90),
    busy: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 48 }), fc.integer({ min: 1, max: 6 })), { maxLength: 4 }),
  })
  .map(({ zone, around, marks, step, minutes, busy }) => {
    // The local date of the zone's next transition (or of `around`), and the days either side.
    const zoned = Temporal.Instant.fromEpochMilliseconds(around).toZonedDateTimeISO(zone);
    const change = zoned.getTimeZoneTransition('next') ?? zoned;
    const middle = epochDayOf(change.toPlainDate().toString());
    const dates = [middle - 1, middle, middle + 1].map(dateOf);
    const sorted = [...marks].sort((x, y) => x - y).map((m) => m * 30);
    const ranges: MinuteRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([sorted[i] as number, sorted[i + 1] as number]);
    const dayStart = Temporal.PlainDate.from(dates[0] as string).toZonedDateTime(zone).epochMilliseconds;
    const intervals = busy.map(
      ([at, length]) => [dayStart + at * 30 * MINUTE, dayStart + (at + length) * 30 * MINUTE] as [number, number],
    );
    return { zone, dates, ranges, step, minutes, busy: intervals };
  });

describe('the slot arithmetic', () => {
  it('finds exactly the slots Temporal finds, around daylight-saving changes', () => {
    fc.assert(
      fc.property(cases, ({ zone, dates, ranges, step, minutes, busy }) => {
        const rules = zoneRules(zone);
        const byDay = new Map(dates.map((d) => [epochDayOf(d), ranges]));
        const plan: HoursPlan = {
          zone: rules,
          weekly: Array.from({ length: 8 }, () => []),
          overrides: byDay,
          stepMinutes: step,
          durationMs: minutes * MINUTE,
        };
        const window = {
          earliest: rules.startOfDay(epochDayOf(dates[0] as string)),
          latest: rules.startOfDay(epochDayOf(dates[2] as string) + 1) - 1,
        };
        const expected = reference(zone, dates, ranges, step, minutes, busy);
        const label = `${zone} ${dates[1]} ${ranges.map(([a, b]) => `${clock(a)}–${clock(b)}`).join(',')} step ${step} × ${minutes}`;
        expect(findSlots(plan, window, new Spans([]), new Spans(busy)), label).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
