import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import type { BookingRequest } from '../credits/eligibility.js';
import { isSessionsError, SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { sessionIdInput } from './schemas.js';
import type { Attendance } from './session.js';
import { bookingOf, isCharged, openSession, saveSession, sessionLocks } from './session-command.js';
import { type SessionView, SessionViews } from './session-view.js';

/**
 * Soft-delete a session entered by mistake: every place in it gives up its
 * live effect (holds released, used units and charges given back), so the
 * blocks and accounts read as if it never happened — and `recover` puts it
 * all back. A session on an invoice is not deleted: the invoice bills it.
 */
export const deleteSession: CommandSpec<typeof sessionIdInput, SessionView> = {
  name: 'sessions.delete',
  input: sessionIdInput,
  allowed: ['staff', 'admin'],
  action: 'delete a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    const invoiced = open.attendances.find((a) => a.invoiceId !== null);
    if (invoiced) {
      throw new SessionsError(
        'CONFLICT',
        'This session is on an invoice: credit the invoice before deleting the session.',
        {
          invoiceId: invoiced.invoiceId,
        },
      );
    }
    const books = new Books(ctx);
    const reason = input.reason ? `session deleted: ${input.reason}` : 'session deleted';
    const changed: Attendance[] = [];
    for (const attendance of open.attendances) {
      await books.undo(attendance, reason);
      changed.push({ ...attendance, deletedAt: ctx.at });
    }
    const saved = await saveSession(ctx, open, changed, { deletedAt: ctx.at });
    await books.save();
    ctx.emit(
      'session.deleted',
      { type: 'session', id: open.session.id },
      {
        clientIds: open.attendances.map((a) => a.clientId),
        reason: input.reason ?? null,
      },
    );
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};

const recoverInput = z.object({ sessionId: idSchema }).strict();

/**
 * Bring a deleted session back, with every place's effect: scheduled places
 * hold their units (or account holds) again, settled ones are charged again.
 * If a block can no longer pay (used up, expired), recovery is refused with
 * that block's reason and nothing changes; unlink or extend first.
 */
export const recoverSession: CommandSpec<typeof recoverInput, SessionView> = {
  name: 'sessions.recover',
  input: recoverInput,
  allowed: ['staff', 'admin'],
  action: 'recover a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId, { allowDeleted: true });
    if (open.session.deletedAt === null) {
      throw new SessionsError('CONFLICT', `Session "${open.session.id}" is not deleted.`, {
        sessionId: open.session.id,
      });
    }
    const books = new Books(ctx);
    const changed: Attendance[] = [];
    for (const attendance of open.attendances) {
      const cost = await reapply(books, attendance, bookingOf(open.session, attendance));
      changed.push({ ...attendance, cost, deletedAt: null });
    }
    const saved = await saveSession(ctx, open, changed, { deletedAt: null });
    await books.save();
    ctx.emit(
      'session.recovered',
      { type: 'session', id: open.session.id },
      {
        clientIds: open.attendances.map((a) => a.clientId),
      },
    );
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};

/** Give a recovered place its effect back; a block that can no longer pay says why. */
async function reapply(books: Books, attendance: Attendance, request: BookingRequest): Promise<number> {
  try {
    if (attendance.status === 'scheduled') {
      if (attendance.blockId !== null) return await books.holdOnBlock(attendance.blockId, request);
      await books.holdOnAccount(attendance, attendance.cost);
      return attendance.cost;
    }
    if (!isCharged(attendance)) return attendance.cost;
    return await books.charge(attendance, request, attendance.cost, `${attendance.status}, session recovered`);
  } catch (error) {
    if (!isSessionsError(error)) throw error;
    throw new SessionsError(error.code, `Cannot recover the session: ${error.message}`, {
      ...error.details,
      attendanceId: attendance.id,
      clientId: attendance.clientId,
    });
  }
}
