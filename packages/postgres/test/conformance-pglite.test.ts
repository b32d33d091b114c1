import { PGlite } from '@electric-sql/pglite';
import type { ConformanceHarness } from '@sessions/store-tests';
import { runStoreConformance } from '@sessions/store-tests';
import { afterAll } from 'vitest';
import { pgliteDriver } from '../src/index.js';
import { sharedHarness } from './harness.js';

// PGlite takes about two seconds to start: one instance for the whole file.
let db: PGlite | undefined;
let harness: Promise<ConformanceHarness> | undefined;

afterAll(async () => {
  await db?.close();
});

const ONE_CONNECTION = 'PGlite is one connection: its transactions run one after another';

runStoreConformance({
  name: 'postgres on PGlite',
  createStore() {
    db ??= new PGlite();
    harness ??= sharedHarness(pgliteDriver(db));
    return harness;
  },
  skip: {
    'transactions: writes are invisible to other transactions until commit, then visible': ONE_CONNECTION,
    'concurrency: transactions locking different keys run at the same time': ONE_CONNECTION,
    'concurrency: the same key in two tenants does not block': ONE_CONNECTION,
  },
});
