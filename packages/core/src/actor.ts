import { z } from 'zod';
import { SessionsError } from './errors.js';
import { parseInput } from './validation.js';

/**
 * Who is acting, and for which practice. Hosts build this from their own
 * authentication; every command takes one and is scoped to its tenant.
 */
export const ACTOR_KINDS = ['client', 'practitioner', 'staff', 'admin'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const actorSchema = z.object({
  tenantId: z.string().min(1, { error: 'tenantId is required' }),
  kind: z.enum(ACTOR_KINDS),
  id: z.string().min(1, { error: 'actor id is required' }),
});

export interface Actor {
  readonly tenantId: string;
  readonly kind: ActorKind;
  /** The client's or practitioner's id for those kinds; a user id for staff and admins. */
  readonly id: string;
}

/** The part of an actor recorded on ledger entries and records. */
export interface ActorRef {
  readonly kind: ActorKind;
  readonly id: string;
}

export function parseActor(actor: unknown): Actor {
  return parseInput(actorSchema, actor, 'actor');
}

export function actorRef(actor: Actor): ActorRef {
  return { kind: actor.kind, id: actor.id };
}

export function isStaff(actor: Actor): boolean {
  return actor.kind === 'staff' || actor.kind === 'admin';
}

/** Refuse an actor whose kind may not run a command at all. */
export function requireKind(actor: Actor, allowed: readonly ActorKind[], action: string): void {
  if (!allowed.includes(actor.kind)) {
    throw new SessionsError(
      'FORBIDDEN',
      `A ${actor.kind} may not ${action}; this needs ${allowed.map((k) => `a ${k}`).join(' or ')}.`,
      { actorKind: actor.kind, allowed: [...allowed] },
    );
  }
}
