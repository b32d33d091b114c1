import { type LockReads, type StoreTransaction, summaryOf } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant, signal, tick } from './fixtures.js';
import { blockRecord, entryRecord, practitionerRecord, serviceRecord, settingsRecord } from './samples.js';
import type { ConformanceHarness } from './suite.js';
import { concern } from './suite.js';

/**
 * `lock(keys, reads)`: a store may read what a command names with its locks
 * in the same round trip and answer the reads that follow from that. Whether
 * it does or not, the answers must be the ones the reads would give without
 * it: after the locks (what the previous holder committed) and after this
 * transaction's own writes.
 */

const READS: LockReads = {
  services: ['svc1', 'ghost-service'],
  practitioners: ['p1'],
  openBlocks: [{ blockId: 'b1', sessionIds: ['session-2'] }],
};

/** A service, a practitioner and a block with three entries (sessions 2 and 3 booked). */
async function seed({ store }: ConformanceHarness, tenantId: string) {
  await store.transaction(tenantId, async (tx) => {
    await tx.services.insert(serviceRecord(tenantId, 'svc1'));
    await tx.practitioners.insert(practitionerRecord(tenantId, 'p1'));
    await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1'));
    await tx.ledger.append([1, 2, 3].map((seq) => entryRecord(tenantId, 'b1', seq)));
  });
}

/** The reads a booking makes first, answered by `tx`. */
const readAll = async (tx: StoreTransaction) => ({
  service: await tx.services.get('svc1'),
  missing: await tx.services.get('ghost-service'),
  practitioner: await tx.practitioners.get('p1'),
  opened: await tx.ledger.openBlock('b1', ['session-2']),
});

export const lockReads = concern('lock reads', {
  async 'reads named with the locks answer as they would without them'(harness) {
    const tenantId = freshTenant();
    await seed(harness, tenantId);
    const plain = await harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1']);
      return readAll(tx);
    });
    const named = await harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1'], READS);
      return readAll(tx);
    });
    expect(named).toEqual(plain);
    expect(named.service).toEqual(serviceRecord(tenantId, 'svc1'));
    expect(named.missing).toBeNull();
    expect(named.opened.entries.map((e) => e.seq)).toEqual([2]);
    expect(named.opened.summary).toEqual(summaryOf(await harness.raw.ledgerEntries(tenantId, 'b1')));
    // A read not named (other sessions) is answered too.
    const other = await harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1'], READS);
      return tx.ledger.openBlock('b1', ['session-3']);
    });
    expect(other.entries.map((e) => e.seq)).toEqual([3]);
  },

  async 'reads after the transaction’s own writes see those writes'(harness) {
    const tenantId = freshTenant();
    await seed(harness, tenantId);
    const seen = await harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1'], READS);
      await tx.ledger.append([entryRecord(tenantId, 'b1', 4, { sessionId: 'session-2', kind: 'consume' })]);
      await tx.services.update({ ...serviceRecord(tenantId, 'svc1'), name: 'Renamed' });
      return readAll(tx);
    });
    expect(seen.service?.name).toBe('Renamed');
    expect(seen.opened.summary.lastSeq).toBe(4);
    expect(seen.opened.entries.map((e) => e.seq)).toEqual([2, 4]);
  },

  async 'a transaction that waited for its locks reads what the holder committed'(harness) {
    const tenantId = freshTenant();
    await seed(harness, tenantId);
    const holds = signal();
    const first = harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1']);
      holds.fire();
      await tick(5);
      await tx.ledger.append([entryRecord(tenantId, 'b1', 4, { sessionId: 'session-2', kind: 'consume' })]);
      await tx.services.update({ ...serviceRecord(tenantId, 'svc1'), name: 'Renamed' });
    });
    await holds.promise;
    const second = harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1'], READS);
      return readAll(tx);
    });
    const [, seen] = await Promise.all([first, second]);
    expect(seen.opened.summary.lastSeq).toBe(4);
    expect(seen.opened.entries.map((e) => e.seq)).toEqual([2, 4]);
    expect(seen.service?.name).toBe('Renamed');
  },

  async 'settings read after waiting for a lock are what the holder committed, with reads named or not'(harness) {
    const tenantId = freshTenant();
    await seed(harness, tenantId);
    await harness.store.transaction(tenantId, (tx) => tx.settings.put(settingsRecord));
    const holds = signal();
    const first = harness.store.transaction(tenantId, async (tx) => {
      await tx.lock(['block:b1']);
      holds.fire();
      await tick(5);
      await tx.settings.put({ ...settingsRecord, timeZone: 'America/New_York' });
    });
    await holds.promise;
    const waited = (reads?: LockReads) =>
      harness.store.transaction(tenantId, async (tx) => {
        await tx.lock(['block:b1'], reads);
        return (await tx.settings.get())?.timeZone;
      });
    const [, plain, named] = await Promise.all([first, waited(), waited(READS)]);
    expect(plain).toBe('America/New_York');
    expect(named).toBe('America/New_York');
  },
});
