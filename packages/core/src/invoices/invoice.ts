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
 * The bill for a block. Lines always add up to the total exactly: an uneven
 * split appears as two lines (1 × 333.34, 2 × 333.33), never as a rounded one.
 * What has been paid is not stored here: it is the sum of the block's payment
 * entries, so the invoice and the ledger can never disagree.
 */
export interface Invoice extends RecordBase {
  readonly blockId: string;
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
