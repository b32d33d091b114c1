/** The scale benchmark's settings and the seed's names, shared by its parts. */
import { createHash } from 'node:crypto';
import type { Actor } from '@sessions/core';
import type { SqlQueryable } from '@sessions/postgres';

export const QUICK = process.argv.includes('--quick');
export const KEEP = process.argv.includes('--keep');
export const CLIENTS = QUICK ? 1_000 : 10_000;
export const RUNS = Number(process.env.BENCH_RUNS ?? 200);
export const WARMUP = Math.max(10, Math.round(RUNS / 10));
export const TARGET_MS = 25;
export const TENANT = 'scale-bench';
export const REF_TENANT = 'scale-ref';
/** "Now" for the seed and for the facade's clock: the reminders depend on it. */
export const NOW = '2026-11-24T09:00:00.000Z';
export const STAFF: Actor = { tenantId: TENANT, kind: 'staff', id: 'staff-1' };

/** The seed's ids: md5 of a name, written as a UUID (as `md5(name)::uuid::text` in SQL). */
export function uid(name: string): string {
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const TABLES = [
  'sessions_settings',
  'sessions_clients',
  'sessions_practitioners',
  'sessions_services',
  'sessions_templates',
  'sessions_blocks',
  'sessions_invoices',
  'sessions_ledger',
  'sessions_block_totals',
  'sessions_sequences',
  'sessions_idempotency',
  'sessions_outbox',
  'sessions_sessions',
  'sessions_attendances',
  'sessions_completion_types',
  'sessions_account_ledger',
  'sessions_series',
  'sessions_closures',
  'sessions_availability',
  'sessions_enrolments',
];
/** Tables whose rows number in the thousands or more here: a Seq Scan on one is a finding. */
export const BIG_TABLES = new Set([
  'sessions_clients',
  'sessions_blocks',
  'sessions_invoices',
  'sessions_ledger',
  'sessions_block_totals',
  'sessions_sessions',
  'sessions_attendances',
  'sessions_account_ledger',
]);

/** Delete every row of the tenants, table by table. */
export async function deleteTenants(db: SqlQueryable, tenants: string[]) {
  for (const table of TABLES) await db.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [tenants]);
}
