import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, pgDriver } from '../src/index.js';
import { OPEN } from '../src/ledger-repository.js';
import { LOCK_READ } from '../src/lock-reads.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

const bin = postgresBin();
const run = bin || process.env.CI ? describe : describe.skip;

/**
 * Opening a block for a command reads that block's entries for the named
 * sessions only. A plan that looks up the block and filters the sessions reads
 * every entry the block has: a booking then slows with each one before it
 * (found by the one-block benchmark). Measured in buffers touched, which does
 * not depend on the machine's speed.
 */
run("a command reads only the named sessions' entries of a block", () => {
  let server: ThrowawayServer;
  let pool: pg.Pool;
  const ENTRIES = 2000;

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server = startServer(bin);
    pool = new pg.Pool({ connectionString: server.url, max: 1 });
    await migrate(pgDriver(pool));
    await pool.query(
      `INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
       SELECT 't', 'big', g, 'e' || g, 's' || g, jsonb_build_object('id', 'e' || g) FROM generate_series(1, $1::int) g`,
      [ENTRIES],
    );
  });

  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  /** Buffers each of 8 runs of `sql` touches, after the first (which also reads the catalogue). */
  async function buffersPerCall(sql: string, params: (i: number) => unknown[]): Promise<number[]> {
    const touched: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params(i));
      const plan = (rows[0] as { 'QUERY PLAN': [{ Plan: Record<string, number> }] })['QUERY PLAN'][0].Plan;
      touched.push((plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0));
    }
    return touched.slice(1);
  }

  it('the lock statement (sessions_lock_read) looks each session up, whatever the block holds', async () => {
    const touched = await buffersPerCall(LOCK_READ, (i) => [['t|block:big'], 't', [], [], 'big', [`s${i + 10}`]]);
    // A few index pages per lookup; reading the block's 2,000 entries touches hundreds.
    for (const n of touched) expect(n).toBeLessThan(40);
  });

  it('opening a block outside the lock statement does too', async () => {
    const touched = await buffersPerCall(OPEN, (i) => ['t', 'big', [`s${i + 10}`, `s${i + 500}`]]);
    for (const n of touched) expect(n).toBeLessThan(40);
  });

  it('still finds every entry of the named sessions, in order', async () => {
    const { rows } = await pool.query(OPEN, ['t', 'big', ['s7', 's3', 's7', 'nobody']]);
    expect((rows[0] as { entries: { id: string }[] }).entries.map((e) => e.id)).toEqual(['e3', 'e7']);
  });
});
