import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  civilDate,
  dateOf,
  epochDay,
  epochDayOf,
  instantMs,
  isoInstant,
  isoWeekday,
  localFields,
} from '../src/civil-time.js';
import { ZoneRules, zoneRules } from '../src/zone-rules.js';

/** Zones with every kind of rule: DST north and south, half- and quarter-hour offsets, 30-minute DST, a skipped day. */
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'Pacific/Apia',
  'America/St_Johns',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Asia/Tokyo',
  'UTC',
] as const;

const MIN = 60_000;
const zones = fc.constantFrom(...ZONES);
/** Instants from 1900 to 2100, to the millisecond. */
const instants = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });
const disambiguations = fc.constantFrom('compatible', 'earlier', 'later') as fc.Arbitrary<
  'compatible' | 'earlier' | 'later'
>;

/** What Temporal itself says the instant of a local time (as local milliseconds) is. */
function temporalInstant(zone: string, local: number, disambiguation: 'compatible' | 'earlier' | 'later'): number {
  const f = localFields(local);
  return Temporal.PlainDateTime.from({
    year: f.year,
    month: f.month,
    day: f.day,
    hour: f.hour,
    minute: f.minute,
    second: f.second,
    millisecond: f.millisecond,
  })
    .toZonedDateTime(zone, { disambiguation })
    .toInstant().epochMilliseconds;
}

/** A local time near one of the zone's transitions (so gaps and overlaps come up often). */
const nearTransitions = fc
  .tuple(zones, instants, fc.integer({ min: -180, max: 180 }), fc.constantFrom(0, 0, 0, 30_000, 59_999))
  .map(([zone, instant, minutes, ms]) => {
    const next = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
    if (!next) return null;
    const before = next.subtract({ nanoseconds: 1 }).offsetNanoseconds / 1e6;
    return { zone, local: next.epochMilliseconds + before + minutes * MIN + ms };
  })
  .filter((x): x is { zone: (typeof ZONES)[number]; local: number } => x !== null);

