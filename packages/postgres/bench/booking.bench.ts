/**
 * Booking a linked session (credits.reserve) on a real PostgreSQL server,
 * beside a raw-SQL baseline over the same pool: the minimal consume
 * transaction — lock the block row, insert a ledger row, update the block.
 *
 *   pnpm bench:pg            (a throwaway server, or DATABASE_URL)
 *
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { type Actor, createSessions, money } from '@sessions/core';
import { createPostgresStore, migrate, pgDriver } from '@sessions/postgres';
import pg from 'pg';
import { postgresBin, startServer } from '../test/pg-server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const server = process.env.DATABASE_URL ? null : startServer(postgresBin() ?? fail('install postgresql'));
const url = process.env.DATABASE_URL ?? (server?.url as string);

function fail(why: string): never {
  throw new Error(why);
}

/** Run `workers` loops of `op` for SECONDS; ops per second. */
async function measure(workers: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        await op(worker, i);
        done++;
      }
    }),
  );
  return done / SECONDS;
}

async function main() {
  const rows: string[][] = [];
  for (const connections of [1, 8, 32]) {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    pool.on('error', () => {});
    const driver = pgDriver(pool);
    await migrate(driver);
    const tenantId = `bench-${connections}`;
    const staff: Actor = { tenantId, kind: 'staff', id: 'bench' };
    const sessions = createSessions({
      store: createPostgresStore({ driver }),
      settings: {
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        unlockCreditsOn: 'creation',
        maxActiveBlocksPerClient: 100,
      },
    });
    const service = await sessions.services.create(staff, {
      name: 'S',
      durationMinutes: 60,
      price: money(9000, 'EUR'),
      wage: money(4000, 'EUR'),
    });
    const practitioner = await sessions.practitioners.create(staff, { name: 'P' });
    const newBlock = async (units: number) => {
      const client = await sessions.clients.create(staff, { name: 'C' });
      const { block } = await sessions.blocks.create(staff, {
        clientId: client.id,
        quantity: units,
        price: { total: money(units * 9000, 'EUR') },
      });
      return block.id;
    };
    const book = (blockId: string, sessionId: string) =>
      sessions.credits.reserve(staff, {
        blockId,
        sessionId,
        serviceId: service.id,
        practitionerId: practitioner.id,
        startsAt: '2026-12-01T10:00:00Z',
      });

    // Blocks of 10, as practices sell them: each worker moves to a fresh block every 10 bookings.
    const perWorker = await Promise.all(
      Array.from({ length: connections }, () => Promise.all(Array.from({ length: 400 }, () => newBlock(10)))),
    );
    const store = await measure(connections, (w, i) =>
      book(perWorker[w]?.[Math.floor(i / 10)] as string, `w${w}-s${i}`),
    );

    await pool.query('CREATE TABLE IF NOT EXISTS bench_blocks (id text PRIMARY KEY, remaining integer NOT NULL)');
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_ledger (block_id text, seq integer, session_id text, units integer, PRIMARY KEY (block_id, seq))',
    );
    await pool.query(
      `INSERT INTO bench_blocks SELECT 'b' || ${connections} || '-' || g, 1000000 FROM generate_series(0, ${connections}) g ON CONFLICT DO NOTHING`,
    );
    const raw = async (blockId: string, sessionId: string) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const {
          rows: [b],
        } = await c.query('SELECT remaining FROM bench_blocks WHERE id = $1 FOR UPDATE', [blockId]);
        await c.query('INSERT INTO bench_ledger VALUES ($1, $2, $3, 1)', [
          blockId,
          1_000_000 - b.remaining + 1,
          sessionId,
        ]);
        await c.query('UPDATE bench_blocks SET remaining = remaining - 1 WHERE id = $1', [blockId]);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK');
        throw error;
      } finally {
        c.release();
      }
    };
    const baseline = await measure(connections, (w, i) => raw(`b${connections}-${w}`, `w${w}-s${i}`));
    rows.push([`${connections} connection(s), own blocks`, fmt(store), fmt(baseline), pct(store, baseline)]);

    if (connections === 32) {
      const shared = await newBlock(Math.ceil(SECONDS * 6000));
      const oneBlock = await measure(connections, (w, i) => book(shared, `shared-w${w}-s${i}`));
      const rawOne = await measure(connections, (w, i) => raw(`b${connections}-0`, `one-w${w}-s${i}`));
      rows.push([`${connections} connections, one block`, fmt(oneBlock), fmt(rawOne), pct(oneBlock, rawOne)]);
    }
    await pool.end();
  }
  console.log(`booking a linked session (credits.reserve), ops/s over ${SECONDS} s; node ${process.version}`);
  console.log(['case'.padEnd(32), 'store'.padStart(9), 'raw SQL'.padStart(9), 'store/raw'.padStart(10)].join(' '));
  for (const [name, a, b, c] of rows)
    console.log([name?.padEnd(32), a?.padStart(9), b?.padStart(9), c?.padStart(10)].join(' '));
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;

try {
  await main();
} finally {
  server?.stop();
}
