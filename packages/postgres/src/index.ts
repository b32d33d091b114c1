/** @sessions/postgres — the PostgreSQL store for @sessions/core, on a real server (pg) or PGlite. */
export {
  type PGliteLike,
  type PgClientLike,
  type PgPoolLike,
  pgDriver,
  pgliteDriver,
  type SqlDriver,
  type SqlQueryable,
  type SqlResult,
} from './driver.js';
export { LATEST_VERSION, type Migration, migrate, schemaVersion, shippedMigrations } from './migrate.js';
export { createRawView } from './raw-view.js';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './store.js';
