import type { ActorRef } from '../actor.js';
import type { InstantString } from '../time.js';

/**
 * payment — money received on the client's account (balance +).
 * refund  — money paid back out of the account's credit (balance −).
 * credit  — credit granted by the practice, or a charge reversed (balance +).
 * hold    — an unlinked session was scheduled: its expected cost is held (held +).
 * release — the hold is voided: cancelled at no cost, linked to a block, deleted (held −).
 * charge  — the session was settled at a cost: the hold goes, the cost is charged (held −, balance −).
 * adjust  — a correction, always with a reason and the entry it corrects.
 */
export const ACCOUNT_ENTRY_KINDS = ['payment', 'refund', 'credit', 'hold', 'release', 'charge', 'adjust'] as const;
export type AccountEntryKind = (typeof ACCOUNT_ENTRY_KINDS)[number];

/**
 * One line of a client's account ledger: the money side of sessions that are
 * not paid for by a block. Append-only, like a block's ledger. The balance
 * (what the client has in credit, negative when they owe) and what is held
 * for scheduled sessions are sums over the entries, never stored counters.
 */
export interface AccountEntry {
  readonly tenantId: string;
  readonly id: string;
  readonly clientId: string;
  /** 1, 2, 3… in the order entries were appended to this client's account. */
  readonly seq: number;
  readonly kind: AccountEntryKind;
  /** Signed change to the balance, minor units: payments and credits add, charges and refunds subtract. */
  readonly amount: number;
  /** Signed change to what is held for scheduled sessions, minor units. */
  readonly held: number;
  readonly sessionId: string | null;
  readonly attendanceId: string | null;
  readonly invoiceId: string | null;
  readonly actor: ActorRef;
  readonly at: InstantString;
  readonly reason: string | null;
  readonly correctsEntryId: string | null;
}
