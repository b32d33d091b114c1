import type { ConformanceHarness } from '@sessions/store-tests';
import { runStoreConformance } from '@sessions/store-tests';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresStoreOptions, pgDriver, type SqlDriver } from '../src/index.js';
import { sharedHarness } from './harness.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';
import {
  FUNCTIONS_ALLOWED_SQL,
  STORED_VALUES_SQL,
  statementLog,
  statementsHoldingValues,
  statementsNotFilteredByTenant,
} from './statement-log.js';

const bin = postgresBin();

if (!bin && !process.env.CI) {
  describe.skip('store conformance: postgres on a real server', () => {
    it('needs Debian’s postgresql package (apt-get install -y postgresql)', () => {});
  });
} else {
  let server: ThrowawayServer | undefined;
  let pool: pg.Pool | undefined;
  const harnesses = new Map<string, Promise<ConformanceHarness>>();

  const log = { statements: new Set<string>() };

  afterAll(async () => {
    try {
      // Every statement the store sent in the default run filters by tenant, but the one named cross-tenant poll.
      if (pool && log.statements.size > 0) {
        const { rows } = await pool.query<{ name: string }>(FUNCTIONS_ALLOWED_SQL);
        const allowed = new Set(rows.map((r) => r.name));
        expect(statementsNotFilteredByTenant(log.statements, allowed)).toEqual([]);
        // …and holds no value the run stored: those travelled as parameters.
        const stored = await pool.query<{ value: string }>(STORED_VALUES_SQL);
        expect(stored.rows.length).toBeGreaterThan(100);
        expect(
          statementsHoldingValues(
            log.statements,
            stored.rows.map((r) => r.value),
          ),
        ).toEqual([]);
      }
    } finally {
      await pool?.end();
      server?.stop();
    }
  });

  /** One server, one pool, one migrated database for both runs; the suite's tests isolate themselves by tenant. */
  function harness(
    name: string,
    options: Omit<PostgresStoreOptions, 'driver'>,
    wrapStoreDriver?: (driver: SqlDriver) => SqlDriver,
  ): Promise<ConformanceHarness> {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server ??= startServer(bin);
    pool ??= new pg.Pool({ connectionString: server.url, max: 60 });
    const driver = pgDriver(pool);
    if (!harnesses.has(name)) harnesses.set(name, sharedHarness(driver, options, wrapStoreDriver));
    return harnesses.get(name) as Promise<ConformanceHarness>;
  }

  // The default: credit moves run optimistically (src/optimistic.ts), falling back to locks under contention.
  runStoreConformance({
    name: 'postgres on a real server',
    createStore: () =>
      harness('default', {}, (driver) => {
        const logged = statementLog(driver);
        log.statements = logged.statements;
        return logged.driver;
      }),
  });

  // Every command a locked transaction, as `optimistic: false` gives it (and as a driver that
  // cannot run two transactions at once always is): the fallback path, raced the same way.
  runStoreConformance({
    name: 'postgres on a real server, optimistic: false',
    createStore: () => harness('locked', { optimistic: false }),
  });
}
