import type { AccountEntry, Block, DomainEvent, LedgerEntry } from '@sessions/core';
import type { SqlQueryable } from './driver.js';

const TABLES = {
  clients: 'sessions_clients',
  practitioners: 'sessions_practitioners',
  services: 'sessions_services',
  templates: 'sessions_templates',
  invoices: 'sessions_invoices',
  sessions: 'sessions_sessions',
  attendances: 'sessions_attendances',
  completionTypes: 'sessions_completion_types',
  series: 'sessions_series',
  enrolments: 'sessions_enrolments',
  closures: 'sessions_closures',
  availability: 'sessions_availability',
} as const;

/**
 * Plain SQL reads of what is stored, bypassing the repositories: what the
 * conformance suite checks against, and handy when debugging.
 */
export function createRawView(db: SqlQueryable) {
  const data = async <T>(sql: string, params: unknown[] = []) =>
    (await db.query<{ data: T }>(sql, params)).rows.map((r) => r.data);
  return {
    async snapshot(): Promise<string> {
      const dump: Record<string, unknown> = {};
      for (const table of [
        'sessions_settings',
        ...Object.values(TABLES),
        'sessions_blocks',
        'sessions_ledger',
        'sessions_block_totals',
        'sessions_account_ledger',
        'sessions_sequences',
        'sessions_idempotency',
        'sessions_outbox',
      ]) {
        const { rows } = await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`);
        dump[table] = rows;
      }
      return stableStringify(dump);
    },
    blocks: (tenantId: string) =>
      data<Block>('SELECT data FROM sessions_blocks WHERE tenant_id = $1 ORDER BY id', [tenantId]),
    ledgerEntries: (tenantId: string, blockId?: string) =>
      blockId === undefined
        ? data<LedgerEntry>('SELECT data FROM sessions_ledger WHERE tenant_id = $1 ORDER BY block_id, seq', [tenantId])
        : data<LedgerEntry>('SELECT data FROM sessions_ledger WHERE tenant_id = $1 AND block_id = $2 ORDER BY seq', [
            tenantId,
            blockId,
          ]),
    accountEntries: (tenantId: string, clientId?: string) =>
      clientId === undefined
        ? data<AccountEntry>('SELECT data FROM sessions_account_ledger WHERE tenant_id = $1 ORDER BY client_id, seq', [
            tenantId,
          ])
        : data<AccountEntry>(
            'SELECT data FROM sessions_account_ledger WHERE tenant_id = $1 AND client_id = $2 ORDER BY seq',
            [tenantId, clientId],
          ),
    outbox: (tenantId?: string) =>
      tenantId === undefined
        ? data<DomainEvent>('SELECT data FROM sessions_outbox ORDER BY position')
        : data<DomainEvent>('SELECT data FROM sessions_outbox WHERE tenant_id = $1 ORDER BY position', [tenantId]),
    records: (tenantId: string, table: keyof typeof TABLES) =>
      data<unknown>(`SELECT data FROM ${TABLES[table]} WHERE tenant_id = $1 ORDER BY id`, [tenantId]),
    idempotencyKeys: async (tenantId: string) =>
      (
        await db.query<{ key: string }>('SELECT key FROM sessions_idempotency WHERE tenant_id = $1 ORDER BY key', [
          tenantId,
        ])
      ).rows.map((r) => r.key),
  };
}

function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}
