import type { CancellationDecision } from '@sessions/core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

/**
 * A practice whose clients may cancel, with tiers at 24 h (missed) and 2 h (a
 * custom "Late Cancel": 50 % of cost and wage); the client has the permission
 * and a block (10 units of 10000), and a session at 09:00 Berlin on 10 March
 * (08:00 UTC) held on it.
 */
async function withPolicy(start = berlin('2026-03-10T09:00')) {
  const p = await practice();
  const late = await p.sessions.completionTypes.create(p.admin, {
    label: 'Late Cancel',
    baseStatus: 'cancelled',
    modifier: { kind: 'percentage', client: 50, wage: 50 },
  });
  await p.sessions.settings.update(p.admin, {
    cancellationPolicy: {
      clientsMayCancel: true,
      tiers: [
        { withinHours: 24, completionTypeId: 'missed' },
        { withinHours: 2, completionTypeId: late.id },
      ],
    },
  });
  await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: true });
  const { block } = await p.activeBlock();
  const { session } = await schedule(p, { start });
  return { p, late, block, session };
}

const attendanceOf = async (p: Practice, sessionId: string, clientId = p.clientId) =>
  (await p.sessions.sessions.get(p.staff, { sessionId })).attendances.find((a) => a.attendance.clientId === clientId)
    ?.attendance;

type Case = {
  name: string;
  at: string;
  hoursBefore: number;
  tier: 'none' | 24 | 2;
  status: string;
  unit: 'returned' | 'used';
  cost: number;
  wage: number;
  summary: string;
};

const cases: Case[] = [
  {
    name: '30 h before: free, the unit comes back',
    at: '2026-03-09T02:00:00Z',
    hoursBefore: 30,
    tier: 'none',
    status: 'cancelled',
    unit: 'returned',
    cost: 0,
    wage: 0,
    summary: 'Cancelling now returns the credit.',
  },
  {
    name: 'exactly 24 h before: not less than 24 h, so free',
    at: '2026-03-09T08:00:00Z',
    hoursBefore: 24,
    tier: 'none',
    status: 'cancelled',
    unit: 'returned',
    cost: 0,
    wage: 0,
    summary: 'Cancelling now returns the credit.',
  },
  {
    name: '10 h before: missed, the unit is used',
    at: '2026-03-09T22:00:00Z',
    hoursBefore: 10,
    tier: 24,
    status: 'missed',
    unit: 'used',
    cost: 10000,
    wage: 4500,
    summary: 'Cancelling now uses 1 credit: less than 24 h before the start (Missed).',
  },
  {
    name: 'exactly 2 h before: still the 24 h tier',
    at: '2026-03-10T06:00:00Z',
    hoursBefore: 2,
    tier: 24,
    status: 'missed',
    unit: 'used',
    cost: 10000,
    wage: 4500,
    summary: 'Cancelling now uses 1 credit: less than 24 h before the start (Missed).',
  },
  {
    name: '1 h before: the tightest tier wins, Late Cancel uses the whole unit at half the wage',
    at: '2026-03-10T07:00:00Z',
    hoursBefore: 1,
    tier: 2,
    status: 'cancelled',
    unit: 'used',
    cost: 10000,
    wage: 2250,
    summary: 'Cancelling now uses 1 credit: less than 2 h before the start (Late Cancel).',
  },
];

describe('after the start', () => {
  it('a client can no longer cancel; staff can, under the tightest tier', async () => {
    const { p, late, session } = await withPolicy();
    p.clock.set('2026-03-10T08:30:00Z');
    const refused = await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.sessions.cancel(p.client, { sessionId: session.id }),
    );
    expect(refused.message).toBe(
      'The session has already started, so it can no longer be cancelled here: contact the practice.',
    );
    await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.sessions.previewCancellation(p.client, { sessionId: session.id }),
    );
    const { cancellation } = await p.sessions.sessions.cancel(p.staff, { sessionId: session.id });
    expect(cancellation.hoursBefore).toBe(-0.5);
    expect(cancellation.outcomes[0]).toMatchObject({
      tier: { withinHours: 2, completionTypeId: late.id },
      unit: 'used',
      wage: EUR(2250),
    });
  });
});

