import type { BookingRequest } from '../credits/eligibility.js';
import { notFound, SessionsError } from '../errors.js';
import type { LockKey, StoreTransaction } from '../ports/store.js';
import type { Service } from '../records/service.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Attendance, Session } from './session.js';
import { sessionStatusOf, visibleSession } from './session-view.js';

/**
 * A command on a session locks the session and every attending client (whose
 * blocks and account it may move), read before the locks: a session's clients
 * change only under the session's own lock, and `openSession` checks that
 * nothing was added meanwhile.
 */
export async function sessionLocks(
  tx: StoreTransaction,
  sessionId: string,
  extraClientIds: readonly string[] = [],
): Promise<LockKey[]> {
  const attendances = await tx.attendances.listBySession(sessionId);
  return [
    `session:${sessionId}`,
    ...attendances.map((a) => `client:${a.clientId}`),
    ...extraClientIds.map((id) => `client:${id}`),
  ];
}

export interface OpenSession {
  readonly session: Session;
  readonly attendances: Attendance[];
  readonly service: Service;
}

/** Load a session for a command, with the locks `sessionLocks` named held. */
export async function openSession(
  ctx: CommandContext,
  sessionId: string,
  options: { allowDeleted?: boolean; onlyClients?: readonly string[] } = {},
): Promise<OpenSession> {
  const { session, attendances } = await visibleSession(ctx.tx, ctx.actor, sessionId, options);
  for (const attendance of attendances) {
    // A command that touches only some clients' places (a class enrolment) needs only their locks.
    if (options.onlyClients && !options.onlyClients.includes(attendance.clientId)) continue;
    if (!ctx.locked.has(`client:${attendance.clientId}`)) {
      throw new SessionsError(
        'CONFLICT',
        `Session "${sessionId}" gained a client while this command waited; run it again.`,
        {
          sessionId,
          retry: true,
        },
      );
    }
  }
  const service = await ctx.tx.services.get(session.serviceId);
  if (!service) throw notFound('service', session.serviceId);
  return { session, attendances, service };
}

/** What a block is asked when an attendance of this session books or uses it. */
export function bookingOf(session: Session, attendance: Pick<Attendance, 'id'>): BookingRequest {
  return {
    sessionId: attendance.id,
    serviceId: session.serviceId,
    practitionerId: session.practitionerId,
    startsAt: session.startsAt,
    minutes: session.durationMinutes,
  };
}

/** The attendance of one client, or NOT_FOUND in words. */
export function attendanceOf(attendances: readonly Attendance[], clientId: string, sessionId: string): Attendance {
  const attendance = attendances.find((a) => a.clientId === clientId);
  if (!attendance) {
    throw new SessionsError('NOT_FOUND', `Client "${clientId}" does not attend session "${sessionId}".`, {
      entity: 'attendance',
      sessionId,
      clientId,
    });
  }
  return attendance;
}

/**
 * Write the attendances a command changed, and the session with its status
 * derived from them (and `patch`), stamping `updatedAt` where anything changed.
 */
export async function saveSession(
  ctx: CommandContext,
  open: OpenSession,
  changed: readonly Attendance[],
  patch: Partial<Session> = {},
): Promise<{ session: Session; attendances: Attendance[] }> {
  const byId = new Map(changed.map((a) => [a.id, { ...a, updatedAt: ctx.at }]));
  for (const attendance of byId.values()) await ctx.tx.attendances.update(attendance);
  const attendances = open.attendances.map((a) => byId.get(a.id) ?? a);
  const status = patch.status ?? sessionStatusOf(attendances, open.session);
  let session = open.session;
  if (status !== session.status || Object.keys(patch).length > 0) {
    session = { ...session, ...patch, status, updatedAt: ctx.at };
    await ctx.tx.sessions.update(session);
  }
  return { session, attendances };
}

/** Whether a settled attendance is charged (its type charges), so it has a live charge to move or undo. */
export function isCharged(attendance: Attendance): boolean {
  return (
    attendance.status !== 'scheduled' && attendance.completion !== null && attendance.completion.modifier.client > 0
  );
}
