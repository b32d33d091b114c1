import {
  type Block,
  type BlockRepository,
  type BlockStatus,
  type DomainEvent,
  type IdempotencyRecord,
  type IdempotencyRepository,
  type Invoice,
  type InvoiceRepository,
  type LedgerEntry,
  type LedgerRepository,
  type OutboxWriter,
  type RecordRepository,
  type SequenceRepository,
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

export class SqlSettings implements SettingsRepository {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  async get(): Promise<TenantSettings | null> {
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
  }
}

/** Extra indexed columns a table keeps beside the record's jsonb. */
type Columns<T> = Record<string, (record: T) => unknown>;

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

  async insert(record: T): Promise<void> {
    const extra = Object.keys(this.columns);
    const names = ['tenant_id', 'id', 'created_at', 'data', ...extra];
    const values = [
      this.tenantId,
      record.id,
      record.createdAt,
      JSON.stringify(record),
      ...extra.map((c) => this.columns[c]?.(record)),
    ];
    await write(
      this.db,
      `INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
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

  async list(): Promise<T[]> {
    return this.select('TRUE', []);
  }

  protected async select(where: string, params: readonly unknown[]): Promise<T[]> {
    const { rows } = await this.db.query<Row<T>>(
      `SELECT data FROM ${this.table} WHERE tenant_id = $1 AND ${where} ORDER BY created_at, id`,
      [this.tenantId, ...params],
    );
    return rows.map((r) => r.data);
  }
}

export class SqlBlocks extends SqlRecords<Block> implements BlockRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_blocks', 'block', { client_id: (b) => b.clientId, status: (b) => b.status });
  }
  listByClient(clientId: string): Promise<Block[]> {
    return this.select('client_id = $2', [clientId]);
  }
  listByStatus(statuses: readonly BlockStatus[]): Promise<Block[]> {
    return this.select('status = ANY($2)', [[...statuses]]);
  }
}

export class SqlInvoices extends SqlRecords<Invoice> implements InvoiceRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_invoices', 'invoice', { number: (i) => i.number });
  }
  async getByNumber(number: string): Promise<Invoice | null> {
    return (await this.select('number = $2', [number]))[0] ?? null;
  }
}

export class SqlLedger implements LedgerRepository {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  async append(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the batch: it lands whole or not at all.
    const params: unknown[] = [this.tenantId];
    const tuples = entries.map((e) => {
      params.push(e.blockId, e.seq, e.id, JSON.stringify(e));
      const n = params.length;
      return `($1, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await write(
      this.db,
      `INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, data) VALUES ${tuples.join(', ')}`,
      params,
      () =>
        new SessionsError('CONFLICT', 'A ledger entry with this id, or this number on its block, already exists.', {
          entity: 'ledger entry',
          ids: entries.map((e) => e.id),
        }),
    );
  }
  async listByBlock(blockId: string): Promise<LedgerEntry[]> {
    const { rows } = await this.db.query<Row<LedgerEntry>>(
      'SELECT data FROM sessions_ledger WHERE tenant_id = $1 AND block_id = $2 ORDER BY seq',
      [this.tenantId, blockId],
    );
    return rows.map((r) => r.data);
  }
}

export class SqlSequences implements SequenceRepository {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  async next(name: string): Promise<number> {
    const { rows } = await this.db.query<{ value: string | number }>(
      `INSERT INTO sessions_sequences (tenant_id, name, value) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, name) DO UPDATE SET value = sessions_sequences.value + 1 RETURNING value`,
      [this.tenantId, name],
    );
    return Number(rows[0]?.value);
  }
}

export class SqlIdempotency implements IdempotencyRepository {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  async get(key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.db.query<Row<IdempotencyRecord>>(
      'SELECT data FROM sessions_idempotency WHERE tenant_id = $1 AND key = $2',
      [this.tenantId, key],
    );
    return rows[0]?.data ?? null;
  }
  async put(record: IdempotencyRecord): Promise<void> {
    await write(
      this.db,
      'INSERT INTO sessions_idempotency (tenant_id, key, data) VALUES ($1, $2, $3)',
      [this.tenantId, record.key, JSON.stringify(record)],
      () => new SessionsError('CONFLICT', `Idempotency key "${record.key}" is already stored.`, { key: record.key }),
    );
  }
}

export class SqlOutbox implements OutboxWriter {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}
  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    // One statement; WITH ORDINALITY keeps the events' order in their positions.
    await this.db.query(
      `INSERT INTO sessions_outbox (tenant_id, id, data)
       SELECT $1, e.data->>'id', e.data FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(data, n) ORDER BY e.n`,
      [this.tenantId, JSON.stringify(events)],
    );
  }
}
