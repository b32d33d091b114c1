/**
 * Booking a linked session (credits.reserve) on a real PostgreSQL server,
 * beside a raw-SQL baseline over the same pool: the minimal consume
 * transaction — lock the block row, insert a ledger row, update the block.
 * Also in the same process: the store with `optimistic: false` (every
 * booking a locked transaction), and a ceiling that is not the store — the
 * booking's writes as one guarded statement, what a booking done wholly in
 * SQL could reach. The four take turns, in rounds, so that a machine whose
 * speed drifts during the run (a shared VM's does, by tens of percent) is
 * measured the same for each; the ratio is the median over the rounds.
 *
 *   pnpm bench:pg            (a throwaway server, or DATABASE_URL)
 *
 * A benchmark, not a test: it prints figures and asserts nothing.
 */

import { randomUUID } from 'node:crypto';
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

/** Rounds per case: the store and its baselines take turns, so a machine that slows down mid-run slows all of them. */
const ROUNDS = 3;

/** An operation as a worker runs it: its worker number and how many it has done before. */
type Op = (worker: number, i: number) => Promise<unknown>;

/**
 * Run each of `ops` for SECONDS in all, in ROUNDS turns (after a short warm-up
 * of each), `workers` loops at a time; ops per second of each, and the median
 * over rounds of the first's rate over the `baseline`'s.
 */
async function alternate(workers: number, ops: Op[], baseline: number): Promise<{ rates: number[]; ratio: number }> {
  const next = ops.map(() => new Array<number>(workers).fill(0));
  const run = async (k: number, seconds: number) => {
    const end = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        const counts = next[k] as number[];
        while (performance.now() < end) {
          const i = counts[worker] ?? 0;
          counts[worker] = i + 1;
          await (ops[k] as Op)(worker, i);
          done++;
        }
      }),
    );
    return done;
  };
  for (const k of ops.keys()) await run(k, 0.3);
  const totals = ops.map(() => 0);
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const done: number[] = [];
    for (const k of ops.keys()) done.push(await run(k, SECONDS / ROUNDS));
    done.forEach((n, k) => {
      totals[k] = (totals[k] ?? 0) + n;
    });
    ratios.push((done[0] ?? 0) / (done[baseline] ?? 1));
  }
  ratios.sort((a, b) => a - b);
  return { rates: totals.map((n) => n / SECONDS), ratio: ratios[Math.floor(ROUNDS / 2)] ?? 0 };
}