describe('a client cancelling under the policy: preview and cancel agree', () => {
  it.each(cases)('$name', async (c) => {
    const { p, late, block, session } = await withPolicy();
    const ask = { sessionId: session.id };
    const ahead = await p.sessions.sessions.previewCancellation(p.client, { ...ask, at: c.at });
    p.clock.set(c.at);
    const now = await p.sessions.sessions.previewCancellation(p.client, ask);
    const atNow = await p.sessions.sessions.previewCancellation(p.client, { ...ask, at: c.at });
    expect(now).toEqual(ahead);
    expect(atNow).toEqual(ahead);
    const tier =
      c.tier === 'none'
        ? null
        : c.tier === 24
          ? { withinHours: 24, completionTypeId: 'missed' }
          : { withinHours: 2, completionTypeId: late.id };
    const typeId = c.tier === 'none' ? 'cancelled' : c.tier === 24 ? 'missed' : late.id;
    expect(ahead).toMatchObject({
      sessionId: session.id,
      at: new Date(c.at).toISOString(),
      hoursBefore: c.hoursBefore,
      waived: false,
    });
    expect(ahead.outcomes).toHaveLength(1);
    expect(ahead.outcomes[0]).toMatchObject({
      clientId: p.clientId,
      blockId: block.id,
      tier,
      type: { typeId },
      unit: c.unit,
      cost: EUR(c.cost),
      wage: EUR(c.wage),
      summary: c.summary,
    });

    const cancelled = await p.sessions.sessions.cancel(p.client, ask);
    expect(cancelled.cancellation).toEqual(ahead);
    const stored = await attendanceOf(p, session.id);
    const outcome = ahead.outcomes[0];
    expect(stored).toMatchObject({
      id: outcome?.attendanceId,
      status: c.status,
      cost: outcome?.cost.amount,
      wage: outcome?.wage.amount,
      completion: outcome?.type,
      cancellation: { hoursBefore: c.hoursBefore, tier, waived: false, reason: null },
      settledBy: { kind: 'client', id: p.clientId },
    });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    const used = c.unit === 'used' ? 1 : 0;
    expect(balance).toMatchObject({ reserved: 0, consumed: used, remaining: 10 - used });
    expect((await p.sessions.sessions.get(p.staff, ask)).session.status).toBe(
      c.status === 'cancelled' ? 'cancelled' : 'completed',
    );
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('who may cancel', () => {
  it('a client may not cancel while the practice does not let clients cancel, even with permission', async () => {
    const p = await practice(); // clientsMayCancel is off by default
    await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: true });
    await p.activeBlock();
    const { session } = await schedule(p);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.cancel(p.client, { sessionId: session.id }));
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.previewCancellation(p.client, { sessionId: session.id }),
    );
    // The practice may still cancel it.
    expect((await p.sessions.sessions.cancel(p.staff, { sessionId: session.id })).session.status).toBe('cancelled');
  });

  it('a client may not cancel without their own permission; once given it, they may', async () => {
    const { p, session } = await withPolicy();
    await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: false });
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.cancel(p.client, { sessionId: session.id }));
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.previewCancellation(p.client, { sessionId: session.id }),
    );
    await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: true });
    const done = await p.sessions.sessions.cancel(p.client, { sessionId: session.id });
    expect(done.attendances[0]?.attendance).toMatchObject({ status: 'cancelled', cost: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a client cannot cancel, or even preview, another client’s session: it does not exist for them', async () => {
    const { p, session } = await withPolicy();
    const other = await anotherClient(p, 'Lena Roth', { canCancelSessions: true });
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.sessions.cancel(other.actor, { sessionId: session.id }));
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.previewCancellation(other.actor, { sessionId: session.id }),
    );
  });

  it('in a group session a client cancels only their own place: the others and the session stay scheduled', async () => {
    const { p } = await withPolicy();
    const other = await anotherClient(p, 'Lena Roth', { canCancelSessions: true });
    const group = await schedule(p, {
      start: berlin('2026-03-12T18:00'),
      clients: [{ clientId: p.clientId }, { clientId: other.id, blockId: null }],
    });
    const sessionId = group.session.id;
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.cancel(other.actor, { sessionId, clientIds: [p.clientId] }),
    );
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.cancel(other.actor, { sessionId, clientIds: [other.id, p.clientId] }),
    );
    const preview = await p.sessions.sessions.previewCancellation(other.actor, { sessionId });
    expect(preview.outcomes.map((o) => o.clientId)).toEqual([other.id]);
    const done = await p.sessions.sessions.cancel(other.actor, { sessionId });
    expect(done.cancellation).toEqual(preview);
    expect(done.session.status).toBe('scheduled');
    expect(done.attendances.map((a) => a.attendance.clientId)).toEqual([other.id]); // a client sees their own place
    expect(await attendanceOf(p, sessionId, other.id)).toMatchObject({ status: 'cancelled', cost: 0, wage: 0 });
    expect(await attendanceOf(p, sessionId)).toMatchObject({ status: 'scheduled', cost: 10000, completion: null });
    expect((await p.sessions.sessions.get(p.staff, { sessionId })).session.status).toBe('scheduled');
    const account = await p.sessions.accounts.get(p.staff, { clientId: other.id });
    expect(account.balance).toMatchObject({ scheduled: EUR(0), charges: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('staff may waive the policy: free, and recorded on the attendance; a client may not', async () => {
    const { p, block, session } = await withPolicy();
    p.clock.set('2026-03-10T07:00:00Z'); // 1 h before: Late Cancel without the waiver
    const ask = { sessionId: session.id, waivePolicy: true };
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.cancel(p.client, ask));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.previewCancellation(p.client, ask));
    const preview = await p.sessions.sessions.previewCancellation(p.staff, ask);
    expect(preview).toMatchObject({ hoursBefore: 1, waived: true });
    expect(preview.outcomes[0]).toMatchObject({
      tier: null,
      type: { typeId: 'cancelled' },
      unit: 'returned',
      cost: EUR(0),
    });
    const done = await p.sessions.sessions.cancel(p.staff, { ...ask, reason: 'Family emergency' });
    expect(done.cancellation).toEqual(preview);
    expect(await attendanceOf(p, session.id)).toMatchObject({
      status: 'cancelled',
      cost: 0,
      wage: 0,
      cancellation: { hoursBefore: 1, tier: null, waived: true, reason: 'Family emergency' },
    });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ reserved: 0, consumed: 0, remaining: 10 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('naming a client twice is refused: a place is never cancelled (or charged) twice', async () => {
    const { p } = await withPolicy();
    const { session } = await schedule(p, {
      start: berlin('2026-03-12T09:00'),
      clients: [{ clientId: p.clientId, blockId: null }],
    });
    p.clock.set('2026-03-12T00:00:00Z'); // 8 h before: missed, the full price to the account
    const twice = { sessionId: session.id, clientIds: [p.clientId, p.clientId] };
    const error = await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.sessions.cancel(p.staff, twice));
    expect(error.details.issues?.[0]?.path[0]).toBe('clientIds');
    await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.sessions.previewCancellation(p.staff, twice));
    const account = await p.sessions.accounts.get(p.staff, { clientId: p.clientId });
    expect(account.balance).toMatchObject({ charges: EUR(0), scheduled: EUR(9500) });
  });

  it('a settled session cannot be cancelled', async () => {
    const { p, session } = await withPolicy();
    await p.sessions.sessions.complete(p.practitioner, { sessionId: session.id });
    await expectRefused(p, 'INVALID_TRANSITION', () => p.sessions.sessions.cancel(p.staff, { sessionId: session.id }));
    await expectRefused(p, 'INVALID_TRANSITION', () => p.sessions.sessions.cancel(p.client, { sessionId: session.id }));
  });
});

