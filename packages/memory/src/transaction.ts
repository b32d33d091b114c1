import { type DomainEvent, type LockKey, SessionsError, type StoreTransaction } from '@sessions/core';
import { AccountRepo, assertAccountsStillUnique, commitAccounts } from './account-repository.js';
import { EnrolmentRepo, reindexEnrolments } from './class-repositories.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { Overlay } from './overlay.js';
import { reindexRecords } from './record-indexes.js';
import {
  BlockRepo,
  IdempotencyRepo,
  InvoiceRepo,
  LedgerRepo,
  OutboxRepo,
  RecordRepo,
  SequenceRepo,
  SettingsRepo,
} from './repositories.js';
import { AttendanceRepo, reindexAttendances, reindexSessions, SessionRepo } from './session-repositories.js';
import { RECORD_TABLES, type RecordTable, type RecordTables, type TenantState } from './tenant-state.js';

/**
 * One transaction: reads see the committed state with this transaction's own
 * writes laid over it; writes stay in the overlay until `commit` applies them
 * all at once. A transaction that throws simply drops its overlay, so a
 * failed command leaves no trace.
 */
export class MemoryTransaction implements StoreTransaction {
  private readonly overlay: Overlay;
  /** Keys this transaction holds, in the order taken. */
  private readonly held: string[] = [];
  // Repositories are made on first use: most commands touch three or four.
  private settingsRepo?: SettingsRepo;
  private clientsRepo?: RecordRepo<'clients'>;
  private practitionersRepo?: RecordRepo<'practitioners'>;
  private servicesRepo?: RecordRepo<'services'>;
  private templatesRepo?: RecordRepo<'templates'>;
  private blocksRepo?: BlockRepo;
  private invoicesRepo?: InvoiceRepo;
  private ledgerRepo?: LedgerRepo;
  private sessionsRepo?: SessionRepo;
  private attendancesRepo?: AttendanceRepo;
  private completionTypesRepo?: RecordRepo<'completionTypes'>;
  private accountsRepo?: AccountRepo;
  private seriesRepo?: RecordRepo<'series'>;
  private enrolmentsRepo?: EnrolmentRepo;
  private closuresRepo?: RecordRepo<'closures'>;
  private availabilityRepo?: RecordRepo<'availability'>;
  private sequencesRepo?: SequenceRepo;
  private idempotencyRepo?: IdempotencyRepo;
  private outboxRepo?: OutboxRepo;

  constructor(
    readonly tenantId: string,
    private readonly state: TenantState,
    private readonly mutex: KeyedMutex,
  ) {
    this.overlay = new Overlay(tenantId, state);
  }

  async lock(keys: readonly LockKey[]): Promise<void> {
    this.overlay.assertOpen();
    // Sorted, so two transactions always take shared keys in the same order.
    const sorted = keys.length > 1 ? [...new Set(keys)].sort() : keys;
    for (const key of sorted) {
      const scoped = `${this.tenantId}\u0000${key}`;
      const waiting = this.mutex.acquire(scoped);
      if (waiting) await waiting;
      this.held.push(scoped);
    }
  }

  get settings() {
    this.settingsRepo ??= new SettingsRepo(this.overlay);
    return this.settingsRepo;
  }
  get clients() {
    this.clientsRepo ??= new RecordRepo(this.overlay, 'clients');
    return this.clientsRepo;
  }
  get practitioners() {
    this.practitionersRepo ??= new RecordRepo(this.overlay, 'practitioners');
    return this.practitionersRepo;
  }
  get services() {
    this.servicesRepo ??= new RecordRepo(this.overlay, 'services');
    return this.servicesRepo;
  }
  get templates() {
    this.templatesRepo ??= new RecordRepo(this.overlay, 'templates');
    return this.templatesRepo;
  }
  get blocks() {
    this.blocksRepo ??= new BlockRepo(this.overlay);
    return this.blocksRepo;
  }
  get invoices() {
    this.invoicesRepo ??= new InvoiceRepo(this.overlay);
    return this.invoicesRepo;
  }
  get ledger() {
    this.ledgerRepo ??= new LedgerRepo(this.overlay);
    return this.ledgerRepo;
  }
  get sessions() {
    this.sessionsRepo ??= new SessionRepo(this.overlay);
    return this.sessionsRepo;
  }
  get attendances() {
    this.attendancesRepo ??= new AttendanceRepo(this.overlay);
    return this.attendancesRepo;
  }
  get completionTypes() {
    this.completionTypesRepo ??= new RecordRepo(this.overlay, 'completionTypes');
    return this.completionTypesRepo;
  }
  get accounts() {
    this.accountsRepo ??= new AccountRepo(this.overlay);
    return this.accountsRepo;
  }
  get series() {
    this.seriesRepo ??= new RecordRepo(this.overlay, 'series');
    return this.seriesRepo;
  }
  get enrolments() {
    this.enrolmentsRepo ??= new EnrolmentRepo(this.overlay);
    return this.enrolmentsRepo;
  }
  get closures() {
    this.closuresRepo ??= new RecordRepo(this.overlay, 'closures');
    return this.closuresRepo;
  }
  get availability() {
    this.availabilityRepo ??= new RecordRepo(this.overlay, 'availability');
    return this.availabilityRepo;
  }
  get sequences() {
    this.sequencesRepo ??= new SequenceRepo(this.overlay);
    return this.sequencesRepo;
  }
  get idempotency() {
    this.idempotencyRepo ??= new IdempotencyRepo(this.overlay);
    return this.idempotencyRepo;
  }
  get outbox() {
    this.outboxRepo ??= new OutboxRepo(this.overlay);
    return this.outboxRepo;
  }

