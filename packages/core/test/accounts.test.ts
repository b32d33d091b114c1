import type { Actor } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

const day = (d: number) => berlin(`2026-03-${String(d).padStart(2, '0')}T09:00`);

/** The account's numbers, in minor units. */
async function numbers(p: Practice, clientId = p.clientId) {
  const b = (await p.sessions.accounts.get(p.staff, { clientId })).balance;
  return {
    payments: b.payments.amount,
    credits: b.credits.amount,
    charges: b.charges.amount,
    refunds: b.refunds.amount,
    balance: b.balance.amount,
    scheduled: b.scheduled.amount,
    available: b.available.amount,
  };
}

const unlinked = (p: Practice, d: number, clientId = p.clientId) =>
  schedule(p, { clients: [{ clientId, blockId: null }], start: day(d) });

const halfType = (p: Practice) =>
  p.sessions.completionTypes.create(p.admin, {
    label: 'Late Cancel',
    baseStatus: 'cancelled',
    modifier: { kind: 'percentage', client: 50, wage: 50 },
  });

describe('the client account ledger', () => {
  it('moves balance, scheduled and available exactly with each payment, hold, charge, credit and refund', async () => {
    const p = await practice();
    const half = await halfType(p);
    const zero = { payments: 0, credits: 0, charges: 0, refunds: 0, balance: 0, scheduled: 0, available: 0 };
    expect(await numbers(p)).toEqual(zero);

    await p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(30000), method: 'card' });
    expect(await numbers(p)).toEqual({ ...zero, payments: 30000, balance: 30000, available: 30000 });

    const [a, b, c, d] = [await unlinked(p, 10), await unlinked(p, 11), await unlinked(p, 12), await unlinked(p, 13)];
    expect(await numbers(p)).toEqual({ ...zero, payments: 30000, balance: 30000, scheduled: 38000, available: -8000 });

    await p.sessions.sessions.complete(p.practitioner, { sessionId: a.session.id });
    expect(await numbers(p)).toMatchObject({ charges: 9500, balance: 20500, scheduled: 28500, available: -8000 });

    await p.sessions.sessions.complete(p.practitioner, { sessionId: b.session.id, type: 'missed' });
    expect(await numbers(p)).toMatchObject({ charges: 19000, balance: 11000, scheduled: 19000, available: -8000 });

    await p.sessions.sessions.cancel(p.staff, { sessionId: c.session.id }); // no policy tiers: free
    expect(await numbers(p)).toMatchObject({ charges: 19000, balance: 11000, scheduled: 9500, available: 1500 });

    await p.sessions.sessions.complete(p.practitioner, { sessionId: d.session.id, type: half.id });
    expect(await numbers(p)).toMatchObject({ charges: 23750, balance: 6250, scheduled: 0, available: 6250 });

    await p.sessions.accounts.credit(p.staff, { clientId: p.clientId, amount: EUR(1000), reason: 'goodwill' });
    await p.sessions.accounts.refund(p.staff, { clientId: p.clientId, amount: EUR(2000), reason: 'moving away' });
    expect(await numbers(p)).toEqual({
      payments: 30000,
      credits: 1000,
      charges: 23750,
      refunds: 2000,
      balance: 5250,
      scheduled: 0,
      available: 5250,
    });

    const costs = await Promise.all(
      [a, b, c, d].map(async (s) => {
        const view = await p.sessions.sessions.get(p.staff, { sessionId: s.session.id });
        return [view.attendances[0]?.attendance.status, view.attendances[0]?.attendance.cost];
      }),
    );
    expect(costs).toEqual([
      ['completed', 9500],
      ['missed', 9500],
      ['cancelled', 0],
      ['cancelled', 4750],
    ]);

    const history = await p.sessions.accounts.history(p.staff, { clientId: p.clientId });
    const ids = [a, b, c, d].map((s) => s.attendances[0]?.attendance.id);
    expect(history.map((e) => [e.seq, e.kind, e.amount, e.held, e.attendanceId])).toEqual([
      [1, 'payment', 30000, 0, null],
      [2, 'hold', 0, 9500, ids[0]],
      [3, 'hold', 0, 9500, ids[1]],
      [4, 'hold', 0, 9500, ids[2]],
      [5, 'hold', 0, 9500, ids[3]],
      [6, 'charge', -9500, -9500, ids[0]],
      [7, 'charge', -9500, -9500, ids[1]],
      [8, 'release', 0, -9500, ids[2]],
      [9, 'charge', -4750, -9500, ids[3]],
      [10, 'credit', 1000, 0, null],
      [11, 'refund', -2000, 0, null],
    ]);
    expect(history[0]).toMatchObject({ reason: 'card', actor: { kind: 'staff', id: 'front-desk' } });
    expect(history[10]).toMatchObject({ reason: 'moving away' });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('only ever appends: earlier history is unchanged by later moves', async () => {
    const p = await practice();
    await p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(9500) });
    const { session } = await unlinked(p, 10);
    const before = await p.sessions.accounts.history(p.client, { clientId: p.clientId });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    await p.sessions.accounts.credit(p.staff, { clientId: p.clientId, amount: EUR(1), reason: 'rounding' });
    const after = await p.sessions.accounts.history(p.client, { clientId: p.clientId });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.kind)).toEqual(['payment', 'hold', 'charge', 'credit']);
    expect(after.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('emits an event per payment, credit and refund with the new balance', async () => {
    const p = await practice();
    await p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(5000) });
    await p.sessions.accounts.credit(p.staff, { clientId: p.clientId, amount: EUR(700), reason: 'goodwill' });
    await p.sessions.accounts.refund(p.staff, { clientId: p.clientId, amount: EUR(200), reason: 'overpaid' });
    const events = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type.startsWith('account.'));
    expect(events.map((e) => [e.type, e.aggregate, e.payload])).toEqual([
      [
        'account.payment_recorded',
        { type: 'client', id: p.clientId },
        { kind: 'payment', amount: 5000, balance: 5000, invoiceId: null },
      ],
      [
        'account.credited',
        { type: 'client', id: p.clientId },
        { kind: 'credit', amount: 700, balance: 5700, reason: 'goodwill' },
      ],
      [
        'account.refunded',
        { type: 'client', id: p.clientId },
        { kind: 'refund', amount: 200, balance: 5500, reason: 'overpaid' },
      ],
    ]);
  });

  it('gives the charge back when a settled session is deleted, and charges it again on recovery', async () => {
    const p = await practice();
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    expect(await numbers(p)).toMatchObject({ charges: 9500, balance: -9500, scheduled: 0 });
    await p.sessions.sessions.delete(p.staff, { sessionId: session.id });
    expect(await numbers(p)).toMatchObject({ charges: 0, balance: 0, scheduled: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
    await p.sessions.sessions.recover(p.staff, { sessionId: session.id });
    expect(await numbers(p)).toMatchObject({ charges: 9500, balance: -9500, scheduled: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('refunds', () => {
  it('never pay back more than the balance', async () => {
    const p = await practice();
    await p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(12000) });
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    const refund = (amount: number) =>
      p.sessions.accounts.refund(p.staff, { clientId: p.clientId, amount: EUR(amount), reason: 'leaving' });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => refund(2501));
    expect(error.details).toMatchObject({ needed: 2501, remaining: 2500, missing: 1 });
    await refund(2500);
    expect(await numbers(p)).toMatchObject({ refunds: 2500, balance: 0, available: 0 });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => refund(1));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('are refused while the client owes money', async () => {
    const p = await practice();
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.accounts.refund(p.staff, { clientId: p.clientId, amount: EUR(100), reason: 'x' }),
    );
    expect(error.details).toMatchObject({ needed: 100, remaining: 0, missing: 100 });
  });
});

describe('account commands refuse bad input', () => {
  it('checks amounts, currency, reasons and the client', async () => {
    const p = await practice();
    const { clientId } = p;
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.accounts.recordPayment(p.staff, { clientId, amount: EUR(0) }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.accounts.credit(p.staff, { clientId, amount: EUR(-5), reason: 'x' }),
    );
    await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.accounts.recordPayment(p.staff, { clientId, amount: { amount: 100, currency: 'USD' } }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.accounts.credit(p.staff, { clientId, amount: EUR(100), reason: '  ' }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.accounts.refund(p.staff, { clientId, amount: EUR(100) } as never),
    );
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.accounts.recordPayment(p.staff, { clientId: 'nobody', amount: EUR(100) }),
    );
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.accounts.get(p.staff, { clientId: 'nobody' }));
  });
});

describe('who may use the account', () => {
  it('lets a client read only their own account and history', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    await p.sessions.accounts.recordPayment(p.staff, { clientId: other.id, amount: EUR(4000) });
    expect((await p.sessions.accounts.get(p.client, { clientId: p.clientId })).balance.balance).toEqual(EUR(0));
    expect((await p.sessions.accounts.get(other.actor, { clientId: other.id })).balance.balance).toEqual(EUR(4000));
    expect(await p.sessions.accounts.history(other.actor, { clientId: other.id })).toHaveLength(1);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.accounts.get(p.client, { clientId: other.id }));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.accounts.history(p.client, { clientId: other.id }));
  });

  it('keeps payments, credits, refunds and invoices to staff and admins', async () => {
    const p = await practice();
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    await p.sessions.accounts.recordPayment(p.admin, { clientId: p.clientId, amount: EUR(100) });
    const { clientId } = p;
    const attempts = (actor: Actor) => [
      () => p.sessions.accounts.recordPayment(actor, { clientId, amount: EUR(100) }),
      () => p.sessions.accounts.credit(actor, { clientId, amount: EUR(100), reason: 'x' }),
      () => p.sessions.accounts.refund(actor, { clientId, amount: EUR(100), reason: 'x' }),
      () => p.sessions.accounts.issueInvoice(actor, { clientId }),
    ];
    for (const actor of [p.client, p.practitioner]) {
      for (const attempt of attempts(actor)) await expectRefused(p, 'FORBIDDEN', attempt);
    }
  });
});
