import { expandRule, type RecurrenceRule } from '@sessions/core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';

/**
 * Expansion of recurrence rules: wall-clock times in the series' zone, exact
 * across DST changes, whatever the host's TZ (these run under TZ=UTC and
 * TZ=Asia/Tokyo). Instants are checked against what Temporal says the wall
 * clock reads there, and against fixed UTC values worked out by hand.
 */
const rule = (over: Partial<RecurrenceRule>): RecurrenceRule => ({
  frequency: 'weekly',
  interval: 1,
  weekdays: ['MO'],
  startDate: '2026-03-02',
  startTime: '09:00',
  count: 4,
  until: null,
  exceptions: [],
  ...over,
});

const wallClock = (instant: string, zone: string) =>
  Temporal.Instant.from(instant).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });

describe('weekly sessions at 09:00 stay at 09:00 on the wall clock across DST changes', () => {
  const cases = [
    // zone, a Monday before the change, UTC of 09:00 before, UTC of 09:00 after
    ['America/New_York', '2026-03-02', '2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z'], // EST → EDT 8 March
    ['America/New_York', '2026-10-26', '2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z'], // EDT → EST 1 Nov
    ['Europe/London', '2026-03-23', '2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z'], // GMT → BST 29 March
    ['Europe/London', '2026-10-19', '2026-10-19T08:00:00.000Z', '2026-10-26T09:00:00.000Z'], // BST → GMT 25 Oct
    ['Australia/Sydney', '2026-03-30', '2026-03-29T22:00:00.000Z', '2026-04-05T23:00:00.000Z'], // AEDT → AEST 5 April
    ['Australia/Sydney', '2026-09-28', '2026-09-27T23:00:00.000Z', '2026-10-04T22:00:00.000Z'], // AEST → AEDT 4 Oct
  ] as const;
  it.each(cases)('%s from %s', (zone, startDate, before, after) => {
    const occurrences = expandRule(rule({ startDate, count: 2 }), zone);
    expect(occurrences.map((o) => o.startsAt)).toEqual([before, after]);
    for (const o of occurrences) expect(wallClock(o.startsAt, zone)).toBe(`${o.date}T09:00`);
  });

  it('Asia/Kolkata (+05:30, no DST): 09:00 is always 03:30 UTC', () => {
    const occurrences = expandRule(rule({ startDate: '2026-03-02', count: 40 }), 'Asia/Kolkata');
    expect(new Set(occurrences.map((o) => o.startsAt.slice(11)))).toEqual(new Set(['03:30:00.000Z']));
  });

  it('a year of twice-weekly sessions reads 09:00 on every date in four zones', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata']) {
      const occurrences = expandRule(rule({ weekdays: ['TU', 'FR'], startDate: '2026-01-01', count: 104 }), zone);
      expect(occurrences).toHaveLength(104);
      for (const o of occurrences) expect(wallClock(o.startsAt, zone)).toBe(`${o.date}T09:00`);
    }
  });
});

describe('a local time that does not exist, or happens twice', () => {
  it('a skipped time moves forward by the gap; a repeated one is the earlier', () => {
    // New York, 8 March 2026: 02:00–03:00 does not exist. 1 Nov: 01:00–02:00 happens twice.
    const spring = expandRule(
      rule({ weekdays: ['SU'], startDate: '2026-03-01', startTime: '02:30', count: 3 }),
      'America/New_York',
    );
    expect(spring.map((o) => [o.date, o.local.toString(), wallClock(o.startsAt, 'America/New_York')])).toEqual([
      ['2026-03-01', '2026-03-01T02:30:00', '2026-03-01T02:30'],
      ['2026-03-08', '2026-03-08T02:30:00', '2026-03-08T03:30'], // the rule says 02:30; the clock says 03:30
      ['2026-03-15', '2026-03-15T02:30:00', '2026-03-15T02:30'],
    ]);
    const autumn = expandRule(
      rule({ weekdays: ['SU'], startDate: '2026-11-01', startTime: '01:30', count: 1 }),
      'America/New_York',
    );
    expect(autumn[0]?.startsAt).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT (-04:00), not 01:30 EST
  });
});

describe('count, last date, interval, exceptions, monthly', () => {
  it('the count includes the first session; exceptions do not use it up', () => {
    const plain = expandRule(rule({ weekdays: ['MO', 'TH'], count: 5 }), 'Europe/Berlin');
    expect(plain.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12', '2026-03-16']);
    const skipping = expandRule(
      rule({ weekdays: ['MO', 'TH'], count: 5, exceptions: ['2026-03-05', '2026-03-12'] }),
      'Europe/Berlin',
    );
    expect(skipping.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-19', '2026-03-23']);
  });

  it('the first session is the first matching day on or after the start date', () => {
    const occurrences = expandRule(rule({ weekdays: ['FR'], startDate: '2026-03-02', count: 2 }), 'Europe/Berlin');
    expect(occurrences.map((o) => o.date)).toEqual(['2026-03-06', '2026-03-13']);
  });

  it('a last date is inclusive', () => {
    const occurrences = expandRule(rule({ count: null, until: '2026-03-23' }), 'Europe/Berlin');
    expect(occurrences.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
  });

  it('every second week', () => {
    const occurrences = expandRule(rule({ interval: 2, count: 3 }), 'Europe/Berlin');
    expect(occurrences.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);
  });

  it('monthly: the same week of the month as the start date; a fifth week means the last', () => {
    // 10 March 2026 is the second Tuesday.
    const second = expandRule(
      rule({ frequency: 'monthly', weekdays: ['TU'], startDate: '2026-03-10', count: 3 }),
      'Europe/Berlin',
    );
    expect(second.map((o) => o.date)).toEqual(['2026-03-10', '2026-04-14', '2026-05-12']);
    // 31 March 2026 is the fifth Tuesday: the series meets on the last Tuesday.
    const last = expandRule(
      rule({ frequency: 'monthly', weekdays: ['TU'], startDate: '2026-03-31', count: 3 }),
      'Europe/Berlin',
    );
    expect(last.map((o) => o.date)).toEqual(['2026-03-31', '2026-04-28', '2026-05-26']);
  });

  it('a rule that gives no session, or too many, is refused', () => {
    expect(() =>
      expandRule(rule({ count: null, until: '2026-03-01', startDate: '2026-03-01', weekdays: ['TU'] }), 'UTC'),
    ).toThrow('its rule gives no sessions');
    expect(() => expandRule(rule({ count: null, until: '2040-01-01', weekdays: ['MO', 'TU'] }), 'UTC')).toThrow(
      'more than 520 sessions',
    );
  });
});
