import { BLOCK_STATUSES, type BlockStatus, canTransition } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, expectUnchanged, type Practice, practice } from './helpers.js';

describe('block lifecycle', () => {
  it('draft → pending on invoice → stays pending while part-paid → active once paid in full (the default)', async () => {
    const p = await practice();
    const { block } = await p.block();
    expect(block.status).toBe('draft');
    const invoiced = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoiced.block.status).toBe('pending');
    expect(invoiced.invoice).toMatchObject({ number: 'INV-0001', total: 100000, dueOn: '2026-03-15' });
    p.clock.set('2026-03-03T10:00:00Z');
    const part = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(60000) });
    expect(part.block.status).toBe('pending');
    expect(part.balance).toMatchObject({ paid: EUR(60000), unpaid: EUR(40000) });
    p.clock.set('2026-03-04T10:00:00Z');
    const full = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(40000) });
    expect(full.block.status).toBe('active');
    expect(full.block.activatedAt).toBe('2026-03-04T10:00:00.000Z');
    const activated = (await p.sessions.events.poll()).filter((e) => e.type === 'block.activated');
    expect(activated).toMatchObject([{ payload: { unlockedOn: 'payment' } }]);
  });

  it('unlocks on invoice when the practice says so, before any payment', async () => {
    const p = await practice({ unlockCreditsOn: 'invoice' });
    const { block } = await p.block();
    const { block: invoiced, balance } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoiced.status).toBe('active');
    expect(balance.unpaid).toEqual(EUR(100000));
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
  });

  it('unlocks at creation when the practice says so, and can still be invoiced and paid', async () => {
    const p = await practice({ unlockCreditsOn: 'creation' });
    const { block } = await p.block();
    expect(block.status).toBe('active');
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const { invoice, block: invoiced } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.total).toBe(100000);
    expect(invoiced.status).toBe('active');
    const paid = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100000) });
    expect(paid.block.status).toBe('active');
  });

  it('a free block is active as soon as it is invoiced', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 2, price: { total: EUR(0) } });
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id })).block.status).toBe('active');
  });

  it('numbers invoices in sequence with the practice prefix, and invoices a block only once', async () => {
    const p = await practice({ invoicePrefix: 'R-', maxActiveBlocksPerClient: 3 });
    const first = await p.block();
    const second = await p.block();
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: first.block.id })).invoice.number).toBe('R-0001');
    expect((await p.sessions.blocks.issueInvoice(p.staff, { blockId: second.block.id })).invoice.number).toBe('R-0002');
    await expectRefused(p, 'CONFLICT', () => p.sessions.blocks.issueInvoice(p.staff, { blockId: first.block.id }));
  });

  it('completes when the last unit is used, and is active again when units are granted', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    const held = await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    expect(held.block.status).toBe('active'); // a held unit is not used yet
    const used = await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    expect(used.block).toMatchObject({ status: 'completed', closedAt: '2026-03-01T09:00:00.000Z' });
    const granted = await p.sessions.blocks.grantUnits(p.staff, { blockId: block.id, units: 1, reason: 'goodwill' });
    expect(granted.block).toMatchObject({ status: 'active', closedAt: null });
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

  it('refuses to cancel or delete a block whose units are held by scheduled sessions', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await expectRefused(p, 'CONFLICT', () => p.sessions.blocks.cancel(p.staff, { blockId: block.id }));
    await expectRefused(p, 'CONFLICT', () => p.sessions.blocks.delete(p.staff, { blockId: block.id }));
  });
});

type Setup = (p: Practice) => Promise<string>;
const draft: Setup = async (p) => (await p.block()).block.id;
const active: Setup = async (p) => (await p.activeBlock({ expiresOn: '2026-03-20' })).block.id;
const cancelled: Setup = async (p) => {
  const id = await draft(p);
  await p.sessions.blocks.cancel(p.staff, { blockId: id });
  return id;
};
const completed: Setup = async (p) => {
  const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(100) } });
  await p.sessions.credits.consume(p.staff, { ...p.booking(block.id, 's1') });
  return block.id;
};
const expired: Setup = async (p) => {
  const id = await active(p);
  p.clock.set('2026-03-21T09:00:00Z');
  await p.sessions.blocks.expireDue(p.staff);
  return id;
};
const pending: Setup = async (p) => {
  const id = await draft(p);
  await p.sessions.blocks.issueInvoice(p.staff, { blockId: id });
  return id;
};

