import type { Attendance, Block, BlockStatus, Invoice, Page, SessionsStore, StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant } from './fixtures.js';
import { RECORD_CASES, type RecordCase } from './record-cases.js';
import { blockRecord, clientRecord, invoiceRecord } from './samples.js';
import { attendanceRecord } from './session-samples.js';
import { concern } from './suite.js';

/**
 * Paged reads: a page is at most `limit` items after a cursor (the last item
 * seen: its sort key and id). Read page after page, a list must come back
 * whole, in order, each item once — whatever the page size, and whatever the
 * transaction itself wrote. Every expectation is computed from the raw view or
 * from the records the test wrote, never from another read of the same store.
 */

type Keyed = { id: string };
const SIZES = [1, 2, 7] as const;
/** Three creation times, so several records share one and their ids break the tie. */
const STAMPS = ['2026-03-01T09:00:00.000Z', '2026-03-01T10:30:00.000Z', '2026-03-02T08:00:00.000Z'] as const;
/** Ids inserted in an order that is neither their id order nor their creation order. */
const IDS = ['k', 'c', 'x', 'a', 'm', 'b', 'z', 'd', 'q'] as const;
const stamp = (i: number) => STAMPS[i % STAMPS.length] as string;
/** The i-th of a run of ids that sort in neither insertion nor creation order. */
export const scrambled = (prefix: string, i: number) => `${prefix}${String((i * 7919) % 10007).padStart(5, '0')}`;
const START = (day: number, hour = 9) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const createdAt = (r: { createdAt: string }) => r.createdAt;
const startsAt = (r: { startsAt: string }) => r.startsAt;
const unlinked = (a: Attendance) => a.blockId === null && a.invoiceId === null;
const forSessions = (i: Invoice) => i.blockId === null;

/** `rows` in a list's order: by `keyOf`, then id. */
export function inOrder<T extends Keyed>(rows: readonly T[], keyOf: (r: T) => string): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => cmp(keyOf(a), keyOf(b)) || cmp(a.id, b.id));
}

/** Read a whole list page by page, each after the last item seen, until a short page. */
export async function pageThrough<T extends Keyed>(
  read: (page: Page) => Promise<T[]>,
  limit: number,
  keyOf: (r: T) => string,
  after: Page['after'] = null,
): Promise<T[]> {
  const all: T[] = [];
  for (let round = 0; round < 500; round++) {
    const page = await read({ after, limit });
    expect(page.length).toBeLessThanOrEqual(limit);
    all.push(...page);
    const last = page.at(-1);
    if (page.length < limit || !last) return all;
    after = { key: keyOf(last), id: last.id };
  }
  throw new Error('paging never reached the end of the list');
}

/** Paging in pages of 1, 2 and 7 (each page its own transaction) gives `whole`; so does the unpaged read. */
export async function expectPagedWhole<T extends Keyed>(
  store: SessionsStore,
  tenantId: string,
  read: (tx: StoreTransaction, page?: Page) => Promise<T[]>,
  keyOf: (r: T) => string,
  whole: readonly T[],
): Promise<void> {
  expect(await store.transaction(tenantId, (tx) => read(tx))).toEqual(whole);
  for (const limit of SIZES) {
    const paged = await pageThrough((page) => store.transaction(tenantId, (tx) => read(tx, page)), limit, keyOf);
    expect(paged, `pages of ${limit}`).toEqual(whole);
  }
}

/** The same, inside one transaction: what a command paging over its own writes sees. */
export async function expectPagedWholeIn<T extends Keyed>(
  read: (page?: Page) => Promise<T[]>,
  keyOf: (r: T) => string,
  whole: readonly T[],
): Promise<void> {
  expect(await read()).toEqual(whole);
  for (const limit of SIZES) expect(await pageThrough(read, limit, keyOf), `pages of ${limit}`).toEqual(whole);
}

const each = async (fn: (c: RecordCase) => Promise<void>) => {
  for (const c of RECORD_CASES) {
    try {
      await fn(c);
    } catch (error) {
      if (error instanceof Error) error.message = `[${c.table}] ${error.message}`;
      throw error;
    }
  }
};

