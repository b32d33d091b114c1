import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';

describe('block lifecycle', () => {
  it('draft → pending on invoice → active once paid in full (the default)', async () => {
    const p = await practice();
    const { block } = await p.block();
    expect(block.status).toBe('draft');
    const invoiced = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoiced.block.status).toBe('pending');
    expect(invoiced.invoice).toMatchObject({ number: 'INV-0001', total: 100000, dueOn: '2026-03-15' });
    const part = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(60000) });
    expect(part.block.status).toBe('pending');
    expect(part.balance.unpaid).toEqual(EUR(40000));
    const full = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(40000) });
    expect(full.block.status).toBe('active');
    expect(full.block.activatedAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('unlocks on invoice when the practice says so', async () => {
    const p = await practice({ unlockCreditsOn: 'invoice' });
    const { block } = await p.block();
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id })).block.status).toBe('active');
  });

  it('unlocks at creation when the practice says so, and can still be invoiced and paid', async () => {
    const p = await practice({ unlockCreditsOn: 'creation' });
    const { block } = await p.block();
    expect(block.status).toBe('active');
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.total).toBe(100000);
    const paid = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100000) });
    expect(paid.block.status).toBe('active');
  });

  it('numbers invoices in sequence with the practice prefix', async () => {
    const p = await practice({ invoicePrefix: 'R-', maxActiveBlocksPerClient: 3 });
    const first = await p.block();
    const second = await p.block();
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: first.block.id })).invoice.number).toBe('R-0001');
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: second.block.id })).invoice.number).toBe('R-0002');
  });

  it('completes when the last unit is used, and reopens when units are granted', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const used = await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    expect(used.block.status).toBe('completed');
    const granted = await p.sessions.blocks.grantUnits(p.staff, { blockId: block.id, units: 1, reason: 'goodwill' });
    expect(granted.block.status).toBe('active');
    expect(granted.balance).toMatchObject({ remaining: 1, remainingValue: EUR(0) });
  });

  it('cancels with a refund of every unused unit', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    const cancelled = await p.sessions.blocks.cancel(p.staff, { blockId: block.id, reason: 'moving away' });
    expect(cancelled.block.status).toBe('cancelled');
    expect(cancelled.refund?.amount).toEqual(EUR(30000));
    expect(cancelled.balance).toMatchObject({ remaining: 0, refunded: 3, consumed: 1 });
  });

  it('cancels without a refund: unused units are forfeited', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    const cancelled = await p.sessions.blocks.cancel(p.staff, { blockId: block.id, refund: 'none' });
    expect(cancelled.refund).toBeNull();
    expect(cancelled.balance).toMatchObject({ remaining: 0, forfeited: 4, refundedAmount: EUR(0) });
  });

  it('refuses to cancel a block whose units are held by scheduled sessions', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await expectRefused(p, 'CONFLICT', () => p.sessions.blocks.cancel(p.staff, { blockId: block.id }));
  });

  it('refuses illegal transitions, naming from and to', async () => {
    const p = await practice();
    const { block } = await p.block();
    const paying = await expectRefused(p, 'CONFLICT', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100) }),
    );
    expect(paying.message).toMatch(/issue the invoice/);
    const early = await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.blocks.expire(p.staff, { blockId: block.id }),
    );
    expect(early.details).toMatchObject({ from: 'draft', to: 'expired' });
    expect(early.message).toBe('Cannot expire the block: a draft block cannot become expired.');
    await p.sessions.blocks.cancel(p.staff, { blockId: block.id });
    const again = await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.blocks.cancel(p.staff, { blockId: block.id }),
    );
    expect(again.details).toMatchObject({ from: 'cancelled', to: 'cancelled' });
    await expectRefused(p, 'INVALID_TRANSITION', () => p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id }));
  });

  it('allows one live block per client by default', async () => {
    const p = await practice();
    await p.block();
    const error = await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.block());
    expect(error.message).toMatch(/allows 1/);
  });

  it('soft-deletes a block out of lists, and restores it', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const deleted = await p.sessions.blocks.delete(p.staff, { blockId: block.id, reason: 'sold by mistake' });
    expect(deleted.block.deletedAt).not.toBeNull();
    expect(await p.sessions.blocks.list(p.staff, { clientId: p.clientId })).toEqual([]);
    expect(await p.sessions.blocks.list(p.staff, { clientId: p.clientId, includeDeleted: true })).toHaveLength(1);
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1')));
    // A deleted block does not count against the limit; restoring it checks the limit again.
    const replacement = await p.block();
    await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.sessions.blocks.restore(p.staff, { blockId: block.id }));
    await p.sessions.blocks.cancel(p.staff, { blockId: replacement.block.id });
    const restored = await p.sessions.blocks.restore(p.staff, { blockId: block.id });
    expect(restored.block.deletedAt).toBeNull();
  });
});
