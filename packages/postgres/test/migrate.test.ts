import { PGlite } from '@electric-sql/pglite';
import { createSessions, isSessionsError } from '@sessions/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, LATEST_VERSION, migrate, pgDriver, pgliteDriver, schemaVersion } from '../src/index.js';

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
