import {
  type Block,
  type BlockRepository,
  type BlockStatus,
  type DomainEvent,
  type IdempotencyRecord,
  type IdempotencyRepository,
  type Invoice,
  type InvoiceRepository,
  type LedgerEntry,
  type LedgerRepository,
  type LedgerSummary,
  type OpenedBlock,
  type OutboxWriter,
  type Page,
  type RecordRepository,
  type SequenceRepository,
  SessionsError,
  type SettingsRepository,
  summaryOf,
  type TenantSettings,
} from '@sessions/core';
import { frozenCopy } from './freeze.js';
import type { Overlay } from './overlay.js';
import { pageWithOwnWrites, withOwnWrites } from './own-writes.js';
import { byCreation, type RecordTable, type RecordTables } from './tenant-state.js';

const createdAtOf = (record: { createdAt: string }) => record.createdAt;
const always = () => true;

const NOUNS: Record<RecordTable, string> = {
  clients: 'client',
  practitioners: 'practitioner',
  services: 'service',
  templates: 'block template',
  blocks: 'block',
  invoices: 'invoice',
  sessions: 'session',
  attendances: 'attendance',
  completionTypes: 'completion type',
  series: 'series',
  enrolments: 'enrolment',
  closures: 'closure',
  availability: "practitioner's availability",
};

export class SettingsRepo implements SettingsRepository {
  constructor(private readonly overlay: Overlay) {}
  async get(): Promise<TenantSettings | null> {
    this.overlay.assertOpen();
    return this.overlay.settings ?? this.overlay.state.settings;
  }
  async put(settings: TenantSettings): Promise<void> {
    this.overlay.assertOpen();
    this.overlay.settings = frozenCopy(settings);
  }
}

export class RecordRepo<T extends RecordTable> implements RecordRepository<RecordTables[T]> {
  constructor(
    protected readonly overlay: Overlay,
    private readonly table: T,
  ) {}

  async get(id: string): Promise<RecordTables[T] | null> {
    return this.overlay.read(this.table, id);
  }

  async getMany(ids: readonly string[]): Promise<RecordTables[T][]> {
    this.overlay.assertOpen();
    const found: RecordTables[T][] = [];
    for (const id of new Set(ids)) {
      const record = this.overlay.read(this.table, id);
      if (record) found.push(record);
    }
    return found;
  }

  async insert(record: RecordTables[T]): Promise<void> {
    if (this.overlay.read(this.table, record.id)) {
      throw new SessionsError('CONFLICT', `A ${NOUNS[this.table]} with id "${record.id}" already exists.`, {
        entity: NOUNS[this.table],
        id: record.id,
      });
    }
    this.overlay.write(this.table, frozenCopy(record), { insert: true });
  }

  async update(record: RecordTables[T]): Promise<void> {
    if (!this.overlay.read(this.table, record.id)) {
      throw new SessionsError('NOT_FOUND', `No ${NOUNS[this.table]} with id "${record.id}" exists in this practice.`, {
        entity: NOUNS[this.table],
        id: record.id,
      });
    }
    this.overlay.write(this.table, frozenCopy(record));
  }

  async list(page?: Page): Promise<RecordTables[T][]> {
    const index = this.overlay.state.idsByCreation[this.table];
    return pageWithOwnWrites(this.overlay, this.table, [index], always, byCreation, createdAtOf, page);
  }
}

export class BlockRepo extends RecordRepo<'blocks'> implements BlockRepository {
  constructor(overlay: Overlay) {
    super(overlay, 'blocks');
  }

  async listByClient(clientId: string): Promise<Block[]> {
    const ids = new Set(this.overlay.state.blocksByClient.get(clientId));
    for (const block of this.overlay.records.blocks?.values() ?? []) if (block.clientId === clientId) ids.add(block.id);
    return [...ids].map((id) => this.overlay.read('blocks', id) as Block).sort(byCreation);
  }

