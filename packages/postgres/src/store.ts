import {
  type Availability,
  type BlockTemplate,
  type Client,
  type Closure,
  type CompletionType,
  type DomainEvent,
  type LockKey,
  type LockReads,
  type OutboxReader,
  type Practitioner,
  type Series,
  type Service,
  SessionsError,
  type SessionsStore,
  type StoreTransaction,
} from '@sessions/core';
import { BlockSnapshots } from './block-snapshots.js';
import { SqlIdempotency, SqlOutbox, SqlSequences } from './command-bookkeeping.js';
import type { SqlDriver, SqlQueryable } from './driver.js';
import { RETRYABLE, retriesExhausted, sqlState, translate, UNIQUE_VIOLATION } from './errors.js';
import { KeyedTurns } from './keyed-turns.js';
import {
  LOCK_READ,
  LockReadCache,
  LockReadLedger,
  LockReadRecords,
  type LockReadRow,
  lockReadParams,
  scopedLockKeys,
  watchWrites,
} from './lock-reads.js';
import { LATEST_VERSION, schemaVersion } from './migrate.js';
import { attemptOptimistic, ContendedKeys, NeedsLocks, type OptimisticState } from './optimistic.js';
import { BlockClientCache, SqlBlocks, SqlInvoices, SqlRecords, SqlSettings } from './repositories.js';
import { SqlAccountLedger, SqlAttendances, SqlEnrolments, SqlSessions } from './session-repositories.js';

export interface PostgresStoreOptions {
  driver: SqlDriver;
  /** Attempts for a transaction that hits a deadlock or serialization failure (default 5). */
  maxAttempts?: number;
  /**
   * Run commands that name everything they read (credit moves) optimistically
   * first: read unlocked, then lock, check and write in one statement, falling
   * back to the locked path if what they read changed (see docs/stores.md).
   * Default: true where transactions run concurrently (`pg`), false on PGlite.
   */
  optimistic?: boolean;
  /**
   * Optimistic commit statements out at once (default 2). Credit moves on
   * different blocks that are ready to commit while that many are out go
   * together in the next one: fewer round trips and transactions under load,
   * at the cost of waiting up to one statement. 1 batches the most.
   */
  commitStatements?: number;
}

export interface PostgresStore extends SessionsStore {
  readonly driver: SqlDriver;
}

/**
 * The production store. Every repository call is one parameterised
 * statement scoped by tenant; locks are transaction-scoped advisory locks on
 * the tenant and key, taken in the order core gives (sorted), so commands on
 * one block or client serialise and never deadlock each other.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { driver } = options ?? {};
  if (typeof driver?.query !== 'function' || typeof driver.transaction !== 'function') {
    throw new SessionsError(
      'VALIDATION_FAILED',
      'createPostgresStore needs a driver: pass { driver: pgDriver(pool) } for a pg Pool, or { driver: pgliteDriver(db) } for PGlite.',
      { issues: [{ path: ['driver'], message: 'must be an SqlDriver with query() and transaction()' }] },
    );
  }
  const { maxAttempts = 5, optimistic = driver.concurrent, commitStatements = 2 } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw invalidOption('maxAttempts', 'must be a whole number, at least 1', maxAttempts);
  }
  if (!Number.isInteger(commitStatements) || commitStatements < 1) {
    throw invalidOption('commitStatements', 'must be a whole number, at least 1', commitStatements);
  }
  if (typeof optimistic !== 'boolean') throw invalidOption('optimistic', 'must be true or false', optimistic);
  const blockClients = new BlockClientCache();
  const contended = new ContendedKeys();
  const state: OptimisticState = {
    blockClients,
    contended,
    snapshots: new BlockSnapshots(driver, (keys) => contended.add(keys), commitStatements),
    turns: new KeyedTurns(),
  };
  let checked: Promise<void> | null = null;

  /** Once per store: a clear error naming `migrate` beats "relation does not exist". */
  const checkSchema = () => {
    checked ??= schemaVersion(driver).then(
      (version) => {
        if (version < LATEST_VERSION) {
          checked = null;
          throw new SessionsError(
            'STORE_UNAVAILABLE',
            `The database schema is at version ${version}; this @sessions/postgres needs ${LATEST_VERSION}. Run migrate(driver) first.`,
            { schemaVersion: version, required: LATEST_VERSION },
          );
        }
      },
      (error: unknown) => {
        checked = null;
        throw translate(error);
      },
    );
    return checked;
  };

  const outbox: OutboxReader = {
    async poll(pollOptions = {}) {
      await checkSchema();
      const limit = pollOptions.limit ?? 100;
      const { rows } = await driver
        .query<{ data: DomainEvent }>(
          pollOptions.tenantId === undefined
            ? 'SELECT data FROM sessions_outbox WHERE NOT acked ORDER BY position LIMIT $1'
            : 'SELECT data FROM sessions_outbox WHERE NOT acked AND tenant_id = $2 ORDER BY position LIMIT $1',
          pollOptions.tenantId === undefined ? [limit] : [limit, pollOptions.tenantId],
        )
        .catch((error: unknown) => Promise.reject(translate(error)));
      return rows.map((r) => r.data);
    },
    async ack(events) {
      await checkSchema();
      const byTenant = new Map<string, string[]>();
      for (const { tenantId, id } of events) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), id]);
      for (const [tenantId, ids] of byTenant) {
        await driver
          .query('UPDATE sessions_outbox SET acked = true WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, ids])
          .catch((error: unknown) => Promise.reject(translate(error)));
      }
    },
  };

  return {
    driver,
    outbox,
    async transaction(tenantId, fn) {
      if (typeof tenantId !== 'string' || tenantId.length === 0) {
        throw new SessionsError('VALIDATION_FAILED', 'A transaction needs a tenant id.', {
          issues: [{ path: ['tenantId'], message: 'is required' }],
        });
      }
      await checkSchema();
      if (optimistic) {
        // A second attempt only if the first rested on a snapshot that turned out old: it reads afresh.
        for (let attempt = 1; attempt <= 2; attempt++) {
          try {
            const tried = await attemptOptimistic(driver, tenantId, state, fn);
            if (tried.committed) return tried.value;
            if (!tried.stale) break;
          } catch (error) {
            // Nothing was written: the one write is a single statement, and it failed or never ran.
            if (!abandoned(error)) throw translate(error);
            break;
          }
        }
      }
      for (let attempt = 1; ; attempt++) {
        try {
          return await driver.transaction((db) => fn(sqlTransaction(db, tenantId, blockClients)));
        } catch (error) {
          // A deadlock or serialization failure rolled everything back: run the command again.
          if (RETRYABLE.has(sqlState(error) ?? '')) {
            if (attempt < maxAttempts) continue;
            throw retriesExhausted(error, attempt);
          }
          throw translate(error);
        }
      }
    },
  };
}

