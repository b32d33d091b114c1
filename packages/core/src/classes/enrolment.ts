import type { ActorRef } from '../actor.js';
import type { RecordBase } from '../records/people.js';
import type { AccountOverride } from '../sessions/session.js';
import type { InstantString } from '../time.js';

export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'dropped'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/**
 * A client's place in a class: enrolled (booked into every session that has
 * not started), waiting for a seat (first come, first promoted), or dropped.
 */
export interface Enrolment extends RecordBase {
  readonly classId: string;
  readonly clientId: string;
  readonly status: EnrolmentStatus;
  /** When the client joined the waitlist. */
  readonly waitlistedAt: InstantString | null;
  /** The waitlist's order, first come first served: 1, 2, 3… per class (a sequence, so ties cannot happen). */
  readonly waitlistNumber: number | null;
  readonly enrolledAt: InstantString | null;
  readonly droppedAt: InstantString | null;
  /** Set when staff enrolled or dropped past a deadline, or past the account mode. */
  readonly override: (Partial<AccountOverride> & { readonly by: ActorRef; readonly reason: string }) | null;
  readonly createdBy: ActorRef;
}
