import type { SqlDriver, SqlQueryable } from '../src/index.js';

/**
 * "Every query filters by tenant": a driver that remembers each distinct
 * statement the store sends (inside transactions too), and the rule they are
 * held to once a whole conformance run has gone through it.
 */
export function statementLog(driver: SqlDriver): { driver: SqlDriver; statements: Set<string> } {
  const statements = new Set<string>();
  const logged = (connection: SqlQueryable): SqlQueryable => ({
    query(sql, params) {
      statements.add(sql);
      return connection.query(sql, params);
    },
  });
  return {
    statements,
    driver: {
      concurrent: driver.concurrent,
      query: logged(driver).query,
      transaction: (fn) => driver.transaction((connection) => fn(logged(connection))),
    },
  };
}

/** The one statement that reads across tenants on purpose: `outbox.poll()` with no tenantId (docs/decisions.md). */
export const CROSS_TENANT_POLL = 'SELECT data FROM sessions_outbox WHERE NOT acked ORDER BY position LIMIT $1';

/**
 * The statement reaches a tenant's table: INSERT INTO or UPDATE one, or
 * FROM / JOIN one (not a function there). `sessions_migrations` belongs to no tenant.
 */
const touchesTable = (sql: string) =>
  /\b(into|update)\s+sessions_(?!migrations\b)\w+/i.test(sql) ||
  /\b(from|join)\s+sessions_(?!migrations\b)\w+\b(?!\s*\()/i.test(sql);
/** `sessions_name(` not after INSERT INTO (where it opens the column list). */
const functionsCalled = (sql: string) =>
  [...sql.matchAll(/(\binto\s+)?\b(sessions_\w+)\s*\(/gi)].filter((m) => !m[1]).map((m) => m[2] as string);

/**
 * The statements that break the rule: each must filter by `tenant_id`, or
 * reach tables only through the `functionsAllowed` (those that take the
 * tenant, or reach no table), or reach no table at all (an advisory lock).
 */
export function statementsNotFilteredByTenant(
  statements: Iterable<string>,
  functionsAllowed: ReadonlySet<string>,
  allowed: readonly string[] = [CROSS_TENANT_POLL],
): string[] {
  return [...statements].filter((sql) => {
    if (allowed.includes(sql)) return false;
    if (touchesTable(sql) && !/\btenant_id\b/.test(sql)) return true;
    return functionsCalled(sql).some((name) => !functionsAllowed.has(name));
  });
}

/**
 * The schema's `sessions_` functions a statement may call: those that take
 * the tenant (`p_tenant`), and those whose body reaches no table (the lock
 * function, whose keys carry the tenant already).
 */
export const FUNCTIONS_ALLOWED_SQL = `SELECT p.proname AS name
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = current_schema() AND p.proname LIKE 'sessions\\_%'
    AND ('p_tenant' = ANY(p.proargnames) OR p.prosrc !~* '(from|into|update|join)\\s+sessions_')`;

/**
 * "Values only travel as parameters": the statements whose text holds one of
 * `values` (tenant ids, client names the run wrote) as an SQL string literal,
 * the form a value pasted into a statement takes.
 */
export function statementsHoldingValues(statements: Iterable<string>, values: Iterable<string>): string[] {
  const literals = [...values].map((v) => `'${v.replaceAll("'", "''")}'`);
  return [...statements].filter((sql) => literals.some((literal) => sql.includes(literal)));
}

/** Values the conformance run stored: every tenant id, and every client's and practitioner's name. */
export const STORED_VALUES_SQL = `SELECT tenant_id AS value FROM sessions_settings
  UNION SELECT tenant_id FROM sessions_clients UNION SELECT tenant_id FROM sessions_outbox
  UNION SELECT data->>'name' FROM sessions_clients WHERE data->>'name' IS NOT NULL
  UNION SELECT data->>'name' FROM sessions_practitioners WHERE data->>'name' IS NOT NULL`;
