/**
 * Booking a linked session (credits.reserve) on a real PostgreSQL server,
 * beside a raw-SQL baseline over the same pool: the minimal consume
 * transaction — lock the block row, insert a ledger row, update the block.
 * Also in the same process: the store with `optimistic: false` (every
 * booking a locked transaction), and a ceiling that is not the store — the
 * booking's writes as one guarded statement, what a booking done wholly in
 * SQL could reach.
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
  const rows: [string, number, number, number, number][] = [];
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

    // Blocks of 10, as practices sell them: each worker moves to a fresh block every 10 bookings.
    const freshBlocks = () =>
      Promise.all(
        Array.from({ length: connections }, () =>
          Promise.all(Array.from({ length: Math.ceil((SECONDS * 900) / connections) + 10 }, () => newBlock(10))),
        ),
      );
    // Statistics as autovacuum keeps them on a running database: statements the set-up planned
    // while the tables were nearly empty are planned again (see docs/performance.md).
    const analyze = () => pool.query('ANALYZE');
    const ownBlocks = async (op: (blockId: string, sessionId: string) => Promise<unknown>, tag: string) => {
      const blocks = await freshBlocks();
      await analyze();
      return measure(connections, (w, i) => op(blocks[w]?.[Math.floor(i / 10)] as string, `${tag}-w${w}-s${i}`));
    };
    const store = await ownBlocks(book, 'store');
    const locked = await ownBlocks((b, s) => book(b, s, lockedOnly), 'locked');
    const ceilingOp = oneStatement(pool, tenantId);
    const ceiling = await ownBlocks(ceilingOp, 'ceiling');

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
    await analyze();
    const baseline = await measure(connections, (w, i) => raw(`b${connections}-${w}`, `w${w}-s${i}`));
    rows.push([`${connections} connection(s), own blocks`, store, locked, baseline, ceiling]);

    if (connections === 32) {
      const shared = async () => {
        const block = await newBlock(Math.ceil(SECONDS * 8000));
        await analyze();
        return block;
      };
      const oneBlock = await shared();
      const storeOne = await measure(connections, (w, i) => book(oneBlock, `shared-w${w}-s${i}`));
      const lockedBlock = await shared();
      const lockedOne = await measure(connections, (w, i) => book(lockedBlock, `locked-w${w}-s${i}`, lockedOnly));
      const rawOne = await measure(connections, (w, i) => raw(`b${connections}-0`, `one-w${w}-s${i}`));
      const ceilingBlock = await shared();
      const ceilingOne = await measure(connections, (w, i) => ceilingOp(ceilingBlock, `c-w${w}-s${i}`));
      rows.push([`${connections} connections, one block`, storeOne, lockedOne, rawOne, ceilingOne]);
    }
    await pool.end();
  }
  console.log(`booking a linked session (credits.reserve), ops/s over ${SECONDS} s; node ${process.version}`);
  const head = ['store', 'locks only', 'raw SQL', 'store/raw', 'one statement'];
  console.log(['case'.padEnd(32), ...head.map((h) => h.padStart(13))].join(' '));
  for (const [name, store, locked, raw, ceiling] of rows)
    console.log(
      [
        name.padEnd(32),
        ...[fmt(store), fmt(locked), fmt(raw), pct(store, raw), fmt(ceiling)].map((c) => c.padStart(13)),
      ].join(' '),
    );
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

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;

try {
  await main();
} finally {
  server?.stop();
}
