import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { SessionsError } from '../errors.js';
import { ownClientId } from '../queries/block-queries.js';
import type { QuerySpec } from '../runtime/runtime.js';
import { instantSchema } from '../time.js';
import { SESSION_STATUSES, type Session } from './session.js';
import { type SessionView, SessionViews, visibleSession } from './session-view.js';

const getInput = z.object({ sessionId: idSchema }).strict();

/** One session with its attendances; a client sees only their own place and no private note. */
export const getSession: QuerySpec<typeof getInput, SessionView> = {
  name: 'sessions.get',
  input: getInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read a session',
  async run({ tx, actor }, input) {
    const { session, attendances } = await visibleSession(tx, actor, input.sessionId, {
      allowDeleted: actor.kind !== 'client',
    });
    return new SessionViews(tx, actor).view(session, attendances);
  },
};

const EARLIEST = '0000-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';

export const listSessionsInput = z
  .object({
    clientId: idSchema.optional(),
    practitionerId: idSchema.optional(),
    /** Sessions paid for by this block: its history, "session 3 of 10". */
    blockId: idSchema.optional(),
    /** Sessions starting at or after this instant. */
    from: instantSchema.optional(),
    /** Sessions starting before this instant. */
    to: instantSchema.optional(),
    statuses: z.array(z.enum(SESSION_STATUSES)).min(1).optional(),
    /** Staff and admins: include deleted sessions (for recovery). */
    includeDeleted: z.boolean().default(false),
  })
  .strict()
  .default({ includeDeleted: false });

/**
 * Sessions by start, then id. A client lists only their own sessions (and
 * places), a practitioner only theirs; staff and admins filter as they like.
 */
export const listSessions: QuerySpec<typeof listSessionsInput, SessionView[]> = {
  name: 'sessions.list',
  input: listSessionsInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'list sessions',
  async run({ tx, actor }, input) {
    const clientId = ownClientId(actor, input.clientId);
    if (actor.kind === 'practitioner' && input.practitionerId !== undefined && input.practitionerId !== actor.id) {
      throw new SessionsError('FORBIDDEN', 'A practitioner may list only their own sessions.', {
        issues: [{ path: ['practitionerId'], message: 'must be your own id' }],
      });
    }
    const practitionerId = actor.kind === 'practitioner' ? actor.id : input.practitionerId;
    const range = { from: input.from ?? EARLIEST, to: input.to ?? LATEST };
    let sessions: Session[];
    if (input.blockId !== undefined || clientId !== undefined) {
      const attendances =
        input.blockId !== undefined
          ? await tx.attendances.listByBlock(input.blockId)
          : await tx.attendances.listByClient(clientId as string);
      const ids = [
        ...new Set(
          attendances
            .filter(
              (a) =>
                (clientId === undefined || a.clientId === clientId) &&
                a.startsAt >= range.from &&
                a.startsAt < range.to,
            )
            .map((a) => a.sessionId),
        ),
      ];
      sessions = (await Promise.all(ids.map((id) => tx.sessions.get(id)))).filter((s): s is Session => s !== null);
    } else if (practitionerId !== undefined) {
      sessions = await tx.sessions.listByPractitioner(practitionerId, range);
    } else {
      sessions = await tx.sessions.listStartingBetween(range);
    }
    const includeDeleted = input.includeDeleted && actor.kind !== 'client';
    const chosen = sessions
      .filter((s) => practitionerId === undefined || s.practitionerId === practitionerId)
      .filter((s) => input.statuses === undefined || input.statuses.includes(s.status))
      .filter((s) => includeDeleted || s.deletedAt === null)
      .sort((a, b) =>
        a.startsAt !== b.startsAt ? (a.startsAt < b.startsAt ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
    const views = new SessionViews(tx, actor);
    return Promise.all(chosen.map((session) => views.view(session)));
  },
};
