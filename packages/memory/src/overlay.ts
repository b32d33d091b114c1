import {
  type AccountEntry,
  type DomainEvent,
  type IdempotencyRecord,
  type LedgerEntry,
  SessionsError,
  type TenantSettings,
} from '@sessions/core';
import type { RecordTable, RecordTables, TenantState } from './tenant-state.js';

/**
 * What one transaction has written and not yet committed, laid over the
 * tenant's committed state. Reads go through here, so a transaction sees its
 * own writes and nobody else's uncommitted ones. Tables are created on first
 * write: most commands touch two or three.
 */
export class Overlay {
  readonly records: { [T in RecordTable]?: Map<string, RecordTables[T]> } = {};
  readonly appended = new Map<string, LedgerEntry[]>();
  readonly appendedIds = new Set<string>();
  /** Account entries appended here, by client, in append order. */
  readonly accountAppended = new Map<string, AccountEntry[]>();
  readonly accountAppendedIds = new Set<string>();
  readonly sequences = new Map<string, number>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly events: DomainEvent[] = [];
  settings: TenantSettings | null = null;
  private open = true;

  constructor(
    readonly tenantId: string,
    readonly state: TenantState,
  ) {}

  read<T extends RecordTable>(table: T, id: string): RecordTables[T] | null {
    this.assertOpen();
    return this.records[table]?.get(id) ?? this.state.records[table].get(id) ?? null;
  }

  /** Ids this transaction inserted, per table: checked again at commit. */
  readonly inserted: { [T in RecordTable]?: Set<string> } = {};

  write<T extends RecordTable>(table: T, record: RecordTables[T], options: { insert?: boolean } = {}): void {
    this.assertOpen();
    if (options.insert) {
      const ids = this.inserted[table];
      if (ids) ids.add(record.id);
      else this.inserted[table] = new Set([record.id]);
    }
    const map = this.records[table];
    if (map) map.set(record.id, record);
    else this.records[table] = new Map([[record.id, record]]) as NonNullable<Overlay['records'][T]>;
  }

  entriesOf(blockId: string): LedgerEntry[] {
    this.assertOpen();
    const committed = this.state.ledger.get(blockId) ?? [];
    const mine = this.appended.get(blockId);
    return mine ? [...committed, ...mine] : committed.slice();
  }

  /** Whether the block already has an entry numbered `seq`, committed or appended here. */
  hasSeq(blockId: string, seq: number): boolean {
    const has = (list: readonly LedgerEntry[] | undefined) => list?.some((e) => e.seq === seq) === true;
    return has(this.state.ledger.get(blockId)) || has(this.appended.get(blockId));
  }

  close(): void {
    this.open = false;
  }

  assertOpen(): void {
    if (!this.open) {
      throw new SessionsError(
        'STORE_UNAVAILABLE',
        'This transaction has ended: use the store only inside the transaction callback.',
      );
    }
  }
}
