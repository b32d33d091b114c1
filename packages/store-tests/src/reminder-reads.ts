import type { AccountEntry, Block, BlockStatus, Page, SessionsStore, StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant } from './fixtures.js';
import { expectPagedWhole, expectPagedWholeIn, inOrder, pageThrough, scrambled } from './pages.js';
import { blockRecord } from './samples.js';
import { accountEntryRecord } from './session-samples.js';
import { concern } from './suite.js';

/**
 * The reads a reminders feed makes for a whole page at once: the blocks of
 * many clients, the blocks that ended recently (completed since an instant,
 * expired since a day), and what was paid on many invoices. Like every list
 * they follow updates and the transaction's own writes. Expectations are
 * computed from the raw view or from the records the test wrote.
 */

type Ended = 'completed' | 'expired';
const SINCE: Record<Ended, string> = { completed: '2026-03-10T00:00:00.000Z', expired: '2026-03-10' };
/** Around each `since`: just before it, on it (the boundary is included), and later. */
const CLOSED = ['2026-03-09T23:59:59.999Z', SINCE.completed, '2026-03-10T08:00:00.000Z', '2026-03-12T17:30:00.000Z'];
const EXPIRES = ['2026-03-09', SINCE.expired, '2026-03-11', '2026-04-01'];
const CREATED = ['2026-03-01T09:00:00.000Z', '2026-02-20T09:00:00.000Z', '2026-01-15T09:00:00.000Z'];

const createdAt = (b: Block) => b.createdAt;
const closedAt = (b: Block) => b.closedAt as string;
const expiresOn = (b: Block) => b.expiresOn as string;
const KEY: Record<Ended, (b: Block) => string> = { completed: closedAt, expired: expiresOn };
/** What `listEndedSince(status, since)` holds, by the contract. */
const endedSince = (status: Ended, since: string) => (b: Block) => {
  const key = status === 'completed' ? b.closedAt : b.expiresOn;
  return b.status === status && key !== null && key >= since;
};
const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

const PATTERN: readonly BlockStatus[] = [
  'completed',
  'expired',
  'completed',
  'active',
  'expired',
  'cancelled',
  'completed',
  'expired',
];
/**
 * Blocks of three clients and every ending: per round of PATTERN, three
 * completed and three expired ones sharing a key (so ids break ties), the
 * rounds' keys before, at and after `since`; created in an order that is
 * neither. Plus blocks that never belong in the lists: ended with no closedAt
 * or expiresOn, cancelled or expired with a closedAt, active or completed with
 * an expiresOn.
 */
function blocksOf(tenantId: string, count = 40): Block[] {
  const made = Array.from({ length: count }, (_, i) => {
    const status = PATTERN[i % PATTERN.length] as BlockStatus;
    const k = Math.floor(i / PATTERN.length) % 4;
    const closed = status === 'completed' || status === 'cancelled' || (status === 'expired' && i % 2 === 1);
    return blockRecord(tenantId, scrambled('b', i), `c${i % 3}`, {
      status,
      createdAt: CREATED[i % CREATED.length] as string,
      closedAt: closed ? (CLOSED[k] as string) : null,
      expiresOn: EXPIRES[k] as string,
      deletedAt: i % 5 === 0 ? '2026-03-13T09:00:00.000Z' : null,
    });
  });
  return [
    ...made,
    blockRecord(tenantId, 'completed-never-closed', 'c0', { status: 'completed', closedAt: null }),
    blockRecord(tenantId, 'expired-no-date', 'c1', { status: 'expired', expiresOn: null }),
  ];
}

async function insertBlocks(store: SessionsStore, tenantId: string, blocks: readonly Block[]) {
  await store.transaction(tenantId, async (tx) => {
    for (const b of blocks) await tx.blocks.insert(b);
  });
}

const ended = (status: Ended) => (tx: StoreTransaction, page?: Page) =>
  tx.blocks.listEndedSince(status, SINCE[status], page);

