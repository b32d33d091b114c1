import { type Bucket, type LedgerEntry, summaryOf } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant, rejection, settled, tick } from './fixtures.js';
import { blockRecord, entryRecord } from './samples.js';
import { concern } from './suite.js';

/**
 * The ledger summary a store keeps (running totals, last seq, sessions seen)
 * must always equal the fold of the entries it holds: commands read the
 * summary instead of the history, so any drift would be money lost.
 */

const BUCKETS: readonly Bucket[] = ['available', 'reserved', 'consumed', 'refunded', 'forfeited'];

/** A deterministic stream of varied entries for one block: every kind of move, with amounts. */
function randomEntries(tenantId: string, blockId: string, count: number, seed: number, firstSeq = 1): LedgerEntry[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const seq = firstSeq + i;
    const from = seq === 1 ? null : (BUCKETS[next(BUCKETS.length)] as Bucket);
    const to = next(6) === 0 ? null : (BUCKETS[next(BUCKETS.length)] as Bucket);
    const kind =
      seq === 1
        ? 'purchase'
        : (['reserve', 'consume', 'release', 'payment', 'refund', 'expire', 'adjust'] as const)[next(7)];
    const session = next(3) === 0 ? null : next(5) + 1;
    return entryRecord(tenantId, blockId, seq, {
      kind,
      from,
      to,
      units: next(4),
      value: next(100_000),
      firstUnit: next(5) === 0,
      amount: kind === 'payment' || kind === 'refund' ? next(50_000) - 10_000 : 0,
      writeOff: kind === 'refund' ? next(1000) : 0,
      sessionId: session === null ? null : `s${session}`,
      sessionNumber: session,
    });
  });
}