  /** Whether the transaction wrote anything (known once it has committed). */
  get wrote(): boolean {
    const { overlay } = this;
    return (
      overlay.settings !== null ||
      Object.keys(overlay.records).length > 0 ||
      overlay.appended.size > 0 ||
      overlay.accountAppended.size > 0 ||
      overlay.sequences.size > 0 ||
      overlay.idempotency.size > 0 ||
      overlay.events.length > 0
    );
  }

  /** Apply every write at once. Synchronous, so no other transaction ever sees half of it. */
  commit(): DomainEvent[] {
    const { state, overlay } = this;
    overlay.assertOpen();
    // Uniqueness again, against what others committed since the writes were made: a
    // store's unique constraints hold whether or not the caller took a lock. All checks
    // come before any change, so a refused commit changes nothing.
    this.assertStillUnique();
    if (overlay.settings) state.settings = overlay.settings;
    reindexRecords(state, overlay);
    reindexSessions(state, overlay.records.sessions);
    reindexAttendances(state, overlay.records.attendances);
    reindexEnrolments(state, overlay.records.enrolments);
    for (const table of RECORD_TABLES) {
      const written = overlay.records[table];
      if (!written) continue;
      const target = state.records[table] as Map<string, RecordTables[RecordTable]>;
      for (const [id, record] of written) target.set(id, record);
    }
    for (const [blockId, entries] of overlay.appended) {
      const list = state.ledger.get(blockId);
      if (list) list.push(...entries);
      else state.ledger.set(blockId, [...entries]);
      for (const entry of entries) state.entryIds.add(entry.id);
    }
    commitAccounts(state, overlay);
    for (const [name, value] of overlay.sequences) state.sequences.set(name, value);
    for (const [key, record] of overlay.idempotency) state.idempotency.set(key, record);
    return overlay.events;
  }

  private assertStillUnique(): void {
    const { state, overlay } = this;
    for (const table of RECORD_TABLES) {
      for (const id of overlay.inserted[table] ?? []) {
        if (state.records[table].has(id)) {
          throw new SessionsError('CONFLICT', `A record with id "${id}" was committed meanwhile in ${table}.`, {
            entity: table,
            id,
          });
        }
      }
    }
    for (const [blockId, entries] of overlay.appended) {
      const committed = state.ledger.get(blockId) ?? [];
      for (const entry of entries) {
        if (state.entryIds.has(entry.id) || committed.some((e) => e.seq === entry.seq)) {
          throw new SessionsError(
            'CONFLICT',
            `Block "${blockId}" already has ledger entry ${entry.seq} (or id "${entry.id}").`,
            {
              entity: 'ledger entry',
              id: entry.id,
              blockId,
              seq: entry.seq,
            },
          );
        }
      }
    }
    assertAccountsStillUnique(state, overlay);
    for (const key of overlay.idempotency.keys()) {
      if (state.idempotency.has(key)) {
        throw new SessionsError('CONFLICT', `Idempotency key "${key}" was stored meanwhile.`, { key });
      }
    }
  }

  /** End the transaction, committed or not: it can no longer be used, and its locks pass on. */
  end(): void {
    this.overlay.close();
    for (let i = this.held.length - 1; i >= 0; i--) this.mutex.release(this.held[i] as string);
    this.held.length = 0;
  }
}
