import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

describe('closures', () => {
  it('are visible to everyone, practice-wide or for one practitioner, by day in the practice’s zone', async () => {
    const p = await practice();
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ada' });
    const easter = await p.sessions.closures.create(p.staff, {
      from: '2026-04-03',
      to: '2026-04-06',
      reason: 'Easter',
    });
    const leave = await p.sessions.closures.create(p.staff, { practitionerId: other.id, from: '2026-03-20' });
    expect(leave).toMatchObject({ from: '2026-03-20', to: '2026-03-20', practitionerId: other.id, appliedAt: null });
    expect((await p.sessions.closures.list(p.client)).map((c) => c.id)).toEqual([leave.id, easter.id]);
    expect((await p.sessions.closures.list(p.client, { practitionerId: p.practitionerId })).map((c) => c.id)).toEqual([
      easter.id,
    ]);
    expect((await p.sessions.closures.list(p.client, { from: '2026-04-06' })).map((c) => c.id)).toEqual([easter.id]);
    await p.sessions.closures.delete(p.staff, { closureId: leave.id });
    expect((await p.sessions.closures.list(p.staff)).map((c) => c.id)).toEqual([easter.id]);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.closures.create(p.client, { from: '2026-04-03' }));
  });

  it('preview lists the sessions a closure covers — from 00:00 of its first day to midnight after its last, Berlin time', async () => {
    const p = await practice();
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ada' });
    const before = await schedule(p, { start: berlin('2026-04-02T23:30') });
    const first = await schedule(p, { start: berlin('2026-04-03T00:00') });
    const last = await schedule(p, { start: berlin('2026-04-06T23:30') });
    const after = await schedule(p, { start: berlin('2026-04-07T00:00') });
    const theirs = await schedule(p, { start: berlin('2026-04-04T10:00'), practitionerId: other.id });
    const cancelled = await schedule(p, { start: berlin('2026-04-05T10:00') });
    await p.sessions.sessions.cancel(p.staff, { sessionId: cancelled.session.id });
    const easter = await p.sessions.closures.create(p.staff, { from: '2026-04-03', to: '2026-04-06' });
    const preview = await p.sessions.closures.preview(p.staff, { closureId: easter.id });
    expect(preview.map((s) => s.sessionId)).toEqual([first.session.id, theirs.session.id, last.session.id]);
    expect(preview[0]).toMatchObject({ startsAt: '2026-04-02T22:00:00.000Z', clientIds: [p.clientId], classId: null });
    // A range being considered, for one practitioner, before any closure is stored.
    const ada = await p.sessions.closures.preview(p.staff, {
      practitionerId: other.id,
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(ada.map((s) => s.sessionId)).toEqual([theirs.session.id]);
    expect([before.session.id, after.session.id].some((id) => preview.some((s) => s.sessionId === id))).toBe(false);
  });

  it('applying it cancels every covered session at no cost, units back, with or without a notification per client', async () => {
    const p = await practice({
      cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 48, completionTypeId: 'missed' }] },
    });
    const { block } = await p.activeBlock();
    const other = await anotherClient(p);
    const mine = await schedule(p, { start: berlin('2026-03-02T10:00') });
    const group = await schedule(p, {
      start: berlin('2026-03-02T15:00'),
      clients: [{ clientId: p.clientId }, { clientId: other.id }],
    });
    const day = await p.sessions.closures.create(p.staff, { from: '2026-03-02', reason: 'storm' });
    const applied = await p.sessions.closures.apply(p.staff, { closureId: day.id, notify: true });
    expect(applied.cancelled.map((s) => s.sessionId)).toEqual([mine.session.id, group.session.id]);
    expect(applied.closure.appliedAt).toBe('2026-03-01T09:00:00.000Z');
    // Within the 48 h tier, but a closure is the practice's doing: free, the unit comes back.
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 0,
      consumed: 0,
      remaining: 10,
    });
    const view = await p.sessions.sessions.get(p.staff, { sessionId: group.session.id });
    expect(view.session.status).toBe('cancelled');
    expect(view.attendances.map((a) => a.attendance.cancellation)).toEqual([
      expect.objectContaining({ reason: 'closure', waived: true, tier: null }),
      expect.objectContaining({ reason: 'closure', waived: true, tier: null }),
    ]);
    const events = await p.sessions.events.poll({ limit: 200 });
    const notified = events.filter((e) => e.type === 'closure.client_notified');
    expect(notified.map((e) => [e.payload.clientId, e.payload.sessionIds])).toEqual([
      [p.clientId, [mine.session.id, group.session.id]],
      [other.id, [group.session.id]],
    ]);
    expect(events.filter((e) => e.type === 'session.cancelled').every((e) => e.payload.reason === 'closure')).toBe(
      true,
    );
    expectOneLiveEffectEach(p.store, p.tenantId);

    // Without notifications, only the cancellations.
    const q = await practice();
    await schedule(q, { start: berlin('2026-03-05T10:00') });
    const quiet = await q.sessions.closures.create(q.staff, { from: '2026-03-05' });
    await q.sessions.closures.apply(q.staff, { closureId: quiet.id });
    expect((await q.sessions.events.poll({ limit: 200 })).some((e) => e.type === 'closure.client_notified')).toBe(
      false,
    );
  });

  it('cancels class sessions too, so they stay cancelled', async () => {
    const p = await practice();
    const { series } = await p.sessions.classes.create(p.staff, {
      name: 'Pilates',
      practitionerId: p.practitionerId,
      serviceId: p.serviceId,
      startDate: '2026-03-02',
      startTime: '18:00',
      weekdays: ['MO'],
      count: 3,
      capacity: 5,
    });
    await p.sessions.classes.enrol(p.client, { classId: series.id });
    const closure = await p.sessions.closures.create(p.staff, { from: '2026-03-09' });
    await p.sessions.closures.apply(p.staff, { closureId: closure.id });
    const view = await p.sessions.classes.get(p.staff, { classId: series.id });
    expect(view.sessions.map((s) => s.status)).toEqual(['scheduled', 'cancelled', 'scheduled']);
    expect(view.sessionCount).toBe(2);
    expect(view.total).toEqual(EUR(2 * 9500));
  });

  it('a range that ends before it starts, or an unknown practitioner, creates nothing', async () => {
    const p = await practice();
    const backwards = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.closures.create(p.staff, { from: '2026-04-06', to: '2026-04-03' }),
    );
    expect(backwards.details.issues).toEqual([{ path: ['to'], message: 'must not be before from' }]);
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.closures.preview(p.staff, { from: '2026-04-06', to: '2026-04-03' }),
    );
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.closures.create(p.staff, { from: '2026-04-06', practitionerId: 'ghost' }),
    );
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.closures.apply(p.staff, { closureId: 'ghost' }));
  });
});