function invalidOption(option: string, message: string, value: unknown): SessionsError {
  return new SessionsError('VALIDATION_FAILED', `createPostgresStore: ${option} ${message} (got ${String(value)}).`, {
    issues: [{ path: [option], message }],
  });
}

/**
 * An optimistic attempt's error that means "run it with locks": it could not
 * be done unlocked, or the command failed on what it read unlocked (the locked
 * run decides), or its commit statement was refused as a whole.
 */
function abandoned(error: unknown): boolean {
  if (error instanceof NeedsLocks || error instanceof SessionsError) return true;
  const state = sqlState(error) ?? '';
  return state === UNIQUE_VIOLATION || RETRYABLE.has(state);
}

function sqlTransaction(connection: SqlQueryable, tenantId: string, blockClients: BlockClientCache): StoreTransaction {
  // What the lock statement read for the command, forgotten at the transaction's first write.
  const cache = new LockReadCache();
  const db = watchWrites(connection, () => cache.clear());
  const settings = new SqlSettings(db, tenantId);
  return {
    tenantId,
    async lock(keys: readonly LockKey[], reads?: LockReads) {
      const sorted = scopedLockKeys(tenantId, keys);
      if (sorted.length === 0) return;
      // One round trip: the locks, then (inside the function, so after them and seeing
      // what the previous holder committed) the settings, which every command reads
      // next, and whatever the command said it reads.
      const { rows } = await connection.query<LockReadRow>(LOCK_READ, [sorted, tenantId, ...lockReadParams(reads)]);
      const row = rows[0] as LockReadRow;
      settings.prefetched(row.settings ?? null);
      if (reads) cache.fill(reads, row);
    },
    settings,
    clients: new SqlRecords<Client>(db, tenantId, 'sessions_clients', 'client'),
    practitioners: new LockReadRecords<Practitioner>(db, tenantId, 'sessions_practitioners', 'practitioner', (id) =>
      cache.practitioner(id),
    ),
    services: new LockReadRecords<Service>(db, tenantId, 'sessions_services', 'service', (id) => cache.service(id)),
    templates: new SqlRecords<BlockTemplate>(db, tenantId, 'sessions_templates', 'block template'),
    blocks: new SqlBlocks(db, tenantId, blockClients),
    invoices: new SqlInvoices(db, tenantId),
    ledger: new LockReadLedger(db, tenantId, cache),
    sessions: new SqlSessions(db, tenantId),
    attendances: new SqlAttendances(db, tenantId),
    completionTypes: new SqlRecords<CompletionType>(db, tenantId, 'sessions_completion_types', 'completion type'),
    accounts: new SqlAccountLedger(db, tenantId),
    series: new SqlRecords<Series>(db, tenantId, 'sessions_series', 'series'),
    enrolments: new SqlEnrolments(db, tenantId),
    closures: new SqlRecords<Closure>(db, tenantId, 'sessions_closures', 'closure'),
    availability: new SqlRecords<Availability>(db, tenantId, 'sessions_availability', "practitioner's availability"),
    sequences: new SqlSequences(db, tenantId),
    idempotency: new SqlIdempotency(db, tenantId),
    outbox: new SqlOutbox(db, tenantId),
  };
}