const STATUSES: readonly BlockStatus[] = ['active', 'expired', 'draft', 'active', 'completed', 'active', 'expired'];
/** Blocks of many statuses (or all of `status`), created at three times. */
const blocksOf = (tenantId: string, count: number, status?: BlockStatus) =>
  Array.from({ length: count }, (_, i) =>
    blockRecord(tenantId, scrambled('b', i), 'c1', {
      status: status ?? (STATUSES[i % STATUSES.length] as BlockStatus),
      createdAt: stamp(i),
      updatedAt: stamp(i),
    }),
  );

/** Attendances starting at three times (created in the opposite order); every third linked to a block, every fourth invoiced. */
const attendancesOf = (tenantId: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    attendanceRecord(tenantId, scrambled('a', i), `s${i}`, {
      startsAt: START(10 + (i % 3)),
      createdAt: stamp(count - i),
      blockId: i % 3 === 2 ? 'b1' : null,
      invoiceId: i % 4 === 3 ? 'i1' : null,
    }),
  );

/** Invoices created at three times: every other one of sessions (no block). */
const invoicesOf = (tenantId: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const id = scrambled('i', i);
    return invoiceRecord(tenantId, id, i % 2 === 0 ? null : `b${i}`, `INV-${id}`, stamp(i));
  });

async function insertAll(
  store: SessionsStore,
  tenantId: string,
  records: { blocks?: Block[]; attendances?: Attendance[]; invoices?: Invoice[] },
) {
  await store.transaction(tenantId, async (tx) => {
    for (const b of records.blocks ?? []) await tx.blocks.insert(b);
    for (const a of records.attendances ?? []) await tx.attendances.insert(a);
    for (const i of records.invoices ?? []) await tx.invoices.insert(i);
  });
}

