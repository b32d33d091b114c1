import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { assertMayBook } from './permissions.js';
import type { LinkOutcome } from './placement.js';
import { bookClients } from './schedule.js';
import { attendeeSchema, overrideSchema } from './schemas.js';
import { openSession, saveSession, sessionLocks } from './session-command.js';
import { type SessionView, SessionViews } from './session-view.js';

export const addClientInput = z
  .object({ sessionId: idSchema, client: attendeeSchema, override: overrideSchema.optional() })
  .strict();

export interface AddClientResult extends SessionView {
  readonly linking: LinkOutcome;
}

/**
 * Add a client to a scheduled session (it becomes, or grows as, a group
 * session) while it has room: their place is paid for exactly as when
 * scheduling — a block, else the account under its mode.
 */
export const addClientToSession: CommandSpec<typeof addClientInput, AddClientResult> = {
  name: 'sessions.addClient',
  input: addClientInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'add a client to a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId, [input.client.clientId]),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    const { session } = open;
    assertMayBook(ctx.actor, { clientIds: [], practitionerId: session.practitionerId, override: input.override });
    if (session.status !== 'scheduled') {
      throw new SessionsError('INVALID_TRANSITION', `Cannot add a client: the session is already ${session.status}.`, {
        from: session.status,
        to: 'scheduled',
        action: 'add a client',
      });
    }
    const present = open.attendances.find((a) => a.clientId === input.client.clientId);
    if (present) {
      throw new SessionsError('CONFLICT', 'This client already has a place in the session.', {
        attendanceId: present.id,
      });
    }
    const taking = open.attendances.filter((a) => a.status !== 'cancelled').length;
    if (taking >= session.capacity) {
      throw new SessionsError('CONFLICT', `The session is full: ${taking} of ${session.capacity} places are taken.`, {
        capacity: session.capacity,
        taken: taking,
      });
    }
    const books = new Books(ctx);
    const timing = {
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      timeZone: session.timeZone,
      minutes: session.durationMinutes,
    };
    const [booked] = await bookClients(
      ctx,
      books,
      { session, service: open.service, timing },
      [input.client],
      input.override,
    );
    if (!booked) throw new Error('unreachable: one client was booked');
    await ctx.tx.attendances.insert(booked.attendance);
    const saved = await saveSession(ctx, { ...open, attendances: [...open.attendances, booked.attendance] }, []);
    await books.save();
    ctx.emit(
      'session.attendee_added',
      { type: 'session', id: session.id },
      {
        attendanceId: booked.attendance.id,
        clientId: booked.attendance.clientId,
        blockId: booked.attendance.blockId,
        override: booked.attendance.override,
      },
    );
    const view = await new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
    return { ...view, linking: booked.link };
  },
};
