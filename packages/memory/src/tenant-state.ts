import type {
  Block,
  BlockTemplate,
  Client,
  IdempotencyRecord,
  Invoice,
  LedgerEntry,
  Practitioner,
  Service,
  TenantSettings,
} from '@sessions/core';

/** The record tables: every one keyed by id within a tenant. */
export interface RecordTables {
  clients: Client;
  practitioners: Practitioner;
  services: Service;
  templates: BlockTemplate;
  blocks: Block;
  invoices: Invoice;
}
export type RecordTable = keyof RecordTables;
export const RECORD_TABLES: readonly RecordTable[] = [
  'clients',
  'practitioners',
  'services',
  'templates',
  'blocks',
  'invoices',
];

/** One tenant's committed data. Everything in it is frozen. */
export interface TenantState {
  settings: TenantSettings | null;
  readonly records: { [T in RecordTable]: Map<string, RecordTables[T]> };
  /** Each block's entries in seq order. */
  readonly ledger: Map<string, LedgerEntry[]>;
  readonly entryIds: Set<string>;
  /** Block ids by client id: an index, as a SQL store would keep one. */
  readonly blocksByClient: Map<string, Set<string>>;
  readonly invoicesByNumber: Map<string, string>;
  readonly sequences: Map<string, number>;
  readonly idempotency: Map<string, IdempotencyRecord>;
}

export function emptyTenant(): TenantState {
  return {
    settings: null,
    records: {
      clients: new Map(),
      practitioners: new Map(),
      services: new Map(),
      templates: new Map(),
      blocks: new Map(),
      invoices: new Map(),
    },
    ledger: new Map(),
    entryIds: new Set(),
    blocksByClient: new Map(),
    invoicesByNumber: new Map(),
    sequences: new Map(),
    idempotency: new Map(),
  };
}

/** Records in the order every list returns: by createdAt, then id. */
export function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
