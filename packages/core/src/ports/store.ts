import type { AccountEntry } from '../accounts/account-entry.js';
import type { Availability } from '../availability/availability.js';
import type { Block, BlockStatus, BlockTemplate } from '../blocks/block.js';
import type { Enrolment } from '../classes/enrolment.js';
import type { Closure } from '../closures/closure.js';
import type { CompletionType } from '../completion/completion-type.js';
import type { DomainEvent } from '../events/event.js';
import type { Invoice } from '../invoices/invoice.js';
import type { LedgerEntry } from '../ledger/entry.js';
import type { LedgerTotals } from '../ledger/totals.js';
import type { Client, Practitioner } from '../records/people.js';
import type { Service } from '../records/service.js';
import type { Series } from '../recurrence/series.js';
import type { Attendance, Session } from '../sessions/session.js';
import type { TenantSettings } from '../settings/settings.js';
import type { InstantString } from '../time.js';

/**
 * The storage contract. Core knows nothing of SQL or Maps: it asks a store for
 * a transaction and works through the repositories that transaction exposes.
 * Every store (memory, Postgres, …) MUST pass `@sessions/store-tests`.
 *
 * Records handed to a store and returned by it are plain JSON-compatible data.
 * A store MUST NOT let a caller's later mutation of an object change what is
 * stored, and MUST return records that compare equal (deeply) to what was
 * written.
 */
