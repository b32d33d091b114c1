import type { Actor } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

const wagesFor = (p: Practice, from: string, to: string, as: Actor = p.staff) =>
  p.sessions.wages(as, { practitionerId: p.practitionerId, from, to });

/** A session billed to the account at a Berlin wall-clock time. */
const onAccount = (p: Practice, local: string, input: Record<string, unknown> = {}) =>
  schedule(p, { clients: [{ clientId: p.clientId, blockId: null }], start: berlin(local), ...input });

/** A session at a Berlin wall-clock time, settled with a cost override paying exactly `wage`. */
async function settledWith(p: Practice, local: string, wage: number): Promise<string> {
  const { session } = await onAccount(p, local);
  await p.sessions.sessions.complete(p.staff, {
    sessionId: session.id,
    type: 'cost_override',
    cost: EUR(wage),
    wage: EUR(wage),
  });
  return session.id;
}

describe('wages per settled place', () => {
  it('pay what each completion type gave: completed and missed in full, cancelled nothing, a share, an override', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    await p.activeBlock();
    const half = await p.sessions.completionTypes.create(p.admin, {
      label: 'Half',
      baseStatus: 'completed',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    const settle = async (day: number, type: string, extra: Record<string, unknown> = {}) => {
      const { session, attendances } = await schedule(p, { start: berlin(`2026-03-${day}T09:00`) });
      await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type, ...extra });
      return { sessionId: session.id, attendanceId: attendances[0]?.attendance.id, startsAt: session.startsAt };
    };
    const completed = await settle(10, 'completed');
    const missed = await settle(11, 'missed');
    const cancelled = await settle(12, 'cancelled');
    const shared = await settle(13, half.id);
    const override = await settle(14, 'cost_override', { cost: EUR(5000), wage: EUR(1234) });
    const report = await wagesFor(p, '2026-03-01', '2026-03-31');
    expect(report).toEqual({
      practitionerId: p.practitionerId,
      from: '2026-03-01',
      to: '2026-03-31',
      items: [
        {
          ...completed,
          clientId: p.clientId,
          status: 'completed',
          completionType: { id: 'completed', label: 'Completed' },
          wage: EUR(4500),
        },
        {
          ...missed,
          clientId: p.clientId,
          status: 'missed',
          completionType: { id: 'missed', label: 'Missed' },
          wage: EUR(4500),
        },
        {
          ...cancelled,
          clientId: p.clientId,
          status: 'cancelled',
          completionType: { id: 'cancelled', label: 'Cancelled' },
          wage: EUR(0),
        },
        {
          ...shared,
          clientId: p.clientId,
          status: 'completed',
          completionType: { id: half.id, label: 'Half' },
          wage: EUR(2250),
        },
        {
          ...override,
          clientId: p.clientId,
          status: 'completed',
          completionType: { id: 'cost_override', label: 'Cost override' },
          wage: EUR(1234),
        },
      ],
      total: EUR(4500 + 4500 + 0 + 2250 + 1234),
      scheduled: 0,
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a late cancellation pays the wage of the tier’s type', async () => {
    const p = await practice();
    const late = await p.sessions.completionTypes.create(p.admin, {
      label: 'Late Cancel',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 40 },
    });
    await p.sessions.settings.update(p.admin, {
      cancellationPolicy: { clientsMayCancel: false, tiers: [{ withinHours: 2, completionTypeId: late.id }] },
    });
    const { session } = await onAccount(p, '2026-03-10T09:00');
    p.clock.set('2026-03-10T07:30:00Z'); // 30 minutes before
    await p.sessions.sessions.cancel(p.staff, { sessionId: session.id });
    const report = await wagesFor(p, '2026-03-10', '2026-03-10');
    expect(report.items).toMatchObject([
      { status: 'cancelled', completionType: { id: late.id, label: 'Late Cancel' }, wage: EUR(1800) },
    ]);
    expect(report.total).toEqual(EUR(1800));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a group session pays a wage per client', async () => {
    const p = await practice();
    const lena = await anotherClient(p, 'Lena Roth');
    const tom = await anotherClient(p, 'Tom Berg');
    const { session } = await schedule(p, {
      clients: [
        { clientId: p.clientId, blockId: null },
        { clientId: lena.id, blockId: null },
        { clientId: tom.id, blockId: null },
      ],
    });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, clientIds: [p.clientId, lena.id] });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, clientIds: [tom.id], type: 'missed' });
    const report = await wagesFor(p, '2026-03-10', '2026-03-10');
    // Places within one session come in no particular order (by creation, then id).
    const byClient = [...report.items].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    expect(byClient.map((i) => [i.sessionId, i.clientId, i.status, i.wage.amount])).toEqual(
      [
        [session.id, p.clientId, 'completed', 4500],
        [session.id, lena.id, 'completed', 4500],
        [session.id, tom.id, 'missed', 4500],
      ].sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : 1)),
    );
    expect(report.total).toEqual(EUR(13500));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('lists places still scheduled only in `scheduled`, and leaves out deleted sessions', async () => {
    const p = await practice();
    const lena = await anotherClient(p, 'Lena Roth');
    const group = await schedule(p, {
      clients: [
        { clientId: p.clientId, blockId: null },
        { clientId: lena.id, blockId: null },
      ],
    });
    await p.sessions.sessions.complete(p.staff, { sessionId: group.session.id, clientIds: [lena.id] });
    await onAccount(p, '2026-03-11T09:00'); // still scheduled
    const deletedSettled = await settledWith(p, '2026-03-12T09:00', 700);
    const deletedScheduled = await onAccount(p, '2026-03-13T09:00');
    await p.sessions.sessions.delete(p.staff, { sessionId: deletedSettled });
    await p.sessions.sessions.delete(p.staff, { sessionId: deletedScheduled.session.id });
    const report = await wagesFor(p, '2026-03-01', '2026-03-31');
    expect(report.items.map((i) => [i.sessionId, i.clientId])).toEqual([[group.session.id, lena.id]]);
    expect(report.total).toEqual(EUR(4500));
    expect(report.scheduled).toBe(2); // the group's open place and the session on the 11th
    // Recovered, the settled session counts again.
    await p.sessions.sessions.recover(p.staff, { sessionId: deletedSettled });
    expect((await wagesFor(p, '2026-03-01', '2026-03-31')).total).toEqual(EUR(5200));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('the period: days on the practice calendar, inclusive', () => {
  it('runs from midnight to midnight in Berlin, not UTC', async () => {
    const p = await practice();
    await settledWith(p, '2026-03-09T23:30', 1); // 22:30 UTC on the 9th: the day before
    await settledWith(p, '2026-03-10T00:30', 10); // 23:30 UTC on the 9th, but the 10th in Berlin
    await settledWith(p, '2026-03-10T23:30', 100); // 22:30 UTC on the 10th
    await settledWith(p, '2026-03-11T00:30', 1000); // 23:30 UTC on the 10th, but the 11th in Berlin
    expect((await wagesFor(p, '2026-03-10', '2026-03-10')).total).toEqual(EUR(110));
    expect((await wagesFor(p, '2026-03-09', '2026-03-10')).total).toEqual(EUR(111));
    expect((await wagesFor(p, '2026-03-10', '2026-03-11')).total).toEqual(EUR(1110));
  });

  it('follows the clocks forward: 29 March 2026 in Berlin is 23 hours long', async () => {
    const p = await practice();
    await settledWith(p, '2026-03-28T23:30', 1); // 22:30 UTC on the 28th
    await settledWith(p, '2026-03-29T00:30', 10); // 23:30 UTC on the 28th (+01:00)
    await settledWith(p, '2026-03-29T23:30', 100); // 21:30 UTC on the 29th (+02:00)
    await settledWith(p, '2026-03-30T00:30', 1000); // 22:30 UTC on the 29th (+02:00)
    const day = await wagesFor(p, '2026-03-29', '2026-03-29');
    expect(day.items.map((i) => i.startsAt)).toEqual(['2026-03-28T23:30:00.000Z', '2026-03-29T21:30:00.000Z']);
    expect(day.total).toEqual(EUR(110));
    expect((await wagesFor(p, '2026-03-30', '2026-03-30')).total).toEqual(EUR(1000));
    expect((await wagesFor(p, '2026-03-28', '2026-03-28')).total).toEqual(EUR(1));
  });

  it('follows the clocks back: 25 October 2026 in Berlin is 25 hours long', async () => {
    const p = await practice();
    await settledWith(p, '2026-10-24T23:30', 1); // 21:30 UTC on the 24th (+02:00)
    await settledWith(p, '2026-10-25T00:30', 10); // 22:30 UTC on the 24th (+02:00)
    await settledWith(p, '2026-10-25T23:30', 100); // 22:30 UTC on the 25th (+01:00): hour 25 of the day
    await settledWith(p, '2026-10-26T00:30', 1000); // 23:30 UTC on the 25th (+01:00)
    const day = await wagesFor(p, '2026-10-25', '2026-10-25');
    expect(day.items.map((i) => i.startsAt)).toEqual(['2026-10-24T22:30:00.000Z', '2026-10-25T22:30:00.000Z']);
    expect(day.total).toEqual(EUR(110));
    expect((await wagesFor(p, '2026-10-26', '2026-10-31')).total).toEqual(EUR(1000));
    expect((await wagesFor(p, '2026-10-01', '2026-10-24')).total).toEqual(EUR(1));
  });
});

describe('who may read wages', () => {
  it('a practitioner reads their own, and only their own', async () => {
    const p = await practice();
    await settledWith(p, '2026-03-10T09:00', 4500);
    const own = await wagesFor(p, '2026-03-01', '2026-03-31', p.practitioner);
    expect(own.total).toEqual(EUR(4500));
    const colleague = await p.sessions.practitioners.create(p.staff, { name: 'Ida Klein' });
    const asColleague: Actor = { tenantId: p.tenantId, kind: 'practitioner', id: colleague.id };
    await expectRefused(p, 'FORBIDDEN', () => wagesFor(p, '2026-03-01', '2026-03-31', asColleague));
    const theirs = await p.sessions.wages(asColleague, {
      practitionerId: colleague.id,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(theirs).toMatchObject({ items: [], total: EUR(0), scheduled: 0 });
    await expectRefused(p, 'FORBIDDEN', () => wagesFor(p, '2026-03-01', '2026-03-31', p.client));
    expect((await wagesFor(p, '2026-03-01', '2026-03-31', p.admin)).total).toEqual(EUR(4500));
  });

  it('refuses a period that ends before it starts, at `to`', async () => {
    const p = await practice();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () => wagesFor(p, '2026-03-10', '2026-03-09'));
    expect(error.details.issues?.map((i) => i.path)).toEqual([['to']]);
    await expectRefused(p, 'VALIDATION_FAILED', () => wagesFor(p, '2026-02-30', '2026-03-09'));
    expect((await wagesFor(p, '2026-03-10', '2026-03-10')).items).toEqual([]); // a single day is fine
  });
});
