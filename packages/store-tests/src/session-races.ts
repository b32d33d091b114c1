import { type Attendance, isSessionsError } from '@sessions/core';
import { expect } from 'vitest';
import { type Practice, settled, setup } from './fixtures.js';
import type { ConformanceHarness } from './suite.js';
import { concern } from './suite.js';

/**
 * Races through the whole sessions layer, with real concurrency: commands on
 * the same block, client or session must serialise in every store, so each
 * ends in a state one-after-the-other would give. Checked through raw reads.
 */

const zoned = (day: number, hour = 9) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00[Europe/Berlin]`;

function book(p: Practice, start: string) {
  return p.sessions.sessions.schedule(p.client, {
    clients: [{ clientId: p.clientId }],
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    start,
  });
}

/** The attendances and the block's entries as stored, and each attendance's live hold. */
async function stored(harness: ConformanceHarness, p: Practice, blockId: string) {
  const attendances = (await harness.raw.records(p.tenantId, 'attendances')) as Attendance[];
  const entries = await harness.raw.ledgerEntries(p.tenantId, blockId);
  const holds = new Map<string, number>();
  for (const e of entries) {
    if (!e.sessionId) continue;
    const sign = e.to === 'reserved' ? 1 : e.from === 'reserved' ? -1 : 0;
    holds.set(e.sessionId, (holds.get(e.sessionId) ?? 0) + sign * e.units);
  }
  return { attendances, entries, holds };
}

export const sessionRaces = concern('session races', {
  async 'two bookings for the last unit: one wins, the other is refused (package mode)'(harness) {
    const p = await setup(harness);
    await p.sessions.settings.update(p.admin, { accountMode: { kind: 'package' } });
    const { block } = await p.activeBlock(1, 9000);
    const { values, reasons } = settled(await Promise.allSettled([book(p, zoned(10)), book(p, zoned(11))]));
    expect(values).toHaveLength(1);
    expect(reasons).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'INSUFFICIENT_CREDIT')).toBe(true);
    const { attendances, entries, holds } = await stored(harness, p, block.id);
    expect(attendances).toHaveLength(1);
    expect(attendances[0]).toMatchObject({ blockId: block.id, status: 'scheduled', cost: 9000 });
    expect(entries.filter((e) => e.kind === 'reserve')).toHaveLength(1);
    expect(holds.get(attendances[0]?.id as string)).toBe(1);
    expect(await harness.raw.records(p.tenantId, 'sessions')).toHaveLength(1);
  },

  async '20 clients’ bookings race for 10 units: exactly 10 hold one each, in one block’s gap-free ledger'(harness) {
    const p = await setup(harness);
    await p.sessions.settings.update(p.admin, { accountMode: { kind: 'package' } });
    const { block } = await p.activeBlock(10, 100000);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => book(p, zoned(2 + i))));
    const { values, reasons } = settled(results);
    expect(values).toHaveLength(10);
    for (const reason of reasons) expect(isSessionsError(reason, 'INSUFFICIENT_CREDIT')).toBe(true);
    const { attendances, entries, holds } = await stored(harness, p, block.id);
    expect(attendances).toHaveLength(10);
    for (const a of attendances) expect(holds.get(a.id)).toBe(1);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.filter((e) => e.kind === 'reserve').reduce((sum, e) => sum + e.value, 0)).toBe(100000);
    // Numbered 1 to 10 by date, whatever order the bookings won in.
    const listed = await p.sessions.sessions.list(p.staff, { blockId: block.id });
    expect(listed.map((v) => v.attendances[0]?.block?.sessionNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  },

  async 'a reschedule racing a cancel: one after the other, and the unit comes back exactly once'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(5, 50000);
    const { session } = await book(p, zoned(20));
    const results = await Promise.allSettled([
      p.sessions.sessions.reschedule(p.staff, { sessionId: session.id, start: zoned(25) }),
      p.sessions.sessions.cancel(p.staff, { sessionId: session.id }),
    ]);
    const [reschedule, cancel] = results;
    expect(cancel.status).toBe('fulfilled');
    if (reschedule.status === 'rejected') expect(isSessionsError(reschedule.reason, 'INVALID_TRANSITION')).toBe(true);
    const { attendances, entries, holds } = await stored(harness, p, block.id);
    expect(attendances[0]?.status).toBe('cancelled');
    expect(holds.get(attendances[0]?.id as string)).toBe(0);
    expect(entries.filter((e) => e.kind === 'release')).toHaveLength(1);
    const [storedSession] = (await harness.raw.records(p.tenantId, 'sessions')) as {
      status: string;
      startsAt: string;
    }[];
    expect(storedSession?.status).toBe('cancelled');
    // Either the move happened first (and the cancel saw it), or it was refused and nothing moved.
    expect(storedSession?.startsAt).toBe(
      reschedule.status === 'fulfilled' ? '2026-03-25T08:00:00.000Z' : '2026-03-20T08:00:00.000Z',
    );
  },

  async 'a completion racing a cancellation: exactly one settles the session'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(5, 50000);
    const { session } = await book(p, zoned(20));
    const { values, reasons } = settled(
      await Promise.allSettled([
        p.sessions.sessions.complete(p.staff, { sessionId: session.id }),
        p.sessions.sessions.cancel(p.staff, { sessionId: session.id }),
      ]),
    );
    expect(values).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'INVALID_TRANSITION')).toBe(true);
    const { entries } = await stored(harness, p, block.id);
    const settling = entries.filter((e) => e.kind === 'consume' || e.kind === 'release');
    expect(settling).toHaveLength(1);
  },

  async 'the same session deleted twice at once: the hold is released once'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(2, 20000);
    const { session } = await book(p, zoned(20));
    const { values, reasons } = settled(
      await Promise.allSettled([
        p.sessions.sessions.delete(p.staff, { sessionId: session.id }),
        p.sessions.sessions.delete(p.staff, { sessionId: session.id }),
      ]),
    );
    expect(values).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'NOT_FOUND')).toBe(true);
    const { entries } = await stored(harness, p, block.id);
    expect(entries.filter((e) => e.kind === 'release')).toHaveLength(1);
  },

  async '50 clients enrol in a class of 10 seats at once: exactly 10 are in, 40 wait in a gap-free order'(harness) {
    const p = await setup(harness);
    const { series } = await p.sessions.classes.create(p.staff, {
      name: 'Pilates',
      practitionerId: p.practitionerId,
      serviceId: p.serviceId,
      startDate: '2026-03-02',
      startTime: '18:00',
      weekdays: ['MO'],
      count: 4,
      capacity: 10,
    });
    const clients = [];
    for (let i = 0; i < 50; i++) clients.push(await p.sessions.clients.create(p.staff, { name: `Client ${i}` }));
    const results = await Promise.allSettled(
      clients.map((c) =>
        p.sessions.classes.enrol({ tenantId: p.tenantId, kind: 'client', id: c.id }, { classId: series.id }),
      ),
    );
    const { values, reasons } = settled(results);
    expect(reasons).toEqual([]);
    expect(values.filter((v) => v.status === 'enrolled')).toHaveLength(10);
    const enrolments = (await harness.raw.records(p.tenantId, 'enrolments')) as {
      status: string;
      waitlistNumber: number | null;
    }[];
    expect(enrolments.filter((e) => e.status === 'enrolled')).toHaveLength(10);
    const numbers = enrolments.filter((e) => e.status === 'waitlisted').map((e) => e.waitlistNumber ?? 0);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Every session of the class holds exactly the ten, and no more.
    const attendances = (await harness.raw.records(p.tenantId, 'attendances')) as Attendance[];
    expect(attendances).toHaveLength(40);
    const perSession = new Map<string, number>();
    for (const a of attendances) perSession.set(a.sessionId, (perSession.get(a.sessionId) ?? 0) + 1);
    expect([...perSession.values()]).toEqual([10, 10, 10, 10]);
  },

  async 'two clients race for one slot: one books it, the other gets SLOT_TAKEN'(harness) {
    const p = await setup(harness);
    const other = await p.sessions.clients.create(p.staff, { name: 'Lena Roth' });
    await p.sessions.availability.set(p.staff, {
      practitionerId: p.practitionerId,
      timeZone: 'Europe/Berlin',
      weekly: { TU: [{ start: '09:00', end: '12:00' }] },
    });
    const book = (clientId: string) =>
      p.sessions.availability.book(
        { tenantId: p.tenantId, kind: 'client', id: clientId },
        { practitionerId: p.practitionerId, serviceId: p.serviceId, start: '2026-03-03T10:00[Europe/Berlin]' },
      );
    const { values, reasons } = settled(await Promise.allSettled([book(p.clientId), book(other.id)]));
    expect(values).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'SLOT_TAKEN')).toBe(true);
    const sessions = (await harness.raw.records(p.tenantId, 'sessions')) as { startsAt: string }[];
    expect(sessions.map((s) => s.startsAt)).toEqual(['2026-03-03T09:00:00.000Z']);
  },
});
