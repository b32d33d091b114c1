import type { AccountEntry, Block, DomainEvent, IdempotencyRecord, LedgerEntry, TenantSettings } from '@sessions/core';
import type { OutboxSlot } from './memory-store.js';
import type { RecordTable, TenantState } from './tenant-state.js';

/** Committed state read directly, without the repositories: what the conformance suite checks against. */
export interface MemoryRawView {
  /** Every tenant's committed data and the whole outbox as one deterministic string: equal strings, equal state. */
  snapshot(): string;
  settings(tenantId: string): TenantSettings | null;
  records(tenantId: string, table: Exclude<RecordTable, 'blocks'>): unknown[];
  blocks(tenantId: string): Block[];
  /** Ledger entries by block, then seq; one block's when `blockId` is given. */
  ledgerEntries(tenantId: string, blockId?: string): LedgerEntry[];
  /** Account entries by client, then seq; one client's when `clientId` is given. */
  accountEntries(tenantId: string, clientId?: string): AccountEntry[];
  /** Committed events in append order, acknowledged ones included. */
  outbox(tenantId?: string): DomainEvent[];
  idempotencyKeys(tenantId: string): string[];
  idempotencyRecord(tenantId: string, key: string): IdempotencyRecord | null;
}

export function createRawView(tenants: Map<string, TenantState>, outbox: readonly OutboxSlot[]): MemoryRawView {
  const state = (tenantId: string) => tenants.get(tenantId);
  const sortedValues = <T>(map: Map<string, T> | undefined): T[] =>
    map ? [...map.keys()].sort().map((key) => map.get(key) as T) : [];
  return {
    snapshot() {
      const all = [...tenants.keys()].sort().map((tenantId) => {
        const t = tenants.get(tenantId) as TenantState;
        return {
          tenantId,
          settings: t.settings,
          records: Object.fromEntries(
            Object.entries(t.records).map(([table, map]) => [table, sortedValues(map as Map<string, unknown>)]),
          ),
          ledger: [...t.ledger.keys()].sort().map((blockId) => t.ledger.get(blockId)),
          accounts: [...t.accounts.keys()].sort().map((clientId) => t.accounts.get(clientId)),
          sequences: Object.fromEntries([...t.sequences].sort()),
          idempotency: sortedValues(t.idempotency),
        };
      });
      return stableStringify({ tenants: all, outbox: outbox.map((slot) => ({ ...slot.event, acked: slot.acked })) });
    },
    settings: (tenantId) => state(tenantId)?.settings ?? null,
    records: (tenantId, table) => sortedValues(state(tenantId)?.records[table] as Map<string, unknown> | undefined),
    blocks: (tenantId) => sortedValues(state(tenantId)?.records.blocks),
    ledgerEntries(tenantId, blockId) {
      const ledger = state(tenantId)?.ledger;
      if (!ledger) return [];
      if (blockId !== undefined) return [...(ledger.get(blockId) ?? [])];
      return [...ledger.keys()].sort().flatMap((id) => ledger.get(id) ?? []);
    },
    accountEntries(tenantId, clientId) {
      const accounts = state(tenantId)?.accounts;
      if (!accounts) return [];
      if (clientId !== undefined) return [...(accounts.get(clientId) ?? [])];
      return [...accounts.keys()].sort().flatMap((id) => accounts.get(id) ?? []);
    },
    outbox: (tenantId) =>
      outbox.map((slot) => slot.event).filter((event) => tenantId === undefined || event.tenantId === tenantId),
    idempotencyKeys: (tenantId) => [...(state(tenantId)?.idempotency.keys() ?? [])].sort(),
    idempotencyRecord: (tenantId, key) => state(tenantId)?.idempotency.get(key) ?? null,
  };
}

/** JSON with object keys sorted, so equal data always gives the same string. */
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
