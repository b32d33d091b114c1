import type { Reminder } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, schedule } from './session-helpers.js';

/** An active block of 10 sessions for €1,000.00 for a new client. */
async function activeBlockFor(p: Practice, name: string) {
  const client = await anotherClient(p, name);
  const { block } = await p.sessions.blocks.create(p.staff, {
    clientId: client.id,
    quantity: 10,
    price: { total: EUR(100000) },
  });
  await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
  await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100000) });
  return { client, blockId: block.id };
}

describe('reports', () => {
  it('active packages, a page at a time, each with its balance and client', async () => {
    const p = await practice();
    const made = [];
    for (let i = 0; i < 7; i++) {
      p.clock.advance({ minutes: 1 }); // the report's order: by creation
      made.push(await activeBlockFor(p, `Client ${i}`));
    }
    await p.sessions.blocks
      .create(p.staff, { clientId: made[0]?.client.id as string, quantity: 5, price: { total: EUR(5000) } })
      .catch(() => {});
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await p.sessions.reports.activePackages(p.staff, { limit: 3, ...(after ? { after } : {}) });
      pages.push(page.items.map((i) => i.client.name));
      after = page.next ?? undefined;
    } while (after);
    expect(pages).toEqual([['Client 0', 'Client 1', 'Client 2'], ['Client 3', 'Client 4', 'Client 5'], ['Client 6']]);
    const [first] = (await p.sessions.reports.activePackages(p.staff, { limit: 1 })).items;
    expect(first?.balance).toMatchObject({ remaining: 10, paid: EUR(100000) });
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.reports.activePackages(p.staff, { after: 'not-a-cursor' }),
    );
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.reports.activePackages(p.client));
  });

  it('a client’s package history, newest first, with totals; a client reads only their own', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    const old = await p.activeBlock({ name: 'Spring pack', quantity: 3, price: { total: EUR(30000) } });
    await schedule(p).then(({ session }) => p.sessions.sessions.complete(p.staff, { sessionId: session.id }));
    p.clock.advance({ hours: 24 });
    await p.activeBlock({ name: 'Summer pack', quantity: 5, price: { total: EUR(45000) } });
    const history = await p.sessions.reports.packageHistory(p.client, { clientId: p.clientId });
    expect(history.blocks.map((v) => v.block.name)).toEqual(['Summer pack', 'Spring pack']);
    expect(history.blocks[1]?.block.id).toBe(old.block.id);
    expect(history.totals).toEqual({ purchased: 8, consumed: 1, remaining: 7, paid: EUR(75000) });
    const other = await anotherClient(p);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.reports.packageHistory(other.actor, { clientId: p.clientId }));
  });

  it('client balances: the account and what is left on live blocks, paged', async () => {
    const p = await practice();
    await p.activeBlock();
    await p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(5000) });
    p.clock.advance({ minutes: 1 });
    await anotherClient(p, 'Lena Roth');
    const first = await p.sessions.reports.clientBalances(p.staff, { limit: 1 });
    expect(first.items).toEqual([
      expect.objectContaining({
        client: { id: p.clientId, name: 'Mara Schulz' },
        liveBlocks: 1,
        remainingSessions: 10,
        remainingValue: EUR(100000),
        account: expect.objectContaining({ balance: EUR(5000), available: EUR(5000) }),
      }),
    ]);
    const second = await p.sessions.reports.clientBalances(p.staff, { limit: 1, after: first.next as string });
    expect(second.items.map((i) => [i.client.name, i.liveBlocks])).toEqual([['Lena Roth', 0]]);
  });

  it('deferred revenue: what was paid for units not yet delivered, never more than was paid', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    // Paid in full: 3 used, 2 booked, 5 left → €700.00 owed in sessions, €200.00 of it booked.
    await p.activeBlock();
    for (const day of ['10', '11', '12', '13', '14']) {
      const { session } = await schedule(p, { start: `2026-03-${day}T09:00[Europe/Berlin]` });
      if (day <= '12') await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    }
    // €1,000.00 of units, €300.00 paid, credits unlocked on invoice: 2 used (€200.00) → €100.00 deferred.
    const q = await practice({ unlockCreditsOn: 'invoice' });
    const { block } = await q.block();
    await q.sessions.blocks.issueInvoice(q.staff, { blockId: block.id });
    await q.sessions.blocks.recordPayment(q.staff, { blockId: block.id, amount: EUR(30000) });
    for (const day of ['10', '11']) {
      const { session } = await schedule(q, { start: `2026-03-${day}T09:00[Europe/Berlin]` });
      await q.sessions.sessions.complete(q.staff, { sessionId: session.id });
    }
    expect(await p.sessions.reports.deferredRevenue(p.staff)).toEqual({
      deferred: EUR(70000),
      booked: EUR(20000),
      blocks: 1,
    });
    expect(await q.sessions.reports.deferredRevenue(q.staff)).toEqual({
      deferred: EUR(10000),
      booked: EUR(0),
      blocks: 1,
    });
  });
});

describe('the reminders feed, a page at a time', () => {
  it('gives exactly the reminders of the whole practice, however small the pages', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    await p.block({ name: 'Never invoiced' });
    const unpaid = await p.block({ name: 'Unpaid' });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: unpaid.block.id });
    await p.activeBlock({ name: 'Low', quantity: 5, price: { total: EUR(50000) }, expiresOn: '2026-03-10' });
    for (const day of ['02', '03', '04', '05']) await schedule(p, { start: `2026-03-${day}T09:00[Europe/Berlin]` });
    const other = await anotherClient(p);
    await schedule(p, { clients: [{ clientId: other.id }] });
    const all = await p.sessions.reminders(p.staff);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const key = (r: Reminder) => JSON.stringify(r);
    for (const limit of [1, 2, 50]) {
      const seen: Reminder[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await p.sessions.remindersPage(p.staff, { limit, ...(after ? { after } : {}) });
        seen.push(...page.items);
        after = page.next ?? undefined;
        pages += 1;
      } while (after && pages < 100);
      expect(seen.map(key).sort(), `limit ${limit}`).toEqual(all.map(key).sort());
    }
    await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.remindersPage(p.staff, { after: 'garbage' }));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.remindersPage(p.client));
  });

  it('a used-up block is reminded of for 30 days, and not once the client has a newer block', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    const { session } = await schedule(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    const types = async () => (await p.sessions.reminders(p.staff)).map((r) => r.type);
    expect(await types()).toContain('last_unit_used');
    p.clock.set('2026-04-01T09:00:00Z'); // 31 days later
    expect(await types()).not.toContain('last_unit_used');
    p.clock.set('2026-03-02T09:00:00Z');
    await p.block();
    expect(await types()).not.toContain('last_unit_used');
  });
});
