import { expect } from 'vitest';
import { Boom, blockRecord, clientRecord, entryRecord, freshTenant, settingsRecord } from './fixtures.js';
import { concern } from './suite.js';

export const transactions = concern('transactions', {
  async 'a transaction that throws leaves no trace and rethrows the same error'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c0')));
    const before = await raw.snapshot();
    const boom = new Boom('on purpose');
    const thrown = await store
      .transaction(tenantId, async (tx) => {
        await tx.settings.put(settingsRecord);
        await tx.clients.insert(clientRecord(tenantId, 'c1'));
        await tx.clients.update({ ...clientRecord(tenantId, 'c0'), name: 'changed' });
        await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1'));
        await tx.ledger.append([entryRecord(tenantId, 'b1', 1)]);
        await tx.sequences.next('invoice');
        await tx.idempotency.put({
          key: 'k',
          command: 'x',
          fingerprint: 'f',
          result: 1,
          createdAt: '2026-03-01T09:00:00.000Z',
        });
        await tx.outbox.append([
          {
            tenantId,
            id: 'e1',
            type: 'block.created',
            at: '2026-03-01T09:00:00.000Z',
            aggregate: { type: 'block', id: 'b1' },
            payload: {},
          },
        ]);
        throw boom;
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(thrown).toBe(boom);
    expect(await raw.snapshot()).toBe(before);
    expect(await store.outbox.poll({ tenantId })).toEqual([]);
  },

  async 'writes are invisible to other transactions until commit, then visible'({ store }) {
    const tenantId = freshTenant();
    let releaseWriter!: () => void;
    const writerMayCommit = new Promise<void>((resolve) => {
      releaseWriter = resolve;
    });
    let written!: () => void;
    const hasWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(clientRecord(tenantId, 'c1'));
      written();
      await writerMayCommit;
    });
    await hasWritten;
    const seenBefore = await store.transaction(tenantId, (tx) => tx.clients.get('c1'));
    releaseWriter();
    await writer;
    const seenAfter = await store.transaction(tenantId, (tx) => tx.clients.get('c1'));
    expect(seenBefore).toBeNull();
    expect(seenAfter?.id).toBe('c1');
  },

  async 'a transaction sees its own writes'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(clientRecord(tenantId, 'c1'));
      expect((await tx.clients.get('c1'))?.id).toBe('c1');
      expect((await tx.clients.list()).map((c) => c.id)).toEqual(['c1']);
    });
  },

  async 'the value the callback resolves with is returned'({ store }) {
    const result = await store.transaction(freshTenant(), async () => ({ answer: 42 }));
    expect(result).toEqual({ answer: 42 });
  },
});
