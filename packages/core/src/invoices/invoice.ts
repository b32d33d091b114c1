import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

export interface InvoiceLine {
  readonly description: string;
  readonly quantity: number;
  /** Minor units per item. */
  readonly unitPrice: number;
  /** quantity × unitPrice, minor units. */
  readonly amount: number;
}

/**
 * The bill for a block, or for sessions billed to a client's account. Lines
 * always add up to the total exactly: an uneven split appears as two lines
 * (1 × 333.34, 2 × 333.33), never as a rounded one. What has been paid is not
 * stored here: it is the sum of the payment entries that name the invoice (the
 * block's ledger, or the client's account), so the two can never disagree.
 */
export interface Invoice extends RecordBase {
  /** The block it bills, or null for an invoice of sessions. */
  readonly blockId: string | null;
  /** The attendances it bills, for an invoice of sessions; empty for a block's invoice. */
  readonly attendanceIds: readonly string[];
  readonly clientId: string;
  readonly number: string;
  readonly lines: readonly InvoiceLine[];
  readonly total: number;
  readonly currency: string;
  readonly issuedAt: InstantString;
  /** Calendar date in the tenant's zone. */
  readonly dueOn: string;
  readonly subject: string | null;
  readonly message: string | null;
}
