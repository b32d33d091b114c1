import { BUCKETS, type LedgerEntry } from '@sessions/core';

/**
 * A block's summary row (`sessions_block_totals`) as arithmetic: the moves a
 * batch of entries makes to it, and the row after them. The append statements
 * add the same moves in SQL; the store adds them in node to its own copy of a
 * block (block-snapshots.ts).
 */

/** A summary row as the server returns it (bigints may come back as strings). */
export type TotalsRow = Record<string, string | number>;

/** The columns of sessions_block_totals that hold a bucket, in BUCKETS order. */
const BUCKET_COLUMNS = BUCKETS.flatMap((b) => [`${b}_units`, `${b}_value`, `${b}_first`]);
const SUM_COLUMNS = [...BUCKET_COLUMNS, 'purchased', 'purchased_value', 'paid', 'refunded_amount', 'written_off'];
/** last_seq and sessions are high-water marks; every other column is a sum. */
export const TOTALS_COLUMNS = ['last_seq', 'sessions', ...SUM_COLUMNS];

/** What an upsert of moves does to a row that exists. */
export const ADD_ON_CONFLICT = `ON CONFLICT (tenant_id, block_id) DO UPDATE SET
    last_seq = GREATEST(t.last_seq, EXCLUDED.last_seq),
    sessions = GREATEST(t.sessions, EXCLUDED.sessions),
    ${SUM_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(',\n    ')}`;

const column = (name: string) => TOTALS_COLUMNS.indexOf(name);
/** Each bucket's units, value and first-unit columns, by bucket. */
const BUCKET_AT = new Map(BUCKETS.map((b) => [b, [column(`${b}_units`), column(`${b}_value`), column(`${b}_first`)]]));
const [PURCHASED, PURCHASED_VALUE, PAID, REFUNDED, WRITTEN_OFF] = [
  'purchased',
  'purchased_value',
  'paid',
  'refunded_amount',
  'written_off',
].map(column) as [number, number, number, number, number];

/**
 * What a batch adds to a block's row, in TOTALS_COLUMNS order: its highest seq
 * and session number, then each bucket's net units, value and first-unit count
 * (moves in minus moves out), and the sums. The first unit is counted, not
 * flagged, so a move out of one bucket and into another adds up.
 */
export function movesOf(entries: readonly LedgerEntry[]): number[] {
  const moves = new Array<number>(TOTALS_COLUMNS.length).fill(0);
  for (const e of entries) {
    moves[0] = Math.max(moves[0] ?? 0, e.seq);
    moves[1] = Math.max(moves[1] ?? 0, e.sessionNumber ?? 0);
    const first = e.firstUnit ? 1 : 0;
    move(moves, e.from, -1, e.units, e.value, first);
    move(moves, e.to, 1, e.units, e.value, first);
    if (e.from === null) {
      add(moves, PURCHASED, e.units);
      add(moves, PURCHASED_VALUE, e.value);
    }
    if (e.kind === 'payment') add(moves, PAID, e.amount);
    else if (e.kind === 'refund') {
      add(moves, REFUNDED, e.amount);
      add(moves, WRITTEN_OFF, e.writeOff);
    }
  }
  return moves;
}

function move(moves: number[], bucket: string | null, sign: number, units: number, value: number, first: number) {
  if (bucket === null) return;
  const [u, v, f] = BUCKET_AT.get(bucket as (typeof BUCKETS)[number]) as [number, number, number];
  add(moves, u, sign * units);
  add(moves, v, sign * value);
  add(moves, f, sign * first);
}

function add(moves: number[], at: number, by: number) {
  moves[at] = (moves[at] ?? 0) + by;
}

/** Two batches' moves as one, the first before the second. */
export function combineMoves(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => (i < 2 ? Math.max(x, b[i] ?? 0) : x + (b[i] ?? 0)));
}

/** A summary row with moves added, as the upsert adds them: what the row holds once they commit. */
export function addMoves(row: TotalsRow | null, moves: readonly number[]): TotalsRow {
  const next: TotalsRow = { ...row };
  TOTALS_COLUMNS.forEach((name, i) => {
    const before = Number(row?.[name] ?? 0);
    const by = moves[i] ?? 0;
    next[name] = i < 2 ? Math.max(before, by) : before + by;
  });
  return next;
}
