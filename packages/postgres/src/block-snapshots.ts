import type { LedgerEntry, LockReads } from '@sessions/core';
import { withMoves } from './ledger-repository.js';
import type { LockReadRow } from './lock-reads.js';

/**
 * What an optimistic credit move read of a block, and what it wrote, kept
 * after it committed (migration 011): the block as it stands after that
 * commit, so the next credit move on it from this store needs no read first.
 *
 * Nothing here is trusted: every commit that rests on a snapshot checks,
 * under the locks, that its version is still the database's and that the
 * sessions it names have exactly the entries assumed. Another process's
 * write, or this store's own through the locked path, makes that check fail;
 * the snapshot is dropped and the command runs again from a fresh read.
 */
export interface BlockSnapshot {
  /** The services and practitioners read with the block (sorted): the version covers exactly these. */
  readonly services: readonly string[];
  readonly practitioners: readonly string[];
  /** The lock statement's reads of that moment, entries aside. */
  readonly row: Omit<LockReadRow, 'entries'>;
  /** The entries of each session read or written since the block was read, in seq order. */
  readonly entries: ReadonlyMap<string, readonly LedgerEntry[]>;
  /** sessions_read_version's answer for these rows. */
  readonly version: string;
}

/** What a command names, as a snapshot must match it. */
export interface SnapshotRead {
  readonly blockId: string;
  readonly sessionIds: readonly string[];
  readonly services: readonly string[];
  readonly practitioners: readonly string[];
}

export function snapshotRead(reads: LockReads): SnapshotRead | null {
  const opened = reads.openBlocks?.[0];
  if (!opened) return null;
  return {
    blockId: opened.blockId,
    sessionIds: [...new Set(opened.sessionIds)],
    services: [...new Set(reads.services ?? [])].sort(),
    practitioners: [...new Set(reads.practitioners ?? [])].sort(),
  };
}

/** The blocks this store last committed credit moves on, by tenant and block; a bounded number. */
export class BlockSnapshots {
  private readonly byBlock = new Map<string, BlockSnapshot>();
  constructor(private readonly capacity = 10_000) {}

  /**
   * The reads `read` would make, answered from the snapshot: the row as the
   * lock statement would give it, the entry ids the commit must find, and the
   * version. Null if there is no snapshot of the block or it read other rows.
   */
  answer(
    tenantId: string,
    read: SnapshotRead,
  ): { row: LockReadRow; expectedEntries: string[]; version: string } | null {
    const snapshot = this.byBlock.get(key(tenantId, read.blockId));
    if (!snapshot || !same(snapshot.services, read.services) || !same(snapshot.practitioners, read.practitioners))
      return null;
    // A session the snapshot never saw is assumed to have no entries here; the commit checks.
    const entries = read.sessionIds.flatMap((id) => snapshot.entries.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    return {
      row: { ...snapshot.row, entries },
      expectedEntries: entries.map((e) => e.id),
      version: snapshot.version,
    };
  }

  /**
   * After a commit: the block as `row` (what the command read) plus `written`,
   * at `version` with its totals part replaced by the commit's answer.
   */
  committed(
    tenantId: string,
    read: SnapshotRead,
    row: LockReadRow,
    version: string,
    written: readonly LedgerEntry[],
    totalsVersion: string | null,
  ): void {
    const k = key(tenantId, read.blockId);
    const before = this.byBlock.get(k);
    // Only a batch on this one block can be added up here; anything else is read afresh next time.
    if (written.some((e) => e.blockId !== read.blockId) || (written.length > 0 && totalsVersion === null)) {
      this.byBlock.delete(k);
      return;
    }
    // Sessions known before stay known only if this commit rested on that same snapshot: the
    // commit's check then proved nothing else was written in between.
    const entries = new Map(before?.version === version ? before.entries : []);
    for (const id of read.sessionIds) entries.set(id, frozenCopy(row.entries.filter((e) => e.sessionId === id)));
    for (const e of written) {
      const list = e.sessionId === null ? undefined : entries.get(e.sessionId);
      if (list && e.sessionId !== null) entries.set(e.sessionId, [...list, frozenCopy(e)]);
    }
    const { entries: _read, ...rest } = row;
    if (this.byBlock.size >= this.capacity && !this.byBlock.has(k)) this.byBlock.clear();
    this.byBlock.set(k, {
      services: read.services,
      practitioners: read.practitioners,
      // Frozen copies: every command that rests on the snapshot is handed the same objects.
      row: frozenCopy(written.length > 0 ? { ...rest, totals: withMoves(rest.totals, written) } : rest),
      entries,
      version: written.length > 0 ? `${version.slice(0, version.lastIndexOf('|'))}|${totalsVersion}` : version,
    });
  }

  drop(tenantId: string, blockId: string): void {
    this.byBlock.delete(key(tenantId, blockId));
  }
}

const key = (tenantId: string, blockId: string) => `${tenantId}\u0000${blockId}`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A deep, frozen copy of JSON data (what the store reads and writes). */
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) copy[k] = frozenCopy(v);
  return Object.freeze(copy) as T;
}