  async listByStatus(statuses: readonly BlockStatus[], page?: Page): Promise<Block[]> {
    const wanted = new Set(statuses);
    // One index per status, each read from the cursor on: a merge of a few short runs.
    const indexes = [...wanted].map((status) => this.overlay.state.blocksByStatus.get(status));
    const match = (block: Block) => wanted.has(block.status);
    return pageWithOwnWrites(this.overlay, 'blocks', indexes, match, byCreation, createdAtOf, page);
  }

  async listByClients(clientIds: readonly string[]): Promise<Block[]> {
    const wanted = new Set(clientIds);
    // The clients' committed blocks from the index (a set of ids, so a block is listed once), then sorted.
    const committed = new Set<string>();
    for (const clientId of wanted) {
      for (const id of this.overlay.state.blocksByClient.get(clientId) ?? []) committed.add(id);
    }
    return withOwnWrites(this.overlay, 'blocks', committed, (b) => wanted.has(b.clientId), byCreation, false);
  }

  async listEndedSince(status: 'completed' | 'expired', since: string, page?: Page): Promise<Block[]> {
    const ended = ENDED.get(status);
    if (!ended) return [];
    const index = this.overlay.state[ended.index];
    const match = (block: Block) => ended.keyOf(block) !== null;
    const keyOf = (block: Block) => ended.keyOf(block) as string;
    // One range read of the index from `since` (or the cursor, whichever is later) for at most a page.
    return pageWithOwnWrites(this.overlay, 'blocks', [index], match, ended.order, keyOf, page, since);
  }

  async clientIdOf(blockId: string): Promise<string | null> {
    return this.overlay.read('blocks', blockId)?.clientId ?? null;
  }
}

/** A completed block's place in the list of recently completed ones: its `closedAt`; null when not in it. */
export const closedKey = (block: Block | null): string | null =>
  block?.status === 'completed' ? (block.closedAt ?? null) : null;
/** An expired block's place in the list of recently expired ones: its `expiresOn`; null when not in it. */
export const expiryKey = (block: Block | null): string | null =>
  block?.status === 'expired' ? (block.expiresOn ?? null) : null;

