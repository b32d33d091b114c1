import { PGlite } from '@electric-sql/pglite';
import { createSessions, isSessionsError } from '@sessions/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPostgresStore,
  LATEST_VERSION,
  migrate,
  pgDriver,
  pgliteDriver,
  schemaVersion,
  shippedMigrations,
} from '../src/index.js';

const db = new PGlite();
const driver = pgliteDriver(db);
afterAll(() => db.close());

const staff = { tenantId: 'practice', kind: 'staff', id: 's' } as const;

describe('migrations', () => {
  it('an unmigrated database gives an error that names migrate, and changes nothing', async () => {
    const sessions = createSessions({
      store: createPostgresStore({ driver }),
      settings: { currency: 'EUR', timeZone: 'UTC' },
    });
    const error = await sessions.clients.list(staff).catch((e: unknown) => e);
    expect(isSessionsError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/migrate\(driver\)/);
    expect(await schemaVersion(driver)).toBe(0);
  });

  it('applies every shipped migration once; running it again, or twice at once, does nothing', async () => {
    const [first, second] = await Promise.all([migrate(driver), migrate(driver)]);
    expect([first.applied, second.applied].flat()).toEqual([
      '001_initial',
      '002_lock_all',
      '003_sessions',
      '004_recurrence',
      '005_ledger_summary',
      '006_pages',
      '007_reminders',
      '008_lock_read',
      '009_lock_read_by_session',
      '010_optimistic_commands',
      '011_block_snapshots',
      '012_set_based_commits',
    ]);
    expect((await migrate(driver)).applied).toEqual([]);
    expect(await schemaVersion(driver)).toBe(LATEST_VERSION);
  });

  it('refuses a schema newer than this package knows, changing nothing', async () => {
    await db.query('INSERT INTO sessions_migrations (version, name) VALUES ($1, $2)', [
      LATEST_VERSION + 1,
      '999_future',
    ]);
    const error = await migrate(driver).catch((e: unknown) => e);
    expect(isSessionsError(error, 'CONFLICT')).toBe(true);
    expect((error as Error).message).toMatch(/newer than this @sessions\/postgres knows/);
    await db.query('DELETE FROM sessions_migrations WHERE version = $1', [LATEST_VERSION + 1]);
  });
});

