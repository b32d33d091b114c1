import type { Block, Invoice } from '@sessions/core';
import type { Overlay } from './overlay.js';
import { closedKey, expiryKey, isForSessions } from './repositories.js';
import { rekey, reslot } from './sorted-ids.js';
import { RECORD_TABLES, type RecordTable, type RecordTables, type TenantState } from './tenant-state.js';

/**
 * At commit, before the written records replace the stored ones: file each
 * where it belongs now in the indexes every table keeps (by creation) and
 * those of blocks (by client, by status, and the ended ones by when they
 * ended) and invoices. Sessions, attendances and enrolments have
 * their own (see `reindexSessions`, `reindexAttendances`, `reindexEnrolments`).
 */
export function reindexRecords(state: TenantState, overlay: Overlay): void {
  for (const table of RECORD_TABLES) {
    const written = overlay.records[table] as ReadonlyMap<string, RecordTables[RecordTable]> | undefined;
    const stored = state.records[table] as ReadonlyMap<string, RecordTables[RecordTable]>;
    for (const record of written?.values() ?? []) {
      const previous = stored.get(record.id);
      rekey(state.idsByCreation[table], record.id, previous?.createdAt ?? null, record.createdAt);
    }
  }
  reindexBlocks(state, overlay.records.blocks);
  reindexInvoices(state, overlay.records.invoices);
}

function reindexBlocks(state: TenantState, written: ReadonlyMap<string, Block> | undefined): void {
  for (const block of written?.values() ?? []) {
    const previous = state.records.blocks.get(block.id) ?? null;
    if (previous && previous.clientId !== block.clientId) state.blocksByClient.get(previous.clientId)?.delete(block.id);
    const ids = state.blocksByClient.get(block.clientId);
    if (ids) ids.add(block.id);
    else state.blocksByClient.set(block.clientId, new Set([block.id]));
    reslot(state.blocksByStatus, block.id, previous && { owner: previous.status, key: previous.createdAt }, {
      owner: block.status,
      key: block.createdAt,
    });
    rekey(state.completedByClose, block.id, closedKey(previous), closedKey(block));
    rekey(state.expiredByExpiry, block.id, expiryKey(previous), expiryKey(block));
  }
}

function reindexInvoices(state: TenantState, written: ReadonlyMap<string, Invoice> | undefined): void {
  const sessionsKey = (invoice: Invoice | null) => (invoice && isForSessions(invoice) ? invoice.createdAt : null);
  for (const invoice of written?.values() ?? []) {
    const previous = state.records.invoices.get(invoice.id) ?? null;
    if (previous && previous.number !== invoice.number && state.invoicesByNumber.get(previous.number) === invoice.id) {
      state.invoicesByNumber.delete(previous.number);
    }
    state.invoicesByNumber.set(invoice.number, invoice.id);
    rekey(state.sessionInvoices, invoice.id, sessionsKey(previous), sessionsKey(invoice));
  }
}
