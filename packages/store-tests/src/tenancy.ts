import { expect } from 'vitest';
import { EUR, freshTenant, rejection, setup } from './fixtures.js';
import {
  blockRecord,
  clientRecord,
  entryRecord,
  eventRecord,
  idempotencyRecord,
  invoiceRecord,
  settingsRecord,
} from './samples.js';
import { concern } from './suite.js';

export const tenancy = concern('tenancy', {
  async 'the same id in two tenants is two independent records'({ store, raw }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, async (tx) => {
      await tx.clients.insert({ ...clientRecord(a, 'c1'), name: 'In A' });
      await tx.ledger.append([entryRecord(a, 'b1', 1)]);
      await tx.idempotency.put(idempotencyRecord('k1'));
    });
    // No CONFLICT: ids, (blockId, seq) pairs and idempotency keys are unique per tenant only.
    await store.transaction(b, async (tx) => {
      await tx.clients.insert({ ...clientRecord(b, 'c1'), name: 'In B' });
      await tx.ledger.append([entryRecord(b, 'b1', 1)]);
      await tx.idempotency.put(idempotencyRecord('k1'));
    });
    await store.transaction(b, (tx) => tx.clients.update({ ...clientRecord(b, 'c1'), name: 'In B, renamed' }));
    expect((await store.transaction(a, (tx) => tx.clients.get('c1')))?.name).toBe('In A');
    expect((await store.transaction(b, (tx) => tx.clients.get('c1')))?.name).toBe('In B, renamed');
    expect(await raw.records(a, 'clients')).toEqual([{ ...clientRecord(a, 'c1'), name: 'In A' }]);
    expect(await raw.records(b, 'clients')).toEqual([{ ...clientRecord(b, 'c1'), name: 'In B, renamed' }]);
    expect(await raw.ledgerEntries(a)).toEqual([entryRecord(a, 'b1', 1)]);
    expect(await raw.ledgerEntries(b)).toEqual([entryRecord(b, 'b1', 1)]);
    expect(await raw.idempotencyKeys(b)).toEqual(['k1']);
  },

  async "another tenant's data is invisible to every repository"({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, async (tx) => {
      await tx.settings.put(settingsRecord);
      await tx.clients.insert(clientRecord(a, 'only-in-a'));
      await tx.blocks.insert(blockRecord(a, 'block-a', 'only-in-a', { status: 'active' }));
      await tx.invoices.insert(invoiceRecord(a, 'invoice-a', 'block-a', 'INV-0001'));
      await tx.ledger.append([entryRecord(a, 'block-a', 1)]);
      await tx.idempotency.put(idempotencyRecord('key-a'));
      await tx.sequences.next('invoice');
    });
    await store.transaction(b, async (tx) => {
      expect(await tx.settings.get()).toBeNull();
      expect(await tx.clients.get('only-in-a')).toBeNull();
      expect(await tx.clients.list()).toEqual([]);
      expect(await tx.blocks.get('block-a')).toBeNull();
      expect(await tx.blocks.listByClient('only-in-a')).toEqual([]);
      expect(await tx.blocks.listByStatus(['draft', 'active'])).toEqual([]);
      expect(await tx.invoices.get('invoice-a')).toBeNull();
      expect(await tx.invoices.getByNumber('INV-0001')).toBeNull();
      expect(await tx.ledger.listByBlock('block-a')).toEqual([]);
      expect(await tx.idempotency.get('key-a')).toBeNull();
      expect(await tx.sequences.next('invoice')).toBe(1);
    });
  },

  async "a tenant cannot update another tenant's record"({ store, raw }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, (tx) => tx.clients.insert(clientRecord(a, 'c1')));
    const error = await rejection(store.transaction(b, (tx) => tx.clients.update({ ...clientRecord(b, 'c1') })));
    expect(error.code).toBe('NOT_FOUND');
    expect(await raw.records(a, 'clients')).toEqual([clientRecord(a, 'c1')]);
    expect(await raw.records(b, 'clients')).toEqual([]);
  },

  async "a client of one practice cannot read another practice's block"(harness) {
    const a = await setup(harness);
    const b = await setup(harness);
    const { block } = await a.activeBlock(5, 50000);
    // A client actor of tenant B, even one carrying tenant A's client id: NOT_FOUND, nothing leaks.
    const asClient = await rejection(b.sessions.blocks.get({ ...b.client, id: a.clientId }, { blockId: block.id }));
    expect(asClient.code).toBe('NOT_FOUND');
    const asStaff = await rejection(b.sessions.blocks.get(b.staff, { blockId: block.id }));
    expect(asStaff.code).toBe('NOT_FOUND');
    expect(await b.sessions.blocks.list(b.staff)).toEqual([]);
    const before = await harness.raw.snapshot();
    const reserve = await rejection(b.sessions.credits.reserve(b.staff, b.booking(block.id, 's1')));
    expect(reserve.code).toBe('NOT_FOUND');
    expect(await harness.raw.snapshot()).toBe(before);
    // Tenant A's own client still sees it.
    expect((await a.sessions.blocks.get(a.client, { blockId: block.id })).block.id).toBe(block.id);
  },

  async "a client cannot read another client's block in the same practice"(harness) {
    const p = await setup(harness);
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

  async 'the same idempotency key in two practices runs two commands'(harness) {
    const a = await setup(harness);
    const b = await setup(harness);
    const sale = (p: typeof a) =>
      p.sessions.blocks.create(
        p.staff,
        { clientId: p.clientId, quantity: 3, price: { total: EUR(30000) } },
        { idempotencyKey: 'shared-key' },
      );
    const inA = await sale(a);
    const inB = await sale(b);
    expect(inB.block.tenantId).toBe(b.tenantId);
    expect(inA.block.tenantId).toBe(a.tenantId);
    expect(await harness.raw.blocks(a.tenantId)).toHaveLength(1);
    expect(await harness.raw.blocks(b.tenantId)).toHaveLength(1);
    expect(await harness.raw.idempotencyKeys(a.tenantId)).toEqual(['shared-key']);
    expect(await harness.raw.idempotencyKeys(b.tenantId)).toEqual(['shared-key']);
  },

  async 'outbox polling can be limited to one tenant'({ store, raw }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(b, (tx) => tx.outbox.append([eventRecord(b, 'b1'), eventRecord(b, 'b2')]));
    await store.transaction(a, (tx) => tx.outbox.append([eventRecord(a, 'a1')]));
    await store.transaction(b, (tx) => tx.outbox.append([eventRecord(b, 'b3')]));
    await store.transaction(a, (tx) => tx.outbox.append([eventRecord(a, 'a2')]));
    expect(await store.outbox.poll({ tenantId: a })).toEqual([eventRecord(a, 'a1'), eventRecord(a, 'a2')]);
    // The limit counts the tenant's events only, even with other tenants' events older.
    expect((await store.outbox.poll({ tenantId: b, limit: 2 })).map((e) => e.id)).toEqual(['b1', 'b2']);
    expect((await store.outbox.poll({ tenantId: a, limit: 1 })).map((e) => e.id)).toEqual(['a1']);
    expect((await raw.outbox(a)).map((e) => e.id)).toEqual(['a1', 'a2']);
    expect((await raw.outbox(b)).map((e) => e.id)).toEqual(['b1', 'b2', 'b3']);
  },
});
