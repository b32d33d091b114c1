import { createSessions, isSessionsError, manualClock, sequentialIds } from '@sessions/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createRawView, migrate, pgDriver } from '../src/index.js';
import { recording } from './credit-practice.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

const bin = postgresBin();
const run = bin || process.env.CI ? describe : describe.skip;

run('faults on a real server', () => {
  let server: ThrowawayServer;
  let pool: pg.Pool;
  let admin: pg.Client;

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server = startServer(bin);
    pool = new pg.Pool({ connectionString: server.url, max: 10 });
    // A killed backend makes its idle client emit 'error'; the store has already reported it.
    pool.on('error', () => {});
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await migrate(pgDriver(pool));
  });

  afterAll(async () => {
    await admin?.end();
    await pool?.end();
    server?.stop();
  });

  it('a connection killed mid-command leaves nothing behind; the retry with the same key runs once', async () => {
    const driver = pgDriver(pool);
    const raw = createRawView(driver);
    const sessions = createSessions({
      store: createPostgresStore({ driver }),
      clock: manualClock('2026-03-01T09:00:00Z'),
      ids: sequentialIds('fault'),
      settings: { currency: 'EUR', timeZone: 'Europe/Berlin' },
    });
    const staff = { tenantId: 'faulty', kind: 'staff', id: 's' } as const;
    const client = await sessions.clients.create(staff, { name: 'Mara' });
    const input = { clientId: client.id, quantity: 10, price: { total: { amount: 100000, currency: 'EUR' } } };
    const before = await raw.snapshot();

    // Block the outbox table from outside: the command gets as far as writing its block and
    // ledger entry, then waits to append its events — and is killed there.
    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE sessions_outbox IN SHARE ROW EXCLUSIVE MODE');
    const attempt = sessions.blocks.create(staff, input, { idempotencyKey: 'sale-1' }).then(
      () => null,
      (error: unknown) => error,
    );
    const pid = await waitForWaitingBackend();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const failure = await attempt;
    await blocker.query('ROLLBACK');
    blocker.release();

    expect(isSessionsError(failure, 'STORE_UNAVAILABLE')).toBe(true);
    expect(await raw.snapshot()).toBe(before);

    const first = await sessions.blocks.create(staff, input, { idempotencyKey: 'sale-1' });
    const again = await sessions.blocks.create(staff, input, { idempotencyKey: 'sale-1' });
    expect(again).toEqual(first);
    expect(await raw.blocks('faulty')).toHaveLength(1);
  });

  async function waitForWaitingBackend(): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO sessions_outbox%'",
      );
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the command never waited for the lock');
  }

  describe('a deadlock with another transaction', () => {
    // The store's connections give up waiting after 100 ms and find the deadlock; the other
    // side keeps the default second, so it is always the store's transaction that is chosen.
    let quick: pg.Pool;
    beforeAll(() => {
      quick = new pg.Pool({ connectionString: server.url, max: 4, options: '-c deadlock_timeout=100ms' });
      quick.on('error', () => {});
    });
    afterAll(() => quick?.end());

    /**
     * Deadlock the store's first attempt at a block sale: an outside transaction locks the
     * outbox, so the command waits there holding its advisory lock; then the outsider asks
     * for that advisory lock. PostgreSQL aborts the command's transaction (40P01), the
     * outsider rolls back, and what the store does next is up to it.
     */
    async function sellIntoDeadlock(maxAttempts: number, tenantId: string) {
      const driver = pgDriver(quick);
      const counting = recording(driver);
      const sessions = createSessions({
        store: createPostgresStore({ driver: counting.driver, maxAttempts }),
        clock: manualClock('2026-03-01T09:00:00Z'),
        ids: sequentialIds(tenantId),
        settings: { currency: 'EUR', timeZone: 'Europe/Berlin' },
      });
      const staff = { tenantId, kind: 'staff', id: 's' } as const;
      const client = await sessions.clients.create(staff, { name: 'Mara' });
      const input = { clientId: client.id, quantity: 10, price: { total: { amount: 100000, currency: 'EUR' } } };
      const before = await createRawView(driver).snapshot();
      const setUp = counting.statements.length;

      const outsider = await pool.connect();
      try {
        await outsider.query('BEGIN');
        await outsider.query('LOCK TABLE sessions_outbox IN SHARE ROW EXCLUSIVE MODE');
        const sale = sessions.blocks.create(staff, input).then(
          ({ block }) => ({ block, error: undefined }),
          (error: unknown) => ({ block: undefined, error }),
        );
        const pid = await waitForWaitingBackend();
        // The outsider now waits for a lock the command holds: a cycle, which the command's backend finds.
        const cycle = await outsider
          .query(
            `SELECT pg_advisory_xact_lock((classid::bigint << 32) | objid::bigint)
               FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND granted LIMIT 1`,
            [pid],
          )
          .then(() => 'granted once the command was rolled back');
        expect(cycle).toBe('granted once the command was rolled back');
        await outsider.query('ROLLBACK');
        const outcome = await sale;
        const transactions = counting.statements.slice(setUp).filter((s) => s === 'BEGIN').length;
        return { ...outcome, transactions, before, raw: createRawView(driver), tenantId };
      } finally {
        outsider.release();
      }
    }

    it('is retried: the sale completes once, in a second transaction', async () => {
      const { block, error, transactions, raw, tenantId } = await sellIntoDeadlock(5, 'deadlock-retried');
      expect(error).toBeUndefined();
      expect(transactions).toBe(2);
      expect((await raw.blocks(tenantId)).map((b) => b.id)).toEqual([block?.id]);
      const events = await raw.outbox(tenantId);
      expect(events.filter((e) => e.type === 'block.created')).toHaveLength(1);
    });

    it('past maxAttempts is CONFLICT, saying so, and nothing is changed', async () => {
      const { error, transactions, raw, before } = await sellIntoDeadlock(1, 'deadlock-refused');
      expect(transactions).toBe(1);
      expect(isSessionsError(error, 'CONFLICT')).toBe(true);
      expect((error as Error).message).toMatch(/deadlock .* nothing was changed/);
      expect((error as { details: unknown }).details).toEqual({ sqlState: '40P01', attempts: 1 });
      expect(await raw.snapshot()).toBe(before);
    });
  });
});
