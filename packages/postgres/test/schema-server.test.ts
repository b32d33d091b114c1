import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, pgDriver, shippedMigrations } from '../src/index.js';
// Not public: the advisory lock migrate() queues on. pg_locks shows a bigint key's low half as objid.
import { MIGRATION_LOCK } from '../src/migrate.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

const bin = postgresBin();
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const migrateProcess = fileURLToPath(new URL('./fixtures/migrate-process.ts', import.meta.url));

if (!bin && !process.env.CI) {
  describe.skip('the schema on a real server', () => {
    it('needs Debian’s postgresql package (apt-get install -y postgresql)', () => {});
  });
} else {
  let server: ThrowawayServer;
  let admin: pg.Client;
  let databases = 0;

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server = startServer(bin);
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    server?.stop();
  });

  /** A new, empty database on the throwaway server, so no test sees another's schema. */
  async function freshDatabase(): Promise<string> {
    const name = `schema_${++databases}`;
    await admin.query(`CREATE DATABASE ${name}`);
    return server.url.replace(/\/postgres$/, `/${name}`);
  }

  function runMigrateProcess(url: string): Promise<{ applied: string[]; version: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sessions/source', migrateProcess, url], {
        cwd: packageDir,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`migrate process exited ${code}: ${stderr}`)),
      );
    });
  }

  describe('the schema on a real server', () => {
    it('two processes migrating one fresh database at once: one applies every migration, the other none', async () => {
      const url = await freshDatabase();
      // Hold migrate's lock first, so both processes are provably inside migrate() at the same time,
      // queued on the lock, before either may go on.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const both = Promise.all([runMigrateProcess(url), runMigrateProcess(url)]);
        both.catch(() => {}); // awaited below; this only keeps a failed poll from reporting it twice
        await expect.poll(() => waitingOnMigrationLock(holder), { timeout: 15_000, interval: 50 }).toBe(2);
        await holder.query('COMMIT');

        const results = await both;
        const applied = results.map((r) => r.applied).sort((a, b) => b.length - a.length);
        expect(applied).toEqual([shippedMigrations().map((m) => m.name), []]);
        expect(results.map((r) => r.version)).toEqual([LATEST_VERSION, LATEST_VERSION]);
        const recorded = await holder.query<{ version: number }>(
          'SELECT version FROM sessions_migrations ORDER BY version',
        );
        expect(recorded.rows.map((r) => r.version)).toEqual(shippedMigrations().map((m) => m.version));
      } finally {
        await holder.end();
      }
    }, 30_000);

    it('tenant id leads every primary key and index, with exactly the two named exceptions', async () => {
      const url = await freshDatabase();
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      try {
        await migrate(pgDriver(pool));
        const { rows } = await pool.query<{ index: string; table: string; first_column: string | null }>(
          `SELECT i.relname AS index, t.relname AS table, a.attname AS first_column
             FROM pg_index x
             JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE n.nspname = current_schema() AND t.relname LIKE 'sessions\\_%'
            ORDER BY i.relname`,
        );
        expect(rows.length).toBeGreaterThan(20);
        const notLedByTenant = rows.filter((r) => r.first_column !== 'tenant_id').map((r) => r.index);
        // The migrations table belongs to no tenant; sessions_outbox_open_all serves the host's
        // relay, outbox.poll() with no tenantId, which reads every tenant's events in order (docs/stores.md).
        expect(notLedByTenant).toEqual(['sessions_migrations_pkey', 'sessions_outbox_open_all']);
      } finally {
        await pool.end();
      }
    });
  });
}

/** How many other sessions wait, ungranted, on migrate()'s advisory lock. */
async function waitingOnMigrationLock(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ waiting: string }>(
    `SELECT count(*) AS waiting FROM pg_locks
      WHERE locktype = 'advisory' AND objid = $1 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [MIGRATION_LOCK],
  );
  return Number(rows[0]?.waiting);
}
