import type { ActorRef } from '../actor.js';
import type { InstantString } from '../time.js';

/**
 * Where a block's units are. Every unit sold or granted sits in exactly one
 * bucket; entries move units (and the value they carry) between buckets.
 */
export const BUCKETS = ['available', 'reserved', 'consumed', 'refunded', 'forfeited'] as const;
export type Bucket = (typeof BUCKETS)[number];

/**
 * purchase  — units enter the block (outside → available), carrying its price.
 * payment   — money received against the block's invoice; moves no units.
 * reserve   — a hold: a linked session is scheduled (available → reserved).
 * consume   — the hold is posted: completed, missed, late-cancelled (reserved → consumed),
 *             or posted directly when there was no hold (available → consumed).
 * release   — the hold is voided: cancelled in time (reserved → available).
 * refund    — unused units are bought back (available → refunded), with money returned.
 * expire    — the block passed its expiry date (available → forfeited).
 * adjust    — a correction or grant: any move, always with a reason.
 */
export const ENTRY_KINDS = [
  'purchase',
  'payment',
  'reserve',
  'consume',
  'release',
  'refund',
  'expire',
  'adjust',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * One line of a block's append-only ledger. Entries are never edited or
 * deleted: a mistake is fixed by a new entry that says what it corrects.
 */
export interface LedgerEntry {
  readonly tenantId: string;
  readonly id: string;
  readonly blockId: string;
  /** 1, 2, 3… in the order the entries were appended to this block. */
  readonly seq: number;
  readonly kind: EntryKind;
  /** The bucket the units leave; null when they come from outside the block. */
  readonly from: Bucket | null;
  /** The bucket the units enter; null when they leave the block. */
  readonly to: Bucket | null;
  /** Units moved (0 for payments). */
  readonly units: number;
  /** The value the moved units carry, minor units: part of the block's price. */
  readonly value: number;
  /** Whether the moved units include the block's specially priced first unit. */
  readonly firstUnit: boolean;
  /** Money received (payment) or paid back (refund), minor units; 0 otherwise. */
  readonly amount: number;
  /** On a refund: the part of `value` that cancels money still owed rather than being paid back. */
  readonly writeOff: number;
  /** The session (or attendance) this entry concerns, for holds and their settlement. */
  readonly sessionId: string | null;
  /**
   * The session's number on this block in booking order (the first session
   * booked on it is 1), on every entry naming a session; null otherwise.
   */
  readonly sessionNumber: number | null;
  readonly invoiceId: string | null;
  readonly actor: ActorRef;
  readonly at: InstantString;
  readonly reason: string | null;
  /** The entry this one corrects, if it is a correction. */
  readonly correctsEntryId: string | null;
}

/** What a command supplies; the store never invents ids, sequence numbers or times. */
export type NewLedgerEntry = LedgerEntry;
