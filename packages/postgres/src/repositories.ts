import {
  type Block,
  type BlockRepository,
  type BlockStatus,
  type Invoice,
  type InvoiceRepository,
  type Page,
  type RecordRepository,
  SessionsError,
  type SettingsRepository,
  type TenantSettings,
} from '@sessions/core';
import type { SqlQueryable } from './driver.js';
import { sqlState, UNIQUE_VIOLATION } from './errors.js';

type Row<T> = { data: T };

/** Run a write; a unique violation becomes the contract's CONFLICT. */
async function write(db: SqlQueryable, sql: string, params: readonly unknown[], conflict: () => SessionsError) {
  try {
    return await db.query(sql, params);
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) throw conflict();
    throw error;
  }
}

/**
 * Insert rows into `table` (a constant) for one tenant, or none of them: the
 * contract's CONFLICT when any would duplicate a unique key. `ON CONFLICT DO
 * NOTHING` skips a duplicate (waiting first for a concurrent insert of the same
 * key, skipping once that commits) instead of failing the statement, so the
 * transaction stays usable when the caller catches the CONFLICT; rows of a batch
 * that did go in are deleted again. `key` names the column unique in the tenant.
 */
export async function insertAll(
  db: SqlQueryable,
  tenantId: string,
  table: string,
  key: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  conflict: () => SessionsError,
): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [tenantId];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `($1, ${placeholders.join(', ')})`;
  });
  const { rows: inserted } = await db.query<{ key: string }>(
    `INSERT INTO ${table} (tenant_id, ${columns.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT DO NOTHING RETURNING ${key} AS key`,
    params,
  );
  if (inserted.length === rows.length) return;
  if (inserted.length > 0) {
    await db.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND ${key} = ANY($2)`, [
      tenantId,
      inserted.map((r) => r.key),
    ]);
  }
  throw conflict();
}

export class SqlSettings implements SettingsRepository {
  /** The settings as read with the locks, if they were: this transaction's own view of them. */
  private known: { value: TenantSettings | null } | null = null;
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  /** The settings read by the lock statement, so `get` needs no round trip of its own. */
  prefetched(value: TenantSettings | null): void {
    this.known = { value };
  }
  async get(): Promise<TenantSettings | null> {
    if (this.known) return this.known.value;
    const { rows } = await this.db.query<Row<TenantSettings>>(
      'SELECT data FROM sessions_settings WHERE tenant_id = $1',
      [this.tenantId],
    );
    return rows[0]?.data ?? null;
  }
  async put(settings: TenantSettings): Promise<void> {
    await this.db.query(
      'INSERT INTO sessions_settings (tenant_id, data) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET data = EXCLUDED.data',
      [this.tenantId, JSON.stringify(settings)],
    );
    this.known = { value: settings };
  }
}

/** Extra indexed columns a table keeps beside the record's jsonb. */
type Columns<T> = Record<string, (record: T) => unknown>;

/** The orders lists come in, as SQL: each the trailing columns of the indexes that serve them. */
export const BY_CREATION = 'created_at, id';
export const BY_START = 'starts_at, id';
export const BY_CLOSE = 'closed_at, id';
export const BY_EXPIRY = 'expires_on, id';
const SORT_KEY = {
  [BY_CREATION]: 'created_at',
  [BY_START]: 'starts_at',
  [BY_CLOSE]: 'closed_at',
  [BY_EXPIRY]: 'expires_on',
} as const;
export type ListOrder = keyof typeof SORT_KEY;

/** A page's LIMIT parameter: null (no limit) without a page; a limit below 1 (or not a number) gives none. */
export function pageLimit(page: Page): number | null {
  if (page.limit === Number.POSITIVE_INFINITY) return null;
  return page.limit > 0 ? Math.floor(page.limit) : 0;
}

/**
 * The condition and LIMIT that cut a page out of a list, its parameters
 * numbered from `$first`: a row comparison on the list's (sort key, id), which
 * an index ending in those columns answers with one range scan.
 */
export function pageClause(
  page: Page,
  order: ListOrder,
  first: number,
): { where: string; limit: string; params: unknown[] } {
  const limit = pageLimit(page);
  if (!page.after) return { where: 'TRUE', limit: `LIMIT $${first}`, params: [limit] };
  return {
    where: `(${SORT_KEY[order]}, id) > ($${first}, $${first + 1})`,
    limit: `LIMIT $${first + 2}`,
    params: [page.after.key, page.after.id, limit],
  };
}

export class SqlRecords<T extends { id: string; createdAt: string }> implements RecordRepository<T> {
  constructor(
    protected readonly db: SqlQueryable,
    protected readonly tenantId: string,
    /** A constant from this package, never input: identifiers cannot be parameters. */
    protected readonly table: string,
    private readonly noun: string,
    private readonly columns: Columns<T> = {},
  ) {}

  async get(id: string): Promise<T | null> {
    const { rows } = await this.db.query<Row<T>>(`SELECT data FROM ${this.table} WHERE tenant_id = $1 AND id = $2`, [
      this.tenantId,
      id,
    ]);
    return rows[0]?.data ?? null;
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    // The primary key answers each id; duplicates asked for still match one row once.
    const { rows } = await this.db.query<Row<T>>(
      `SELECT data FROM ${this.table} WHERE tenant_id = $1 AND id = ANY($2)`,
      [this.tenantId, [...new Set(ids)]],
    );
    return rows.map((r) => r.data);
  }

  async insert(record: T): Promise<void> {
    const extra = Object.keys(this.columns);
    await insertAll(
      this.db,
      this.tenantId,
      this.table,
      'id',
      ['id', 'created_at', 'data', ...extra],
      [[record.id, record.createdAt, JSON.stringify(record), ...extra.map((c) => this.columns[c]?.(record))]],
      () =>
        new SessionsError('CONFLICT', `A ${this.noun} with id "${record.id}" already exists.`, {
          entity: this.noun,
          id: record.id,
        }),
    );
  }

  async update(record: T): Promise<void> {
    const extra = Object.keys(this.columns);
    const sets = ['data = $3', ...extra.map((c, i) => `${c} = $${i + 4}`)];
    const { rows } = await write(
      this.db,
      `UPDATE ${this.table} SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING id`,
      [this.tenantId, record.id, JSON.stringify(record), ...extra.map((c) => this.columns[c]?.(record))],
      () => new SessionsError('CONFLICT', `Updating ${this.noun} "${record.id}" would duplicate a unique value.`),
    );
    if (rows.length === 0) {
      throw new SessionsError('NOT_FOUND', `No ${this.noun} with id "${record.id}" exists in this practice.`, {
        entity: this.noun,
        id: record.id,
      });
    }
  }

  async list(page?: Page): Promise<T[]> {
    return this.select('TRUE', [], BY_CREATION, page);
  }

  /**
   * Rows matching `where` (its parameters from `$2`), sorted by `order`: both
   * constants, never input. With `page`, only that page of them.
   */
  protected async select(where: string, params: readonly unknown[], order: ListOrder = BY_CREATION, page?: Page) {
    const cut = page ? pageClause(page, order, params.length + 2) : null;
    const { rows } = await this.db.query<Row<T>>(
      `SELECT data FROM ${this.table} WHERE tenant_id = $1 AND ${where}${cut ? ` AND ${cut.where}` : ''}
       ORDER BY ${order}${cut ? ` ${cut.limit}` : ''}`,
      [this.tenantId, ...params, ...(cut?.params ?? [])],
    );
    return rows.map((r) => r.data);
  }
}

/** Clients of blocks, by tenant and block: a block's client never changes, so it may be remembered. */
export class BlockClientCache {
  private readonly known = new Map<string, string>();
  constructor(private readonly limit = 100_000) {}
  get(tenantId: string, blockId: string): string | undefined {
    return this.known.get(`${tenantId}\u0000${blockId}`);
  }
  set(tenantId: string, blockId: string, clientId: string): void {
    // Bounded: when full, forget everything (cheap, and a miss is only a query).
    if (this.known.size >= this.limit) this.known.clear();
    this.known.set(`${tenantId}\u0000${blockId}`, clientId);
  }
}

export class SqlBlocks extends SqlRecords<Block> implements BlockRepository {
  constructor(
    db: SqlQueryable,
    tenantId: string,
    private readonly clients: BlockClientCache = new BlockClientCache(),
  ) {
    super(db, tenantId, 'sessions_blocks', 'block', {
      client_id: (b) => b.clientId,
      status: (b) => b.status,
      closed_at: (b) => b.closedAt ?? null,
      expires_on: (b) => b.expiresOn ?? null,
    });
  }
  listByClient(clientId: string): Promise<Block[]> {
    return this.select('client_id = $2', [clientId]);
  }
  async listByClients(clientIds: readonly string[]): Promise<Block[]> {
    if (clientIds.length === 0) return [];
    // One scan of sessions_blocks_client per client (an index ScalarArrayOp), the few rows then sorted.
    return this.select('client_id = ANY($2)', [[...new Set(clientIds)]]);
  }
  async listEndedSince(status: 'completed' | 'expired', since: string, page?: Page): Promise<Block[]> {
    const ended = ENDED.get(status);
    if (!ended) return [];
    // The partial index's predicate, spelled out so the planner proves it whatever the parameters:
    // one range scan of it in (key, id) order from `since`, or from the cursor once that is past it.
    const where = `${ended.filter} AND ${ended.column} IS NOT NULL`;
    if (page?.after && page.after.key >= since) return this.select(where, [], ended.order, page);
    return this.select(`${where} AND ${ended.column} >= $2`, [since], ended.order, page);
  }
  async listByStatus(statuses: readonly BlockStatus[], page?: Page): Promise<Block[]> {
    const wanted = [...new Set(statuses)];
    if (!page) return this.select('status = ANY($2)', [wanted]);
    if (wanted.length === 0) return [];
    // One status: a range scan of sessions_blocks_status from the cursor, stopping after the page.
    if (wanted.length === 1) return this.select('status = $2', wanted, BY_CREATION, page);
    // Several: `status = ANY(…)` would read every such block past the cursor and sort them
    // (the index keeps each status's blocks in order, not all of them together). Instead one
    // range scan per status, each stopping after a page, merged in order (a Merge Append):
    // about a page of rows read in all. One statement text per number of statuses.
    const cut = pageClause(page, BY_CREATION, wanted.length + 2);
    const branches = wanted.map(
      (_, i) =>
        `(SELECT data, created_at, id FROM sessions_blocks WHERE tenant_id = $1 AND status = $${i + 2} AND ${cut.where}
          ORDER BY ${BY_CREATION} ${cut.limit})`,
    );
    const { rows } = await this.db.query<Row<Block>>(
      `SELECT data FROM (${branches.join(' UNION ALL ')}) b ORDER BY ${BY_CREATION} ${cut.limit}`,
      [this.tenantId, ...wanted, ...cut.params],
    );
    return rows.map((r) => r.data);
  }
  async clientIdOf(blockId: string): Promise<string | null> {
    const cached = this.clients.get(this.tenantId, blockId);
    if (cached !== undefined) return cached;
    const { rows } = await this.db.query<{ client_id: string }>(
      'SELECT client_id FROM sessions_blocks WHERE tenant_id = $1 AND id = $2',
      [this.tenantId, blockId],
    );
    const clientId = rows[0]?.client_id ?? null;
    if (clientId !== null) this.clients.set(this.tenantId, blockId, clientId);
    return clientId;
  }
}

/** What `listEndedSince` reads for each status: constants, matching the partial indexes of 007. */
const ENDED = new Map<string, { filter: string; column: string; order: ListOrder }>([
  ['completed', { filter: "status = 'completed'", column: 'closed_at', order: BY_CLOSE }],
  ['expired', { filter: "status = 'expired'", column: 'expires_on', order: BY_EXPIRY }],
]);

export class SqlInvoices extends SqlRecords<Invoice> implements InvoiceRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_invoices', 'invoice', { number: (i) => i.number, block_id: (i) => i.blockId });
  }
  async getByNumber(number: string): Promise<Invoice | null> {
    return (await this.select('number = $2', [number]))[0] ?? null;
  }
  listForSessions(page?: Page): Promise<Invoice[]> {
    // The same predicate as the partial index sessions_invoices_sessions.
    return this.select('block_id IS NULL', [], BY_CREATION, page);
  }
}

/**
 * An append-only ledger table keyed by (tenant_id, <owner column>, seq), the
 * entry id unique in the tenant: a block's ledger, a client's account.
 */
export class SqlEntries<E extends { id: string; seq: number }> {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
    /** Constants from this package, never input. */
    private readonly table: string,
    private readonly ownerColumn: string,
    private readonly owner: (entry: E) => string,
    private readonly conflict: (entries: readonly E[]) => SessionsError,
    /** Extra indexed columns beside the entry's jsonb, written on append (entries never change). */
    private readonly columns: Columns<E> = {},
  ) {}
  /** One statement for the batch (and a second to take it back on a duplicate): whole or not at all. */
  append(entries: readonly E[]): Promise<void> {
    const extra = Object.keys(this.columns);
    return insertAll(
      this.db,
      this.tenantId,
      this.table,
      'id',
      [this.ownerColumn, 'seq', 'id', 'data', ...extra],
      entries.map((e) => [this.owner(e), e.seq, e.id, JSON.stringify(e), ...extra.map((c) => this.columns[c]?.(e))]),
      () => this.conflict(entries),
    );
  }
  async list(owner: string): Promise<E[]> {
    const { rows } = await this.db.query<Row<E>>(
      `SELECT data FROM ${this.table} WHERE tenant_id = $1 AND ${this.ownerColumn} = $2 ORDER BY seq`,
      [this.tenantId, owner],
    );
    return rows.map((r) => r.data);
  }
}
