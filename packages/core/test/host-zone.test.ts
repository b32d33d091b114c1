import { describe, expect, it } from 'vitest';

/**
 * The core tests run twice, with the host's TZ set to UTC and to Asia/Tokyo
 * (see vitest.config.ts): this checks the setting really reached the code
 * under test, so the other tests prove nothing depends on the server's zone.
 */
describe('the host time zone of this run', () => {
  it('is the one the project sets, and JS Date sees it', () => {
    const expected: Record<string, number> = { UTC: 0, 'Asia/Tokyo': -540 };
    const zone = process.env.TZ ?? '';
    expect(Object.keys(expected)).toContain(zone);
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(expected[zone]);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
  });
});
