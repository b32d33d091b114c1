import type { DomainEvent, LockKey, StoreTransaction } from '@sessions/core';
import type { KeyedMutex } from './keyed-mutex.js';
import { Overlay } from './overlay.js';
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
import { RECORD_TABLES, type RecordTable, type RecordTables, type TenantState } from './tenant-state.js';

/**
 * One transaction: reads see the committed state with this transaction's own
 * writes laid over it; writes stay in the overlay until `commit` applies them
 * all at once. A transaction that throws simply drops its overlay, so a
 * failed command leaves no trace. Repositories are made on first use.
 */
export class MemoryTransaction implements StoreTransaction {
  private readonly overlay: Overlay;
  private readonly releases: (() => void)[] = [];
  private repos: Partial<Record<string, unknown>> = {};

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
    for (const key of sorted) this.releases.push(await this.mutex.acquire(`${this.tenantId}\u0000${key}`));
  }

  get settings() {
    return this.repo('settings', () => new SettingsRepo(this.overlay));
  }
  get clients() {
    return this.repo('clients', () => new RecordRepo(this.overlay, 'clients'));
  }
  get practitioners() {
    return this.repo('practitioners', () => new RecordRepo(this.overlay, 'practitioners'));
  }
  get services() {
    return this.repo('services', () => new RecordRepo(this.overlay, 'services'));
  }
  get templates() {
    return this.repo('templates', () => new RecordRepo(this.overlay, 'templates'));
  }
  get blocks() {
    return this.repo('blocks', () => new BlockRepo(this.overlay));
  }
  get invoices() {
    return this.repo('invoices', () => new InvoiceRepo(this.overlay));
  }
  get ledger() {
    return this.repo('ledger', () => new LedgerRepo(this.overlay));
  }
  get sequences() {
    return this.repo('sequences', () => new SequenceRepo(this.overlay));
  }
  get idempotency() {
    return this.repo('idempotency', () => new IdempotencyRepo(this.overlay));
  }
  get outbox() {
    return this.repo('outbox', () => new OutboxRepo(this.overlay));
  }

  /** Apply every write at once. Synchronous, so no other transaction ever sees half of it. */
  commit(): DomainEvent[] {
    const { state, overlay } = this;
    overlay.assertOpen();
    if (overlay.settings) state.settings = overlay.settings;
    for (const table of RECORD_TABLES) {
      const written = overlay.records[table];
      if (!written) continue;
      const target = state.records[table] as Map<string, RecordTables[RecordTable]>;
      for (const [id, record] of written) target.set(id, record);
    }
    for (const block of overlay.records.blocks?.values() ?? []) {
      let ids = state.blocksByClient.get(block.clientId);
      if (!ids) state.blocksByClient.set(block.clientId, (ids = new Set()));
      ids.add(block.id);
    }
    for (const invoice of overlay.records.invoices?.values() ?? []) state.invoicesByNumber.set(invoice.number, invoice.id);
    for (const [blockId, entries] of overlay.appended) {
      const list = state.ledger.get(blockId);
      if (list) list.push(...entries);
      else state.ledger.set(blockId, [...entries]);
      for (const entry of entries) state.entryIds.add(entry.id);
    }
    for (const [name, value] of overlay.sequences) state.sequences.set(name, value);
    for (const [key, record] of overlay.idempotency) state.idempotency.set(key, record);
    return overlay.events;
  }

  /** End the transaction, committed or not: it can no longer be used, and its locks pass on. */
  end(): void {
    this.overlay.close();
    for (const release of this.releases.splice(0).reverse()) release();
  }

  private repo<R>(name: string, make: () => R): R {
    let repo = this.repos[name] as R | undefined;
    if (repo === undefined) this.repos[name] = repo = make();
    return repo;
  }
}
