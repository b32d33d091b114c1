import {
  type Block,
  type BlockRepository,
  type DomainEvent,
  type IdempotencyRecord,
  type Invoice,
  type InvoiceRepository,
  type LedgerEntry,
  type LockKey,
  type RecordRepository,
  SessionsError,
  type StoreTransaction,
  type TenantSettings,
} from '@sessions/core';
import { frozenCopy } from './freeze.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { byCreation, RECORD_TABLES, type RecordTable, type RecordTables, type TenantState } from './tenant-state.js';

type Overlay = { [T in RecordTable]: Map<string, RecordTables[T]> };

/**
 * One transaction: reads see the committed state with this transaction's own
 * writes laid over it; writes stay in the overlay until `commit` applies them
 * all at once. A transaction that throws simply drops its overlay, so a
 * failed command leaves no trace.
 */
export class MemoryTransaction implements StoreTransaction {
  private readonly overlay: Overlay = {
    clients: new Map(),
    practitioners: new Map(),
    services: new Map(),
    templates: new Map(),
    blocks: new Map(),
    invoices: new Map(),
  };
  private readonly appended = new Map<string, LedgerEntry[]>();
  private readonly sequenceValues = new Map<string, number>();
  private readonly idempotencyRecords = new Map<string, IdempotencyRecord>();
  private readonly events: DomainEvent[] = [];
  private newSettings: TenantSettings | null = null;
  private readonly releases: (() => void)[] = [];
  private open = true;

  constructor(
    readonly tenantId: string,
    private readonly state: TenantState,
    private readonly mutex: KeyedMutex,
  ) {}

  async lock(keys: readonly LockKey[]): Promise<void> {
    this.assertOpen();
    // Sorted, so two transactions always take shared keys in the same order.
    for (const key of [...new Set(keys)].sort()) {
      this.releases.push(await this.mutex.acquire(`${this.tenantId}\u0000${key}`));
    }
  }

  readonly settings = {
    get: async (): Promise<TenantSettings | null> => {
      this.assertOpen();
      return this.newSettings ?? this.state.settings;
    },
    put: async (settings: TenantSettings): Promise<void> => {
      this.assertOpen();
      this.newSettings = frozenCopy(settings);
    },
  };

  readonly clients = this.records('clients');
  readonly practitioners = this.records('practitioners');
  readonly services = this.records('services');
  readonly templates = this.records('templates');

  readonly blocks: BlockRepository = {
    ...this.records('blocks'),
    listByClient: async (clientId: string): Promise<Block[]> => {
      this.assertOpen();
      const ids = new Set(this.state.blocksByClient.get(clientId));
      for (const block of this.overlay.blocks.values()) if (block.clientId === clientId) ids.add(block.id);
      return [...ids].map((id) => this.read('blocks', id) as Block).sort(byCreation);
    },
    listByStatus: async (statuses): Promise<Block[]> => {
      this.assertOpen();
      return this.all('blocks').filter((block) => statuses.includes(block.status));
    },
  };

  readonly invoices: InvoiceRepository = {
    ...this.records('invoices'),
    getByNumber: async (number: string): Promise<Invoice | null> => {
      this.assertOpen();
      for (const invoice of this.overlay.invoices.values()) if (invoice.number === number) return invoice;
      const id = this.state.invoicesByNumber.get(number);
      return id === undefined ? null : this.read('invoices', id);
    },
  };

  readonly ledger = {
    append: async (entries: readonly LedgerEntry[]): Promise<void> => {
      this.assertOpen();
      const batchIds = new Set<string>();
      for (const entry of entries) {
        const taken = this.state.entryIds.has(entry.id) || batchIds.has(entry.id) || this.appendedId(entry.id);
        const seqTaken = this.entriesOf(entry.blockId).some((e) => e.seq === entry.seq);
        if (taken || seqTaken) {
          throw new SessionsError(
            'CONFLICT',
            taken
              ? `Ledger entry "${entry.id}" already exists: entries are appended once and never replaced.`
              : `Block "${entry.blockId}" already has a ledger entry number ${entry.seq}.`,
            { entity: 'ledger entry', id: entry.id, blockId: entry.blockId, seq: entry.seq },
          );
        }
        batchIds.add(entry.id);
        let list = this.appended.get(entry.blockId);
        if (!list) this.appended.set(entry.blockId, (list = []));
        list.push(frozenCopy(entry));
      }
    },
    listByBlock: async (blockId: string): Promise<LedgerEntry[]> => {
      this.assertOpen();
      return this.entriesOf(blockId);
    },
  };

