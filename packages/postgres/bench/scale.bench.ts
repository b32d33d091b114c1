/**
 * The store at practice scale: one tenant with 10,000 clients, 50,000 blocks
 * and 1,000,000 sessions, seeded with SQL (not through the facade: that would
 * take hours), then three reads measured through the facade beside a
 * hand-written SQL baseline over the same pool:
 *
 *   - reports.activePackages({ limit: 100 }): the first page, page 51, and pages at random;
 *   - reports.packageHistory({ clientId }) for random clients;
 *   - remindersPage({ limit: 50 }): the first page, pages at random along a full walk, and
 *     the median page of each phase (with, for the unlinked and invoice phases, the reads a
 *     core that batched them would make: a floor for that fix).
 *
 * Every statement the store sends for those calls is run again under
 * EXPLAIN (ANALYZE, BUFFERS), with the parameters it was sent with (custom
 * plan) and as a prepared statement forced to its generic plan (what `pg`'s
 * named statements may settle on), and the plans are summarised. Before
 * measuring, the seed is checked: its records against records core wrote
 * itself, and balances, sessions and accounts through the facade.
 *
 *   pnpm bench:pg:scale              (builds; a throwaway server, or DATABASE_URL)
 *   pnpm bench:pg:scale --quick      (a 10× smaller seed, for a smoke run)
 *   BENCH_RUNS=200                   (timed runs per case, after a warm-up)
 *
 * Its parts are in ./scale/: the seed, the checks, the baselines, EXPLAIN.
 *
 * A benchmark, not a test: it prints figures and asserts nothing. With
 * DATABASE_URL it replaces, then deletes, the tenants `scale-bench` and
 * `scale-ref` (pass --keep to leave them).
 */
import { loadavg } from 'node:os';
import { createSessions, manualClock, type Sessions, sequentialIds } from '@sessions/core';
import { createPostgresStore, migrate, pgDriver } from '@sessions/postgres';
import pg from 'pg';
import { postgresBin, startServer } from '../test/pg-server.js';
import { baselines } from './scale/baselines.js';
import {
  CLIENTS,
  deleteTenants,
  KEEP,
  NOW,
  QUICK,
  REF_TENANT,
  RUNS,
  STAFF,
  TABLES,
  TARGET_MS,
  TENANT,
  WARMUP,
} from './scale/config.js';
import { explainAll, label } from './scale/explain.js';
import { decodeFeedCursor, prng, recording, type Stats, stats, timed } from './scale/measure.js';
import { compareColumns, compareShapes, writeReference } from './scale/reference.js';
import { seedSteps } from './scale/seed.js';
import { verify } from './scale/verify.js';

const server = process.env.DATABASE_URL ? null : startServer(postgresBin() ?? fail('install postgresql'));
const url = process.env.DATABASE_URL ?? (server?.url as string);

