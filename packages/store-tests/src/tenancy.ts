import { expect } from 'vitest';
import { clientRecord, EUR, entryRecord, freshTenant, practice, rejection } from './fixtures.js';
import { concern } from './suite.js';

export const tenancy = concern('tenancy', {
  async 'the same id in two tenants is two independent records'({ store, raw }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, (tx) => tx.clients.insert({ ...clientRecord(a, 'c1'), name: 'In A' }));
    await store.transaction(b, (tx) => tx.clients.insert({ ...clientRecord(b, 'c1'), name: 'In B' }));
    expect((await store.transaction(a, (tx) => tx.clients.get('c1')))?.name).toBe('In A');
    expect((await store.transaction(b, (tx) => tx.clients.get('c1')))?.name).toBe('In B');
    expect(await raw.records(a, 'clients')).toEqual([{ ...clientRecord(a, 'c1'), name: 'In A' }]);
  },

  async "another tenant's records, ledger and sequences are invisible"({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, async (tx) => {
      await tx.clients.insert(clientRecord(a, 'only-in-a'));
      await tx.ledger.append([entryRecord(a, 'block-a', 1)]);
      await tx.sequences.next('invoice');
    });
    await store.transaction(b, async (tx) => {
      expect(await tx.clients.get('only-in-a')).toBeNull();
      expect(await tx.clients.list()).toEqual([]);
      expect(await tx.ledger.listByBlock('block-a')).toEqual([]);
      expect(await tx.blocks.listByStatus(['draft', 'active'])).toEqual([]);
      expect(await tx.sequences.next('invoice')).toBe(1);
    });
  },

  async "a client of one practice cannot read another practice's block"(harness) {
    const a = await practice(harness);
    const b = await practice(harness);
    const { block } = await a.activeBlock(5, 50000);
    // Same client id shape, other tenant: NOT_FOUND, and nothing about the block leaks.
    const asClient = await rejection(a.sessions.blocks.get({ ...b.client, id: a.clientId }, { blockId: block.id }));
    expect(asClient.code).toBe('NOT_FOUND');
    const asStaff = await rejection(b.sessions.blocks.get(b.staff, { blockId: block.id }));
    expect(asStaff.code).toBe('NOT_FOUND');
    const reserve = await rejection(b.sessions.credits.reserve(b.staff, { ...b.booking(block.id, 's1') }));
    expect(reserve.code).toBe('NOT_FOUND');
    expect((await harness.raw.ledgerEntries(a.tenantId, block.id)).filter((e) => e.kind === 'reserve')).toEqual([]);
  },

  async "a client cannot read another client's block in the same practice"(harness) {
    const p = await practice(harness);
    const other = await p.sessions.clients.create(p.staff, { name: 'Other client' });
    const { block } = await p.sessions.blocks.create(p.staff, {
      clientId: other.id,
      quantity: 5,
      price: { total: EUR(50000) },
    });
    expect((await rejection(p.sessions.blocks.get(p.client, { blockId: block.id }))).code).toBe('NOT_FOUND');
    expect((await rejection(p.sessions.blocks.history(p.client, { blockId: block.id }))).code).toBe('NOT_FOUND');
    expect(await p.sessions.blocks.list(p.client)).toEqual([]);
  },

  async 'outbox polling can be limited to one tenant'(harness) {
    const a = await practice(harness);
    const b = await practice(harness);
    await a.activeBlock(5, 50000);
    await b.activeBlock(5, 50000);
    const forA = await harness.store.outbox.poll({ tenantId: a.tenantId, limit: 1000 });
    expect(forA.length).toBeGreaterThan(0);
    expect(forA.every((e) => e.tenantId === a.tenantId)).toBe(true);
  },
});
