import { expect } from 'vitest';
import { EUR, expectRefusedUnchanged, setup } from './fixtures.js';
import { concern } from './suite.js';

export const blocks = concern('blocks', {
  async 'a block is sold, invoiced, paid, booked, used and refunded, entry by entry'(harness) {
    const p = await setup(harness);
    const { block } = await p.sessions.blocks.create(p.staff, {
      clientId: p.clientId,
      quantity: 3,
      price: { total: EUR(100000) },
    });
    expect(block.status).toBe('draft');
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.total).toBe(100000);
    expect(await harness.raw.records(p.tenantId, 'invoices')).toEqual([invoice]);
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(40000) });
    const paid = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(60000) });
    expect(paid.block.status).toBe('active');

    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's2'));
    await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's2' });
    const refunded = await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 1 });
    expect(refunded.refund?.amount).toEqual(EUR(33333));

    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    expect(entries.map((e) => [e.kind, e.units, e.value, e.amount])).toEqual([
      ['purchase', 3, 100000, 0],
      ['payment', 0, 0, 40000],
      ['payment', 0, 0, 60000],
      ['reserve', 1, 33334, 0],
      ['consume', 1, 33334, 0],
      ['reserve', 1, 33333, 0],
      ['release', 1, 33333, 0],
      ['refund', 1, 33333, 33333],
    ]);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({
      purchased: 3,
      consumed: 1,
      refunded: 1,
      remaining: 1,
      paid: EUR(100000),
      consumedValue: EUR(33334),
      remainingValue: EUR(33333),
      refundedAmount: EUR(33333),
    });
    expect(await harness.raw.blocks(p.tenantId)).toEqual([refunded.block]);
    expect(
      (await harness.raw.outbox(p.tenantId)).filter((e) => e.aggregate.id === block.id).map((e) => e.type),
    ).toEqual([
      'block.created',
      'invoice.issued',
      'payment.recorded',
      'payment.recorded',
      'block.activated',
      'credit.reserved',
      'credit.consumed',
      'credit.reserved',
      'credit.released',
      'block.refunded',
    ]);
  },

  async 'a block is cancelled, its unused units refunded'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(4, 40000);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    const cancelled = await p.sessions.blocks.cancel(p.staff, { blockId: block.id, reason: 'moving away' });
    expect(cancelled.block.status).toBe('cancelled');
    expect(cancelled.refund?.amount).toEqual(EUR(30000));
    const [stored] = await harness.raw.blocks(p.tenantId);
    expect(stored).toEqual(cancelled.block);
    expect(stored?.closedAt).toBe('2026-03-01T09:00:00.000Z');
    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    expect(entries.at(-1)).toMatchObject({
      kind: 'refund',
      units: 3,
      value: 30000,
      amount: 30000,
      seq: entries.length,
    });
    const events = await harness.raw.outbox(p.tenantId);
    expect(events.at(-1)).toMatchObject({ type: 'block.cancelled', aggregate: { type: 'block', id: block.id } });
    // Cancelled is final.
    await expectRefusedUnchanged(harness, 'INVALID_TRANSITION', () =>
      p.sessions.blocks.cancel(p.staff, { blockId: block.id }),
    );
  },

  async 'a block holding units for sessions cannot be cancelled, and nothing changes'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(4, 40000);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await expectRefusedUnchanged(harness, 'CONFLICT', () => p.sessions.blocks.cancel(p.staff, { blockId: block.id }));
    expect((await harness.raw.blocks(p.tenantId))[0]?.status).toBe('active');
  },

  async 'a client reads their own block, as stored'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(2, 20000);
    const view = await p.sessions.blocks.get(p.client, { blockId: block.id });
    expect(view.block).toEqual((await harness.raw.blocks(p.tenantId))[0]);
    expect(view.balance).toMatchObject({ purchased: 2, remaining: 2, paid: EUR(20000) });
  },

  async 'history returns the stored entries in order'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(4, 40000);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history).toEqual(await harness.raw.ledgerEntries(p.tenantId, block.id));
  },

  async 'bad input is refused and changes nothing'(harness) {
    const p = await setup(harness);
    const base = { clientId: p.clientId, price: { total: EUR(1000) } };
    await expectRefusedUnchanged(harness, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.create(p.staff, { ...base, quantity: -1 }),
    );
    await expectRefusedUnchanged(harness, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.create(p.staff, { ...base, quantity: 0 }),
    );
    await expectRefusedUnchanged(harness, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.create(p.staff, { ...base, quantity: 2, price: { total: { amount: 10.5, currency: 'EUR' } } }),
    );
    await expectRefusedUnchanged(harness, 'NOT_FOUND', () =>
      p.sessions.blocks.create(p.staff, { ...base, clientId: 'no-such-client', quantity: 2 }),
    );
    await expectRefusedUnchanged(harness, 'FORBIDDEN', () =>
      p.sessions.blocks.create(p.client, { ...base, quantity: 2 }),
    );
  },

  async 'a failed command in the middle of a block’s life leaves the block as it was'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(2, 20000);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's2'));
    await expectRefusedUnchanged(harness, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 's3')),
    );
    await expectRefusedUnchanged(harness, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 1 }),
    );
    await expectRefusedUnchanged(harness, 'PAYMENT_EXCEEDS_DUE', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(1) }),
    );
  },
});
