import { endOfDayInstant } from '@sessions/core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';

/**
 * A block is usable through the whole of its expiry date in the practice's
 * zone. On a DST change day that day is 23 or 25 hours long, so the UTC
 * instant of expiry moves: these cases pin it down.
 */
const CASES = [
  // zone, expiry date, hours in that local day, last usable local minute in UTC, expiry instant in UTC
  ['Europe/Berlin', '2026-03-29', 23, '2026-03-29T21:59:00Z', '2026-03-29T22:00:00Z'], // CET → CEST at 02:00
  ['Europe/Berlin', '2026-10-25', 25, '2026-10-25T22:59:00Z', '2026-10-25T23:00:00Z'], // CEST → CET at 03:00
  ['America/New_York', '2026-03-08', 23, '2026-03-09T03:59:00Z', '2026-03-09T04:00:00Z'], // EST → EDT at 02:00
  ['America/New_York', '2026-11-01', 25, '2026-11-02T04:59:00Z', '2026-11-02T05:00:00Z'], // EDT → EST at 02:00
  ['Australia/Sydney', '2026-04-05', 25, '2026-04-05T13:59:00Z', '2026-04-05T14:00:00Z'], // AEDT → AEST at 03:00
  ['Asia/Kolkata', '2026-03-29', 24, '2026-03-29T18:29:00Z', '2026-03-29T18:30:00Z'], // +05:30, no DST
] as const;

describe('expiry is the end of the expiry date in the practice’s zone', () => {
  it.each(CASES)('%s, expiring on %s', async (timeZone, expiresOn, dayHours, lastMinute, expiry) => {
    // The fixed instants are what a person in that zone sees: 23:59 on the day, then 00:00 the next.
    const local = (instant: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toPlainDateTime();
    expect(local(lastMinute).toString()).toBe(`${expiresOn}T23:59:00`);
    expect(local(expiry).toString()).toBe(`${Temporal.PlainDate.from(expiresOn).add({ days: 1 })}T00:00:00`);
    const dayBefore = Temporal.PlainDate.from(expiresOn).subtract({ days: 1 }).toString();
    const length = endOfDayInstant(dayBefore, timeZone).until(endOfDayInstant(expiresOn, timeZone));
    expect(length.total('hours')).toBe(dayHours);
    expect(endOfDayInstant(expiresOn, timeZone).toString()).toBe(expiry);

    const p = await practice({ timeZone }, '2026-01-05T12:00:00Z');
    const { block } = await p.activeBlock({ expiresOn });

    p.clock.set(lastMinute);
    expect((await p.sessions.blocks.expireDue(p.staff)).map((r) => r.blockId)).toEqual([]);
    await expectRefused(p, 'INVALID_TRANSITION', () => p.sessions.blocks.expire(p.staff, { blockId: block.id }));
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'last-minute', lastMinute));

    p.clock.set(expiry);
    await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 'too-late', expiry)),
    );
    const swept = await p.sessions.blocks.expireDue(p.staff);
    expect(swept).toMatchObject([{ blockId: block.id, ok: true }]);
    const { block: expired, balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(expired.status).toBe('expired');
    // The session that already held a unit keeps it; the rest is forfeited.
    expect(balance).toMatchObject({ reserved: 1, remaining: 0, forfeited: 9, forfeitedValue: EUR(90000) });
  });

  it('a session may be booked during the last day but not to start after it ends', async () => {
    const p = await practice({ timeZone: 'America/New_York' });
    const { block } = await p.activeBlock({ expiresOn: '2026-03-08' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'ok', '2026-03-09T03:59:00Z'));
    await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 'late', '2026-03-09T04:00:00Z')),
    );
  });

  it('the sweep expires only due blocks, and running it again does nothing', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 4 });
    const due = await p.activeBlock({ expiresOn: '2026-03-05' });
    const later = await p.activeBlock({ expiresOn: '2026-04-30' });
    const never = await p.activeBlock();
    const deleted = await p.activeBlock({ expiresOn: '2026-03-05' });
    await p.sessions.blocks.delete(p.staff, { blockId: deleted.block.id });
    p.clock.set('2026-03-10T12:00:00Z');
    const first = await p.sessions.blocks.expireDue(p.staff);
    expect(first.map((r) => r.blockId)).toEqual([due.block.id]);
    expect(await p.sessions.blocks.expireDue(p.staff)).toEqual([]);
    const statuses = await p.sessions.blocks.list(p.staff, { clientId: p.clientId });
    expect(Object.fromEntries(statuses.map((v) => [v.block.id, v.block.status]))).toEqual({
      [due.block.id]: 'expired',
      [later.block.id]: 'active',
      [never.block.id]: 'active',
    });
    expect((await p.sessions.blocks.get(p.staff, { blockId: deleted.block.id })).block.status).toBe('active');
  });

  it('extending an expired block restores the forfeited units and their value', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) }, expiresOn: '2026-03-05' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-04T09:00:00Z'));
    p.clock.set('2026-03-06T09:00:00Z');
    await p.sessions.blocks.expireDue(p.staff);
    const restored = await p.sessions.blocks.extendExpiry(p.staff, { blockId: block.id, expiresOn: '2026-06-30' });
    expect(restored.block).toMatchObject({ status: 'active', expiresOn: '2026-06-30' });
    expect(restored.balance).toMatchObject({ remaining: 2, forfeited: 0, remainingValue: EUR(66666) });
  });

  it('a hold released after expiry is forfeited, not made bookable', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ expiresOn: '2026-03-05' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-05T09:00:00Z'));
    p.clock.set('2026-03-06T09:00:00Z');
    await p.sessions.blocks.expireDue(p.staff);
    const { balance } = await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's1' });
    expect(balance).toMatchObject({ remaining: 0, reserved: 0, forfeited: 10 });
  });

  it('refuses an expiry date in the past', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.extendExpiry(p.staff, { blockId: block.id, expiresOn: '2026-02-28' }),
    );
  });
});
