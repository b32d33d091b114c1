import {
  type Block,
  BUCKETS,
  type LedgerEntry,
  type LedgerRepository,
  type LedgerSummary,
  type LedgerTotals,
  type OpenedBlock,
  SessionsError,
  summaryOf,
} from '@sessions/core';
import { ADD_ON_CONFLICT, movesOf, TOTALS_COLUMNS, type TotalsRow } from './block-totals.js';
import type { SqlQueryable } from './driver.js';

type Row<T> = { data: T };

/** Insert the entries sent as five arrays from `$first` on, `tail` after the SELECT (a guard, a conflict clause). */
function insertEntries(first: number, tail: string): string {
  const [blocks, seqs, ids, sessions, data] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
  SELECT $1, * FROM unnest(${blocks}::text[], ${seqs}::int[], ${ids}::text[], ${sessions}::text[], ${data}::jsonb[])
  ${tail} RETURNING id`;
}

/** Add each block's moves, sent as arrays from `$first` on (block ids, then TOTALS_COLUMNS), to its summary row when `guard` holds. */
function addToTotals(first: number, guard: string): string {
  return `INSERT INTO sessions_block_totals AS t (tenant_id, block_id, ${TOTALS_COLUMNS.join(', ')})
  SELECT $1, d.* FROM unnest($${first}::text[], ${TOTALS_COLUMNS.map((_, i) => `$${first + i + 1}::bigint[]`).join(', ')})
    AS d(block_id, ${TOTALS_COLUMNS.join(', ')})
  WHERE ${guard}
  ${ADD_ON_CONFLICT}
  RETURNING 1`;
}

/** How many parameters `appendParams` gives after the tenant: five entry arrays, then the block ids and totals. */
const APPEND_PARAMS = 6 + TOTALS_COLUMNS.length;

/**
 * The append statement: insert the entries (a duplicate is skipped, not an
 * error, so the transaction stays usable) and — only if every one went in —
 * add their moves to each block's summary row, in the same statement.
 */
const APPEND = `
WITH ins AS (
  ${insertEntries(2, 'ON CONFLICT DO NOTHING')}
), complete AS (
  SELECT count(*) = $${APPEND_PARAMS + 2} AS ok FROM ins
), up AS (
  ${addToTotals(7, '(SELECT ok FROM complete)')}
)
SELECT id FROM ins`;

/** The parameters of an append after the tenant: the entries as five arrays, then each block's moves. */
export function appendParams(entries: readonly LedgerEntry[]): unknown[] {
  // Each block's moves in this batch, added to its summary row (a batch usually has one block).
  const byBlock = new Map<string, LedgerEntry[]>();
  for (const e of entries) byBlock.set(e.blockId, [...(byBlock.get(e.blockId) ?? []), e]);
  const deltas = [...byBlock.entries()].map(([blockId, list]) => [blockId, ...movesOf(list)] as const);
  return [
    entries.map((e) => e.blockId),
    entries.map((e) => e.seq),
    entries.map((e) => e.id),
    entries.map((e) => e.sessionId),
    entries.map((e) => JSON.stringify(e)),
    deltas.map((d) => d[0]),
    ...TOTALS_COLUMNS.map((_, i) => deltas.map((d) => d[i + 1])),
  ];
}

const SELECT_TOTALS = `SELECT block_id, ${TOTALS_COLUMNS.join(', ')} FROM sessions_block_totals`;

/**
 * The block, its summary row and the named sessions' entries: what a command
 * reads first, in one round trip. A function (migration 009) so its plan is
 * fixed: each named session's entries are one index lookup, never a read of
 * the block's whole ledger, and the statement is not planned afresh each call.
 */
export const OPEN = 'SELECT * FROM sessions_open_block($1, $2, $3::text[])';

export type { TotalsRow } from './block-totals.js';

/** A block's ledger on Postgres: entries append-only, the summary row kept in step. */
export class SqlLedger implements LedgerRepository {
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {}

  async append(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [this.tenantId, ...appendParams(entries), entries.length];
    const { rows } = await this.db.query<{ id: string }>(APPEND, params);
    if (rows.length === entries.length) return;
    // A duplicate: take back what went in (the summary was not touched), and refuse the batch.
    if (rows.length > 0) {
      await this.db.query('DELETE FROM sessions_ledger WHERE tenant_id = $1 AND id = ANY($2)', [
        this.tenantId,
        rows.map((r) => r.id),
      ]);
    }
    throw new SessionsError('CONFLICT', 'A ledger entry with this id, or this number on its block, already exists.', {
      entity: 'ledger entry',
      ids: entries.map((e) => e.id),
    });
  }

  async listByBlock(blockId: string): Promise<LedgerEntry[]> {
    const { rows } = await this.db.query<Row<LedgerEntry>>(
      'SELECT data FROM sessions_ledger WHERE tenant_id = $1 AND block_id = $2 ORDER BY seq',
      [this.tenantId, blockId],
    );
    return rows.map((r) => r.data);
  }

  async listBySession(blockId: string, sessionId: string): Promise<LedgerEntry[]> {
    const { rows } = await this.db.query<Row<LedgerEntry>>(
      'SELECT data FROM sessions_ledger WHERE tenant_id = $1 AND block_id = $2 AND session_id = $3 ORDER BY seq',
      [this.tenantId, blockId, sessionId],
    );
    return rows.map((r) => r.data);
  }

  async summary(blockId: string): Promise<LedgerSummary> {
    const { rows } = await this.db.query<TotalsRow>(`${SELECT_TOTALS} WHERE tenant_id = $1 AND block_id = $2`, [
      this.tenantId,
      blockId,
    ]);
    return rows[0] ? summaryFromRow(rows[0]) : emptySummary;
  }

  async openBlock(blockId: string, sessionIds: readonly string[]): Promise<OpenedBlock> {
    const { rows } = await this.db.query<{ block: Block | null; totals: TotalsRow | null; entries: LedgerEntry[] }>(
      OPEN,
      [this.tenantId, blockId, [...sessionIds]],
    );
    const row = rows[0];
    return {
      block: row?.block ?? null,
      summary: row?.totals ? summaryFromRow(row.totals) : emptySummary,
      entries: row?.entries ?? [],
    };
  }

  async summaries(blockIds: readonly string[]): Promise<Map<string, LedgerSummary>> {
    const result = new Map<string, LedgerSummary>();
    if (blockIds.length === 0) return result;
    const { rows } = await this.db.query<TotalsRow>(`${SELECT_TOTALS} WHERE tenant_id = $1 AND block_id = ANY($2)`, [
      this.tenantId,
      [...blockIds],
    ]);
    for (const row of rows) result.set(String(row.block_id), summaryFromRow(row));
    return result;
  }
}

/** The summary of a block with no entries. */
export const emptySummary = summaryOf([]);

/** A `sessions_block_totals` row as the summary core reads. */
export function summaryFromRow(row: TotalsRow): LedgerSummary {
  const n = (column: string) => Number(row[column]);
  const buckets = Object.fromEntries(
    BUCKETS.map((b) => [b, { units: n(`${b}_units`), value: n(`${b}_value`), firstUnit: n(`${b}_first`) > 0 }]),
  ) as unknown as LedgerTotals['buckets'];
  return {
    lastSeq: n('last_seq'),
    sessions: n('sessions'),
    totals: {
      buckets,
      purchased: n('purchased'),
      purchasedValue: n('purchased_value'),
      paid: n('paid'),
      refunded: n('refunded_amount'),
      writtenOff: n('written_off'),
    },
  };
}