describe('zone rules agree with Temporal', () => {
  it('from an instant: the offset, the wall-clock fields and the ISO string with offset', () => {
    fc.assert(
      fc.property(zones, instants, (zone, instant) => {
        const rules = zoneRules(zone);
        const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone);
        expect(rules.offsetAt(instant)).toBe(zoned.offsetNanoseconds / 1e6);
        expect(rules.format(instant)).toBe(zoned.toString({ timeZoneName: 'never' }));
        expect(rules.fields(instant)).toEqual({
          year: zoned.year,
          month: zoned.month,
          day: zoned.day,
          hour: zoned.hour,
          minute: zoned.minute,
          second: zoned.second,
          millisecond: zoned.millisecond,
          weekday: zoned.dayOfWeek,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('from a random local time, under each disambiguation', () => {
    fc.assert(
      fc.property(zones, instants, disambiguations, (zone, someInstant, how) => {
        const local = Math.floor(someInstant / MIN) * MIN; // a local time on the minute
        expect(zoneRules(zone).toInstant(local, how)).toBe(temporalInstant(zone, local, how));
      }),
      { numRuns: 1500 },
    );
  });

  it('from local times in and around gaps and overlaps', () => {
    fc.assert(
      fc.property(nearTransitions, disambiguations, ({ zone, local }, how) => {
        expect(zoneRules(zone).toInstant(local, how), `${zone} ${new Date(local).toISOString()} ${how}`).toBe(
          temporalInstant(zone, local, how),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('the start of a day, also where midnight is skipped (São Paulo, Apia’s missing day)', () => {
    fc.assert(
      fc.property(zones, instants, (zone, instant) => {
        const day = Math.floor(instant / 86_400_000);
        const expected = Temporal.PlainDate.from(dateOf(day)).toZonedDateTime(zone).epochMilliseconds;
        expect(zoneRules(zone).startOfDay(day)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
    // São Paulo's clocks went from 00:00 to 01:00 on 4 November 2018; Apia skipped 30 December 2011.
    const saoPaulo = zoneRules('America/Sao_Paulo');
    expect(saoPaulo.format(saoPaulo.startOfDay(epochDayOf('2018-11-04')))).toBe('2018-11-04T01:00:00-02:00');
    const apia = zoneRules('Pacific/Apia');
    expect(apia.format(apia.startOfDay(epochDayOf('2011-12-30')))).toBe('2011-12-31T00:00:00+14:00');
  });

  it('a fresh instance asked questions out of order (backwards, then far ahead) still agrees', () => {
    fc.assert(
      fc.property(zones, fc.array(instants, { minLength: 3, maxLength: 12 }), (zone, list) => {
        const rules = new ZoneRules(zone);
        for (const instant of list) {
          const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone);
          expect(rules.offsetAt(instant)).toBe(zoned.offsetNanoseconds / 1e6);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('zone rules, by example', () => {
  const local = (iso: string) => Date.parse(`${iso}Z`);

  it('resolve a skipped time forward by the gap and a repeated one to the earlier instant (compatible)', () => {
    const ny = zoneRules('America/New_York');
    // 02:30 on 8 March 2026 does not exist in New York: compatible gives 03:30 EDT.
    expect(ny.format(ny.toInstant(local('2026-03-08T02:30')))).toBe('2026-03-08T03:30:00-04:00');
    expect(ny.resolve(local('2026-03-08T02:30')).gap).toBe(Date.parse('2026-03-08T07:00:00Z'));
    // 01:30 on 1 November 2026 happens twice: EDT first, then EST.
    const twice = ny.resolve(local('2026-11-01T01:30'));
    expect([ny.format(twice.earlier), ny.format(twice.later)]).toEqual([
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:30:00-05:00',
    ]);
    expect(ny.startBoundary(local('2026-03-08T02:30'))).toBe(Date.parse('2026-03-08T07:00:00Z'));
    expect(ny.endBoundary(local('2026-11-01T01:30'))).toBe(twice.later);
  });

  it('format half-hour and quarter-hour offsets, and fixed zones', () => {
    expect(zoneRules('Asia/Kolkata').format(Date.parse('2026-03-10T03:30:00Z'))).toBe('2026-03-10T09:00:00+05:30');
    expect(zoneRules('Pacific/Chatham').format(Date.parse('2026-06-10T00:00:00Z'))).toBe('2026-06-10T12:45:00+12:45');
    expect(zoneRules('UTC').format(Date.parse('2026-03-10T09:00:00.250Z'))).toBe('2026-03-10T09:00:00.25+00:00');
  });

  it('do the same whatever the host’s zone (no Date getter but UTC ones is used)', () => {
    // Run under TZ=UTC and TZ=Asia/Tokyo: the answers are the zone's, never the host's.
    const london = zoneRules('Europe/London');
    expect(london.format(Date.parse('2026-03-29T01:00:00Z'))).toBe('2026-03-29T02:00:00+01:00');
    expect(london.format(Date.parse('2026-03-29T00:59:00Z'))).toBe('2026-03-29T00:59:00+00:00');
  });

  it('calendar arithmetic round-trips and knows the weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 2_900_000 }), (day) => {
        const [y, m, d] = civilDate(day);
        expect(epochDay(y, m, d)).toBe(day);
        const plain = Temporal.PlainDate.from({ year: y, month: m, day: d });
        expect(isoWeekday(day)).toBe(plain.dayOfWeek);
        if (y >= 0 && y <= 9999) expect(dateOf(day)).toBe(plain.toString());
      }),
    );
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(isoWeekday(0)).toBe(4); // a Thursday
  });

  it('read and write stored UTC instants exactly as Date does, faster', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 }), (instant) => {
        const text = new Date(instant).toISOString();
        expect(isoInstant(instant)).toBe(text);
        expect(instantMs(text)).toBe(instant);
      }),
      { numRuns: 3000 },
    );
    expect(isoInstant(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
    expect(instantMs('2026-03-10T09:00:00+01:00')).toBe(Date.parse('2026-03-10T08:00:00Z'));
  });

  it('refuse an unknown zone, and share one instance per zone however it is spelled', () => {
    expect(() => zoneRules('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(zoneRules('europe/berlin')).toBe(zoneRules('Europe/Berlin'));
    expect(zoneRules('europe/berlin').timeZone).toBe('Europe/Berlin');
  });
});
