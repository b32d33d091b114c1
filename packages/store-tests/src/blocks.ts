import { expect } from 'vitest';
import { EUR, expectRefusedUnchanged, practice } from './fixtures.js';
import { concern } from './suite.js';

export const blocks = concern('blocks', {
  async 'a block is sold, invoiced, paid, booked, used and refunded, entry by entry'(harness) {
    const p = await practice(harness);
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
    const [stored] = await harness.raw.blocks(p.tenantId);
    expect(stored).toEqual(refunded.block);
  },

  async 'history returns the stored entries in order'(harness) {
    const p = await practice(harness);
    const { block } = await p.activeBlock(4, 40000);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history).toEqual(await harness.raw.ledgerEntries(p.tenantId, block.id));
  },

  async 'bad input is refused and changes nothing'(harness) {
    const p = await practice(harness);
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
    const p = await practice(harness);
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
