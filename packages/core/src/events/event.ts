import type { InstantString } from '../time.js';

export const EVENT_TYPES = [
  'block.created',
  'invoice.issued',
  'payment.recorded',
  'payment.reversed',
  'block.activated',
  'credit.reserved',
  'credit.consumed',
  'credit.released',
  'block.low_balance',
  'block.last_unit_used',
  'block.completed',
  'block.refunded',
  'block.cancelled',
  'block.expired',
  'block.expiry_extended',
  'block.units_granted',
  'block.deleted',
  'block.restored',
  'session.scheduled',
  'session.rescheduled',
  'session.updated',
  'session.attendee_added',
  'session.linked',
  'session.unlinked',
  'session.completed',
  'session.cancelled',
  'session.deleted',
  'session.recovered',
  'account.payment_recorded',
  'account.refunded',
  'account.credited',
  'account.invoice_issued',
  'series.created',
  'series.updated',
  'series.cancelled',
  'class.created',
  'class.enrolled',
  'class.waitlisted',
  'class.dropped',
  'class.waitlist_promoted',
  'class.promotion_failed',
  'closure.created',
  'closure.deleted',
  'closure.applied',
  'closure.client_notified',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * A domain event, appended to the outbox in the same transaction as the
 * command that caused it, so a host that sends emails from the outbox never
 * mails about a change that was rolled back, and never misses one that was not.
 */
export interface DomainEvent {
  readonly tenantId: string;
  readonly id: string;
  readonly type: EventType;
  readonly at: InstantString;
  readonly aggregate: {
    readonly type: 'block' | 'client' | 'session' | 'series' | 'closure' | 'practitioner';
    readonly id: string;
  };
  readonly payload: Readonly<Record<string, unknown>>;
}
