import type { ActorRef } from '../actor.js';
import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

/**
 * Days the practice (or one practitioner) is closed: a holiday, a storm. The
 * dates are days on the practice's calendar, `from` to `to` inclusive. A
 * closure is visible to everyone and blocks availability; applying it cancels
 * the sessions it covers at no cost.
 */
export interface Closure extends RecordBase {
  /** Null: the whole practice. */
  readonly practitionerId: string | null;
  readonly from: string;
  readonly to: string;
  readonly reason: string | null;
  /** When its sessions were cancelled, if they were. */
  readonly appliedAt: InstantString | null;
  /** Soft deletion: a deleted closure no longer blocks availability. */
  readonly deletedAt: InstantString | null;
  readonly createdBy: ActorRef;
}
