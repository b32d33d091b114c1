import { type Actor, isStaff } from '../actor.js';
import { SessionsError } from '../errors.js';
import type { Session } from './session.js';

/** Clients book only themselves; practitioners only their own sessions; only staff and admins override. */
export function assertMayBook(
  actor: Actor,
  booking: { clientIds: readonly string[]; practitionerId: string; override: unknown },
): void {
  if (actor.kind === 'client' && booking.clientIds.some((id) => id !== actor.id)) {
    throw new SessionsError('FORBIDDEN', 'A client may book sessions only for themself.', {
      issues: [{ path: ['clients'], message: 'must name only you' }],
    });
  }
  assertOwnPractice(actor, booking.practitionerId);
  if (booking.override !== undefined && !isStaff(actor)) {
    throw new SessionsError(
      'FORBIDDEN',
      `A ${actor.kind} may not override the account mode; only staff and admins may, and the override is recorded.`,
      { issues: [{ path: ['override'], message: 'only staff and admins may override' }] },
    );
  }
}

/** A practitioner acts only on their own sessions. */
export function assertOwnPractice(actor: Actor, practitionerId: string): void {
  if (actor.kind === 'practitioner' && actor.id !== practitionerId) {
    throw new SessionsError('FORBIDDEN', 'A practitioner may only schedule and change their own sessions.', {
      practitionerId,
    });
  }
}

/** Changes a session's timing, notes, links: the practice's business, not a client's. */
export function assertMayManage(actor: Actor, session: Session, action: string): void {
  if (actor.kind === 'client') {
    throw new SessionsError('FORBIDDEN', `A client may not ${action}; ask the practice.`, { actorKind: actor.kind });
  }
  assertOwnPractice(actor, session.practitionerId);
}