export const pages = concern('pages', {
  async 'every record repository: list in pages of 1, 2 and 7 gives the whole list in order'({ store, raw }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      await store.transaction(tenantId, async (tx) => {
        for (const [i, id] of IDS.entries()) await c.repo(tx).insert(c.make(tenantId, id, stamp(i)));
      });
      const whole = inOrder((await c.raw(raw, tenantId)) as { id: string; createdAt: string }[], createdAt);
      expect(whole).toHaveLength(IDS.length);
      await expectPagedWhole(store, tenantId, (tx, page) => c.repo(tx).list(page), createdAt, whole);
    });
  },

  async 'blocks by one status and by several, in pages, give the whole list in order'({ store, raw }) {
    const tenantId = freshTenant();
    await insertAll(store, tenantId, { blocks: blocksOf(tenantId, 14) });
    // Another practice's blocks, of the same ids and statuses, never show.
    const other = freshTenant();
    await insertAll(store, other, { blocks: blocksOf(other, 14, 'active') });
    const stored = await raw.blocks(tenantId);
    const sets: BlockStatus[][] = [['active'], ['expired'], ['active', 'expired'], ['draft', 'active', 'completed']];
    for (const statuses of [...sets, ['active', 'active'], ['pending']] as BlockStatus[][]) {
      const whole = inOrder(
        stored.filter((b) => statuses.includes(b.status)),
        createdAt,
      );
      if (!statuses.includes('pending')) expect(whole.length).toBeGreaterThan(1);
      await expectPagedWhole(store, tenantId, (tx, page) => tx.blocks.listByStatus(statuses, page), createdAt, whole);
    }
  },

  async 'unlinked attendances in pages follow startsAt, equal starts ordered by id'({ store, raw }) {
    const tenantId = freshTenant();
    await insertAll(store, tenantId, { attendances: attendancesOf(tenantId, 12) });
    const stored = (await raw.records(tenantId, 'attendances')) as Attendance[];
    const whole = inOrder(stored.filter(unlinked), startsAt);
    expect(whole.length).toBeGreaterThan(4);
    expect(whole.length).toBeLessThan(stored.length);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.attendances.listUnlinked(page), startsAt, whole);
  },

  async 'invoices of sessions in pages, in creation order; block invoices never appear'({ store, raw }) {
    const tenantId = freshTenant();
    await insertAll(store, tenantId, { invoices: invoicesOf(tenantId, 11) });
    const stored = (await raw.records(tenantId, 'invoices')) as Invoice[];
    const whole = inOrder(stored.filter(forSessions), createdAt);
    expect(whole).toHaveLength(6);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.invoices.listForSessions(page), createdAt, whole);
  },

  async 'a page sees the transaction’s own inserts and updates'({ store, raw }) {
    const tenantId = freshTenant();
    const clients = IDS.map((id, i) => clientRecord(tenantId, id, stamp(i)));
    const blocks = blocksOf(tenantId, 10);
    const attendances = attendancesOf(tenantId, 10);
    const invoices = invoicesOf(tenantId, 8);
    await insertAll(store, tenantId, { blocks, attendances, invoices });
    await store.transaction(tenantId, async (tx) => {
      for (const c of clients.slice(0, 5)) await tx.clients.insert(c);
    });
    const firstActive = inOrder(
      blocks.filter((b) => b.status === 'active'),
      createdAt,
    )[0] as Block;
    const firstUnlinked = inOrder(attendances.filter(unlinked), startsAt)[0] as Attendance;
    const firstOfSessions = inOrder(invoices.filter(forSessions), createdAt)[0] as Invoice;
    // Inserts before, between and after the committed records; updates that move records within and out of lists.
    const mine = {
      clients: clients.slice(5),
      blocks: [
        blockRecord(tenantId, 'b-new1', 'c1', { status: 'active', createdAt: '2026-02-01T00:00:00.000Z' }),
        blockRecord(tenantId, 'b-new2', 'c1', { status: 'expired', createdAt: stamp(1) }),
      ],
      blockUpdates: [{ ...firstActive, status: 'expired' as const }],
      attendances: [
        attendanceRecord(tenantId, 'a-new1', 's-new', { startsAt: START(10) }),
        attendanceRecord(tenantId, 'a-new2', 's-new', { startsAt: START(20) }),
        attendanceRecord(tenantId, 'a-new3', 's-new', { startsAt: START(1), blockId: 'b9' }),
      ],
      attendanceUpdates: [{ ...firstUnlinked, startsAt: START(11, 18) }],
      invoices: [invoiceRecord(tenantId, 'i-new', null, 'INV-new', stamp(1))],
      invoiceUpdates: [{ ...firstOfSessions, blockId: 'b7' }],
    };
    const latest = <T extends Keyed>(stored: readonly T[], inserted: readonly T[], updated: readonly T[]) => [
      ...stored.map((r) => updated.find((u) => u.id === r.id) ?? r),
      ...inserted,
    ];
    await store.transaction(tenantId, async (tx) => {
      for (const c of mine.clients) await tx.clients.insert(c);
      for (const b of mine.blocks) await tx.blocks.insert(b);
      for (const b of mine.blockUpdates) await tx.blocks.update(b);
      for (const a of mine.attendances) await tx.attendances.insert(a);
      for (const a of mine.attendanceUpdates) await tx.attendances.update(a);
      for (const i of mine.invoices) await tx.invoices.insert(i);
      for (const i of mine.invoiceUpdates) await tx.invoices.update(i);

      await expectPagedWholeIn((page) => tx.clients.list(page), createdAt, inOrder(clients, createdAt));
      const allBlocks = latest(blocks, mine.blocks, mine.blockUpdates);
      for (const statuses of [['active'], ['expired'], ['active', 'expired']] as BlockStatus[][]) {
        const whole = inOrder(
          allBlocks.filter((b) => statuses.includes(b.status)),
          createdAt,
        );
        await expectPagedWholeIn((page) => tx.blocks.listByStatus(statuses, page), createdAt, whole);
      }
      const allAttendances = latest(attendances, mine.attendances, mine.attendanceUpdates);
      const unlinkedWhole = inOrder(allAttendances.filter(unlinked), startsAt);
      await expectPagedWholeIn((page) => tx.attendances.listUnlinked(page), startsAt, unlinkedWhole);
      const allInvoices = latest(invoices, mine.invoices, mine.invoiceUpdates);
      const sessionsWhole = inOrder(allInvoices.filter(forSessions), createdAt);
      await expectPagedWholeIn((page) => tx.invoices.listForSessions(page), createdAt, sessionsWhole);
    });
    // Committed, the lists are what the transaction saw.
    const stored = (await raw.records(tenantId, 'attendances')) as Attendance[];
    const afterCommit = inOrder(stored.filter(unlinked), startsAt);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.attendances.listUnlinked(page), startsAt, afterCommit);
    expect(afterCommit.map((a) => a.id)).toContain(firstUnlinked.id);
  },

  async 'a limit larger than the list gives all of it; a cursor at or past the end gives nothing'({ store, raw }) {
    const tenantId = freshTenant();
    await insertAll(store, tenantId, {
      blocks: blocksOf(tenantId, 7),
      attendances: attendancesOf(tenantId, 7),
      invoices: invoicesOf(tenantId, 7),
    });
    const blocks = await raw.blocks(tenantId);
    const attendances = (await raw.records(tenantId, 'attendances')) as Attendance[];
    const invoices = (await raw.records(tenantId, 'invoices')) as Invoice[];
    const check = async <T extends Keyed>(read: (page?: Page) => Promise<T[]>, whole: T[], keyOf: (r: T) => string) => {
      expect(whole.length).toBeGreaterThan(2);
      const last = whole.at(-1) as T;
      const second = whole[1] as T;
      expect(await read({ limit: 1000 })).toEqual(whole);
      expect(await read({ after: null, limit: whole.length })).toEqual(whole);
      expect(await read({ after: { key: keyOf(last), id: last.id }, limit: 5 })).toEqual([]);
      expect(await read({ after: { key: '2999-01-01T00:00:00.000Z', id: '' }, limit: 5 })).toEqual([]);
      // A cursor need not be an item of the list: the page starts at the first item after it.
      expect(await read({ after: { key: keyOf(second), id: '' }, limit: 1000 })).toEqual(
        whole.filter((r) => keyOf(r) >= keyOf(second)),
      );
    };
    const activeOrExpired = (b: Block) => b.status === 'active' || b.status === 'expired';
    await store.transaction(tenantId, async (tx) => {
      await check((page) => tx.blocks.list(page), inOrder(blocks, createdAt), createdAt);
      await check(
        (page) => tx.blocks.listByStatus(['active', 'expired'], page),
        inOrder(blocks.filter(activeOrExpired), createdAt),
        createdAt,
      );
      await check(
        (page) => tx.attendances.listUnlinked(page),
        inOrder(attendances.filter(unlinked), startsAt),
        startsAt,
      );
      await check(
        (page) => tx.invoices.listForSessions(page),
        inOrder(invoices.filter(forSessions), createdAt),
        createdAt,
      );
    });
  },

  async 'every record repository: getMany gives the existing records, once each, of this tenant only'({ store }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      const other = freshTenant();
      const [a, b, d] = [c.make(tenantId, 'a'), c.make(tenantId, 'b'), c.make(tenantId, 'd')];
      await store.transaction(tenantId, async (tx) => {
        for (const r of [a, b, d]) await c.repo(tx).insert(r);
      });
      await store.transaction(other, (tx) => c.repo(tx).insert(c.make(other, 'theirs')));
      const byId = (rows: Keyed[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
      await store.transaction(tenantId, async (tx) => {
        const found = await c.repo(tx).getMany(['d', 'ghost', 'a', 'theirs', 'a', 'd', 'a']);
        expect(byId(found)).toEqual([a, d]);
        expect(await c.repo(tx).getMany([])).toEqual([]);
        expect(await c.repo(tx).getMany(['ghost', 'theirs'])).toEqual([]);
        // Its own inserts and updates, too.
        const e = c.make(tenantId, 'e');
        const changed = c.change(b);
        await c.repo(tx).insert(e);
        await c.repo(tx).update(changed);
        expect(byId(await c.repo(tx).getMany(['e', 'b', 'e']))).toEqual([changed, e]);
      });
      expect(await store.transaction(other, (tx) => c.repo(tx).getMany(['a', 'theirs']))).toEqual([
        c.make(other, 'theirs'),
      ]);
    });
  },

  async 'paging follows updates: a block changing status moves between status pages'({ store, raw }) {
    const tenantId = freshTenant();
    const blocks = blocksOf(tenantId, 8, 'active');
    await insertAll(store, tenantId, { blocks });
    const ordered = inOrder(blocks, createdAt);
    const first = await store.transaction(tenantId, (tx) => tx.blocks.listByStatus(['active'], { limit: 3 }));
    expect(first).toEqual(ordered.slice(0, 3));
    // One block already read and one not yet read expire between two pages.
    const [seen, unseen] = [ordered[1] as Block, ordered[5] as Block];
    await store.transaction(tenantId, async (tx) => {
      for (const b of [seen, unseen]) await tx.blocks.update({ ...b, status: 'expired' });
    });
    const cursor = { key: (first[2] as Block).createdAt, id: (first[2] as Block).id };
    const rest = await pageThrough<Block>(
      (page) => store.transaction(tenantId, (tx) => tx.blocks.listByStatus(['active'], page)),
      2,
      createdAt,
      cursor,
    );
    expect(rest.map((b) => b.id)).toEqual(
      ordered
        .slice(3)
        .filter((b) => b !== unseen)
        .map((b) => b.id),
    );
    const stored = await raw.blocks(tenantId);
    const byStatus = (s: BlockStatus) =>
      inOrder(
        stored.filter((b) => b.status === s),
        createdAt,
      );
    expect(byStatus('expired').map((b) => b.id)).toEqual([seen.id, unseen.id]);
    const read = (statuses: BlockStatus[]) => (tx: StoreTransaction, page?: Page) =>
      tx.blocks.listByStatus(statuses, page);
    await expectPagedWhole(store, tenantId, read(['active']), createdAt, byStatus('active'));
    await expectPagedWhole(store, tenantId, read(['expired']), createdAt, byStatus('expired'));
    await expectPagedWhole(store, tenantId, read(['expired', 'active']), createdAt, inOrder(stored, createdAt));
  },

  async 'paging follows updates: an attendance linked to a block or invoice leaves the unlinked pages'({ store, raw }) {
    const tenantId = freshTenant();
    const attendances = Array.from({ length: 8 }, (_, i) =>
      attendanceRecord(tenantId, `a${i}`, `s${i}`, { startsAt: START(10 + Math.floor(i / 2)) }),
    );
    await insertAll(store, tenantId, { attendances });
    const first = await store.transaction(tenantId, (tx) => tx.attendances.listUnlinked({ limit: 3 }));
    expect(first.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    await store.transaction(tenantId, async (tx) => {
      await tx.attendances.update({ ...(attendances[4] as Attendance), blockId: 'b1' });
      await tx.attendances.update({ ...(attendances[5] as Attendance), invoiceId: 'i1' });
      // Rescheduled to the very end of the list, and one linked before the cursor.
      await tx.attendances.update({ ...(attendances[3] as Attendance), startsAt: START(28) });
      await tx.attendances.update({ ...(attendances[0] as Attendance), blockId: 'b1' });
    });
    const rest = await pageThrough<Attendance>(
      (page) => store.transaction(tenantId, (tx) => tx.attendances.listUnlinked(page)),
      2,
      startsAt,
      { key: (first[2] as Attendance).startsAt, id: 'a2' },
    );
    expect(rest.map((a) => a.id)).toEqual(['a6', 'a7', 'a3']);
    const stored = (await raw.records(tenantId, 'attendances')) as Attendance[];
    const whole = inOrder(stored.filter(unlinked), startsAt);
    expect(whole.map((a) => a.id)).toEqual(['a1', 'a2', 'a6', 'a7', 'a3']);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.attendances.listUnlinked(page), startsAt, whole);
    // Unlinked again, it is back in the pages at its start.
    await store.transaction(tenantId, (tx) => tx.attendances.update(attendances[4] as Attendance));
    const back = inOrder([...whole, attendances[4] as Attendance], startsAt);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.attendances.listUnlinked(page), startsAt, back);
  },

  async 'paging follows updates: an invoice given a block leaves the invoices of sessions; one whose block is cleared joins them'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const invoices = invoicesOf(tenantId, 8);
    await insertAll(store, tenantId, { invoices });
    const [ofSessions, ofBlock] = [invoices.find(forSessions), invoices.find((i) => !forSessions(i))] as Invoice[];
    await store.transaction(tenantId, async (tx) => {
      await tx.invoices.update({ ...(ofSessions as Invoice), blockId: 'b-late' });
      await tx.invoices.update({ ...(ofBlock as Invoice), blockId: null, attendanceIds: ['a1'] });
    });
    const stored = (await raw.records(tenantId, 'invoices')) as Invoice[];
    const whole = inOrder(stored.filter(forSessions), createdAt);
    expect(whole.map((i) => i.id)).toContain(ofBlock?.id);
    expect(whole.map((i) => i.id)).not.toContain(ofSessions?.id);
    await expectPagedWhole(store, tenantId, (tx, page) => tx.invoices.listForSessions(page), createdAt, whole);
  },
});
