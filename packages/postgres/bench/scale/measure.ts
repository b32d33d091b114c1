import type { SqlDriver, SqlQueryable } from '@sessions/postgres';
import { WARMUP } from './config.js';

export interface Stats {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { runs: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** Time `fn(i)` for i < runs, one call at a time, after `warmup` untimed calls; milliseconds. */
export async function timed(runs: number, fn: (i: number) => Promise<unknown>, warmup = WARMUP): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** A small deterministic PRNG (mulberry32), so every run picks the same clients and pages. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A driver that records the statements sent through it while `on`. */
export function recording(driver: SqlDriver) {
  const log = { on: false, statements: [] as { sql: string; params: unknown[] }[] };
  const wrap = (q: SqlQueryable): SqlQueryable => ({
    query: (sql, params) => {
      if (log.on) log.statements.push({ sql, params: params ? [...params] : [] });
      return q.query(sql, params);
    },
  });
  const wrapped: SqlDriver = {
    concurrent: driver.concurrent,
    query: wrap(driver).query,
    transaction: (fn) => driver.transaction((connection) => fn(wrap(connection))),
  };
  return { driver: wrapped, log };
}

export interface FeedCursor {
  phase: string;
  after: { key: string; id: string } | null;
}
export const decodeFeedCursor = (text: string | undefined): FeedCursor =>
  text ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) : { phase: 'draft', after: null };