async function main() {
  const rows: [string, number[], number][] = [];
  for (const connections of [1, 8, 32]) {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    pool.on('error', () => {});
    const driver = pgDriver(pool);
    await migrate(driver);
    const tenantId = `bench-${connections}`;
    const staff: Actor = { tenantId, kind: 'staff', id: 'bench' };
    const settings = {
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      unlockCreditsOn: 'creation',
      maxActiveBlocksPerClient: 100,
    } as const;
    const sessions = createSessions({ store: createPostgresStore({ driver }), settings });
    const lockedOnly = createSessions({ store: createPostgresStore({ driver, optimistic: false }), settings });
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
    const book = (blockId: string, sessionId: string, facade = sessions) =>
      facade.credits.reserve(staff, {
        blockId,
        sessionId,
        serviceId: service.id,
        practitionerId: practitioner.id,
        startsAt: '2026-12-01T10:00:00Z',
      });

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

    // Blocks of 10, as practices sell them: each worker moves to a fresh block every 10 bookings.
    // Enough for 4,000 bookings a second (warm-up included); the ceiling, 12,000 in blocks of 100.
    const freshBlocks = (units: number, perSecond: number) =>
      Promise.all(
        Array.from({ length: connections }, () =>
          Promise.all(
            Array.from({ length: Math.ceil(((SECONDS + 0.3) * perSecond) / units / connections) + 10 }, () =>
              newBlock(units),
            ),
          ),
        ),
      );
    const ownBlocks = async (
      op: (blockId: string, sessionId: string) => Promise<unknown>,
      tag: string,
      units = 10,
      perSecond = 4000,
    ) => {
      const blocks = await freshBlocks(units, perSecond);
      return (w: number, i: number) => op(blocks[w]?.[Math.floor(i / units)] as string, `${tag}-w${w}-s${i}`);
    };
    const ceilingOp = oneStatement(pool, tenantId);
    const ops = [
      await ownBlocks(book, 'store'),
      await ownBlocks((b, s) => book(b, s, lockedOnly), 'locked'),
      async (w: number, i: number) => raw(`b${connections}-${w}`, `w${w}-s${i}`),
      await ownBlocks(ceilingOp, 'ceiling', 100, 12_000),
    ];
    await pool.query('CREATE TABLE IF NOT EXISTS bench_blocks (id text PRIMARY KEY, remaining integer NOT NULL)');
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_ledger (block_id text, seq integer, session_id text, units integer, PRIMARY KEY (block_id, seq))',
    );
    await pool.query(
      `INSERT INTO bench_blocks SELECT 'b' || ${connections} || '-' || g, 1000000 FROM generate_series(0, ${connections}) g ON CONFLICT DO NOTHING`,
    );
    // Statistics as autovacuum keeps them on a running database: statements the set-up planned
    // while the tables were nearly empty are planned again (see docs/performance.md).
    await pool.query('ANALYZE');
    const own = await alternate(connections, ops, 2);
    rows.push([`${connections} connection(s), own blocks`, own.rates, own.ratio]);

    if (connections === 32) {
      // One block each, big enough for 8,000 bookings a second.
      const [storeBlock, lockedBlock, ceilingBlock] = await Promise.all([1, 2, 3].map(() => newBlock(SECONDS * 8000)));
      await pool.query('ANALYZE');
      const one = await alternate(
        connections,
        [
          (w, i) => book(storeBlock as string, `shared-w${w}-s${i}`),
          (w, i) => book(lockedBlock as string, `locked-w${w}-s${i}`, lockedOnly),
          (w, i) => raw(`b${connections}-0`, `one-w${w}-s${i}`),
          (w, i) => ceilingOp(ceilingBlock as string, `c-w${w}-s${i}`),
        ],
        2,
      );
      rows.push([`${connections} connections, one block`, one.rates, one.ratio]);
    }
    await pool.end();
  }
  console.log(
    `booking a linked session (credits.reserve), ops/s over ${SECONDS} s each, in ${ROUNDS} alternating rounds; node ${process.version}`,
  );
  const head = ['store', 'locks only', 'raw SQL', 'store/raw', 'one statement'];
  console.log(['case'.padEnd(32), ...head.map((h) => h.padStart(13))].join(' '));
  for (const [name, [store, locked, raw, ceiling], ratio] of rows)
    console.log(
      [
        name.padEnd(32),
        ...[fmt(store), fmt(locked), fmt(raw), `${Math.round(ratio * 100)} %`, fmt(ceiling)].map((c) => c.padStart(13)),
      ].join(' '),
    );
  console.log('store/raw: the median over the rounds of the store against the raw SQL run just after it.');
}

/**
 * The ceiling, not the store: a booking's writes — the ledger entry (jsonb, as
 * the store writes it), the block's totals and the event — as one statement
 * guarded by the units left, with none of the store's reads or rules. It is
 * what moving the booking wholly into SQL could reach.
 */
function oneStatement(pool: pg.Pool, tenantId: string) {
  return async (blockId: string, sessionId: string) => {
    const at = new Date().toISOString();
    const entry = {
      id: randomUUID(),
      blockId,
      sessionId,
      kind: 'reserve',
      from: 'available',
      to: 'reserved',
      units: 1,
      value: 9000,
      at,
    };
    const event = {
      tenantId,
      id: randomUUID(),
      type: 'credit.reserved',
      at,
      aggregate: { type: 'block', id: blockId },
      payload: { sessionId, units: 1, value: 9000 },
    };
    const { rows } = await pool.query({
      name: 'bench_one_statement',
      text: ONE_STATEMENT,
      values: [tenantId, blockId, sessionId, 9000, entry.id, JSON.stringify(entry), event.id, JSON.stringify(event)],
    });
    if (rows.length !== 1) throw new Error('no unit left');
  };
}

const ONE_STATEMENT = `WITH up AS (
  UPDATE sessions_block_totals SET last_seq = last_seq + 1, sessions = sessions + 1,
    available_units = available_units - 1, available_value = available_value - $4::bigint,
    reserved_units = reserved_units + 1, reserved_value = reserved_value + $4::bigint
  WHERE tenant_id = $1 AND block_id = $2 AND available_units >= 1
  RETURNING last_seq, sessions
), entry AS (
  INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
  SELECT $1, $2, up.last_seq, $5, $3, $6::jsonb || jsonb_build_object('seq', up.last_seq, 'sessionNumber', up.sessions) FROM up
), event AS (
  INSERT INTO sessions_outbox (tenant_id, id, data) SELECT $1, $7, $8::jsonb FROM up
)
SELECT last_seq FROM up`;

const fmt = (n = 0) => Math.round(n).toLocaleString('en-US');

try {
  await main();
} finally {
  server?.stop();
}
