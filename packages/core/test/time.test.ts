import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { instantSchema, toInstantString } from '../src/time.js';

const instants = fc
  .bigInt({ min: -(10n ** 12n) * 10n ** 6n, max: 10n ** 13n * 10n ** 6n })
  .map((ns) => Temporal.Instant.fromEpochNanoseconds(ns));

describe('instants', () => {
  it('are stored as UTC ISO strings with three fraction digits, as Temporal formats them', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        expect(toInstantString(instant)).toBe(instant.toString({ fractionalSecondDigits: 3, roundingMode: 'floor' }));
      }),
    );
  });

  it('are parsed the same on the fast path (…Z) as through Temporal', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 3 }), (instant, digits) => {
        const text = instant.toString({ fractionalSecondDigits: digits === 0 ? 0 : (digits as 1 | 2 | 3) });
        const viaTemporal = toInstantString(Temporal.Instant.from(text));
        expect(instantSchema.parse(text)).toBe(viaTemporal);
      }),
    );
  });

  it('with an offset are normalised to UTC', () => {
    expect(instantSchema.parse('2026-03-08T09:00:00-05:00')).toBe('2026-03-08T14:00:00.000Z');
    expect(instantSchema.parse('2026-03-29T02:30:00+05:30')).toBe('2026-03-28T21:00:00.000Z');
  });

  it('that are not real moments, or have no offset, are refused', () => {
    for (const bad of ['2026-02-30T10:00:00Z', '2026-03-08T24:00:00Z', '2026-03-08T09:00:00', 'tomorrow']) {
      expect(instantSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
