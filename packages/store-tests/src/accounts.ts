import type { AccountEntry } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant, oneOfTwoCommits, rejection } from './fixtures.js';
import { copy, scribble } from './samples.js';
import { accountEntryRecord } from './session-samples.js';
import { concern } from './suite.js';

/**
 * Clients' account ledgers: append-only, listed per client in seq order.
 * Entry ids are unique in the tenant, seqs in the client's account; a batch
 * holding a duplicate (of a committed entry, one appended earlier in the same
 * transaction, or another in the batch) is refused whole.
 */

const ids = (entries: readonly AccountEntry[]) => entries.map((e) => e.id);

export const accounts = concern('accounts', {
  async 'account entries come back in seq order, equal to what was written, and raw reads show them'({ store, raw }) {
    const tenantId = freshTenant();
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((seq) => accountEntryRecord(tenantId, 'c1', seq)) as AccountEntry[];
    await store.transaction(tenantId, (tx) => tx.accounts.append([e1!]));
    await store.transaction(tenantId, (tx) => tx.accounts.append([e3!, e2!]));
    await store.transaction(tenantId, async (tx) => {
      await tx.accounts.append([e4!]);
      await tx.accounts.append([]);
    });
    expect(await store.transaction(tenantId, (tx) => tx.accounts.listByClient('c1'))).toEqual([e1, e2, e3, e4]);
    expect(await raw.accountEntries(tenantId, 'c1')).toEqual([e1, e2, e3, e4]);
    expect(await raw.accountEntries(tenantId)).toEqual([e1, e2, e3, e4]);
    expect(await store.transaction(tenantId, (tx) => tx.accounts.listByClient('c2'))).toEqual([]);
  },

  async 'a transaction reads its own appended account entries before commit, with the committed ones'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]));
    await store.transaction(tenantId, async (tx) => {
      await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2)]);
      await tx.accounts.append([accountEntryRecord(tenantId, 'c2', 1), accountEntryRecord(tenantId, 'c1', 3)]);
      expect((await tx.accounts.listByClient('c1')).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(ids(await tx.accounts.listByClient('c2'))).toEqual(['c2-a1']);
    });
    expect(ids(await raw.accountEntries(tenantId))).toEqual(['c1-a1', 'c1-a2', 'c1-a3', 'c2-a1']);
  },

  async 'an account entry id that exists, in any client’s account, is a CONFLICT and appends nothing'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]));
    const sameClient = accountEntryRecord(tenantId, 'c1', 2, { id: 'c1-a1' });
    const otherClient = accountEntryRecord(tenantId, 'c2', 1, { id: 'c1-a1' });
    for (const duplicate of [sameClient, otherClient]) {
      const batch = [accountEntryRecord(tenantId, 'c3', 1), duplicate];
      const error = await rejection(store.transaction(tenantId, (tx) => tx.accounts.append(batch)));
      expect(error.code).toBe('CONFLICT');
    }
    expect(await raw.accountEntries(tenantId)).toEqual([accountEntryRecord(tenantId, 'c1', 1)]);
  },

  async 'a (clientId, seq) pair that exists is a CONFLICT and appends nothing'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]));
    const batch = [accountEntryRecord(tenantId, 'c1', 2), accountEntryRecord(tenantId, 'c1', 1, { id: 'another-id' })];
    const error = await rejection(store.transaction(tenantId, (tx) => tx.accounts.append(batch)));
    expect(error.code).toBe('CONFLICT');
    expect(ids(await raw.accountEntries(tenantId, 'c1'))).toEqual(['c1-a1']);
  },

  async 'a batch holding a duplicate is refused whole, even when the caller catches the CONFLICT'({ store, raw }) {
    const tenantId = freshTenant();
    const e = (clientId: string, seq: number, id?: string) =>
      accountEntryRecord(tenantId, clientId, seq, id === undefined ? {} : { id });
    await store.transaction(tenantId, (tx) => tx.accounts.append([e('c1', 1)]));
    const batches = {
      'the same seq twice': [e('c1', 2), e('c1', 2, 'twin')],
      'the same id twice': [e('c1', 2), e('c2', 1, 'c1-a2')],
      'a committed seq, after a good entry': [e('c2', 1), e('c1', 1, 'other')],
      'a committed id, after a good entry': [e('c2', 1), e('c2', 2, 'c1-a1')],
    };
    for (const [what, batch] of Object.entries(batches)) {
      // The callback catches the refusal and returns: whatever the store then commits holds none of the batch.
      await store.transaction(tenantId, async (tx) => {
        const error = await rejection(tx.accounts.append(batch));
        expect(error.code, what).toBe('CONFLICT');
      });
      expect(ids(await raw.accountEntries(tenantId)), what).toEqual(['c1-a1']);
    }
  },

  async 'an entry appended earlier in the same transaction is a duplicate too'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]));
    const sameSeq = await rejection(
      store.transaction(tenantId, async (tx) => {
        await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2)]);
        await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2, { id: 'other' })]);
      }),
    );
    expect(sameSeq.code).toBe('CONFLICT');
    const sameId = await rejection(
      store.transaction(tenantId, async (tx) => {
        await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2)]);
        await tx.accounts.append([accountEntryRecord(tenantId, 'c2', 1, { id: 'c1-a2' })]);
      }),
    );
    expect(sameId.code).toBe('CONFLICT');
    expect(ids(await raw.accountEntries(tenantId))).toEqual(['c1-a1']);
  },

  async 'each client’s entries are listed separately, and the same seq in two accounts is no conflict'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) =>
      tx.accounts.append([
        accountEntryRecord(tenantId, 'c1', 1),
        accountEntryRecord(tenantId, 'c2', 1),
        accountEntryRecord(tenantId, 'c1', 2),
      ]),
    );
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c2', 2)]));
    const [c1, c2, none] = await store.transaction(tenantId, async (tx) => [
      await tx.accounts.listByClient('c1'),
      await tx.accounts.listByClient('c2'),
      await tx.accounts.listByClient('c3'),
    ]);
    expect(ids(c1 ?? [])).toEqual(['c1-a1', 'c1-a2']);
    expect(ids(c2 ?? [])).toEqual(['c2-a1', 'c2-a2']);
    expect(none).toEqual([]);
    expect(ids(await raw.accountEntries(tenantId))).toEqual(['c1-a1', 'c1-a2', 'c2-a1', 'c2-a2']);
    expect(await raw.accountEntries(tenantId, 'c2')).toEqual(c2);
  },

  async 'a stored account entry is not the object the caller appended or read'({ store, raw }) {
    const tenantId = freshTenant();
    const entry = accountEntryRecord(tenantId, 'c1', 1);
    const expected = copy(entry);
    await store.transaction(tenantId, async (tx) => {
      await tx.accounts.append([entry]);
      scribble(entry); // after append, before commit
      scribble(await tx.accounts.listByClient('c1'));
    });
    scribble(entry);
    await store.transaction(tenantId, async (tx) => scribble(await tx.accounts.listByClient('c1')));
    expect(await store.transaction(tenantId, (tx) => tx.accounts.listByClient('c1'))).toEqual([expected]);
    expect(await raw.accountEntries(tenantId, 'c1')).toEqual([expected]);
  },

  async 'another tenant sees none of the account entries, and may use the same ids and seqs'({ store, raw }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, (tx) => tx.accounts.append([accountEntryRecord(a, 'c1', 1)]));
    expect(await store.transaction(b, (tx) => tx.accounts.listByClient('c1'))).toEqual([]);
    expect(await raw.accountEntries(b)).toEqual([]);
    await store.transaction(b, (tx) => tx.accounts.append([{ ...accountEntryRecord(b, 'c1', 1), amount: 1 }]));
    expect(await store.transaction(a, (tx) => tx.accounts.listByClient('c1'))).toEqual([
      accountEntryRecord(a, 'c1', 1),
    ]);
    expect(await raw.accountEntries(a)).toEqual([accountEntryRecord(a, 'c1', 1)]);
    expect(await raw.accountEntries(b)).toEqual([{ ...accountEntryRecord(b, 'c1', 1), amount: 1 }]);
  },

  async 'concurrent appends of one (clientId, seq) without a lock: one commits, the other is a CONFLICT'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]));
    const winner = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, id: string) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2, { id })]),
      ['x', 'y'],
    );
    const entries = await raw.accountEntries(tenantId, 'c1');
    expect(entries.map((e) => [e.seq, e.id])).toEqual([
      [1, 'c1-a1'],
      [2, winner],
    ]);
  },

  async 'concurrent appends of one entry id without a lock: one commits, the other is a CONFLICT'({ store, raw }) {
    const tenantId = freshTenant();
    const winner = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, clientId: string) => tx.accounts.append([accountEntryRecord(tenantId, clientId, 1, { id: 'shared' })]),
      ['c1', 'c2'],
    );
    expect(await raw.accountEntries(tenantId)).toEqual([accountEntryRecord(tenantId, winner, 1, { id: 'shared' })]);
  },
});
