import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStore, migrate, type PostgresStore, pgDriver, pgliteDriver } from '@sessions/postgres';
import pg from 'pg';

/**
 * The demo's store: PostgreSQL embedded with PGlite, persisted in `dataDir`
 * (the default: nothing to install), or a real server when DATABASE_URL is set.
 */
export async function openStore(
  dataDir: string,
): Promise<{ store: PostgresStore; where: string; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const driver = pgDriver(pool);
    await migrate(driver);
    return {
      store: createPostgresStore({ driver }),
      where: url.replace(/:[^:@/]*@/, ':***@'),
      close: () => pool.end(),
    };
  }
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  const driver = pgliteDriver(db);
  await migrate(driver);
  return { store: createPostgresStore({ driver }), where: `PGlite in ${dataDir}`, close: () => db.close() };
}