export const ledgerSummary = concern('ledger summary', {
  async 'the summary equals the fold of the entries, after every batch, own appends included'({ store, raw }) {
    const tenantId = freshTenant();
    let seq = 1;
    for (const [batch, seed] of [
      [1, 7],
      [5, 11],
      [1, 13],
      [12, 17],
      [3, 19],
    ] as const) {
      const entries = randomEntries(tenantId, 'b1', batch, seed, seq);
      seq += batch;
      const inside = await store.transaction(tenantId, async (tx) => {
        await tx.ledger.append(entries);
        return tx.ledger.summary('b1');
      });
      const stored = await raw.ledgerEntries(tenantId, 'b1');
      expect(inside).toEqual(summaryOf(stored));
      expect(await store.transaction(tenantId, (tx) => tx.ledger.summary('b1'))).toEqual(summaryOf(stored));
    }
    expect((await raw.ledgerEntries(tenantId, 'b1')).length).toBe(22);
  },

  async 'a block without entries has an empty summary'({ store }) {
    const tenantId = freshTenant();
    expect(await store.transaction(tenantId, (tx) => tx.ledger.summary('nothing'))).toEqual(summaryOf([]));
  },

  async 'a refused append leaves the summary as it was'({ store }) {
    const tenantId = freshTenant();
    const first = randomEntries(tenantId, 'b1', 4, 23);
    await store.transaction(tenantId, (tx) => tx.ledger.append(first));
    const before = await store.transaction(tenantId, (tx) => tx.ledger.summary('b1'));
    const clash = [...randomEntries(tenantId, 'b1', 2, 29, 5), entryRecord(tenantId, 'b1', 2, { id: 'another' })];
    expect((await rejection(store.transaction(tenantId, (tx) => tx.ledger.append(clash)))).code).toBe('CONFLICT');
    // Caught inside the transaction, the refused batch leaves no trace either.
    const caught = await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append(clash).catch(() => {});
      return tx.ledger.summary('b1');
    });
    expect(caught).toEqual(before);
    expect(await store.transaction(tenantId, (tx) => tx.ledger.summary('b1'))).toEqual(before);
  },

  async 'summaries of many blocks at once; blocks without entries are absent'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append(randomEntries(tenantId, 'a', 3, 31));
      await tx.ledger.append(randomEntries(tenantId, 'b', 6, 37));
    });
    const summaries = await store.transaction(tenantId, (tx) => tx.ledger.summaries(['a', 'b', 'none']));
    expect([...summaries.keys()].sort()).toEqual(['a', 'b']);
    expect(summaries.get('a')).toEqual(summaryOf(await raw.ledgerEntries(tenantId, 'a')));
    expect(summaries.get('b')).toEqual(summaryOf(await raw.ledgerEntries(tenantId, 'b')));
    expect(await store.transaction(freshTenant(), (tx) => tx.ledger.summaries(['a', 'b']))).toEqual(new Map());
  },

  async 'one batch across blocks adds each block’s entries to its own summary'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append(randomEntries(tenantId, 'a', 2, 59)));
    const a = randomEntries(tenantId, 'a', 4, 61, 3);
    const b = randomEntries(tenantId, 'b', 3, 67);
    // Interleaved, so a store cannot get it right by treating the batch as one block's run.
    const batch = [a[0], b[0], a[1], a[2], b[1], a[3], b[2]].filter((e) => e !== undefined);
    await store.transaction(tenantId, (tx) => tx.ledger.append(batch));
    const summaries = await store.transaction(tenantId, (tx) => tx.ledger.summaries(['a', 'b']));
    expect(summaries.get('a')).toEqual(summaryOf(await raw.ledgerEntries(tenantId, 'a')));
    expect(summaries.get('b')).toEqual(summaryOf(await raw.ledgerEntries(tenantId, 'b')));
    expect((await raw.ledgerEntries(tenantId, 'a')).length).toBe(6);
  },

  async 'entries of one session on a block come back in seq order, own appends included'({ store }) {
    const tenantId = freshTenant();
    const entries = randomEntries(tenantId, 'b1', 20, 41);
    await store.transaction(tenantId, (tx) => tx.ledger.append(entries.slice(0, 12)));
    const seen = await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append(entries.slice(12));
      return tx.ledger.listBySession('b1', 's2');
    });
    expect(seen).toEqual(entries.filter((e) => e.sessionId === 's2'));
    expect(await store.transaction(tenantId, (tx) => tx.ledger.listBySession('b1', 'nobody'))).toEqual([]);
    expect(await store.transaction(tenantId, (tx) => tx.ledger.listBySession('other-block', 's2'))).toEqual([]);
  },

  async 'a block names its client; an unknown block, or another tenant’s, has none'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.blocks.insert(blockRecord(tenantId, 'b1', 'c7')));
    expect(await store.transaction(tenantId, (tx) => tx.blocks.clientIdOf('b1'))).toBe('c7');
    expect(await store.transaction(tenantId, (tx) => tx.blocks.clientIdOf('ghost'))).toBeNull();
    expect(await store.transaction(freshTenant(), (tx) => tx.blocks.clientIdOf('b1'))).toBeNull();
  },

  async 'concurrent locked appends keep the summary equal to the fold'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.ledger.append(randomEntries(tenantId, 'b1', 1, 43)));
    const worker = (w: number) =>
      store.transaction(tenantId, async (tx) => {
        await tx.lock(['block:b1']);
        const { lastSeq } = await tx.ledger.summary('b1');
        await tick();
        await tx.ledger.append(randomEntries(tenantId, 'b1', 2, 47 + w, lastSeq + 1));
      });
    const { reasons } = settled(await Promise.allSettled(Array.from({ length: 8 }, (_, w) => worker(w))));
    expect(reasons).toEqual([]);
    const stored = await raw.ledgerEntries(tenantId, 'b1');
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(await store.transaction(tenantId, (tx) => tx.ledger.summary('b1'))).toEqual(summaryOf(stored));
  },

  async 'opening a block reads it, its summary and the named sessions’ entries, own writes included'({ store, raw }) {
    const tenantId = freshTenant();
    const entries = randomEntries(tenantId, 'b1', 15, 53);
    await store.transaction(tenantId, async (tx) => {
      await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1'));
      await tx.ledger.append(entries.slice(0, 10));
    });
    const opened = await store.transaction(tenantId, async (tx) => {
      await tx.ledger.append(entries.slice(10));
      return tx.ledger.openBlock('b1', ['s1', 's3', 'nobody']);
    });
    expect(opened.block).toEqual(blockRecord(tenantId, 'b1', 'c1'));
    expect(opened.summary).toEqual(summaryOf(await raw.ledgerEntries(tenantId, 'b1')));
    expect(opened.entries).toEqual(entries.filter((e) => e.sessionId === 's1' || e.sessionId === 's3'));
    const none = await store.transaction(tenantId, (tx) => tx.ledger.openBlock('ghost', ['s1']));
    expect(none).toEqual({ block: null, summary: summaryOf([]), entries: [] });
    const elsewhere = await store.transaction(freshTenant(), (tx) => tx.ledger.openBlock('b1', ['s1']));
    expect(elsewhere).toEqual({ block: null, summary: summaryOf([]), entries: [] });
  },
});
