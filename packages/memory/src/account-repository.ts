import { type AccountEntry, type AccountLedgerRepository, SessionsError } from '@sessions/core';
import { frozenCopy } from './freeze.js';
import type { Overlay } from './overlay.js';
import type { TenantState } from './tenant-state.js';

/**
 * Each client's account ledger: append-only, like a block's. Entry ids are
 * unique in the tenant and seqs in the client's account, whether committed,
 * appended earlier in this transaction, or earlier in the same batch; a batch
 * is checked whole before any of it is appended.
 */
export class AccountRepo implements AccountLedgerRepository {
  constructor(private readonly overlay: Overlay) {}

  async append(entries: readonly AccountEntry[]): Promise<void> {
    const { overlay } = this;
    overlay.assertOpen();
    const batchIds = new Set<string>();
    const batchSeqs = new Set<string>();
    for (const entry of entries) {
      const seqKey = `${entry.clientId}\u0000${entry.seq}`;
      const idTaken =
        overlay.state.accountEntryIds.has(entry.id) ||
        overlay.accountAppendedIds.has(entry.id) ||
        batchIds.has(entry.id);
      const seqTaken =
        !idTaken &&
        (batchSeqs.has(seqKey) ||
          hasSeq(overlay.state.accounts.get(entry.clientId), entry.seq) ||
          overlay.accountAppended.get(entry.clientId)?.some((e) => e.seq === entry.seq) === true);
      if (idTaken || seqTaken) throw taken(entry, idTaken);
      batchIds.add(entry.id);
      batchSeqs.add(seqKey);
    }
    for (const entry of entries) {
      let list = overlay.accountAppended.get(entry.clientId);
      if (!list) {
        list = [];
        overlay.accountAppended.set(entry.clientId, list);
      }
      list.push(frozenCopy(entry));
      overlay.accountAppendedIds.add(entry.id);
    }
  }

  async listByClient(clientId: string): Promise<AccountEntry[]> {
    const { overlay } = this;
    overlay.assertOpen();
    const list = (overlay.state.accounts.get(clientId) ?? []).slice();
    for (const entry of overlay.accountAppended.get(clientId) ?? []) insertBySeq(list, entry);
    return list;
  }

  async paymentsFor(invoiceIds: readonly string[]): Promise<Map<string, number>> {
    const { overlay } = this;
    overlay.assertOpen();
    const wanted = new Set(invoiceIds);
    const paid = new Map<string, number>();
    // The committed sums from the index, then this transaction's own payments added on.
    for (const invoiceId of wanted) {
      const sum = overlay.state.paymentsByInvoice.get(invoiceId);
      if (sum !== undefined) paid.set(invoiceId, sum);
    }
    for (const entries of overlay.accountAppended.values()) {
      for (const entry of entries) {
        const invoiceId = paymentInvoice(entry);
        if (invoiceId !== null && wanted.has(invoiceId)) paid.set(invoiceId, (paid.get(invoiceId) ?? 0) + entry.amount);
      }
    }
    return paid;
  }
}

/** The invoice a payment entry pays (or, with a negative amount, reverses a payment of); null for anything else. */
function paymentInvoice(entry: AccountEntry): string | null {
  return entry.kind === 'payment' ? (entry.invoiceId ?? null) : null;
}

/** At commit: what others committed since this transaction appended may have taken its ids or seqs. */
export function assertAccountsStillUnique(state: TenantState, overlay: Overlay): void {
  for (const [clientId, entries] of overlay.accountAppended) {
    const committed = state.accounts.get(clientId);
    for (const entry of entries) {
      const idTaken = state.accountEntryIds.has(entry.id);
      if (idTaken || hasSeq(committed, entry.seq)) throw taken(entry, idTaken, ' meanwhile');
    }
  }
}

export function commitAccounts(state: TenantState, overlay: Overlay): void {
  for (const [clientId, entries] of overlay.accountAppended) {
    let list = state.accounts.get(clientId);
    if (!list) {
      list = [];
      state.accounts.set(clientId, list);
    }
    for (const entry of entries) {
      insertBySeq(list, entry);
      state.accountEntryIds.add(entry.id);
      const invoiceId = paymentInvoice(entry);
      if (invoiceId !== null) {
        state.paymentsByInvoice.set(invoiceId, (state.paymentsByInvoice.get(invoiceId) ?? 0) + entry.amount);
      }
    }
  }
}

function taken(entry: AccountEntry, idTaken: boolean, when = ''): SessionsError {
  return new SessionsError(
    'CONFLICT',
    idTaken
      ? `Account entry "${entry.id}" was already appended${when}: entries are appended once and never replaced.`
      : `The account of client "${entry.clientId}" already has an entry number ${entry.seq}${when}.`,
    { entity: 'account entry', id: entry.id, clientId: entry.clientId, seq: entry.seq },
  );
}

/** The first position in a seq-ordered list whose seq is not below `seq`. */
function seqIndex(list: readonly AccountEntry[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as AccountEntry).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasSeq(list: readonly AccountEntry[] | undefined, seq: number): boolean {
  return list !== undefined && list[seqIndex(list, seq)]?.seq === seq;
}

/** Keep a client's list in seq order, whatever order entries were appended in (in order, it only pushes). */
function insertBySeq(list: AccountEntry[], entry: AccountEntry): void {
  const last = list[list.length - 1];
  if (last === undefined || last.seq < entry.seq) list.push(entry);
  else list.splice(seqIndex(list, entry.seq), 0, entry);
}
