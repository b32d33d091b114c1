/**
 * The narrow driver interface the store needs: run a parameterised query,
 * and run a function inside one transaction on one connection. `pg`'s Pool
 * and PGlite both fit through the adapters below; any other driver can be
 * added by writing one more adapter. Structural types only: this package
 * never imports `pg` or PGlite at runtime.
 */
export interface SqlResult<R> {
  readonly rows: R[];
}

export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

export interface SqlDriver extends SqlQueryable {
  /** Run `fn` between BEGIN and COMMIT on one connection; ROLLBACK and rethrow if it throws. */
  transaction<T>(fn: (connection: SqlQueryable) => Promise<T>): Promise<T>;
  /** Whether transactions can run at the same time (false for PGlite: one connection). */
  readonly concurrent: boolean;
}

/** What we use of `pg`'s Pool: `connect()` handing out clients with `query` and `release`. */
export interface PgPoolLike {
  connect(): Promise<PgClientLike>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /** A named (prepared) statement, on whichever client the pool hands out. */
  query(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}
export interface PgClientLike {
  /** `command` is the statement's tag: `ROLLBACK` for a COMMIT of a failed transaction. */
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; command?: string }>;
  /** A named (prepared) statement: parsed and planned once per connection, then only executed. */
  query(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[]; command?: string }>;
  release(error?: Error | boolean): void;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Names for the store's statements, so `pg` prepares each once per connection
 * and afterwards only executes it (no parse or plan per call). The store's SQL
 * is built from constants, so there are few distinct texts; past a bound,
 * statements simply run unnamed.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < 2000) {
    name = `sessions_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** A driver over a `pg` Pool: each transaction checks out its own client. */
export function pgDriver(pool: PgPoolLike): SqlDriver {
  const prepared = async <R>(client: PgPoolLike | PgClientLike, sql: string, params?: readonly unknown[]) => {
    const name = params && params.length > 0 ? statementName(sql) : undefined;
    const result = name
      ? await client.query({ name, text: sql, values: [...(params ?? [])] })
      : await client.query(sql, params ? [...params] : undefined);
    return result as SqlResult<R>;
  };
  return {
    concurrent: true,
    // Outside a transaction too (an optimistic command's two statements), each statement is prepared.
    query: (sql, params) => prepared(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection that dies while checked out emits 'error' on the client; the failing
      // query reports it, so the event only marks the client as not to be reused.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on?.('error', onError);
      try {
        await client.query('BEGIN');
        // One connection runs one query at a time: queries `fn` starts together (a
        // Promise.all) take turns here, not in pg's own queue, which pg 8 deprecates.
        let previous: Promise<unknown> = Promise.resolve();
        const result = await fn({
          query: <R>(sql: string, params?: readonly unknown[]) => {
            const run = previous.then(() => prepared<R>(client, sql, params));
            previous = run.catch(() => {});
            return run;
          },
        });
        const commit = await client.query('COMMIT');
        // A statement failed and `fn` caught the error: the server rolls back instead of
        // committing, and says so only in the tag. Never report that as a commit (PGlite
        // throws the same).
        if (commit.command === 'ROLLBACK') throw rolledBack();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          // The connection itself failed: drop it rather than return it to the pool.
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.removeListener?.('error', onError);
        client.release(broken);
      }
    },
  };
}

function rolledBack(): Error {
  return Object.assign(
    new Error('Transaction was rolled back instead of committed: a statement in it failed and the error was caught.'),
    { code: '25P02' },
  );
}

/** What we use of PGlite: `query` and `transaction`. */
export interface PGliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  transaction<T>(
    fn: (tx: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>,
  ): Promise<T>;
}

/** A driver over PGlite, the embedded Postgres: one connection, so transactions queue. */
export function pgliteDriver(db: PGliteLike): SqlDriver {
  return {
    concurrent: false,
    query: (sql, params) => db.query(sql, params ? [...params] : undefined),
    transaction: (fn) =>
      db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params ? [...params] : undefined) })),
  };
}
