import { readdirSync, readFileSync } from 'node:fs';
import { SessionsError } from '@sessions/core';
import type { SqlDriver } from './driver.js';

/** The migrations shipped in this package, numbered `NNN_name.sql`, in order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

/** Any fixed number: the advisory lock two processes migrating at once queue on. */
export const MIGRATION_LOCK = 7_317_001;

export function shippedMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      statements: splitStatements(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8')),
    }));
}

/**
 * Split a migration file into statements at `;`, except inside `$$ … $$`
 * function bodies, dropping `--` comment lines. (PGlite's query runs one
 * statement at a time, so the store sends them one by one.)
 */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql.replace(/^\s*--.*$/gm, '');
  const statements: string[] = [];
  let current = '';
  let inBody = false;
  for (let i = 0; i < withoutComments.length; i++) {
    if (withoutComments.startsWith('$$', i)) {
      inBody = !inBody;
      current += '$$';
      i++;
      continue;
    }
    const char = withoutComments[i] as string;
    if (char === ';' && !inBody) {
      statements.push(current.trim());
      current = '';
    } else current += char;
  }
  statements.push(current.trim());
  return statements.filter((s) => s.length > 0);
}

export const LATEST_VERSION = Math.max(...shippedMigrations().map((m) => m.version));

/**
 * Bring the schema up to this package's version: inside one transaction,
 * under an advisory lock, apply each shipped migration not yet recorded.
 * Safe to run twice, and from two processes at once (the second waits, then
 * finds nothing to do). Refuses a schema newer than this package knows.
 */
export async function migrate(driver: SqlDriver): Promise<{ applied: string[]; version: number }> {
  const migrations = shippedMigrations();
  return driver.transaction(async (db) => {
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await db.query(
      'CREATE TABLE IF NOT EXISTS sessions_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await db.query<{ version: number }>('SELECT version FROM sessions_migrations ORDER BY version');
    const done = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...done);
    if (newest > LATEST_VERSION) {
      throw new SessionsError(
        'CONFLICT',
        `The database schema is at version ${newest}, newer than this @sessions/postgres knows (${LATEST_VERSION}). Upgrade the package; nothing was changed.`,
        { schemaVersion: newest, packageVersion: LATEST_VERSION },
      );
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await db.query(statement);
      await db.query('INSERT INTO sessions_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.name);
    }
    return { applied, version: LATEST_VERSION };
  });
}

/** The recorded schema version, or 0 when `migrate` has never run. */
export async function schemaVersion(driver: SqlDriver): Promise<number> {
  const { rows } = await driver.query<{ present: boolean }>(
    "SELECT to_regclass('sessions_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) return 0;
  const versions = await driver.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM sessions_migrations',
  );
  return Number(versions.rows[0]?.version ?? 0);
}
