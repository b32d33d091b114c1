import type { ConformanceHarness } from '@sessions/store-tests';
import { runStoreConformance } from '@sessions/store-tests';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { pgDriver } from '../src/index.js';
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
  let harness: Promise<ConformanceHarness> | undefined;

  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  runStoreConformance({
    name: 'postgres on a real server',
    createStore() {
      if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
      server ??= startServer(bin);
      pool ??= new pg.Pool({ connectionString: server.url, max: 60 });
      harness ??= sharedHarness(pgDriver(pool));
      return harness;
    },
  });
}
