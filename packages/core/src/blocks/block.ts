import type { ActorRef } from '../actor.js';
import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

/** What a block counts: sessions (any length uses one), minutes, or money (minor units of credit). */
export const UNIT_KINDS = ['sessions', 'minutes', 'money'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const BLOCK_STATUSES = ['draft', 'pending', 'active', 'completed', 'cancelled', 'expired'] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

/**
 * A prepaid bundle sold to one client. The record holds the terms of the sale
 * and its lifecycle status; every unit and every cent that moves is an entry
 * in the block's ledger, and balances are sums over those entries.
 */
export interface Block extends RecordBase {
  readonly clientId: string;
  readonly name: string;
  readonly description: string | null;
  readonly unitKind: UnitKind;
  /** Units sold (sessions, minutes, or minor units of credit). */
  readonly quantity: number;
  /** What the client pays for the block, minor units. */
  readonly price: number;
  /** Price of the first session when it differs from the rest (sessions blocks only). */
  readonly firstUnitPrice: number | null;
  readonly currency: string;
  /** Services the block may be used for; null means every service. */
  readonly coveredServiceIds: readonly string[] | null;
  /** Practitioners the block may be booked with; null means anyone. */
  readonly bookablePractitionerIds: readonly string[] | null;
  /** Last calendar day (tenant zone) the block can be used; null: never expires. */
  readonly expiresOn: string | null;
  readonly templateId: string | null;
  readonly status: BlockStatus;
  readonly invoiceId: string | null;
  readonly activatedAt: InstantString | null;
  readonly closedAt: InstantString | null;
  readonly deletedAt: InstantString | null;
  readonly createdBy: ActorRef;
}

/** A reusable offer ("10 sessions of physio, 90 days") that blocks are created from. */
export interface BlockTemplate extends RecordBase {
  readonly name: string;
  readonly description: string | null;
  readonly unitKind: UnitKind;
  readonly quantity: number;
  readonly price: number;
  readonly firstUnitPrice: number | null;
  readonly coveredServiceIds: readonly string[] | null;
  readonly bookablePractitionerIds: readonly string[] | null;
  /** Days from creation to expiry; null: never expires. */
  readonly validForDays: number | null;
}
