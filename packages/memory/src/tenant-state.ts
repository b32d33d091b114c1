import type {
  AccountEntry,
  Attendance,
  Availability,
  Block,
  BlockTemplate,
  Client,
  Closure,
  CompletionType,
  Enrolment,
  IdempotencyRecord,
  Invoice,
  LedgerEntry,
  Practitioner,
  Series,
  Service,
  Session,
  TenantSettings,
} from '@sessions/core';
import { SortedIds } from './sorted-ids.js';

/** The record tables: every one keyed by id within a tenant. */
export interface RecordTables {
  clients: Client;
  practitioners: Practitioner;
  services: Service;
  templates: BlockTemplate;
  blocks: Block;
  invoices: Invoice;
  sessions: Session;
  attendances: Attendance;
  completionTypes: CompletionType;
  series: Series;
  enrolments: Enrolment;
  closures: Closure;
  availability: Availability;
}
export type RecordTable = keyof RecordTables;
export const RECORD_TABLES: readonly RecordTable[] = [
  'clients',
  'practitioners',
  'services',
  'templates',
  'blocks',
  'invoices',
  'sessions',
  'attendances',
  'completionTypes',
  'series',
  'enrolments',
  'closures',
  'availability',
];

/** One tenant's committed data. Everything in it is frozen. */
export interface TenantState {
  settings: TenantSettings | null;
  readonly records: { [T in RecordTable]: Map<string, RecordTables[T]> };
  /** Each block's entries in seq order. */
  readonly ledger: Map<string, LedgerEntry[]>;
  readonly entryIds: Set<string>;
  /** Every table's ids by creation (createdAt, then id): the order of `list`, paged or not. */
  readonly idsByCreation: { readonly [T in RecordTable]: SortedIds };
  /** Block ids by client id: an index, as a SQL store would keep one. */
  readonly blocksByClient: Map<string, Set<string>>;
  /** Block ids by status, each in creation order. */
  readonly blocksByStatus: Map<string, SortedIds>;
  /** Ids of completed blocks by `closedAt` (those with none are in no index): `listEndedSince('completed')`. */
  readonly completedByClose: SortedIds;
  /** Ids of expired blocks by `expiresOn` (those with none are in no index): `listEndedSince('expired')`. */
  readonly expiredByExpiry: SortedIds;
  readonly invoicesByNumber: Map<string, string>;
  /** Ids of invoices of sessions (no block), in creation order. */
  readonly sessionInvoices: SortedIds;
  /** Session ids by start: every session, and each practitioner's. */
  readonly sessionsByStart: SortedIds;
  readonly sessionsByPractitioner: Map<string, SortedIds>;
  /** Each series' session ids by start (sessions of no series are in none). */
  readonly sessionsBySeries: Map<string, SortedIds>;
  /** Attendance ids by session (listed in creation order, so a set suffices: a session has few). */
  readonly attendancesBySession: Map<string, Set<string>>;
  /** Attendance ids by start: each client's, each block's, and the unlinked ones (no block, no invoice). */
  readonly attendancesByClient: Map<string, SortedIds>;
  readonly attendancesByBlock: Map<string, SortedIds>;
  readonly unlinkedAttendances: SortedIds;
  /** Enrolment ids by creation: each class's and each client's. */
  readonly enrolmentsByClass: Map<string, SortedIds>;
  readonly enrolmentsByClient: Map<string, SortedIds>;
  /** Each client's account entries in seq order. */
  readonly accounts: Map<string, AccountEntry[]>;
  readonly accountEntryIds: Set<string>;
  /** Each invoice's payments: the sum of the amounts of the payment entries naming it (present once there is one). */
  readonly paymentsByInvoice: Map<string, number>;
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
      sessions: new Map(),
      attendances: new Map(),
      completionTypes: new Map(),
      series: new Map(),
      enrolments: new Map(),
      closures: new Map(),
      availability: new Map(),
    },
    ledger: new Map(),
    entryIds: new Set(),
    idsByCreation: Object.fromEntries(
      RECORD_TABLES.map((table) => [table, new SortedIds()]),
    ) as TenantState['idsByCreation'],
    blocksByClient: new Map(),
    blocksByStatus: new Map(),
    completedByClose: new SortedIds(),
    expiredByExpiry: new SortedIds(),
    invoicesByNumber: new Map(),
    sessionInvoices: new SortedIds(),
    sessionsByStart: new SortedIds(),
    sessionsByPractitioner: new Map(),
    sessionsBySeries: new Map(),
    attendancesBySession: new Map(),
    attendancesByClient: new Map(),
    attendancesByBlock: new Map(),
    unlinkedAttendances: new SortedIds(),
    enrolmentsByClass: new Map(),
    enrolmentsByClient: new Map(),
    accounts: new Map(),
    accountEntryIds: new Set(),
    paymentsByInvoice: new Map(),
    sequences: new Map(),
    idempotency: new Map(),
  };
}

/** Records in the order every list returns: by createdAt, then id. */
export function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Records in the order "by start" lists return: by startsAt, then id. */
export function byStart<T extends { startsAt: string; id: string }>(a: T, b: T): number {
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
