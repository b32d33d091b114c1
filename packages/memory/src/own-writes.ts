import type { Page } from '@sessions/core';
import type { Overlay } from './overlay.js';
import type { SortedIds } from './sorted-ids.js';
import type { RecordTable, RecordTables } from './tenant-state.js';

/**
 * A list read from one of the tenant's indexes, with the transaction's own
 * writes laid over it: the committed records under `committedIds` that this
 * transaction has not rewritten, plus the records it wrote that `match`. A
 * record it rewrote is taken from its overlay, never from where the committed
 * index still files it, so lists follow updates before commit too.
 *
 * `committedIds` come in `order` already (from a sorted index), so the result
 * is sorted only when the transaction added something, unless `presorted` is
 * false (ids from an unordered set).
 */
export function withOwnWrites<T extends RecordTable>(
  overlay: Overlay,
  table: T,
  committedIds: Iterable<string>,
  match: (record: RecordTables[T]) => boolean,
  order: (a: RecordTables[T], b: RecordTables[T]) => number,
  presorted = true,
): RecordTables[T][] {
  overlay.assertOpen();
  const stored = overlay.state.records[table] as Map<string, RecordTables[T]>;
  const mine = overlay.records[table] as Map<string, RecordTables[T]> | undefined;
  const out: RecordTables[T][] = [];
  for (const id of committedIds) if (!mine?.has(id)) out.push(stored.get(id) as RecordTables[T]);
  let added = false;
  for (const record of mine?.values() ?? []) {
    if (match(record)) {
      out.push(record);
      added = true;
    }
  }
  return added || !presorted ? out.sort(order) : out;
}

type Cursor = NonNullable<Page['after']>;

/** At most how many items a page holds: all without a page; a limit below 1 (or not a number) gives none. */
export function pageLimit(page: Page | undefined): number {
  if (page === undefined) return Number.POSITIVE_INFINITY;
  return page.limit > 0 ? Math.floor(page.limit) : 0;
}

const isAfter = (key: string, id: string, after: Cursor | null, from: string | undefined) =>
  (from === undefined || key >= from) && (after === null || key > after.key || (key === after.key && id > after.id));

/**
 * One page of a list read from sorted indexes (one, or one per value of an
 * `IN`-like filter), with the transaction's own writes laid over it, as
 * `withOwnWrites` does for whole lists. Each index is read from just past
 * `page.after` for at most `limit` ids it still files correctly (ids this
 * transaction rewrote are skipped: their overlay version is matched instead),
 * so the work is bounded by the page, not the list. `keyOf` is the list's sort
 * key (createdAt, startsAt), the key of `page.after`. With `from`, only
 * items whose key is at least `from` (an inclusive lower bound, read from the
 * index as a seek, like the cursor). Without a page: the whole list.
 */
export function pageWithOwnWrites<T extends RecordTable>(
  overlay: Overlay,
  table: T,
  indexes: readonly (SortedIds | undefined)[],
  match: (record: RecordTables[T]) => boolean,
  order: (a: RecordTables[T], b: RecordTables[T]) => number,
  keyOf: (record: RecordTables[T]) => string,
  page: Page | undefined,
  from?: string,
): RecordTables[T][] {
  overlay.assertOpen();
  const limit = pageLimit(page);
  if (limit === 0) return [];
  const after = page?.after ?? null;
  const stored = overlay.state.records[table] as Map<string, RecordTables[T]>;
  const mine = overlay.records[table] as Map<string, RecordTables[T]> | undefined;
  const out: RecordTables[T][] = [];
  for (const index of indexes) {
    let taken = 0;
    for (const id of index?.after(after, from) ?? []) {
      if (taken === limit) break;
      if (mine?.has(id)) continue;
      out.push(stored.get(id) as RecordTables[T]);
      taken++;
    }
  }
  let added = false;
  for (const record of mine?.values() ?? []) {
    if (match(record) && isAfter(keyOf(record), record.id, after, from)) {
      out.push(record);
      added = true;
    }
  }
  if (added || indexes.length > 1) out.sort(order);
  return out.length > limit ? out.slice(0, limit) : out;
}