  readonly sequences = {
    next: async (name: string): Promise<number> => {
      this.assertOpen();
      const value = (this.sequenceValues.get(name) ?? this.state.sequences.get(name) ?? 0) + 1;
      this.sequenceValues.set(name, value);
      return value;
    },
  };

  readonly idempotency = {
    get: async (key: string): Promise<IdempotencyRecord | null> => {
      this.assertOpen();
      return this.idempotencyRecords.get(key) ?? this.state.idempotency.get(key) ?? null;
    },
    put: async (record: IdempotencyRecord): Promise<void> => {
      this.assertOpen();
      if (this.idempotencyRecords.has(record.key) || this.state.idempotency.has(record.key)) {
        throw new SessionsError('CONFLICT', `Idempotency key "${record.key}" is already stored.`, { key: record.key });
      }
      this.idempotencyRecords.set(record.key, frozenCopy(record));
    },
  };

  readonly outbox = {
    append: async (events: readonly DomainEvent[]): Promise<void> => {
      this.assertOpen();
      for (const event of events) this.events.push(frozenCopy(event));
    },
  };

  /** Apply every write at once. Synchronous, so no other transaction sees half of it. */
  commit(): DomainEvent[] {
    this.assertOpen();
    const { state } = this;
    if (this.newSettings) state.settings = this.newSettings;
    for (const table of RECORD_TABLES) {
      const target = state.records[table] as Map<string, RecordTables[RecordTable]>;
      for (const [id, record] of this.overlay[table]) target.set(id, record);
    }
    for (const block of this.overlay.blocks.values()) {
      let ids = state.blocksByClient.get(block.clientId);
      if (!ids) state.blocksByClient.set(block.clientId, (ids = new Set()));
      ids.add(block.id);
    }
    for (const invoice of this.overlay.invoices.values()) state.invoicesByNumber.set(invoice.number, invoice.id);
    for (const [blockId, entries] of this.appended) {
      const list = state.ledger.get(blockId);
      if (list) list.push(...entries);
      else state.ledger.set(blockId, [...entries]);
      for (const entry of entries) state.entryIds.add(entry.id);
    }
    for (const [name, value] of this.sequenceValues) state.sequences.set(name, value);
    for (const [key, record] of this.idempotencyRecords) state.idempotency.set(key, record);
    return this.events;
  }

  /** End the transaction, committed or not: release its locks; it can no longer be used. */
  end(): void {
    this.open = false;
    for (const release of this.releases.splice(0).reverse()) release();
  }

  private records<T extends RecordTable>(table: T): RecordRepository<RecordTables[T]> {
    const noun = table === 'blocks' ? 'block' : table.slice(0, -1);
    return {
      get: async (id) => {
        this.assertOpen();
        return this.read(table, id);
      },
      insert: async (record) => {
        this.assertOpen();
        if (this.read(table, record.id)) {
          throw new SessionsError('CONFLICT', `A ${noun} with id "${record.id}" already exists.`, { entity: noun, id: record.id });
        }
        this.overlay[table].set(record.id, frozenCopy(record));
      },
      update: async (record) => {
        this.assertOpen();
        if (!this.read(table, record.id)) {
          throw new SessionsError('NOT_FOUND', `No ${noun} with id "${record.id}" exists in this practice.`, {
            entity: noun,
            id: record.id,
          });
        }
        this.overlay[table].set(record.id, frozenCopy(record));
      },
      list: async () => {
        this.assertOpen();
        return this.all(table);
      },
    };
  }

  private read<T extends RecordTable>(table: T, id: string): RecordTables[T] | null {
    return this.overlay[table].get(id) ?? this.state.records[table].get(id) ?? null;
  }

  private all<T extends RecordTable>(table: T): RecordTables[T][] {
    const merged = new Map(this.state.records[table]);
    for (const [id, record] of this.overlay[table]) merged.set(id, record);
    return [...merged.values()].sort(byCreation);
  }

  private entriesOf(blockId: string): LedgerEntry[] {
    const committed = this.state.ledger.get(blockId) ?? [];
    const mine = this.appended.get(blockId);
    return mine ? [...committed, ...mine] : committed.slice();
  }

  private appendedId(id: string): boolean {
    for (const entries of this.appended.values()) if (entries.some((e) => e.id === id)) return true;
    return false;
  }

  private assertOpen(): void {
    if (!this.open) {
      throw new SessionsError('STORE_UNAVAILABLE', 'This transaction has ended: use the store inside the transaction callback only.');
    }
  }
}
