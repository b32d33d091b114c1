import { expect } from 'vitest';
import { EUR, freshTenant, rejection, setup } from './fixtures.js';
import { idempotencyRecord as record } from './samples.js';
import { concern } from './suite.js';

export const idempotency = concern('idempotency', {
  async 'a stored record is read back equal'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.idempotency.put(record('k1')));
    expect(await store.transaction(tenantId, (tx) => tx.idempotency.get('k1'))).toEqual(record('k1'));
    expect(await store.transaction(tenantId, (tx) => tx.idempotency.get('k2'))).toBeNull();
    expect(await raw.idempotencyKeys(tenantId)).toEqual(['k1']);
  },

  async 'storing a key twice is a CONFLICT, and the first record stays'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.idempotency.put(record('k1')));
    const second = { ...record('k1'), fingerprint: 'other', result: 'other' };
    expect((await rejection(store.transaction(tenantId, (tx) => tx.idempotency.put(second)))).code).toBe('CONFLICT');
    expect(await store.transaction(tenantId, (tx) => tx.idempotency.get('k1'))).toEqual(record('k1'));
  },

  async 'a repeated command returns the first result and changes nothing'(harness) {
    const p = await setup(harness);
    const input = { clientId: p.clientId, quantity: 10, price: { total: EUR(100000) } };
    const first = await p.sessions.blocks.create(p.staff, input, { idempotencyKey: 'sale-1' });
    const snapshot = await harness.raw.snapshot();
    const again = await p.sessions.blocks.create(p.staff, input, { idempotencyKey: 'sale-1' });
    expect(again).toEqual(first);
    expect(await harness.raw.snapshot()).toBe(snapshot);
    expect(await harness.raw.blocks(p.tenantId)).toHaveLength(1);
    expect((await harness.raw.outbox(p.tenantId)).filter((e) => e.type === 'block.created')).toHaveLength(1);
  },

  async 'a repeat returns the stored result even after later changes'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(3, 30000);
    const first = await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'), { idempotencyKey: 'book-s1' });
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    const entries = await harness.raw.ledgerEntries(p.tenantId, block.id);
    const again = await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'), { idempotencyKey: 'book-s1' });
    expect(again).toEqual(first);
    expect(await harness.raw.ledgerEntries(p.tenantId, block.id)).toEqual(entries);
  },

  async 'the same key with a different input is IDEMPOTENCY_MISMATCH'(harness) {
    const p = await setup(harness);
    await p.sessions.blocks.create(
      p.staff,
      { clientId: p.clientId, quantity: 10, price: { total: EUR(100000) } },
      { idempotencyKey: 'sale-1' },
    );
    const before = await harness.raw.snapshot();
    const error = await rejection(
      p.sessions.blocks.create(
        p.staff,
        { clientId: p.clientId, quantity: 5, price: { total: EUR(50000) } },
        { idempotencyKey: 'sale-1' },
      ),
    );
    expect(error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await harness.raw.snapshot()).toBe(before);
  },

  async 'a failed command stores no key, so a corrected retry runs'(harness) {
    const p = await setup(harness);
    const wrongCurrency = { clientId: p.clientId, quantity: 10, price: { total: { amount: 100000, currency: 'USD' } } };
    expect((await rejection(p.sessions.blocks.create(p.staff, wrongCurrency, { idempotencyKey: 'sale-2' }))).code).toBe(
      'CURRENCY_MISMATCH',
    );
    expect(await harness.raw.idempotencyKeys(p.tenantId)).toEqual([]);
    const fixed = await p.sessions.blocks.create(
      p.staff,
      { clientId: p.clientId, quantity: 10, price: { total: EUR(100000) } },
      { idempotencyKey: 'sale-2' },
    );
    expect(fixed.block.quantity).toBe(10);
    expect(await harness.raw.idempotencyKeys(p.tenantId)).toEqual(['sale-2']);
  },

  async 'concurrent repeats of one key run the command once'(harness) {
    const p = await setup(harness);
    const { block } = await p.activeBlock(10, 100000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        p.sessions.credits.reserve(p.staff, p.booking(block.id, 'session-1'), { idempotencyKey: 'book-1' }),
      ),
    );
    for (const r of results) expect(r).toEqual(results[0]);
    const reserves = (await harness.raw.ledgerEntries(p.tenantId, block.id)).filter((e) => e.kind === 'reserve');
    expect(reserves).toHaveLength(1);
  },
});
