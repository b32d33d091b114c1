import { expect } from 'vitest';
import { freshTenant, rejection } from './fixtures.js';
import { blockRecord, copy, entryRecord, scribble } from './samples.js';
import { concern } from './suite.js';

export const ledger = concern('ledger', {
  async 'appended entries come back in seq order, equal to what was written'({ store, raw }) {
    const tenantId = freshTenant();
    const entries = [1, 2, 3].map((seq) => entryRecord(tenantId, 'b1', seq));
    await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append([entries[0]!]);
      await tx.ledger.append([entries[1]!, entries[2]!]);
    });
    expect(await store.transaction(tenantId, (tx) => tx.ledger.listByBlock('b1'))).toEqual(entries);
    expect(await raw.ledgerEntries(tenantId, 'b1')).toEqual(entries);
  },

  async 'a transaction reads its own appended entries before commit'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append([entryRecord(tenantId, 'b1', 1)]);
      await tx.ledger.append([entryRecord(tenantId, 'b1', 2)]);
      expect((await tx.ledger.listByBlock('b1')).map((e) => e.seq)).toEqual([1, 2]);
    });
  },

  async 'an entry id that exists is a CONFLICT and appends nothing'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append([entryRecord(tenantId, 'b1', 1)]));
    const duplicate = entryRecord(tenantId, 'b1', 2, { id: 'b1-e1' });
    const error = await rejection(store.transaction(tenantId, (tx) => tx.ledger.append([duplicate])));
    expect(error.code).toBe('CONFLICT');
    expect(await raw.ledgerEntries(tenantId, 'b1')).toHaveLength(1);
  },

  async 'a (blockId, seq) pair that exists is a CONFLICT'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append([entryRecord(tenantId, 'b1', 1)]));
    const sameSeq = entryRecord(tenantId, 'b1', 1, { id: 'another-id' });
    const error = await rejection(store.transaction(tenantId, (tx) => tx.ledger.append([sameSeq])));
    expect(error.code).toBe('CONFLICT');
    expect((await raw.ledgerEntries(tenantId, 'b1')).map((e) => e.id)).toEqual(['b1-e1']);
  },

  async 'a batch holding a duplicate is a CONFLICT and appends none of it'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append([entryRecord(tenantId, 'b1', 1)]));
    const sameSeq = [entryRecord(tenantId, 'b1', 2), entryRecord(tenantId, 'b1', 2, { id: 'twin' })];
    expect((await rejection(store.transaction(tenantId, (tx) => tx.ledger.append(sameSeq)))).code).toBe('CONFLICT');
    const sameId = [entryRecord(tenantId, 'b1', 2), entryRecord(tenantId, 'b1', 3, { id: 'b1-e2' })];
    expect((await rejection(store.transaction(tenantId, (tx) => tx.ledger.append(sameId)))).code).toBe('CONFLICT');
    expect((await raw.ledgerEntries(tenantId)).map((e) => e.id)).toEqual(['b1-e1']);
  },

  async 'a stored entry is not the object the caller appended or read'({ store, raw }) {
    const tenantId = freshTenant();
    const entry = entryRecord(tenantId, 'b1', 1);
    const expected = copy(entry);
    await store.transaction(tenantId, (tx) => tx.ledger.append([entry]));
    scribble(entry);
    await store.transaction(tenantId, async (tx) => scribble(await tx.ledger.listByBlock('b1')));
    expect(await store.transaction(tenantId, (tx) => tx.ledger.listByBlock('b1'))).toEqual([expected]);
    expect(await raw.ledgerEntries(tenantId, 'b1')).toEqual([expected]);
  },

  async 'entries of different blocks are listed separately'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) =>
      tx.ledger.append([
        entryRecord(tenantId, 'b1', 1),
        entryRecord(tenantId, 'b2', 1),
        entryRecord(tenantId, 'b1', 2),
      ]),
    );
    const [b1, b2, none] = await store.transaction(tenantId, async (tx) => [
      await tx.ledger.listByBlock('b1'),
      await tx.ledger.listByBlock('b2'),
      await tx.ledger.listByBlock('b3'),
    ]);
    expect(b1?.map((e) => e.seq)).toEqual([1, 2]);
    expect(b2?.map((e) => e.id)).toEqual(['b2-e1']);
    expect(none).toEqual([]);
    expect((await raw.ledgerEntries(tenantId)).map((e) => e.id)).toEqual(['b1-e1', 'b1-e2', 'b2-e1']);
  },

  async 'blocks are listed by client and by status, in creation order'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.blocks.insert(
        blockRecord(tenantId, 'b2', 'c1', { createdAt: '2026-03-02T00:00:00.000Z', status: 'active' }),
      );
      await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1', { createdAt: '2026-03-01T00:00:00.000Z' }));
      await tx.blocks.insert(blockRecord(tenantId, 'b3', 'c2', { status: 'active' }));
    });
    await store.transaction(tenantId, async (tx) => {
      expect((await tx.blocks.listByClient('c1')).map((b) => b.id)).toEqual(['b1', 'b2']);
      expect((await tx.blocks.listByClient('c3')).map((b) => b.id)).toEqual([]);
      expect((await tx.blocks.listByStatus(['active'])).map((b) => b.id)).toEqual(['b3', 'b2']);
      expect((await tx.blocks.listByStatus(['draft', 'active'])).map((b) => b.id)).toEqual(['b1', 'b3', 'b2']);
    });
  },

  async 'blocks are listed by their current client and status after an update'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1')));
    await store.transaction(tenantId, (tx) =>
      tx.blocks.update(blockRecord(tenantId, 'b1', 'c2', { status: 'cancelled' })),
    );
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.blocks.listByClient('c1')).toEqual([]);
      expect((await tx.blocks.listByClient('c2')).map((b) => b.id)).toEqual(['b1']);
      expect(await tx.blocks.listByStatus(['draft'])).toEqual([]);
      expect((await tx.blocks.listByStatus(['cancelled'])).map((b) => b.id)).toEqual(['b1']);
    });
  },

  async 'soft-deleted blocks are still listed by client'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) =>
      tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1', { deletedAt: '2026-03-02T09:00:00.000Z' })),
    );
    expect(await store.transaction(tenantId, (tx) => tx.blocks.listByClient('c1'))).toEqual([
      blockRecord(tenantId, 'b1', 'c1', { deletedAt: '2026-03-02T09:00:00.000Z' }),
    ]);
  },

  async 'a block changed inside a transaction is listed with its new status'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1')));
    await store.transaction(tenantId, async (tx) => {
      await tx.blocks.update(blockRecord(tenantId, 'b1', 'c1', { status: 'active' }));
      expect((await tx.blocks.listByStatus(['active'])).map((b) => b.id)).toEqual(['b1']);
      expect(await tx.blocks.listByStatus(['draft'])).toEqual([]);
    });
  },
});