export interface SessionsStore {
  /**
   * Run `fn` as one unit of work for one tenant.
   * - MUST commit every write `fn` made if it resolves, and none of them if it
   *   throws (the error is rethrown unchanged).
   * - MUST scope every repository call to `tenantId`: no read or write may
   *   touch another tenant's rows.
   * - Writes MUST NOT be visible to other transactions before commit.
   */
  transaction<T>(tenantId: string, fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Hosts drain domain events from here, outside command transactions. */
  readonly outbox: OutboxReader;
  /** Release connections or timers, if the store holds any. */
  close?(): Promise<void>;
}

/**
 * Lock keys name what a command touches: `client:<id>`, `block:<id>`,
 * `session:<id>`, `sequence:<name>`, `idempotency:<key>`, `settings`. They are
 * scoped to the tenant.
 */
export type LockKey = string;

/**
 * What a command will read as soon as it holds its locks. A store MAY read
 * these in the same round trip as the locks — after taking them, so it sees
 * what the previous holder committed — and answer the matching reads that
 * follow from what it read, until this transaction writes. A store that
 * ignores them is just as correct; they only save round trips.
 */
export interface LockReads {
  readonly services?: readonly string[];
  readonly practitioners?: readonly string[];
  /** `ledger.openBlock(blockId, sessionIds)` calls the command will make. */
  readonly openBlocks?: readonly { readonly blockId: string; readonly sessionIds: readonly string[] }[];
}

export interface StoreTransaction {
  readonly tenantId: string;
  /**
   * Take exclusive locks on `keys` (already sorted and de-duplicated by core),
   * held until this transaction ends. A second transaction locking any of the
   * same keys MUST wait until this one commits or rolls back. Core calls this
   * once per transaction, before reading what it will change, so lock order is
   * always consistent and deadlock-free. `reads` says what the command reads
   * next (see `LockReads`).
   *
   * A store MAY instead run a transaction optimistically: read without the
   * locks, then take them when it writes and write only if nothing it read has
   * changed since — otherwise discard the attempt, writing nothing, and run `fn`
   * again holding them. The outcome MUST be one `fn` could have had holding its
   * locks. (So `fn` may run more than once, as it may after a deadlock.)
   */
  lock(keys: readonly LockKey[], reads?: LockReads): Promise<void>;
  readonly settings: SettingsRepository;
  readonly clients: RecordRepository<Client>;
  readonly practitioners: RecordRepository<Practitioner>;
  readonly services: RecordRepository<Service>;
  readonly templates: RecordRepository<BlockTemplate>;
  readonly blocks: BlockRepository;
  readonly ledger: LedgerRepository;
  readonly invoices: InvoiceRepository;
  readonly sessions: SessionRepository;
  readonly attendances: AttendanceRepository;
  readonly completionTypes: RecordRepository<CompletionType>;
  readonly accounts: AccountLedgerRepository;
  readonly series: RecordRepository<Series>;
  readonly enrolments: EnrolmentRepository;
  readonly closures: RecordRepository<Closure>;
  /** Working hours, one record per practitioner (its id is the practitioner's). */
  readonly availability: RecordRepository<Availability>;
  readonly sequences: SequenceRepository;
  readonly idempotency: IdempotencyRepository;
  readonly outbox: OutboxWriter;
}

export interface SettingsRepository {
  /** The tenant's settings, or null when none were ever stored. */
  get(): Promise<TenantSettings | null>;
  /** Insert or replace the tenant's settings. */
  put(settings: TenantSettings): Promise<void>;
}

/**
 * A page of a list: at most `limit` items after `after` in the list's order.
 * `after` is the sort key and id of the last item already seen (for lists
 * ordered by `createdAt` then `id`, the `createdAt`; by `startsAt` then `id`,
 * the `startsAt`).
 */
export interface Page {
  readonly after?: { readonly key: string; readonly id: string } | null;
  readonly limit: number;
}

/** Records with an id, owned by one tenant. */
export interface RecordRepository<T extends { id: string }> {
  /** The record, or null. MUST return null for another tenant's id. */
  get(id: string): Promise<T | null>;
  /** The records that exist among `ids` (another tenant's are absent), in any order. */
  getMany(ids: readonly string[]): Promise<T[]>;
  /** MUST throw `SessionsError('CONFLICT')` when the id already exists in the tenant. */
  insert(record: T): Promise<void>;
  /** Replace a stored record. MUST throw `SessionsError('NOT_FOUND')` when it does not exist. */
  update(record: T): Promise<void>;
  /** Every record of the tenant, ordered by `createdAt`, then `id`; one page of them with `page`. */
  list(page?: Page): Promise<T[]>;
}

export interface BlockRepository extends RecordRepository<Block> {
  /**
   * The client a block belongs to, or null when there is no such block. A
   * block's client never changes, so a store MAY answer from a cache.
   */
  clientIdOf(blockId: string): Promise<string | null>;
  /** The client's blocks (soft-deleted included), ordered by `createdAt`, then `id`. */
  listByClient(clientId: string): Promise<Block[]>;
  /** The tenant's blocks in any of `statuses`, ordered by `createdAt`, then `id`; one page with `page`. */
  listByStatus(statuses: readonly BlockStatus[], page?: Page): Promise<Block[]>;
  /** The blocks of any of `clientIds` (soft-deleted included), ordered by `createdAt`, then `id`. */
  listByClients(clientIds: readonly string[]): Promise<Block[]>;
  /**
   * Blocks that ended recently, for reminders: `completed` ones whose
   * `closedAt` is at or after `since` (an instant), ordered by `closedAt`,
   * then `id`; or `expired` ones whose `expiresOn` is on or after `since` (a
   * date), ordered by `expiresOn`, then `id`. A page's `after.key` is that
   * field. MUST follow updates.
   */
  listEndedSince(status: 'completed' | 'expired', since: string, page?: Page): Promise<Block[]>;
}

/**
 * A block's ledger in brief: what folding all its entries gives, kept by the
 * store so a command reads one row, not the whole history.
 */
export interface LedgerSummary {
  /** The highest `seq` appended to the block; 0 when it has no entries. */
  readonly lastSeq: number;
  /** The highest `sessionNumber` among its entries; 0 when none names a session. */
  readonly sessions: number;
  /** Exactly `foldLedger(listByBlock(blockId))`. */
  readonly totals: LedgerTotals;
}

export interface LedgerRepository {
  /**
   * Append entries. Entries are immutable once appended: there is no update or
   * delete. MUST throw `SessionsError('CONFLICT')` if an entry's id, or its
   * (blockId, seq) pair, already exists. A batch may hold entries of several
   * blocks, in any order; each block's summary takes its own.
   */
  append(entries: readonly LedgerEntry[]): Promise<void>;
  /** The block's entries in `seq` order. */
  listByBlock(blockId: string): Promise<LedgerEntry[]>;
  /** The block's entries that name `sessionId`, in `seq` order. */
  listBySession(blockId: string, sessionId: string): Promise<LedgerEntry[]>;
  /**
   * The block's summary, MUST be equal to what folding `listByBlock` gives —
   * this transaction's own appends included. A store typically keeps it in a
   * row updated with every append, in the same transaction.
   */
  summary(blockId: string): Promise<LedgerSummary>;
  /** Summaries of many blocks at once (blocks without entries are absent). */
  summaries(blockIds: readonly string[]): Promise<Map<string, LedgerSummary>>;
  /**
   * What a command on one block reads first, in one call: the block (null if
   * there is none), its summary, and the entries naming any of `sessionIds`
   * in `seq` order. The same as `blocks.get`, `summary` and `listBySession`
   * together; a store may answer it in one round trip.
   */
  openBlock(blockId: string, sessionIds: readonly string[]): Promise<OpenedBlock>;
}

export interface OpenedBlock {
  readonly block: Block | null;
  readonly summary: LedgerSummary;
  readonly entries: readonly LedgerEntry[];
}

export interface InvoiceRepository extends RecordRepository<Invoice> {
  getByNumber(number: string): Promise<Invoice | null>;
  /** Invoices of sessions (`blockId` null), ordered by `createdAt`, then `id`; one page with `page`. */
  listForSessions(page?: Page): Promise<Invoice[]>;
}

/** A half-open range of instants, `from` ≤ t < `to`, as stored ISO UTC strings. */
export interface InstantRange {
  readonly from: InstantString;
  readonly to: InstantString;
}

export interface SessionRepository extends RecordRepository<Session> {
  /**
   * The practitioner's sessions starting in `range` (deleted ones included),
   * ordered by `startsAt`, then `id`. MUST follow updates: a rescheduled or
   * reassigned session is found by its new start and practitioner only.
   */
  listByPractitioner(practitionerId: string, range: InstantRange): Promise<Session[]>;
  /** Every session starting in `range` (deleted ones included), ordered by `startsAt`, then `id`. */
  listStartingBetween(range: InstantRange): Promise<Session[]>;
  /** The series' sessions (deleted ones included), ordered by `startsAt`, then `id`. MUST follow updates. */
  listBySeries(seriesId: string): Promise<Session[]>;
}

/** Clients' places in classes. Lists MUST follow updates (a status changes). */
export interface EnrolmentRepository extends RecordRepository<Enrolment> {
  /** The class's enrolments of every status, ordered by `createdAt`, then `id`. */
  listByClass(classId: string): Promise<Enrolment[]>;
  /** The client's enrolments of every status, ordered by `createdAt`, then `id`. */
  listByClient(clientId: string): Promise<Enrolment[]>;
}

/**
 * Attendances: one per client per session. Every list includes attendances
 * of deleted sessions (`deletedAt` set) and MUST follow updates (a new start,
 * block or invoice moves an attendance between lists).
 */
export interface AttendanceRepository extends RecordRepository<Attendance> {
  /** The session's attendances, ordered by `createdAt`, then `id`. */
  listBySession(sessionId: string): Promise<Attendance[]>;
  /** The client's attendances, ordered by `startsAt`, then `id`. */
  listByClient(clientId: string): Promise<Attendance[]>;
  /** Attendances linked to the block, ordered by `startsAt`, then `id`. */
  listByBlock(blockId: string): Promise<Attendance[]>;
  /** Attendances with no block and no invoice, ordered by `startsAt`, then `id`; one page with `page`. */
  listUnlinked(page?: Page): Promise<Attendance[]>;
}

/** Each client's account ledger: append-only, like a block's. */
export interface AccountLedgerRepository {
  /**
   * Append entries; there is no update or delete. MUST throw
   * `SessionsError('CONFLICT')` if an entry's id, or its (clientId, seq) pair,
   * already exists, and then append none of the batch.
   */
  append(entries: readonly AccountEntry[]): Promise<void>;
  /** The client's entries in `seq` order. */
  listByClient(clientId: string): Promise<AccountEntry[]>;
  /**
   * For each of `invoiceIds`, the sum of the `amount` of the payment entries
   * naming it (in any client's account); invoices with none are absent.
   */
  paymentsFor(invoiceIds: readonly string[]): Promise<Map<string, number>>;
}

export interface SequenceRepository {
  /** The next value (1, 2, 3, …) of a named per-tenant counter; core locks `sequence:<name>` first. */
  next(name: string): Promise<number>;
}

/** The remembered outcome of a command that carried an idempotency key. */
export interface IdempotencyRecord {
  readonly key: string;
  readonly command: string;
  /** A stable digest of the command's validated input. */
  readonly fingerprint: string;
  /** The command's result, as JSON-compatible data. */
  readonly result: unknown;
  readonly createdAt: InstantString;
}

export interface IdempotencyRepository {
  get(key: string): Promise<IdempotencyRecord | null>;
  /** MUST throw `SessionsError('CONFLICT')` when the key is already stored. */
  put(record: IdempotencyRecord): Promise<void>;
}

export interface OutboxWriter {
  append(events: readonly DomainEvent[]): Promise<void>;
}

export interface OutboxReader {
  /**
   * Up to `limit` committed, unacknowledged events, oldest first (append
   * order), across tenants unless `tenantId` is given.
   */
  poll(options?: { limit?: number; tenantId?: string }): Promise<DomainEvent[]>;
  /** Mark events handled; they are never returned by `poll` again. Unknown ids are ignored. */
  ack(events: readonly Pick<DomainEvent, 'tenantId' | 'id'>[]): Promise<void>;
}
