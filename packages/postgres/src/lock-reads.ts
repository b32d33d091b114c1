import type { Block, LedgerEntry, LockReads, OpenedBlock, Practitioner, Service, TenantSettings } from '@sessions/core';
import type { SqlQueryable } from './driver.js';
import { emptySummary, SqlLedger, summaryFromRow, type TotalsRow } from './ledger-repository.js';
import { SqlRecords } from './repositories.js';

/**
 * Take the locks and read what the command reads next, in one round trip
 * (migration 008): the reads run inside the function, after the locks, so
 * they see what the previous holder committed. One block is opened this way
 * (a command's first block); any others are read when asked for.
 */
export const LOCK_READ = 'SELECT * FROM sessions_lock_read($1::text[], $2, $3::text[], $4::text[], $5, $6::text[])';

export interface LockReadRow {
  readonly settings: TenantSettings | null;
  readonly services: Service[];
  readonly practitioners: Practitioner[];
  readonly block: Block | null;
  readonly totals: TotalsRow | null;
  readonly entries: LedgerEntry[];
}

/** Lock keys as the lock functions take them: each once, sorted, scoped to the tenant. */
export function scopedLockKeys(tenantId: string, keys: readonly string[]): string[] {
  return [...new Set(keys)].sort().map((key) => `${tenantId}|${key}`);
}

/** The parameters of LOCK_READ after the lock keys and the tenant. */
export function lockReadParams(reads: LockReads | undefined): unknown[] {
  const opened = reads?.openBlocks?.[0];
  return [reads?.services ?? [], reads?.practitioners ?? [], opened?.blockId ?? null, opened?.sessionIds ?? []];
}

/**
 * What the lock statement read, answering the matching reads that follow
 * without a round trip — until the transaction writes anything, when it is
 * all forgotten (a write may change what was read).
 */
export class LockReadCache {
  private services = new Map<string, Service | null>();
  private practitioners = new Map<string, Practitioner | null>();
  private opened = new Map<string, OpenedBlock>();
  private tenantSettings: TenantSettings | null = null;

  fill(reads: LockReads, row: LockReadRow): void {
    this.clear();
    this.tenantSettings = row.settings ?? null;
    // Every id asked for is answered: one the statement did not find does not exist.
    for (const id of reads.services ?? []) this.services.set(id, null);
    for (const s of row.services) this.services.set(s.id, s);
    for (const id of reads.practitioners ?? []) this.practitioners.set(id, null);
    for (const p of row.practitioners) this.practitioners.set(p.id, p);
    const opened = reads.openBlocks?.[0];
    if (opened) {
      this.opened.set(openKey(opened.blockId, opened.sessionIds), {
        block: row.block,
        summary: row.totals ? summaryFromRow(row.totals) : emptySummary,
        entries: row.entries,
      });
    }
  }

  /** The practice's settings as the lock statement read them (null: none stored). */
  settings(): TenantSettings | null {
    return this.tenantSettings;
  }

  service(id: string): Service | null | undefined {
    return this.services.get(id);
  }

  practitioner(id: string): Practitioner | null | undefined {
    return this.practitioners.get(id);
  }

  openBlock(blockId: string, sessionIds: readonly string[]): OpenedBlock | undefined {
    return this.opened.get(openKey(blockId, sessionIds));
  }

  clear(): void {
    if (this.services.size > 0) this.services = new Map();
    if (this.practitioners.size > 0) this.practitioners = new Map();
    if (this.opened.size > 0) this.opened = new Map();
    this.tenantSettings = null;
  }
}

function openKey(blockId: string, sessionIds: readonly string[]): string {
  return `${blockId}\u0000${[...new Set(sessionIds)].sort().join('\u0000')}`;
}

/** Services or practitioners, answered from the lock statement's reads when it made them. */
export class LockReadRecords<T extends { id: string; createdAt: string }> extends SqlRecords<T> {
  constructor(
    db: SqlQueryable,
    tenantId: string,
    table: string,
    noun: string,
    private readonly known: (id: string) => T | null | undefined,
  ) {
    super(db, tenantId, table, noun);
  }

  override async get(id: string): Promise<T | null> {
    const known = this.known(id);
    return known !== undefined ? known : super.get(id);
  }
}

/** The ledger, opening a block from the lock statement's reads when it made them. */
export class LockReadLedger extends SqlLedger {
  constructor(
    db: SqlQueryable,
    tenantId: string,
    private readonly cache: LockReadCache,
  ) {
    super(db, tenantId);
  }

  override async openBlock(blockId: string, sessionIds: readonly string[]): Promise<OpenedBlock> {
    return this.cache.openBlock(blockId, sessionIds) ?? super.openBlock(blockId, sessionIds);
  }
}

/** Statement texts seen, and whether each may write: the store's texts are few and constant. */
const mayWrite = new Map<string, boolean>();
const WRITES = /\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;

/** `db`, calling `onWrite` before any statement that is not a plain read. */
export function watchWrites(db: SqlQueryable, onWrite: () => void): SqlQueryable {
  return {
    query(sql, params) {
      let writes = mayWrite.get(sql);
      if (writes === undefined) {
        writes = !/^\s*SELECT\b/i.test(sql) || WRITES.test(sql);
        if (mayWrite.size < 1000) mayWrite.set(sql, writes);
      }
      if (writes) onWrite();
      return db.query(sql, params);
    },
  };
}
