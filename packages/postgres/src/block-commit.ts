import type { LedgerEntry } from '@sessions/core';
import { ADD_ON_CONFLICT, TOTALS_COLUMNS } from './block-totals.js';
import type { SqlQueryable } from './driver.js';

/**
 * The one statement that commits optimistic credit moves on one block
 * (migrations 010 and 011): take the locks and check, in a snapshot taken
 * after them, that what the moves ran on is unchanged (sessions_commit_check);
 * only then insert their entries (a duplicate aborts the whole statement), add
 * their moves to the block's summary row and write their events, in order.
 * Answers `ok` (false: nothing was written) and the summary row's new xmin,
 * the version of the block the next move can run on.
 *
 * One block only, so the row's moves travel as one bigint[] rather than an
 * array per column (38 parameters became 14: less to encode and to parse).
 */
export const COMMIT_BLOCK = `
WITH guard AS (
  SELECT sessions_commit_check($2::text[], $1, $3::text[], $4::text[], $5, $6, $7::text[], $8::text[]) AS ok
), ins AS (
  INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
  SELECT $1, $5, * FROM unnest($9::int[], $10::text[], $11::text[], $12::jsonb[])
  WHERE (SELECT ok FROM guard)
  RETURNING id
), up AS (
  INSERT INTO sessions_block_totals AS t (tenant_id, block_id, ${TOTALS_COLUMNS.join(', ')})
  SELECT $1, $5, ${TOTALS_COLUMNS.map((_, i) => `m[${i + 1}]`).join(', ')} FROM (SELECT $13::bigint[] AS m) AS moves
  WHERE cardinality($9::int[]) > 0 AND (SELECT ok FROM guard)
  ${ADD_ON_CONFLICT}
  RETURNING t.xmin::text AS xmin
), events AS (
  INSERT INTO sessions_outbox (tenant_id, id, data)
  SELECT $1, e.data->>'id', e.data FROM jsonb_array_elements($14::jsonb) WITH ORDINALITY AS e(data, n)
  WHERE (SELECT ok FROM guard) ORDER BY e.n
  RETURNING 1
)
SELECT ok, (SELECT xmin FROM up) AS totals_version FROM guard`;

export interface BlockCommit {
  readonly tenantId: string;
  readonly blockId: string;
  /** Lock keys, scoped and sorted. */
  readonly keys: readonly string[];
  /** What the version covers: the services and practitioners read, and the version itself. */
  readonly services: readonly string[];
  readonly practitioners: readonly string[];
  readonly version: string;
  /** The sessions named, and the ids (in seq order) of the entries they must have. */
  readonly sessionIds: readonly string[];
  readonly expectedEntries: readonly string[];
  /** The entries as stored (JSON), and their moves of the summary row. */
  readonly entries: readonly LedgerEntry[];
  readonly entryJson: readonly string[];
  readonly moves: readonly number[];
  /** The events, as one JSON array. */
  readonly events: string;
}

export function commitBlockParams(c: BlockCommit): unknown[] {
  return [
    c.tenantId,
    c.keys,
    c.services,
    c.practitioners,
    c.blockId,
    c.version,
    c.sessionIds,
    c.expectedEntries,
    c.entries.map((e) => e.seq),
    c.entries.map((e) => e.id),
    c.entries.map((e) => e.sessionId),
    c.entryJson,
    c.moves,
    c.events,
  ];
}

/**
 * Several blocks' commits in one statement (sessions_commit_blocks, migration
 * 011, set-based since 012): all their keys taken first, sorted; then every
 * block checked and the ones whose check holds written. The blocks MUST be
 * distinct (they are checked together, before any is written): the snapshots
 * send a block at most once a statement. One row per block, in the order given.
 */
export const COMMIT_BLOCKS = `SELECT r.ok, r.totals_version
  FROM sessions_commit_blocks($1, $2::text[], $3::jsonb) WITH ORDINALITY AS r(ok, totals_version, n)
  ORDER BY r.n`;

export function commitBlocksParams(commits: readonly BlockCommit[]): unknown[] {
  const keys = [...new Set(commits.flatMap((c) => c.keys))].sort();
  const json = JSON.stringify;
  // Lists as array literals (cast in SQL); entries and events are JSON already: spliced in.
  const list = (ids: readonly (string | number)[]) => json(arrayLiteral(ids));
  const blocks = commits.map(
    (c) =>
      `{"services":${list(c.services)},"practitioners":${list(c.practitioners)},"block":${json(c.blockId)},` +
      `"version":${json(c.version)},"sessions":${list(c.sessionIds)},"expected":${list(c.expectedEntries)},` +
      `"entries":[${c.entryJson.join(',')}],"moves":${list(c.moves)},"events":${c.events}}`,
  );
  return [commits[0]?.tenantId, keys, `[${blocks.join(',')}]`];
}

/** A PostgreSQL array literal: each element quoted, `"` and `\` escaped. */
export function arrayLiteral(items: readonly (string | number)[]): string {
  return `{${items.map((item) => `"${String(item).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

export interface CommitAnswer {
  readonly ok: boolean;
  /** The block's summary row's new xmin; null if nothing was written to it. */
  readonly totals_version: string | null;
}

/** Commit one or several blocks' batches (one tenant) in one statement: an answer per commit, in order. */
export async function commitBlocks(driver: SqlQueryable, commits: readonly BlockCommit[]): Promise<CommitAnswer[]> {
  const single = commits.length === 1;
  const { rows } = await driver.query<CommitAnswer>(
    single ? COMMIT_BLOCK : COMMIT_BLOCKS,
    single ? commitBlockParams(commits[0] as BlockCommit) : commitBlocksParams(commits),
  );
  return commits.map((_, i) => rows[i] ?? { ok: false, totals_version: null });
}
