import { isSessionsError } from '@sessions/core';
import { expect } from 'vitest';
import { actors, EUR, freshTenant, oneOfTwoCommits, sessionsFor, settled, setup, signal, tick } from './fixtures.js';
import { clientRecord, entryRecord } from './samples.js';
import { concern } from './suite.js';

export const concurrency = concern('concurrency', {
  async 'two transactions locking the same key never interleave'({ store }) {
    const tenantId = freshTenant();
    const log: string[] = [];
    const worker = (name: string) =>
      store.transaction(tenantId, async (tx) => {
        await tx.lock(['block:b1']);
        log.push(`${name} in`);
        await tick();
        await tick();
        log.push(`${name} out`);
      });
    await Promise.all([worker('a'), worker('b'), worker('c')]);
    expect(log).toHaveLength(6);
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
        await tick();
        inside -= 1;
      });
    await Promise.all([worker('block:a'), worker('block:b'), worker('block:c')]);
    expect(most).toBeGreaterThan(1);
  },

  async 'the same key in two tenants does not block'({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    const aMayFinish = signal();
    const holder = store.transaction(a, async (tx) => {
      await tx.lock(['block:shared']);
      await aMayFinish.promise;
    });
    // If tenant b waited for tenant a's lock, this would never resolve before aMayFinish fires.
    await store.transaction(b, (tx) => tx.lock(['block:shared']));
    aMayFinish.fire();
    await holder;
  },

  async 'a transaction that waited for a lock reads what the holder committed, even in a new tenant'({ store, raw }) {
    // Core locks, then reads what it will change: that read must see the previous holder's commit.
    const tenantId = freshTenant();
    const holds = signal();
    const first = store.transaction(tenantId, async (tx) => {
      await tx.lock(['client:c']);
      await tx.clients.insert(clientRecord(tenantId, 'c1'));
      holds.fire();
      await tick(5);
    });
    await holds.promise;
    const second = store.transaction(tenantId, async (tx) => {
      await tx.lock(['client:c']);
      const seen = await tx.clients.get('c1');
      await tx.clients.insert(clientRecord(tenantId, 'c2'));
      return seen;
    });
    const [, seen] = await Promise.all([first, second]);
    expect(seen).toEqual(clientRecord(tenantId, 'c1'));
    expect((await raw.records(tenantId, 'clients')).length).toBe(2);
  },

  async 'concurrent first commands of a new practice are all kept'(harness) {
    const tenantId = freshTenant();
    const sessions = sessionsFor(harness, tenantId);
    const { staff } = actors(tenantId);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => sessions.clients.create(staff, { name: `Client ${i}` })),
    );
    const { values, reasons } = settled(results);
    expect(reasons).toEqual([]);
    const stored = await harness.raw.records(tenantId, 'clients');
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((c) => (c as { id: string }).id))).toEqual(new Set(values.map((c) => c.id)));
    expect(await sessions.clients.list(staff)).toHaveLength(5);
  },

  async 'concurrent inserts of one id without a lock: one commits, the other is a CONFLICT'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c0')));
    const winner = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, name: string) => tx.clients.insert({ ...clientRecord(tenantId, 'c1'), name }),
      ['first', 'second'],
    );
    const stored = (await raw.records(tenantId, 'clients')) as { id: string; name: string }[];
    expect(stored.filter((c) => c.id === 'c1').map((c) => c.name)).toEqual([winner]);
  },

  async 'concurrent appends of one (blockId, seq) without a lock: one commits, the other is a CONFLICT'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append([entryRecord(tenantId, 'b1', 1)]));
    const winner = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, id: string) => tx.ledger.append([entryRecord(tenantId, 'b1', 2, { id })]),
      ['x', 'y'],
    );
    const entries = await raw.ledgerEntries(tenantId, 'b1');
    expect(entries.map((e) => [e.seq, e.id])).toEqual([
      [1, 'b1-e1'],
      [2, winner],
    ]);
  },

  async '50 concurrent reservations on a block of 10 units: exactly 10 succeed'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(10, 100000);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => p.sessions.credits.reserve(p.staff, p.booking(block.id, `session-${i}`))),
    );
    const { values, reasons } = settled(results);
    expect(values).toHaveLength(10);
    expect(reasons).toHaveLength(40);
    for (const reason of reasons) expect(isSessionsError(reason, 'INSUFFICIENT_CREDIT')).toBe(true);

    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    const reserves = entries.filter((e) => e.kind === 'reserve');
    expect(reserves).toHaveLength(10);
    expect(reserves.reduce((sum, e) => sum + e.units, 0)).toBe(10);
    expect(reserves.reduce((sum, e) => sum + e.value, 0)).toBe(100000);
    expect(new Set(reserves.map((e) => e.sessionId)).size).toBe(10);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const events = (await harness.raw.outbox(p.tenantId)).filter((e) => e.type === 'credit.reserved');
    expect(events).toHaveLength(10);
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reserved: 10 });
  },

  async 'concurrent payments never take more than is due'(harness) {
    const p = await setup(harness);
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
    const { values, reasons } = settled(results);
    expect(values).toHaveLength(3);
    for (const reason of reasons) expect(isSessionsError(reason, 'PAYMENT_EXCEEDS_DUE')).toBe(true);
    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    const payments = entries.filter((e) => e.kind === 'payment');
    expect(payments.reduce((sum, e) => sum + e.amount, 0)).toBe(90000);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  },

  async 'concurrent block sales respect the live-block limit'(harness) {
    const p = await setup(harness); // the fixture allows 10 live blocks per client
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        p.sessions.blocks.create(p.staff, { clientId: p.clientId, quantity: 5, price: { total: EUR(50000) } }),
      ),
    );
    const { values, reasons } = settled(results);
    expect(values).toHaveLength(10);
    for (const reason of reasons) expect(isSessionsError(reason, 'ACTIVE_BLOCK_LIMIT')).toBe(true);
    expect(await harness.raw.blocks(p.tenantId)).toHaveLength(10);
  },

  async 'invoice numbers stay unique and gap-free under concurrency'(harness) {
    const p = await setup(harness);
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
    const expected = Array.from({ length: 8 }, (_, i) => `INV-${String(i + 1).padStart(4, '0')}`);
    expect(invoiced.map((r) => r.invoice.number).sort()).toEqual(expected);
    const stored = (await harness.raw.records(p.tenantId, 'invoices')) as { number: string }[];
    expect(stored.map((i) => i.number).sort()).toEqual(expected);
  },
});