function fail(why: string): never {
  throw new Error(why);
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

async function main() {
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const driver = pgDriver(pool);
  await migrate(driver);
  const info = (
    await pool.query(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
         current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers,
         current_setting('work_mem') AS work_mem`,
    )
  ).rows[0];
  console.log(
    `PostgreSQL ${info.version} (fsync ${info.fsync}, synchronous_commit ${info.sync}, shared_buffers ${info.buffers}, work_mem ${info.work_mem}); node ${process.version}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  // -- seed ------------------------------------------------------------------------------------
  await deleteTenants(driver, [TENANT, REF_TENANT]);
  await writeReference(driver);
  console.log(`\nseeding ${CLIENTS.toLocaleString('en-US')} clients${QUICK ? ' (--quick)' : ''} …`);
  const seedClient = await pool.connect();
  const seedTimes: [string, number][] = [];
  const seedStart = performance.now();
  try {
    await seedClient.query('BEGIN');
    for (const [name, sql] of seedSteps(CLIENTS)) {
      const t0 = performance.now();
      await seedClient.query(sql);
      seedTimes.push([name, (performance.now() - t0) / 1000]);
      console.log(`  ${name.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await seedClient.query('COMMIT');
  } finally {
    // Drop the connection: it holds the seed's temporary tables and functions.
    seedClient.release(true);
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const t1 = performance.now();
  for (const table of TABLES) await pool.query(`ANALYZE ${table}`);
  const analyzeSeconds = (performance.now() - t1) / 1000;
  console.log(`  ${'ANALYZE'.padEnd(44)} ${analyzeSeconds.toFixed(1)} s`);
  console.log(`  seed ${seedSeconds.toFixed(1)} s + ANALYZE ${analyzeSeconds.toFixed(1)} s`);

  const counts = (
    await pool.query(
      `SELECT
        (SELECT count(*) FROM sessions_clients WHERE tenant_id = $1) AS clients,
        (SELECT count(*) FROM sessions_blocks WHERE tenant_id = $1) AS blocks,
        (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) n FROM sessions_blocks WHERE tenant_id = $1 GROUP BY status) s) AS by_status,
        (SELECT count(*) FROM sessions_sessions WHERE tenant_id = $1) AS sessions,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1) AS attendances,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND block_id IS NULL) AS unlinked,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND block_id IS NULL AND invoice_id IS NULL) AS unbilled,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND data->>'status' = 'scheduled') AS scheduled,
        (SELECT count(*) FROM sessions_ledger WHERE tenant_id = $1) AS entries,
        (SELECT count(*) FROM sessions_account_ledger WHERE tenant_id = $1) AS account_entries,
        (SELECT count(*) FROM sessions_invoices WHERE tenant_id = $1) AS invoices,
        (SELECT count(*) FROM sessions_invoices WHERE tenant_id = $1 AND block_id IS NULL) AS session_invoices,
        (SELECT count(*) FROM sessions_blocks b JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
          WHERE b.tenant_id = $1 AND b.status = 'active' AND t.available_units * 100 <= 20 * t.purchased) AS low,
        pg_size_pretty(pg_database_size(current_database())) AS size`,
      [TENANT],
    )
  ).rows[0];
  console.log(
    `  ${counts.clients} clients, ${counts.blocks} blocks ${JSON.stringify(counts.by_status)} (${counts.low} active ones low), ` +
      `${counts.sessions} sessions, ${counts.attendances} attendances (${counts.unlinked} unlinked, ${counts.unbilled} of them not invoiced; ` +
      `${counts.scheduled} scheduled), ${counts.entries} ledger entries, ${counts.account_entries} account entries, ` +
      `${counts.invoices} invoices (${counts.session_invoices} of sessions); database ${counts.size}`,
  );

  // -- checks ----------------------------------------------------------------------------------
  const clock = manualClock(NOW);
  const store = createPostgresStore({ driver });
  const sessions = createSessions({ store, clock, ids: sequentialIds('bench') });
  const shapeProblems = [...(await compareShapes(pool)), ...(await compareColumns(pool))];
  console.log(
    `\nshape check against core's own records: ${shapeProblems.length === 0 ? 'same fields and types' : shapeProblems.join('\n  ')}`,
  );
  const t2 = performance.now();
  const problems = await verify(sessions, pool);
  console.log(
    `consistency through the facade (100 blocks' balance = fold of their history, 30 sessions, 30 accounts and invoices, a booking): ${
      problems.length === 0 ? 'ok' : `\n  ${problems.join('\n  ')}`
    } (${((performance.now() - t2) / 1000).toFixed(1)} s)`,
  );

  // -- measure ---------------------------------------------------------------------------------
  const base = baselines(pool);
  const random = prng(42);
  const rows: { name: string; store: Stats; baseline: Stats | null; statements: number }[] = [];
  const loadBefore = loadavg();

  const rec = recording(driver);
  const captured = createSessions({
    store: createPostgresStore({ driver: rec.driver }),
    clock,
    ids: sequentialIds('cap'),
  });
  const captures: { call: string; sql: string; params: unknown[] }[] = [];
  /** Run `fn` once on the recording store: its statements, for EXPLAIN and the round-trip count. */
  await captured.settings.get(STAFF); // the store's one-off schema check, out of the way
  const capture = async (call: string, fn: (s: Sessions) => Promise<unknown>) => {
    rec.log.statements = [];
    rec.log.on = true;
    await fn(captured);
    rec.log.on = false;
    for (const s of rec.log.statements) captures.push({ call, ...s });
    return rec.log.statements.length + 2; // and BEGIN, COMMIT
  };

  // Active packages: walk every page once, keeping the cursors.
  const activeCursors: (string | undefined)[] = [];
  const walkTimes: number[] = [];
  let after: string | undefined;
  do {
    activeCursors.push(after);
    const t0 = performance.now();
    const page = await sessions.reports.activePackages(STAFF, { limit: 100, ...(after ? { after } : {}) });
    walkTimes.push(performance.now() - t0);
    after = page.next ?? undefined;
  } while (after);
  // The page after a full last page is empty: leave it out of the picks.
  if (activeCursors.length > 1) activeCursors.pop();
  const deepIndex = Math.min(50, activeCursors.length - 1);
  const deep = activeCursors[deepIndex] as string;
  const deepKey = JSON.parse(Buffer.from(deep, 'base64url').toString('utf8'));
  rows.push({
    name: 'activePackages, first page (100)',
    store: stats(await timed(RUNS, () => sessions.reports.activePackages(STAFF, { limit: 100 }))),
    baseline: stats(await timed(RUNS, () => base.activeFirst(100))),
    statements: await capture('activePackages p1', (s) => s.reports.activePackages(STAFF, { limit: 100 })),
  });
  rows.push({
    name: `activePackages, page ${deepIndex + 1}`,
    store: stats(await timed(RUNS, () => sessions.reports.activePackages(STAFF, { limit: 100, after: deep }))),
    baseline: stats(await timed(RUNS, () => base.activeAfter(deepKey, 100))),
    statements: await capture('activePackages p51', (s) =>
      s.reports.activePackages(STAFF, { limit: 100, after: deep }),
    ),
  });
  const pages = Array.from({ length: RUNS + WARMUP }, () => activeCursors[Math.floor(random() * activeCursors.length)]);
  rows.push({
    name: `activePackages, random page of ${activeCursors.length}`,
    store: stats(
      await timed(RUNS, (i) => {
        const cursor = pages[i];
        return sessions.reports.activePackages(STAFF, { limit: 100, ...(cursor ? { after: cursor } : {}) });
      }),
    ),
    baseline: stats(
      await timed(RUNS, (i) => {
        const cursor = pages[i];
        return cursor
          ? base.activeAfter(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')), 100)
          : base.activeFirst(100);
      }),
    ),
    statements: Number.NaN,
  });

  // Package history of random clients.
  const clientIds = (
    await pool.query('SELECT id FROM sessions_clients WHERE tenant_id = $1 ORDER BY id', [TENANT])
  ).rows.map((r) => r.id as string);
  const picks = Array.from(
    { length: RUNS + WARMUP },
    () => clientIds[Math.floor(random() * clientIds.length)] as string,
  );
  rows.push({
    name: 'packageHistory, random client (5 blocks)',
    store: stats(await timed(RUNS, (i) => sessions.reports.packageHistory(STAFF, { clientId: picks[i] as string }))),
    baseline: stats(await timed(RUNS, (i) => base.history(picks[i] as string))),
    statements: await capture('packageHistory', (s) =>
      s.reports.packageHistory(STAFF, { clientId: picks[0] as string }),
    ),
  });

  // The reminders feed: walk it all once (each call timed, by the phase it starts in), then random pages.
  const feed: { cursor: string | undefined; phase: string; ms: number; items: number }[] = [];
  const reminderTypes = new Map<string, number>();
  let next: string | undefined;
  const feedStart = performance.now();
  do {
    const t0 = performance.now();
    const page = await sessions.remindersPage(STAFF, { limit: 50, ...(next ? { after: next } : {}) });
    feed.push({
      cursor: next,
      phase: decodeFeedCursor(next).phase,
      ms: performance.now() - t0,
      items: page.items.length,
    });
    for (const item of page.items) reminderTypes.set(item.type, (reminderTypes.get(item.type) ?? 0) + 1);
    next = page.next ?? undefined;
  } while (next);
  const feedSeconds = (performance.now() - feedStart) / 1000;
  rows.push({
    name: 'remindersPage, first page (50)',
    store: stats(await timed(RUNS, () => sessions.remindersPage(STAFF, { limit: 50 }))),
    baseline: stats(await timed(RUNS, () => base.feed(decodeFeedCursor(undefined), 50))),
    statements: await capture('remindersPage p1', (s) => s.remindersPage(STAFF, { limit: 50 })),
  });
  const feedPicks = Array.from({ length: RUNS + WARMUP }, () => feed[Math.floor(random() * feed.length)]?.cursor);
  rows.push({
    name: `remindersPage, random page of ${feed.length}`,
    store: stats(
      await timed(RUNS, (i) => {
        const cursor = feedPicks[i];
        return sessions.remindersPage(STAFF, { limit: 50, ...(cursor ? { after: cursor } : {}) });
      }),
    ),
    baseline: stats(await timed(RUNS, (i) => base.feed(decodeFeedCursor(feedPicks[i]), 50))),
    statements: Number.NaN,
  });
  // Per phase, its median page (by the walk's time): repeated runs, and its statements for EXPLAIN.
  const phaseRows: { phase: string; calls: number; walk: Stats; items: number }[] = [];
  for (const phase of ['active', 'completed', 'expired', 'unlinked', 'invoices']) {
    const calls = feed.filter((f) => f.phase === phase);
    if (calls.length === 0) continue;
    phaseRows.push({
      phase,
      calls: calls.length,
      walk: stats(calls.map((f) => f.ms)),
      items: calls.reduce((n, f) => n + f.items, 0),
    });
    const middle = [...calls].sort((a, b) => a.ms - b.ms)[Math.floor(calls.length / 2)]?.cursor as string;
    rows.push({
      name: `remindersPage, median ${phase} page`,
      store: stats(await timed(RUNS, () => sessions.remindersPage(STAFF, { limit: 50, after: middle }))),
      baseline: stats(await timed(RUNS, () => base.feed(decodeFeedCursor(middle), 50))),
      statements: await capture(`remindersPage ${phase}`, (s) => s.remindersPage(STAFF, { limit: 50, after: middle })),
    });
  }
  // A call from the start of the ended blocks (no page of the walk starts there when none ended
  // recently): the feed reads only those that ended within its 30 days, then moves on.
  const ended = Buffer.from(JSON.stringify({ phase: 'completed', after: null })).toString('base64url');
  rows.push({
    name: 'remindersPage, from the ended blocks',
    store: stats(await timed(RUNS, () => sessions.remindersPage(STAFF, { limit: 50, after: ended }))),
    baseline: stats(await timed(RUNS, () => base.feed(decodeFeedCursor(ended), 50))),
    statements: await capture('remindersPage ended', (s) => s.remindersPage(STAFF, { limit: 50, after: ended })),
  });
  const roundTrip = await driver.transaction(async (db) => {
    const sql = 'SELECT data FROM sessions_services WHERE tenant_id = $1 AND id = $2';
    for (let i = 0; i < 200; i++) await db.query(sql, [TENANT, 'none']);
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) await db.query(sql, [TENANT, 'none']);
    return (performance.now() - t0) / 2000;
  });
  const loadAfter = loadavg();

  // -- report ----------------------------------------------------------------------------------
  console.log(
    `\nlatency, ms, ${RUNS} runs per case after ${WARMUP} warm-up; one call at a time; ` +
      `load ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after`,
  );
  console.log(
    [
      'case'.padEnd(42),
      'stmts'.padStart(5),
      'p50'.padStart(7),
      'p95'.padStart(7),
      'p99'.padStart(7),
      'base p50'.padStart(9),
      'base p95'.padStart(9),
      'base p99'.padStart(9),
      `p95<${TARGET_MS}`.padStart(7),
    ].join(' '),
  );
  for (const r of rows)
    console.log(
      [
        r.name.padEnd(42),
        (Number.isNaN(r.statements) ? '' : String(r.statements)).padStart(5),
        ms(r.store.p50).padStart(7),
        ms(r.store.p95).padStart(7),
        ms(r.store.p99).padStart(7),
        ms(r.baseline?.p50 ?? Number.NaN).padStart(9),
        ms(r.baseline?.p95 ?? Number.NaN).padStart(9),
        ms(r.baseline?.p99 ?? Number.NaN).padStart(9),
        (r.store.p95 < TARGET_MS ? 'yes' : 'NO').padStart(7),
      ].join(' '),
    );
  console.log(`(a round trip inside a transaction: ${(roundTrip * 1000).toFixed(0)} µs)`);
  const walk = stats(walkTimes);
  console.log(
    `\nactivePackages, every page once (${walkTimes.length} pages): p50 ${ms(walk.p50)}, p95 ${ms(walk.p95)}, max ${ms(walk.max)} ms`,
  );
  console.log(
    `remindersPage, every page once: ${feed.length} calls in ${feedSeconds.toFixed(1)} s, ${[...reminderTypes]
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}`,
  );
  for (const p of phaseRows)
    console.log(
      `  ${p.phase.padEnd(10)} ${String(p.calls).padStart(4)} calls, ${String(p.items).padStart(5)} reminders: p50 ${ms(p.walk.p50)}, p95 ${ms(p.walk.p95)}, max ${ms(p.walk.max)} ms`,
    );

  // -- explain ---------------------------------------------------------------------------------
  const seen = new Set<string>();
  const unique = captures.filter((c) => {
    if (!/^\s*(SELECT|WITH)/i.test(c.sql) || seen.has(c.sql)) return false;
    seen.add(c.sql);
    return true;
  });
  const perCall = new Map<string, Map<string, number>>();
  for (const c of captures) {
    const m = perCall.get(c.call) ?? new Map<string, number>();
    const key = label(c.sql).slice(0, 70);
    m.set(key, (m.get(key) ?? 0) + 1);
    perCall.set(c.call, m);
  }
  console.log('\nstatements per call (besides BEGIN and COMMIT):');
  for (const [call, m] of perCall)
    console.log(
      `  ${call}: ${[...m]
        .sort((a, b) => b[1] - a[1])
        .map(([sql, n]) => `${n}× ${sql}`)
        .join('\n      ')}`,
    );
  const { out, flagged } = await explainAll(pool, unique);
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the ${unique.length} distinct statements:`);
  for (const line of out) console.log(line);
  const baseExplained = await explainAll(pool, [...base.statements.values()]);
  console.log(`\nEXPLAIN of the baselines' ${base.statements.size} statements:`);
  for (const line of baseExplained.out) console.log(line);
  console.log(
    `\nplan check: ${flagged.length === 0 ? 'every statement uses an index; no Seq Scan on a big table, no sort over 1,000 rows' : flagged.join('\n  ')}`,
  );

  if (process.env.DATABASE_URL && !KEEP) await deleteTenants(driver, [TENANT, REF_TENANT]);
  await pool.end();
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  server?.stop();
}
