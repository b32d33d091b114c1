import type { ConformanceHarness } from '@sessions/store-tests';
import { createPostgresStore, createRawView, migrate, type SqlDriver } from '../src/index.js';

/** A conformance harness over one migrated database, shared by every concern of a test file. */
export async function sharedHarness(driver: SqlDriver): Promise<ConformanceHarness> {
  await migrate(driver);
  const store = createPostgresStore({ driver });
  const raw = createRawView(driver);
  return { store, raw, close: async () => {} };
}
