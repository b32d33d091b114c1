import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayIn,
  daysBetween,
  formatDay,
  formatMoney,
  minorToDecimal,
  todayIn,
  zonedDateTime,
} from '../src/format/index.js';

describe('money: minor units to Intl, never through a float', () => {
  it('builds the decimal from the integer, by the currency’s digits', () => {
    expect(minorToDecimal(9500, 'EUR')).toBe('95.00');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(-3334, 'EUR')).toBe('-33.34');
    expect(minorToDecimal(500, 'JPY')).toBe('500');
    expect(minorToDecimal(1234, 'KWD')).toBe('1.234');
    // Beyond a double's exact decimals: 2^53 − 1 cents still prints to the cent.
    expect(minorToDecimal(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91');
  });

  it('formats in the visitor’s locale', () => {
    expect(formatMoney(9500, 'EUR', 'en-GB')).toBe('€95.00');
    expect(formatMoney(9500, 'EUR', 'de-DE')).toBe('95,00\u00a0€');
    expect(formatMoney(500, 'JPY', 'ja-JP')).toBe('￥500');
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });
});

describe('dates with Intl only', () => {
  it('a zoned date-time with its offset, exact in the hour that repeats', () => {
    // Berlin, 25 Oct 2026: clocks go back at 03:00 CEST; 02:30 happens twice.
    expect(zonedDateTime('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00[Europe/Berlin]');
    expect(zonedDateTime('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+01:00[Europe/Berlin]');
    expect(zonedDateTime('2026-03-02T09:00:00.000Z', 'Asia/Kolkata')).toBe('2026-03-02T14:30:00+05:30[Asia/Kolkata]');
    expect(zonedDateTime('2026-03-02T09:00:00.000Z', 'UTC')).toBe('2026-03-02T09:00:00+00:00[UTC]');
    expect(zonedDateTime('2026-07-01T12:00:00.000Z', 'America/St_Johns')).toBe(
      '2026-07-01T09:30:00-02:30[America/St_Johns]',
    );
  });

  it('the day an instant falls on, in a zone', () => {
    expect(dayIn('2026-03-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-02');
    expect(dayIn('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-03-01');
    expect(todayIn('Pacific/Kiritimati', Date.parse('2026-03-01T12:00:00Z'))).toBe('2026-03-02');
  });

  it('calendar arithmetic on days, whatever the host’s zone', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('a calendar day as the visitor reads it', () => {
    expect(formatDay('2026-06-30', 'en-GB')).toBe('30 June 2026');
    expect(formatDay('2026-06-30', 'de-DE')).toBe('30. Juni 2026');
  });
});