describe('006_pages on a database that already holds invoices', () => {
  it('fills block_id from the stored records, so invoices of sessions are listed at once', async () => {
    const old = new PGlite();
    try {
      const oldDriver = pgliteDriver(old);
      // The schema as version 5 left it, with invoices stored before block_id existed.
      await oldDriver.transaction(async (tx) => {
        await tx.query(
          'CREATE TABLE sessions_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        for (const migration of shippedMigrations().filter((m) => m.version <= 5)) {
          for (const statement of migration.statements) await tx.query(statement);
          await tx.query('INSERT INTO sessions_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
        }
        const invoice = (id: string, blockId: string | null, createdAt: string) => ({
          tenantId: 'practice',
          id,
          blockId,
          number: `INV-${id}`,
          createdAt,
        });
        for (const i of [
          invoice('i1', 'b1', '2026-03-01T09:00:00.000Z'),
          invoice('i2', null, '2026-03-02T09:00:00.000Z'),
          invoice('i3', null, '2026-03-01T09:00:00.000Z'),
        ]) {
          await tx.query(
            'INSERT INTO sessions_invoices (tenant_id, id, number, created_at, data) VALUES ($1, $2, $3, $4, $5)',
            ['practice', i.id, i.number, i.createdAt, JSON.stringify(i)],
          );
        }
      });
      expect((await migrate(oldDriver)).applied).toEqual([
        '006_pages',
        '007_reminders',
        '008_lock_read',
        '009_lock_read_by_session',
        '010_optimistic_commands',
        '011_block_snapshots',
        '012_set_based_commits',
      ]);
      const { rows } = await old.query<{ id: string; block_id: string | null }>(
        'SELECT id, block_id FROM sessions_invoices ORDER BY id',
      );
      expect(rows).toEqual([
        { id: 'i1', block_id: 'b1' },
        { id: 'i2', block_id: null },
        { id: 'i3', block_id: null },
      ]);
      const store = createPostgresStore({ driver: oldDriver });
      const listed = await store.transaction('practice', (tx) => tx.invoices.listForSessions({ limit: 10 }));
      expect(listed.map((i) => i.id)).toEqual(['i3', 'i2']);
    } finally {
      await old.close();
    }
  });
});

describe('007_reminders on a database that already holds blocks and account entries', () => {
  it('fills closed_at, expires_on and invoice_id from the stored records, so ended blocks and payments are found', async () => {
    const old = new PGlite();
    try {
      const oldDriver = pgliteDriver(old);
      const block = (id: string, status: string, closedAt: string | null, expiresOn: string | null) => ({
        tenantId: 'practice',
        id,
        clientId: 'c1',
        status,
        closedAt,
        expiresOn,
        createdAt: '2026-03-01T09:00:00.000Z',
      });
      const entry = (seq: number, kind: string, amount: number, invoiceId: string | null) => ({
        tenantId: 'practice',
        id: `e${seq}`,
        clientId: 'c1',
        seq,
        kind,
        amount,
        invoiceId,
      });
      // The schema as version 6 left it, with blocks and account entries stored before 007's columns existed.
      await oldDriver.transaction(async (tx) => {
        await tx.query(
          'CREATE TABLE sessions_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        for (const migration of shippedMigrations().filter((m) => m.version <= 6)) {
          for (const statement of migration.statements) await tx.query(statement);
          await tx.query('INSERT INTO sessions_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
        }
        for (const b of [
          block('b1', 'completed', '2026-03-05T10:00:00.000Z', '2026-06-01'),
          block('b2', 'expired', null, '2026-03-04'),
          block('b3', 'active', null, null),
        ]) {
          await tx.query(
            'INSERT INTO sessions_blocks (tenant_id, id, client_id, status, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)',
            ['practice', b.id, b.clientId, b.status, b.createdAt, JSON.stringify(b)],
          );
        }
        for (const e of [entry(1, 'payment', 5000, 'i1'), entry(2, 'hold', 0, null), entry(3, 'payment', 700, 'i1')]) {
          await tx.query(
            'INSERT INTO sessions_account_ledger (tenant_id, client_id, seq, id, data) VALUES ($1, $2, $3, $4, $5)',
            ['practice', e.clientId, e.seq, e.id, JSON.stringify(e)],
          );
        }
      });
      expect((await migrate(oldDriver)).applied).toEqual([
        '007_reminders',
        '008_lock_read',
        '009_lock_read_by_session',
        '010_optimistic_commands',
        '011_block_snapshots',
        '012_set_based_commits',
      ]);
      const blocks = await old.query('SELECT id, closed_at, expires_on FROM sessions_blocks ORDER BY id');
      expect(blocks.rows).toEqual([
        { id: 'b1', closed_at: '2026-03-05T10:00:00.000Z', expires_on: '2026-06-01' },
        { id: 'b2', closed_at: null, expires_on: '2026-03-04' },
        { id: 'b3', closed_at: null, expires_on: null },
      ]);
      const entries = await old.query('SELECT id, invoice_id FROM sessions_account_ledger ORDER BY id');
      expect(entries.rows).toEqual([
        { id: 'e1', invoice_id: 'i1' },
        { id: 'e2', invoice_id: null },
        { id: 'e3', invoice_id: 'i1' },
      ]);
      const store = createPostgresStore({ driver: oldDriver });
      const found = await store.transaction('practice', async (tx) => ({
        completed: (await tx.blocks.listEndedSince('completed', '2026-03-01T00:00:00.000Z')).map((b) => b.id),
        expired: (await tx.blocks.listEndedSince('expired', '2026-03-01', { limit: 10 })).map((b) => b.id),
        payments: await tx.accounts.paymentsFor(['i1', 'i2']),
      }));
      expect(found).toEqual({ completed: ['b1'], expired: ['b2'], payments: new Map([['i1', 5700]]) });
    } finally {
      await old.close();
    }
  });
});

describe('a server that is down', () => {
  it('gives STORE_UNAVAILABLE, not a hang', async () => {
    // Nothing listens on port 1.
    const pool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/postgres',
      connectionTimeoutMillis: 2000,
    });
    pool.on('error', () => {});
    const sessions = createSessions({
      store: createPostgresStore({ driver: pgDriver(pool) }),
      settings: { currency: 'EUR', timeZone: 'UTC' },
    });
    const error = await sessions.clients.list(staff).catch((e: unknown) => e);
    expect(isSessionsError(error, 'STORE_UNAVAILABLE')).toBe(true);
    await pool.end();
  });
});

describe('a driver that is not connected', () => {
  it('an ended pool, a closed PGlite: STORE_UNAVAILABLE with a message saying so, nothing run', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' });
    await pool.end();
    const ended = createSessions({
      store: createPostgresStore({ driver: pgDriver(pool) }),
      settings: { currency: 'EUR', timeZone: 'UTC' },
    });
    const first = await ended.clients.list(staff).catch((e: unknown) => e);
    expect(isSessionsError(first, 'STORE_UNAVAILABLE')).toBe(true);
    expect((first as Error).message).toMatch(/unavailable/i);

    const db = new PGlite();
    await migrate(pgliteDriver(db));
    await db.close();
    const closed = createSessions({
      store: createPostgresStore({ driver: pgliteDriver(db) }),
      settings: { currency: 'EUR', timeZone: 'UTC' },
    });
    const second = await closed.clients.create(staff, { name: 'Mara' }).catch((e: unknown) => e);
    expect(isSessionsError(second, 'STORE_UNAVAILABLE')).toBe(true);
  });

  it('something that is not a driver is refused when the store is made', () => {
    expect(() => createPostgresStore({ driver: {} as never })).toThrow(/driver/);
  });

  it('options that are not what they should be are refused, naming the option', () => {
    const driver = { concurrent: true, query: async () => ({ rows: [] }), transaction: async () => null as never };
    const refusal = (options: object) => {
      try {
        createPostgresStore({ driver, ...options });
      } catch (error) {
        return isSessionsError(error, 'VALIDATION_FAILED') ? error.details.issues : error;
      }
    };
    expect(refusal({ optimistic: 'yes' })).toEqual([{ path: ['optimistic'], message: 'must be true or false' }]);
    expect(refusal({ maxAttempts: 0 })).toEqual([
      { path: ['maxAttempts'], message: 'must be a whole number, at least 1' },
    ]);
    expect(refusal({ commitStatements: 1.5 })).toEqual([
      { path: ['commitStatements'], message: 'must be a whole number, at least 1' },
    ]);
    expect(refusal({ optimistic: false, maxAttempts: 3 })).toBeUndefined();
    expect(refusal({ commitStatements: 1 })).toBeUndefined();
  });
});