/** Records ordered by `key`, then id. */
const byKey =
  (key: (block: Block) => string | null) =>
  (a: Block, b: Block): number => {
    const [x, y] = [key(a) as string, key(b) as string];
    if (x !== y) return x < y ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

/** What `listEndedSince` reads for each status: the index, the sort key, the order. */
interface Ended {
  readonly index: 'completedByClose' | 'expiredByExpiry';
  readonly keyOf: (block: Block | null) => string | null;
  readonly order: (a: Block, b: Block) => number;
}
const ENDED = new Map<string, Ended>([
  ['completed', { index: 'completedByClose', keyOf: closedKey, order: byKey(closedKey) }],
  ['expired', { index: 'expiredByExpiry', keyOf: expiryKey, order: byKey(expiryKey) }],
]);

export class InvoiceRepo extends RecordRepo<'invoices'> implements InvoiceRepository {
  constructor(overlay: Overlay) {
    super(overlay, 'invoices');
  }

  async getByNumber(number: string): Promise<Invoice | null> {
    for (const invoice of this.overlay.records.invoices?.values() ?? []) if (invoice.number === number) return invoice;
    const id = this.overlay.state.invoicesByNumber.get(number);
    return id === undefined ? null : this.overlay.read('invoices', id);
  }

  async listForSessions(page?: Page): Promise<Invoice[]> {
    const index = this.overlay.state.sessionInvoices;
    return pageWithOwnWrites(this.overlay, 'invoices', [index], isForSessions, byCreation, createdAtOf, page);
  }
}

/** An invoice of sessions, not of a block. */
export const isForSessions = (invoice: Invoice) => invoice.blockId === null;

export class LedgerRepo implements LedgerRepository {
  constructor(private readonly overlay: Overlay) {}

  async append(entries: readonly LedgerEntry[]): Promise<void> {
    const { overlay } = this;
    overlay.assertOpen();
    const batch = new Set<string>();
    for (const entry of entries) {
      const idTaken = overlay.state.entryIds.has(entry.id) || overlay.appendedIds.has(entry.id) || batch.has(entry.id);
      const seqTaken =
        !idTaken &&
        (entries.some((e) => e !== entry && e.blockId === entry.blockId && e.seq === entry.seq) ||
          overlay.hasSeq(entry.blockId, entry.seq));
      if (idTaken || seqTaken) {
        throw new SessionsError(
          'CONFLICT',
          idTaken
            ? `Ledger entry "${entry.id}" already exists: entries are appended once and never replaced.`
            : `Block "${entry.blockId}" already has a ledger entry number ${entry.seq}.`,
          { entity: 'ledger entry', id: entry.id, blockId: entry.blockId, seq: entry.seq },
        );
      }
      batch.add(entry.id);
    }
    // Checked as a whole first, so a refused batch appends nothing.
    for (const entry of entries) {
      let list = overlay.appended.get(entry.blockId);
      if (!list) {
        list = [];
        overlay.appended.set(entry.blockId, list);
      }
      list.push(frozenCopy(entry));
      overlay.appendedIds.add(entry.id);
    }
  }

  async listByBlock(blockId: string): Promise<LedgerEntry[]> {
    return this.overlay.entriesOf(blockId);
  }

  async listBySession(blockId: string, sessionId: string): Promise<LedgerEntry[]> {
    return this.overlay.entriesOf(blockId).filter((e) => e.sessionId === sessionId);
  }

  // The reference store keeps no running totals: the summary is the fold itself,
  // which is what every store's summary must equal.
  async summary(blockId: string): Promise<LedgerSummary> {
    return summaryOf(this.overlay.entriesOf(blockId));
  }

  async openBlock(blockId: string, sessionIds: readonly string[]): Promise<OpenedBlock> {
    const entries = this.overlay.entriesOf(blockId);
    const wanted = new Set(sessionIds);
    return {
      block: this.overlay.read('blocks', blockId),
      summary: summaryOf(entries),
      entries: entries.filter((e) => e.sessionId !== null && wanted.has(e.sessionId)),
    };
  }

  async summaries(blockIds: readonly string[]): Promise<Map<string, LedgerSummary>> {
    const result = new Map<string, LedgerSummary>();
    for (const blockId of blockIds) {
      const entries = this.overlay.entriesOf(blockId);
      if (entries.length > 0) result.set(blockId, summaryOf(entries));
    }
    return result;
  }
}

export class SequenceRepo implements SequenceRepository {
  constructor(private readonly overlay: Overlay) {}
  async next(name: string): Promise<number> {
    const { overlay } = this;
    overlay.assertOpen();
    const value = (overlay.sequences.get(name) ?? overlay.state.sequences.get(name) ?? 0) + 1;
    overlay.sequences.set(name, value);
    return value;
  }
}

export class IdempotencyRepo implements IdempotencyRepository {
  constructor(private readonly overlay: Overlay) {}
  async get(key: string): Promise<IdempotencyRecord | null> {
    this.overlay.assertOpen();
    return this.overlay.idempotency.get(key) ?? this.overlay.state.idempotency.get(key) ?? null;
  }
  async put(record: IdempotencyRecord): Promise<void> {
    const { overlay } = this;
    overlay.assertOpen();
    if (overlay.idempotency.has(record.key) || overlay.state.idempotency.has(record.key)) {
      throw new SessionsError('CONFLICT', `Idempotency key "${record.key}" is already stored.`, { key: record.key });
    }
    overlay.idempotency.set(record.key, frozenCopy(record));
  }
}

export class OutboxRepo implements OutboxWriter {
  constructor(private readonly overlay: Overlay) {}
  async append(events: readonly DomainEvent[]): Promise<void> {
    this.overlay.assertOpen();
    for (const event of events) this.overlay.events.push(frozenCopy(event));
  }
}
