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
  /** The store's own driver may be wrapped (to log its statements); migrate and the raw view use `driver`. */
  wrapStoreDriver: (driver: SqlDriver) => SqlDriver = (d) => d,
): Promise<ConformanceHarness> {
  await migrate(driver);
  const store = createPostgresStore({ driver: wrapStoreDriver(driver), ...options });
  const raw = createRawView(driver);
  return { store, raw, close: async () => {} };
}