describe('the session.cancelled event', () => {
  it('says who cancelled, when, under which tier, and what it cost', async () => {
    const { p, late, block, session } = await withPolicy();
    p.clock.set('2026-03-10T07:00:00Z');
    const done = await p.sessions.sessions.cancel(p.client, { sessionId: session.id, reason: 'Train delayed' });
    const events = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'session.cancelled');
    expect(events).toEqual([
      expect.objectContaining({
        at: '2026-03-10T07:00:00.000Z',
        aggregate: { type: 'session', id: session.id },
        payload: {
          attendanceId: done.attendances[0]?.attendance.id,
          clientId: p.clientId,
          blockId: block.id,
          cancelledBy: { kind: 'client', id: p.clientId },
          hoursBefore: 1,
          tier: { withinHours: 2, completionTypeId: late.id },
          completionType: { id: late.id, label: 'Late Cancel' },
          unit: 'used',
          cost: 10000,
          waived: false,
          reason: 'Train delayed',
        },
      }),
    ]);
  });

  it('is emitted once per place when staff cancel a whole group session; the account pays the share', async () => {
    const { p, late } = await withPolicy();
    const other = await anotherClient(p);
    const group = await schedule(p, {
      start: berlin('2026-03-12T18:00'),
      clients: [{ clientId: p.clientId }, { clientId: other.id, blockId: null }],
    });
    p.clock.set('2026-03-12T16:00:00Z'); // 1 h before: Late Cancel, 50 %
    const preview = await p.sessions.sessions.previewCancellation(p.staff, { sessionId: group.session.id });
    expect(preview.outcomes.find((o) => o.clientId === other.id)?.summary).toBe(
      'Cancelling now costs €47.50: less than 2 h before the start (Late Cancel).',
    );
    const done = await p.sessions.sessions.cancel(p.staff, { sessionId: group.session.id });
    expect(done.cancellation).toEqual(preview);
    expect(done.session.status).toBe('cancelled'); // both settled as Late Cancel, whose base status is cancelled
    const events = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'session.cancelled');
    const lateCancel = { id: late.id, label: 'Late Cancel' };
    expect(events).toHaveLength(2); // one per place, in no particular order
    expect(events.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: p.clientId, unit: 'used', cost: 10000, completionType: lateCancel }),
        expect.objectContaining({ clientId: other.id, unit: null, cost: 4750, completionType: lateCancel }),
      ]),
    );
    expect(await attendanceOf(p, group.session.id, other.id)).toMatchObject({ cost: 4750, wage: 2250 });
    const account = await p.sessions.accounts.get(p.staff, { clientId: other.id });
    expect(account.balance).toMatchObject({ scheduled: EUR(0), charges: EUR(4750), balance: EUR(-4750) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('across a change to summer time', () => {
  it('counts real hours: 24 h before 10:00 on 29 March is 09:00 (not 10:00) Berlin time on the 28th', async () => {
    // Clocks in Berlin jump from 02:00 to 03:00 on 2026-03-29: that day has 23 hours.
    const start = Temporal.ZonedDateTime.from('2026-03-29T10:00[Europe/Berlin]');
    const boundary = start.subtract({ hours: 24 }).toInstant();
    expect(boundary.toString()).toBe('2026-03-28T08:00:00Z');
    expect(boundary.toZonedDateTimeISO('Europe/Berlin').toPlainTime().toString()).toBe('09:00:00');
    const { p, session } = await withPolicy(start.toString({ offset: 'never' }));
    expect(session.startsAt).toBe('2026-03-29T08:00:00.000Z');
    const previewAt = async (instant: Temporal.Instant): Promise<CancellationDecision> =>
      p.sessions.sessions.previewCancellation(p.client, { sessionId: session.id, at: instant.toString() });
    const justBefore = await previewAt(boundary.subtract({ milliseconds: 1 }));
    const at = await previewAt(boundary);
    const justAfter = await previewAt(boundary.add({ milliseconds: 1 }));
    const sameWallTime = await previewAt(start.subtract({ days: 1 }).toInstant()); // 10:00 on the 28th: 23 h
    expect(justBefore.outcomes[0]).toMatchObject({ tier: null, unit: 'returned' });
    expect(at.hoursBefore).toBe(24);
    expect(at.outcomes[0]).toMatchObject({ tier: null, unit: 'returned' });
    expect(justAfter.outcomes[0]).toMatchObject({
      tier: { withinHours: 24 },
      type: { typeId: 'missed' },
      unit: 'used',
    });
    expect(sameWallTime.hoursBefore).toBe(23);
    expect(sameWallTime.outcomes[0]).toMatchObject({ tier: { withinHours: 24 }, unit: 'used' });

    p.clock.set(boundary.add({ milliseconds: 1 }));
    const done = await p.sessions.sessions.cancel(p.client, { sessionId: session.id });
    expect(done.cancellation).toEqual(justAfter);
    expect(done.attendances[0]?.attendance).toMatchObject({ status: 'missed', cost: 10000, wage: 4500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});
