import { createSessions, isSessionsError, manualClock, sequentialIds } from '@sessions/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createRawView, migrate, pgDriver } from '../src/index.js';
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
});
