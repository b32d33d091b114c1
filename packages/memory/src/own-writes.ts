import type { Overlay } from './overlay.js';
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
