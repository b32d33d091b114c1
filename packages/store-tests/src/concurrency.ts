import { isSessionsError } from '@sessions/core';
import { expect } from 'vitest';
import { EUR, freshTenant, practice } from './fixtures.js';
import { concern } from './suite.js';

/** Let other transactions run: a few turns of the event loop, and a real timer tick. */
const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

export const concurrency = concern('concurrency', {
  async 'two transactions locking the same key never interleave'({ store }) {
    const tenantId = freshTenant();
    const log: string[] = [];
    const worker = (name: string) =>
      store.transaction(tenantId, async (tx) => {
        await tx.lock(['block:b1']);
        log.push(`${name} in`);
        await yieldToOthers();
        await yieldToOthers();
        log.push(`${name} out`);
      });
    await Promise.all([worker('a'), worker('b'), worker('c')]);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i]?.replace(' in', '')).toBe(log[i + 1]?.replace(' out', ''));
    }
  },

  async 'transactions locking different keys run at the same time'({ store }) {
    const tenantId = freshTenant();
    let inside = 0;
    let most = 0;
    const worker = (key: string) =>
      store.transaction(tenantId, async (tx) => {
        await tx.lock([key]);
        inside += 1;
        most = Math.max(most, inside);
        await yieldToOthers();
        inside -= 1;
      });
    await Promise.all([worker('block:a'), worker('block:b'), worker('block:c')]);
    expect(most).toBeGreaterThan(1);
  },

  async 'the same key in two tenants does not block'({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    const holder = store.transaction(a, async (tx) => {
      await tx.lock(['block:shared']);
      await aMayFinish;
    });
    // If tenant b waited for tenant a's lock, this would never resolve before releaseA.
    await store.transaction(b, (tx) => tx.lock(['block:shared']));
    releaseA();
    await holder;
  },

  async '50 concurrent reservations on a block of 10 units: exactly 10 succeed'(harness) {
    const p = await practice(harness);
    const { block } = await p.activeBlock(10, 100000);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => p.sessions.credits.reserve(p.staff, p.booking(block.id, `session-${i}`))),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(10);
    expect(rejected).toHaveLength(40);
    for (const r of rejected) expect(isSessionsError(r.reason, 'INSUFFICIENT_CREDIT')).toBe(true);

    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    const reserves = entries.filter((e) => e.kind === 'reserve');
    expect(reserves).toHaveLength(10);
    expect(reserves.reduce((sum, e) => sum + e.units, 0)).toBe(10);
    expect(reserves.reduce((sum, e) => sum + e.value, 0)).toBe(100000);
    expect(new Set(reserves.map((e) => e.sessionId)).size).toBe(10);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reserved: 10 });
  },

  async 'concurrent payments never take more than is due'(harness) {
    const p = await practice(harness);
    const { block } = await p.sessions.blocks.create(p.staff, {
      clientId: p.clientId,
      quantity: 10,
      price: { total: EUR(100000) },
    });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(30000) }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) {
      if (r.status === 'rejected') expect(isSessionsError(r.reason, 'PAYMENT_EXCEEDS_DUE')).toBe(true);
    }
    const payments = (await harness.raw.ledgerEntries(p.tenantId, block.id)).filter((e) => e.kind === 'payment');
    expect(payments.reduce((sum, e) => sum + e.amount, 0)).toBe(90000);
  },

  async 'concurrent block sales respect the live-block limit'(harness) {
    const p = await practice(harness); // the fixture allows 10 live blocks per client
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        p.sessions.blocks.create(p.staff, { clientId: p.clientId, quantity: 5, price: { total: EUR(50000) } }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(await harness.raw.blocks(p.tenantId)).toHaveLength(10);
  },

  async 'invoice numbers stay unique and gap-free under concurrency'(harness) {
    const p = await practice(harness);
    const clients = await Promise.all(
      Array.from({ length: 8 }, (_, i) => p.sessions.clients.create(p.staff, { name: `Client ${i}` })),
    );
    const blocks = await Promise.all(
      clients.map((c) =>
        p.sessions.blocks.create(p.staff, { clientId: c.id, quantity: 2, price: { total: EUR(2000) } }),
      ),
    );
    const invoiced = await Promise.all(
      blocks.map(({ block }) => p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id })),
    );
    const numbers = invoiced.map((r) => r.invoice.number).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `INV-${String(i + 1).padStart(4, '0')}`));
  },
});