/** The list of `status` against the raw view: whole, paged, and from a cursor before `since`. */
async function expectEnded(store: SessionsStore, tenantId: string, status: Ended, whole: readonly Block[]) {
  await expectPagedWhole(store, tenantId, ended(status), KEY[status], whole);
  const early = { key: status === 'completed' ? '2026-01-01T00:00:00.000Z' : '2026-01-01', id: 'zzz' };
  const fromEarly = await store.transaction(tenantId, (tx) => ended(status)(tx, { after: early, limit: 1000 }));
  expect(fromEarly, 'a cursor before `since` still starts at `since`').toEqual(whole);
}

/** Sums of the payment entries per invoice, by the contract, over `entries`. */
function paymentSums(entries: readonly AccountEntry[], invoiceIds: readonly string[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const e of entries) {
    if (e.kind === 'payment' && e.invoiceId !== null && invoiceIds.includes(e.invoiceId)) {
      sums.set(e.invoiceId, (sums.get(e.invoiceId) ?? 0) + e.amount);
    }
  }
  return sums;
}

export const reminderReads = concern('reminder reads', {
  async 'blocks of several clients come in creation order, each once, soft-deleted included, of this tenant only'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const other = freshTenant();
    await insertBlocks(store, tenantId, blocksOf(tenantId));
    await insertBlocks(store, other, [blockRecord(other, 'theirs', 'c0'), blockRecord(other, 'theirs-too', 'c9')]);
    const stored = await raw.blocks(tenantId);
    const of = (...clients: string[]) =>
      inOrder(
        stored.filter((b) => clients.includes(b.clientId)),
        createdAt,
      );
    expect(of('c0', 'c2').some((b) => b.deletedAt !== null)).toBe(true);
    await store.transaction(tenantId, async (tx) => {
      // Unknown clients are ignored; a client named twice does not list its blocks twice.
      expect(await tx.blocks.listByClients(['c2', 'ghost', 'c0', 'c2', 'c0'])).toEqual(of('c0', 'c2'));
      expect(await tx.blocks.listByClients(['c1'])).toEqual(of('c1'));
      expect(await tx.blocks.listByClients(['c0', 'c1', 'c2'])).toEqual(inOrder(stored, createdAt));
      expect(await tx.blocks.listByClients(['c9', 'ghost'])).toEqual([]);
      expect(await tx.blocks.listByClients([])).toEqual([]);
    });
    expect(await store.transaction(other, (tx) => tx.blocks.listByClients(['c0', 'c1', 'c9']))).toEqual(
      inOrder(await raw.blocks(other), createdAt),
    );
  },

  async 'blocks of several clients see the transaction’s own inserts and updates'({ store, raw }) {
    const tenantId = freshTenant();
    const blocks = blocksOf(tenantId, 9);
    await insertBlocks(store, tenantId, blocks);
    const [first, second] = inOrder(
      blocks.filter((b) => b.clientId === 'c1'),
      createdAt,
    ) as Block[];
    const mine = [
      blockRecord(tenantId, 'new-earliest', 'c1', { createdAt: '2025-12-01T00:00:00.000Z' }),
      blockRecord(tenantId, 'new-tied', 'c2', { createdAt: (first as Block).createdAt }),
      blockRecord(tenantId, 'new-elsewhere', 'c0'),
    ];
    const updates = [
      { ...(first as Block), deletedAt: '2026-03-14T09:00:00.000Z' },
      { ...(second as Block), status: 'completed' as const, closedAt: CLOSED[3] as string },
    ];
    const latest = [...blocks.map((b) => updates.find((u) => u.id === b.id) ?? b), ...mine];
    const of = (rows: readonly Block[]) =>
      inOrder(
        rows.filter((b) => b.clientId === 'c1' || b.clientId === 'c2'),
        createdAt,
      );
    await store.transaction(tenantId, async (tx) => {
      for (const b of mine) await tx.blocks.insert(b);
      for (const b of updates) await tx.blocks.update(b);
      const listed = await tx.blocks.listByClients(['c1', 'c2']);
      expect(listed).toEqual(of(latest));
      expect(ids(listed)).toContain('new-earliest');
      expect(ids(listed)).not.toContain('new-elsewhere');
    });
    const committed = await store.transaction(tenantId, (tx) => tx.blocks.listByClients(['c1', 'c2']));
    expect(committed).toEqual(of(await raw.blocks(tenantId)));
    expect(committed).toEqual(of(latest));
  },

  async 'completed blocks since an instant: the boundary included, by closedAt then id, whole in pages of 1, 2 and 7'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    await insertBlocks(store, tenantId, blocksOf(tenantId));
    // Another practice's completed blocks, of the same ids, never show.
    const other = freshTenant();
    await insertBlocks(
      store,
      other,
      blocksOf(other).map((b) => ({ ...b, status: 'completed' as const, closedAt: CLOSED[3] as string })),
    );
    const stored = await raw.blocks(tenantId);
    const whole = inOrder(stored.filter(endedSince('completed', SINCE.completed)), closedAt);
    expect(whole.length).toBeGreaterThan(7);
    expect(whole.map(closedAt)).toContain(SINCE.completed);
    expect(whole.map(closedAt)).not.toContain(CLOSED[0]);
    expect(new Set(whole.map(closedAt)).size).toBeLessThan(whole.length);
    expect(whole, 'not creation order').not.toEqual(inOrder(whole, createdAt));
    // Closed before `since`, cancelled or expired with a closedAt, completed with none: never listed.
    const listed = ids(whole);
    for (const b of stored) {
      if (b.status !== 'completed' || b.closedAt === null || b.closedAt < SINCE.completed) {
        expect(listed).not.toContain(b.id);
      }
    }
    expect(stored.some((b) => b.status === 'cancelled' && b.closedAt !== null && b.closedAt >= SINCE.completed)).toBe(
      true,
    );
    await expectEnded(store, tenantId, 'completed', whole);
    // A later `since` gives the tail of the list: the boundary again included.
    const later = CLOSED[3] as string;
    expect(await store.transaction(tenantId, (tx) => tx.blocks.listEndedSince('completed', later))).toEqual(
      whole.filter((b) => closedAt(b) >= later),
    );
  },

  async 'expired blocks since a day: the boundary included, by expiresOn then id, whole in pages of 1, 2 and 7'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    await insertBlocks(store, tenantId, blocksOf(tenantId));
    const other = freshTenant();
    await insertBlocks(
      store,
      other,
      blocksOf(other).map((b) => ({ ...b, status: 'expired' as const, expiresOn: EXPIRES[3] as string })),
    );
    const stored = await raw.blocks(tenantId);
    const whole = inOrder(stored.filter(endedSince('expired', SINCE.expired)), expiresOn);
    expect(whole.length).toBeGreaterThan(7);
    expect(whole.map(expiresOn)).toContain(SINCE.expired);
    expect(whole.map(expiresOn)).not.toContain(EXPIRES[0]);
    expect(new Set(whole.map(expiresOn)).size).toBeLessThan(whole.length);
    expect(whole, 'not creation order').not.toEqual(inOrder(whole, createdAt));
    const listed = ids(whole);
    for (const b of stored) {
      if (b.status !== 'expired' || b.expiresOn === null || b.expiresOn < SINCE.expired) {
        expect(listed).not.toContain(b.id);
      }
    }
    expect(stored.some((b) => b.status !== 'expired' && b.expiresOn !== null && b.expiresOn >= SINCE.expired)).toBe(
      true,
    );
    await expectEnded(store, tenantId, 'expired', whole);
    const later = EXPIRES[2] as string;
    expect(await store.transaction(tenantId, (tx) => tx.blocks.listEndedSince('expired', later))).toEqual(
      whole.filter((b) => expiresOn(b) >= later),
    );
  },

  async 'recently completed blocks follow updates: completing, reopening and a new closedAt, before and after commit'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const blocks = Array.from({ length: 8 }, (_, i) =>
      blockRecord(tenantId, `b${i}`, `c${i % 2}`, {
        status: i < 6 ? 'completed' : 'active',
        closedAt: i < 6 ? (CLOSED[1 + (i % 3)] as string) : null,
      }),
    );
    await insertBlocks(store, tenantId, blocks);
    const first = await store.transaction(tenantId, (tx) => ended('completed')(tx, { limit: 3 }));
    expect(ids(first)).toEqual(['b0', 'b3', 'b1']);
    const updates: Block[] = [
      // An active block completes now; b4 (not yet read) is reopened, keeping its old closedAt.
      { ...(blocks[6] as Block), status: 'completed', closedAt: '2026-03-11T12:00:00.000Z' },
      { ...(blocks[4] as Block), status: 'active' },
      // b3's closing is moved to before `since`; b0's (already read) to the very end.
      { ...(blocks[3] as Block), closedAt: CLOSED[0] as string },
      { ...(blocks[0] as Block), closedAt: '2026-03-20T09:00:00.000Z' },
    ];
    const latest = blocks.map((b) => updates.find((u) => u.id === b.id) ?? b);
    const expected = inOrder(latest.filter(endedSince('completed', SINCE.completed)), closedAt);
    expect(ids(expected)).toEqual(['b1', 'b6', 'b2', 'b5', 'b0']);
    await store.transaction(tenantId, async (tx) => {
      for (const b of updates) await tx.blocks.update(b);
      await expectPagedWholeIn((page) => ended('completed')(tx, page), closedAt, expected);
    });
    // Paging on from the first page's cursor: the moved blocks are where they are now.
    const last = first.at(-1) as Block;
    const rest = await pageThrough<Block>(
      (page) => store.transaction(tenantId, (tx) => ended('completed')(tx, page)),
      2,
      closedAt,
      { key: closedAt(last), id: last.id },
    );
    expect(ids(rest)).toEqual(['b6', 'b2', 'b5', 'b0']);
    const stored = await raw.blocks(tenantId);
    expect(inOrder(stored.filter(endedSince('completed', SINCE.completed)), closedAt)).toEqual(expected);
    await expectEnded(store, tenantId, 'completed', expected);
    // Completed again, b4 is back at its closedAt.
    await store.transaction(tenantId, (tx) => tx.blocks.update(blocks[4] as Block));
    const back = inOrder([...expected, blocks[4] as Block], closedAt);
    await expectEnded(store, tenantId, 'completed', back);
  },

  async 'recently expired blocks follow updates: expiring, an extension and a new expiry day, before and after commit'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const blocks = Array.from({ length: 8 }, (_, i) =>
      blockRecord(tenantId, `b${i}`, `c${i % 2}`, {
        status: i < 6 ? 'expired' : 'active',
        expiresOn: EXPIRES[1 + (i % 3)] as string,
      }),
    );
    await insertBlocks(store, tenantId, blocks);
    const first = await store.transaction(tenantId, (tx) => ended('expired')(tx, { limit: 3 }));
    expect(ids(first)).toEqual(['b0', 'b3', 'b1']);
    const updates: Block[] = [
      // An active block expires; b4 (not yet read) is extended and active again.
      { ...(blocks[7] as Block), status: 'expired' },
      { ...(blocks[4] as Block), status: 'active', expiresOn: '2026-06-30' },
      // b3's expiry day is moved to before `since`; b0's (already read) to the very end; b5 loses its day.
      { ...(blocks[3] as Block), expiresOn: EXPIRES[0] as string },
      { ...(blocks[0] as Block), expiresOn: '2026-05-01' },
      { ...(blocks[5] as Block), expiresOn: null },
    ];
    const latest = blocks.map((b) => updates.find((u) => u.id === b.id) ?? b);
    const expected = inOrder(latest.filter(endedSince('expired', SINCE.expired)), expiresOn);
    expect(ids(expected)).toEqual(['b1', 'b7', 'b2', 'b0']);
    await store.transaction(tenantId, async (tx) => {
      for (const b of updates) await tx.blocks.update(b);
      await expectPagedWholeIn((page) => ended('expired')(tx, page), expiresOn, expected);
    });
    const last = first.at(-1) as Block;
    const rest = await pageThrough<Block>(
      (page) => store.transaction(tenantId, (tx) => ended('expired')(tx, page)),
      2,
      expiresOn,
      { key: expiresOn(last), id: last.id },
    );
    expect(ids(rest)).toEqual(['b7', 'b2', 'b0']);
    const stored = await raw.blocks(tenantId);
    expect(inOrder(stored.filter(endedSince('expired', SINCE.expired)), expiresOn)).toEqual(expected);
    await expectEnded(store, tenantId, 'expired', expected);
    // Expired again at its old day, b4 is back.
    await store.transaction(tenantId, (tx) => tx.blocks.update(blocks[4] as Block));
    await expectEnded(store, tenantId, 'expired', inOrder([...expected, blocks[4] as Block], expiresOn));
  },

  async 'payments per invoice: payment entries summed across clients, reversals included, nothing else counted'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const other = freshTenant();
    const e = (clientId: string, seq: number, kind: AccountEntry['kind'], amount: number, invoiceId: string | null) =>
      accountEntryRecord(tenantId, clientId, seq, { kind, amount, held: 0, invoiceId, sessionId: null });
    const entries = [
      e('c1', 1, 'payment', 5000, 'i1'),
      e('c1', 2, 'payment', 3000, 'i2'),
      e('c1', 3, 'credit', 1000, 'i1'),
      e('c1', 4, 'charge', -9500, 'i1'),
      e('c1', 5, 'payment', 2000, 'i1'),
      e('c2', 1, 'payment', 4000, 'i1'),
      // A payment reversed in full: the invoice is listed, with nothing paid.
      e('c2', 2, 'payment', -3000, 'i2'),
      e('c2', 3, 'payment', 1500, null),
      e('c3', 1, 'refund', -700, 'i3'),
      e('c3', 2, 'payment', 800, 'i4'),
      e('c3', 3, 'payment', -300, 'i4'),
    ];
    await store.transaction(tenantId, (tx) => tx.accounts.append(entries.slice(0, 6)));
    await store.transaction(tenantId, (tx) => tx.accounts.append(entries.slice(6)));
    await store.transaction(other, (tx) =>
      tx.accounts.append([accountEntryRecord(other, 'c1', 1, { kind: 'payment', amount: 99_999, invoiceId: 'i1' })]),
    );
    const asked = ['i1', 'i2', 'i3', 'i4', 'ghost', 'i1'];
    const expected = new Map([
      ['i1', 11_000],
      ['i2', 0],
      ['i4', 500],
    ]);
    expect(paymentSums(await raw.accountEntries(tenantId), asked)).toEqual(expected);
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.accounts.paymentsFor(asked)).toEqual(expected);
      expect(await tx.accounts.paymentsFor(['i4'])).toEqual(new Map([['i4', 500]]));
      expect(await tx.accounts.paymentsFor(['i3', 'ghost'])).toEqual(new Map());
      expect(await tx.accounts.paymentsFor([])).toEqual(new Map());
    });
    expect(await store.transaction(other, (tx) => tx.accounts.paymentsFor(['i1', 'i2']))).toEqual(
      paymentSums(await raw.accountEntries(other), ['i1', 'i2']),
    );
    expect(await store.transaction(other, (tx) => tx.accounts.paymentsFor(['i1']))).toEqual(new Map([['i1', 99_999]]));
  },

  async 'payments per invoice see the transaction’s own appends'({ store, raw }) {
    const tenantId = freshTenant();
    const pay = (clientId: string, seq: number, amount: number, invoiceId: string | null) =>
      accountEntryRecord(tenantId, clientId, seq, { kind: 'payment', amount, held: 0, invoiceId });
    await store.transaction(tenantId, (tx) => tx.accounts.append([pay('c1', 1, 5000, 'i1'), pay('c2', 1, 2500, 'i2')]));
    const asked = ['i1', 'i2', 'i3'];
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.accounts.paymentsFor(asked)).toEqual(
        new Map([
          ['i1', 5000],
          ['i2', 2500],
        ]),
      );
      await tx.accounts.append([pay('c1', 2, 1200, 'i1'), pay('c3', 1, 900, 'i3')]);
      await tx.accounts.append([pay('c2', 2, -2500, 'i2'), pay('c2', 3, 4000, null)]);
      expect(await tx.accounts.paymentsFor(asked)).toEqual(
        new Map([
          ['i1', 6200],
          ['i2', 0],
          ['i3', 900],
        ]),
      );
    });
    const committed = await store.transaction(tenantId, (tx) => tx.accounts.paymentsFor(asked));
    expect(committed).toEqual(paymentSums(await raw.accountEntries(tenantId), asked));
    expect(committed.get('i1')).toBe(6200);
  },
});