describe('illegal transitions are refused with INVALID_TRANSITION naming from and to', () => {
  const cases: [string, Setup, (p: Practice, blockId: string) => Promise<unknown>, BlockStatus, BlockStatus, RegExp][] =
    [
      [
        'expire a draft',
        draft,
        (p, id) => p.sessions.blocks.expire(p.staff, { blockId: id }),
        'draft',
        'expired',
        /draft block cannot become expired/,
      ],
      [
        'expire before the expiry date',
        active,
        (p, id) => p.sessions.blocks.expire(p.staff, { blockId: id }),
        'active',
        'expired',
        /usable until the end of 2026-03-20/,
      ],
      [
        'expire a block that never expires',
        async (p) => (await p.activeBlock()).block.id,
        (p, id) => p.sessions.blocks.expire(p.staff, { blockId: id }),
        'active',
        'expired',
        /no expiry date/,
      ],
      [
        'expire an expired block again',
        expired,
        (p, id) => p.sessions.blocks.expire(p.staff, { blockId: id }),
        'expired',
        'expired',
        /expired block cannot become expired/,
      ],
      [
        'cancel a cancelled block',
        cancelled,
        (p, id) => p.sessions.blocks.cancel(p.staff, { blockId: id }),
        'cancelled',
        'cancelled',
        /cancelled block cannot become cancelled/,
      ],
      [
        'cancel a completed block',
        completed,
        (p, id) => p.sessions.blocks.cancel(p.staff, { blockId: id }),
        'completed',
        'cancelled',
        /completed block cannot become cancelled/,
      ],
      [
        'invoice a cancelled block',
        cancelled,
        (p, id) => p.sessions.blocks.issueInvoice(p.staff, { blockId: id }),
        'cancelled',
        'pending',
        /cancelled block cannot become pending/,
      ],
      [
        'grant units to a pending block',
        pending,
        (p, id) => p.sessions.blocks.grantUnits(p.staff, { blockId: id, units: 1, reason: 'x' }),
        'pending',
        'active',
        /pending block is not in use/,
      ],
      [
        'extend a cancelled block',
        cancelled,
        (p, id) => p.sessions.blocks.extendExpiry(p.staff, { blockId: id, expiresOn: null }),
        'cancelled',
        'cancelled',
        /Only open blocks/,
      ],
      [
        'refund units of a draft',
        draft,
        (p, id) => p.sessions.blocks.refund(p.staff, { blockId: id, units: 1 }),
        'draft',
        'draft',
        /cancel it instead/,
      ],
    ];

  it.each(cases)('%s', async (_name, setup, command, from, to, message) => {
    const p = await practice();
    const blockId = await setup(p);
    const error = await expectRefused(p, 'INVALID_TRANSITION', () => command(p, blockId));
    expect(error.details).toMatchObject({ from, to });
    expect(error.message).toMatch(message);
  });

  it('a payment before the invoice is refused and tells the user to issue the invoice', async () => {
    const p = await practice();
    const { block } = await p.block();
    const error = await expectUnchanged(p.store, () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100) }),
    );
    expect(error.message).toMatch(/issue the invoice/);
  });

  it('cancelled is final, and a completed block can only become active again', () => {
    for (const to of BLOCK_STATUSES) expect(canTransition('cancelled', to), `cancelled → ${to}`).toBe(false);
    expect(BLOCK_STATUSES.filter((to) => canTransition('completed', to))).toEqual(['active']);
    expect(BLOCK_STATUSES.filter((to) => canTransition('draft', to))).toEqual(['pending', 'active', 'cancelled']);
  });
});

describe('live blocks per client', () => {
  it('allows one live block per client by default', async () => {
    const p = await practice();
    await p.block();
    const error = await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.block());
    expect(error.message).toMatch(/allows 1/);
    expect(error.details).toMatchObject({ limit: 1, clientId: p.clientId });
  });

  it('counts only draft, pending and active blocks, up to the practice’s limit', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const done = await completed(p);
    await p.block();
    await p.block();
    await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.block());
    const blocks = await p.sessions.blocks.list(p.staff, { clientId: p.clientId });
    const statusById = Object.fromEntries(blocks.map((v) => [v.block.id, v.block.status]));
    expect(statusById[done]).toBe('completed');
    expect(Object.values(statusById).sort()).toEqual(['completed', 'draft', 'draft']);
  });

  it('soft-deletes a block out of lists, and restores it under the same limit', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const deleted = await p.sessions.blocks.delete(p.staff, { blockId: block.id, reason: 'sold by mistake' });
    expect(deleted.block.deletedAt).not.toBeNull();
    expect(await p.sessions.blocks.list(p.staff, { clientId: p.clientId })).toEqual([]);
    expect(await p.sessions.blocks.list(p.staff, { clientId: p.clientId, includeDeleted: true })).toHaveLength(1);
    expect((await p.sessions.blocks.history(p.staff, { blockId: block.id })).length).toBeGreaterThan(0);
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1')));
    // A deleted block does not count against the limit; restoring it checks the limit again.
    const replacement = await p.block();
    await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.sessions.blocks.restore(p.staff, { blockId: block.id }));
    await p.sessions.blocks.cancel(p.staff, { blockId: replacement.block.id });
    const restored = await p.sessions.blocks.restore(p.staff, { blockId: block.id });
    expect(restored.block.deletedAt).toBeNull();
    expect((await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'))).balance.reserved).toBe(1);
    await expectRefused(p, 'CONFLICT', () => p.sessions.blocks.restore(p.staff, { blockId: block.id }));
  });
});
