import { createSessions, type Reminder, type SessionsStore, sequentialIds } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';
import { describe, expect, it } from 'vitest';
import { EUR, practice, refusal } from './helpers.js';

const types = (items: Reminder[]) => items.map((r) => r.type).sort();

describe('reminders', () => {
  it('asks for an invoice, then for payment, each with the command that resolves it', async () => {
    const p = await practice();
    const { block } = await p.block();
    expect(await p.sessions.reminders(p.staff)).toEqual([
      expect.objectContaining({
        type: 'uninvoiced',
        action: { kind: 'issue_invoice', command: 'blocks.issueInvoice', blockId: block.id },
      }),
    ]);
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(30000) });
    const [unpaid] = await p.sessions.reminders(p.staff);
    expect(unpaid).toMatchObject({
      type: 'unpaid_invoice',
      number: 'INV-0001',
      unpaid: EUR(70000),
      overdue: false,
      action: { kind: 'record_payment', due: EUR(70000) },
    });
    p.clock.set('2026-03-16T12:00:00Z'); // due on the 15th
    expect((await p.sessions.reminders(p.staff))[0]).toMatchObject({ type: 'unpaid_invoice', overdue: true });
  });

  it('flags a low balance at the threshold, then the last unit used', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(50000) } });
    for (const id of ['a', 'b', 'c']) await p.sessions.credits.reserve(p.staff, p.booking(block.id, id));
    expect(types(await p.sessions.reminders(p.staff))).toEqual([]); // 2 of 5 left: 40 %
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'd')); // 1 of 5: 20 %
    expect(await p.sessions.reminders(p.staff)).toEqual([
      expect.objectContaining({
        type: 'low_balance',
        remaining: 1,
        purchased: 5,
        action: expect.objectContaining({ kind: 'sell_block' }),
      }),
    ]);
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'e'));
    expect(types(await p.sessions.reminders(p.staff))).toEqual(['last_unit_used']);
  });

  it('uses the practice’s low-balance threshold when it sets one', async () => {
    const p = await practice({ lowBalanceThresholdPercent: 50 });
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'a'));
    expect(types(await p.sessions.reminders(p.staff))).toEqual([]); // 3 of 4 left
    const { balance } = await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'b'));
    expect(balance.remaining).toBe(2);
    expect(types(await p.sessions.reminders(p.staff))).toEqual(['low_balance']); // 2 of 4: 50 %
    const [event] = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'block.low_balance');
    expect(event?.payload).toMatchObject({ remaining: 2, purchased: 4, thresholdPercent: 50 });
  });

  it('warns of expiry within N days, then reports the block expired', async () => {
    const p = await practice();
    await p.activeBlock({ expiresOn: '2026-03-20' });
    expect(types(await p.sessions.reminders(p.staff))).toEqual([]);
    expect(await p.sessions.reminders(p.staff, { expiringWithinDays: 30 })).toEqual([
      expect.objectContaining({ type: 'expiring', expiresOn: '2026-03-20', daysLeft: 19, remaining: 10 }),
    ]);
    p.clock.set('2026-03-25T12:00:00Z');
    expect(await p.sessions.reminders(p.staff)).toEqual([
      expect.objectContaining({
        type: 'expired',
        forfeited: 10,
        action: expect.objectContaining({ kind: 'extend_expiry' }),
      }),
    ]);
  });

  it('shows a client only their own reminders', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const other = await p.sessions.clients.create(p.staff, { name: 'Other' });
    await p.block({ clientId: other.id });
    expect(await p.sessions.reminders(p.client)).toEqual([]);
    expect((await refusal(p.sessions.reminders(p.client, { clientId: other.id }))).code).toBe('FORBIDDEN');
  });
});

describe('events', () => {
  it('are in the outbox once the command commits, in order', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(50000) } });
    const events = await p.sessions.events.poll({ tenantId: p.tenantId });
    expect(events.map((e) => e.type)).toEqual([
      'block.created',
      'invoice.issued',
      'payment.recorded',
      'block.activated',
    ]);
    expect(events[0]).toMatchObject({ tenantId: p.tenantId, aggregate: { type: 'block', id: block.id } });
    await p.sessions.events.ack(events);
    expect(await p.sessions.events.poll({ tenantId: p.tenantId })).toEqual([]);
  });

  it('fire block.low_balance once, when the threshold is crossed, and block.last_unit_used', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(50000) } });
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      await p.sessions.credits.reserve(p.staff, p.booking(block.id, id));
      await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: id });
    }
    const types = (await p.sessions.events.poll({ tenantId: p.tenantId, limit: 1000 })).map((e) => e.type);
    expect(types.filter((t) => t === 'block.low_balance')).toHaveLength(1);
    expect(types.filter((t) => t === 'block.last_unit_used')).toHaveLength(1);
    expect(types).toContain('block.completed');
  });

  it('of a failed command are never written', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'a'));
    const before = (await p.sessions.events.poll({ tenantId: p.tenantId, limit: 1000 })).length;
    await refusal(p.sessions.credits.reserve(p.staff, p.booking(block.id, 'b')));
    expect(await p.sessions.events.poll({ tenantId: p.tenantId, limit: 1000 })).toHaveLength(before);
  });

  it('are not visible to a poller until the command has committed', async () => {
    const inner = createMemoryStore();
    const seenBeforeCommit: string[][] = [];
    const store: SessionsStore = {
      outbox: inner.outbox,
      transaction: (tenantId, fn) =>
        inner.transaction(tenantId, async (tx) => {
          const result = await fn(tx);
          // The command's body is done and its events are written, but not committed.
          seenBeforeCommit.push((await inner.outbox.poll({ limit: 1000 })).map((e) => e.type));
          return result;
        }),
    };
    const sessions = createSessions({ store, ids: sequentialIds(), settings: { currency: 'EUR', timeZone: 'UTC' } });
    const staff = { tenantId: 't', kind: 'staff', id: 's' } as const;
    const client = await sessions.clients.create(staff, { name: 'C' });
    await sessions.blocks.create(staff, { clientId: client.id, quantity: 1, price: { total: EUR(100) } });
    expect(seenBeforeCommit.at(-1)).toEqual([]);
    expect((await sessions.events.poll()).map((e) => e.type)).toEqual(['block.created']);
  });

  it('are not repeated when an idempotent command is repeated', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const reserve = () => p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'), { idempotencyKey: 'book-s1' });
    await reserve();
    const count = (await p.sessions.events.poll({ limit: 1000 })).length;
    await reserve();
    expect(await p.sessions.events.poll({ limit: 1000 })).toHaveLength(count);
  });
});
