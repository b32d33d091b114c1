import {
  type DomainEvent,
  type IdempotencyRecord,
  type IdempotencyRepository,
  type OutboxWriter,
  type SequenceRepository,
  SessionsError,
} from '@sessions/core';
import type { SqlQueryable } from './driver.js';
import { insertAll } from './repositories.js';

/**
 * What a command writes beside its records, in the same transaction: the
 * numbers it draws (invoice numbers), its idempotency record and its events.
 */

type Row<T> = { data: T };

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
  put(record: IdempotencyRecord): Promise<void> {
    return insertAll(
      this.db,
      this.tenantId,
      'sessions_idempotency',
      'key',
      ['key', 'data'],
      [[record.key, JSON.stringify(record)]],
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
