import type { ConformanceHarness } from '@sessions/store-tests';
import { runStoreConformance } from '@sessions/store-tests';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { type PostgresStoreOptions, pgDriver } from '../src/index.js';
import { sharedHarness } from './harness.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

const bin = postgresBin();

if (!bin && !process.env.CI) {
  describe.skip('store conformance: postgres on a real server', () => {
    it('needs Debian’s postgresql package (apt-get install -y postgresql)', () => {});
  });
} else {
  let server: ThrowawayServer | undefined;
  let pool: pg.Pool | undefined;
  const harnesses = new Map<string, Promise<ConformanceHarness>>();

  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  /** One server, one pool, one migrated database for both runs; the suite's tests isolate themselves by tenant. */
  function harness(name: string, options: Omit<PostgresStoreOptions, 'driver'>): Promise<ConformanceHarness> {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server ??= startServer(bin);
    pool ??= new pg.Pool({ connectionString: server.url, max: 60 });
    const driver = pgDriver(pool);
    if (!harnesses.has(name)) harnesses.set(name, sharedHarness(driver, options));
    return harnesses.get(name) as Promise<ConformanceHarness>;
  }

  // The default: credit moves run optimistically (src/optimistic.ts), falling back to locks under contention.
  runStoreConformance({
    name: 'postgres on a real server',
    createStore: () => harness('default', {}),
  });

  // Every command a locked transaction, as `optimistic: false` gives it (and as a driver that
  // cannot run two transactions at once always is): the fallback path, raced the same way.
  runStoreConformance({
    name: 'postgres on a real server, optimistic: false',
    createStore: () => harness('locked', { optimistic: false }),
  });
}
