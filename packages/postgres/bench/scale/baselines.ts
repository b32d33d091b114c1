import type pg from 'pg';
import { NOW, TENANT } from './config.js';
import type { FeedCursor } from './measure.js';

export function baselines(pool: pg.Pool) {
  /** The first run of each statement, for EXPLAIN. */
  const statements = new Map<string, { call: string; sql: string; params: unknown[] }>();
  const q = (name: string, text: string, values: unknown[]) => {
    if (!statements.has(name)) statements.set(name, { call: `baseline ${name}`, sql: text, params: values });
    return pool.query({ name, text, values });
  };
  const ACTIVE = `SELECT b.data AS block, t.*, c.data->>'name' AS client_name
    FROM sessions_blocks b
    JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
    JOIN sessions_clients c ON c.tenant_id = b.tenant_id AND c.id = b.client_id COLLATE "C"
    WHERE b.tenant_id = $1 AND b.status = 'active'`;
  const BLOCK_COLUMNS = `b.data AS block, t.*, i.data AS invoice
    FROM sessions_blocks b
    JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
    LEFT JOIN sessions_invoices i ON i.tenant_id = b.tenant_id AND i.id = (b.data->>'invoiceId') COLLATE "C"`;
  const BLOCK_PHASE = `SELECT ${BLOCK_COLUMNS}
    WHERE b.tenant_id = $1 AND b.status = $2 AND (b.created_at, b.id) > ($3, $4)
    ORDER BY b.created_at, b.id LIMIT $5`;
  /** Blocks that ended from $2 on, by when they ended, and whether their client has a newer live block. */
  const ended = (column: string, status: string) => `SELECT
      EXISTS (SELECT 1 FROM sessions_blocks n WHERE n.tenant_id = b.tenant_id AND n.client_id = b.client_id
        AND n.status IN ('draft', 'pending', 'active') AND (n.created_at, n.id) > (b.created_at, b.id)) AS renewed,
      ${BLOCK_COLUMNS}
    WHERE b.tenant_id = $1 AND b.status = '${status}' AND b.${column} IS NOT NULL AND b.${column} >= $2
      AND (b.${column}, b.id) > ($3, $4)
    ORDER BY b.${column}, b.id LIMIT $5`;
  /** The feed's reminder window: blocks that ended in the last 30 days (UTC days: near enough for a baseline). */
  const since = new Date(Date.parse(NOW) - 30 * 86_400_000).toISOString();
  return {
    statements,
    activeFirst: (limit: number) =>
      q('base_active_first', `${ACTIVE} ORDER BY b.created_at, b.id LIMIT $2`, [TENANT, limit]),
    activeAfter: (after: { key: string; id: string }, limit: number) =>
      q('base_active_after', `${ACTIVE} AND (b.created_at, b.id) > ($2, $3) ORDER BY b.created_at, b.id LIMIT $4`, [
        TENANT,
        after.key,
        after.id,
        limit,
      ]),
    history: (clientId: string) =>
      q(
        'base_history',
        `SELECT c.data AS client, b.data AS block, t.*
         FROM sessions_clients c
         LEFT JOIN sessions_blocks b ON b.tenant_id = c.tenant_id AND b.client_id = $2
         LEFT JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
         WHERE c.tenant_id = $1 AND c.id = $2
         ORDER BY b.created_at DESC, b.id DESC`,
        [TENANT, clientId],
      ),
    /**
     * What one call of the feed reads from `cursor`: up to four pages (200
     * records) of the cursor's phase, with what the reminders are computed
     * from — a block's totals and invoice; an unlinked place's session and the
     * client's active blocks with their units left; an invoice of sessions and
     * the payments naming it. The first call (draft and pending are empty here)
     * reads the first 100 active blocks, as the feed does.
     */
    feed: (cursor: FeedCursor, limit: number) => {
      const after = cursor.after ?? { key: '', id: '' };
      if (cursor.phase === 'draft' || cursor.phase === 'pending')
        return q('base_feed_block', BLOCK_PHASE, [TENANT, 'active', '', '', 2 * limit]);
      if (cursor.phase === 'unlinked')
        return q(
          'base_feed_unlinked',
          `SELECT a.data AS attendance, s.data AS session,
             (SELECT jsonb_agg(jsonb_build_object('block', b.data, 'available', t.available_units))
              FROM sessions_blocks b
              JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
              WHERE b.tenant_id = a.tenant_id AND b.client_id = a.client_id AND b.status = 'active') AS blocks
           FROM sessions_attendances a
           JOIN sessions_sessions s ON s.tenant_id = a.tenant_id AND s.id = a.session_id COLLATE "C"
           WHERE a.tenant_id = $1 AND a.block_id IS NULL AND a.invoice_id IS NULL AND (a.starts_at, a.id) > ($2, $3)
           ORDER BY a.starts_at, a.id LIMIT $4`,
          [TENANT, after.key, after.id, 4 * limit],
        );
      if (cursor.phase === 'invoices')
        return q(
          'base_feed_invoices',
          `SELECT i.data AS invoice,
             (SELECT coalesce(sum((e.data->>'amount')::bigint), 0) FROM sessions_account_ledger e
              WHERE e.tenant_id = i.tenant_id AND e.invoice_id = i.id) AS paid
           FROM sessions_invoices i
           WHERE i.tenant_id = $1 AND i.block_id IS NULL AND (i.created_at, i.id) > ($2, $3)
           ORDER BY i.created_at, i.id LIMIT $4`,
          [TENANT, after.key, after.id, 4 * limit],
        );
      if (cursor.phase === 'completed')
        return q('base_feed_completed', ended('closed_at', 'completed'), [
          TENANT,
          since,
          after.key,
          after.id,
          4 * limit,
        ]);
      if (cursor.phase === 'expired')
        return q('base_feed_expired', ended('expires_on', 'expired'), [
          TENANT,
          since.slice(0, 10),
          after.key,
          after.id,
          4 * limit,
        ]);
      return q('base_feed_block', BLOCK_PHASE, [TENANT, cursor.phase, after.key, after.id, 4 * limit]);
    },
  };
}
