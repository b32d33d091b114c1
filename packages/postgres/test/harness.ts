import type { ConformanceHarness } from '@sessions/store-tests';
import {
  createPostgresStore,
  createRawView,
  migrate,
  type PostgresStoreOptions,
  type SqlDriver,
} from '../src/index.js';

/** A conformance harness over one migrated database, shared by every concern of a test file. */
export async function sharedHarness(
  driver: SqlDriver,
  options: Omit<PostgresStoreOptions, 'driver'> = {},
): Promise<ConformanceHarness> {
  await migrate(driver);
  const store = createPostgresStore({ driver, ...options });
  const raw = createRawView(driver);
  return { store, raw, close: async () => {} };
}
