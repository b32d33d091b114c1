import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { listPrice } from '../completion/charges.js';
import { checkEligibility } from '../credits/eligibility.js';
import { releaseHold, takeForBooking } from '../credits/moves.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { assertMayManage, assertOwnPractice } from './permissions.js';
import { refineTiming, timingOf, timingShape } from './schemas.js';
import type { Attendance, Session } from './session.js';
import { bookingOf, type OpenSession, openSession, saveSession, sessionLocks } from './session-command.js';
import { type SessionView, SessionViews } from './session-view.js';

export const rescheduleInput = z
  .object({
    sessionId: idSchema,
    ...timingShape,
    /** Hand the session to another practitioner. */
    practitionerId: idSchema.optional(),
  })
  .strict()
  .superRefine(refineTiming);

/**
 * Move a scheduled session to a new time (and optionally practitioner). Its
 * length stays unless an end or duration is given. Every block still paying
 * for a place must accept the new time — in date, bookable with the
 * practitioner — or the move is refused and nothing changes; a block counted
 * in minutes holds the new length. The account modes are not asked again:
 * the session was already allowed.
 */
export const rescheduleSession: CommandSpec<typeof rescheduleInput, SessionView> = {
  name: 'sessions.reschedule',
  input: rescheduleInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'reschedule a session',
  async locks(tx, input) {
    // Both practitioners' calendars change: the one it leaves and the one it joins.
    const session = await tx.sessions.get(input.sessionId);
    const practitioners = [session?.practitionerId, input.practitionerId].filter((id) => id !== undefined);
    return [...(await sessionLocks(tx, input.sessionId)), ...practitioners.map((id) => `practitioner:${id}`)];
  },
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    assertMayManage(ctx.actor, open.session, 'reschedule a session');
    const practitionerId = input.practitionerId ?? open.session.practitionerId;
    if (input.practitionerId !== undefined) {
      assertOwnPractice(ctx.actor, input.practitionerId);
      if (!(await ctx.tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    }
    const timing = timingOf(input, open.session.durationMinutes);
    const books = new Books(ctx);
    const { moved, changed } = await moveSession(books, open, { ...timing, practitionerId });
    const { startsAt, endsAt, timeZone, durationMinutes } = moved;
    const saved = await saveSession(ctx, open, changed, {
      practitionerId,
      startsAt,
      endsAt,
      timeZone,
      durationMinutes,
    });
    await books.save();
    ctx.emit(
      'session.rescheduled',
      { type: 'session', id: moved.id },
      {
        from: { startsAt: open.session.startsAt, practitionerId: open.session.practitionerId },
        to: { startsAt, practitionerId },
        clientIds: open.attendances.map((a) => a.clientId),
      },
    );
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};

/**
 * Move an open session to a new time (and practitioner): refused when it
 * already took place; every place still scheduled is re-checked against its
 * block (or re-priced on the account). Returns the moved session and its
 * attendances, for the caller to save.
 */
export async function moveSession(
  books: Books,
  open: OpenSession,
  to: { startsAt: string; endsAt: string; timeZone: string; minutes: number; practitionerId: string },
): Promise<{ moved: Session; changed: Attendance[] }> {
  const settled = open.attendances.find((a) => a.status === 'completed' || a.status === 'missed');
  if (open.session.status !== 'scheduled' || settled) {
    const status = settled?.status ?? open.session.status;
    throw new SessionsError('INVALID_TRANSITION', `Cannot reschedule: the session is already ${status}.`, {
      from: status,
      to: 'scheduled',
      sessionId: open.session.id,
      action: 'reschedule the session',
    });
  }
  const moved: Session = {
    ...open.session,
    practitionerId: to.practitionerId,
    startsAt: to.startsAt,
    endsAt: to.endsAt,
    timeZone: to.timeZone,
    durationMinutes: to.minutes,
  };
  const changed: Attendance[] = [];
  for (const attendance of open.attendances) {
    const cost = attendance.status === 'scheduled' ? await moveHold(books, open, moved, attendance) : attendance.cost;
    changed.push({ ...attendance, startsAt: moved.startsAt, cost });
  }
  return { moved, changed };
}

/** Re-check a held place against the moved session; hold anew when what it needs changed. Returns the new cost. */
async function moveHold(books: Books, open: OpenSession, moved: Session, attendance: Attendance): Promise<number> {
  const request = bookingOf(moved, attendance);
  if (attendance.blockId === null) {
    const cost = listPrice(open.service, moved.durationMinutes);
    if (cost !== attendance.cost) {
      await books.undo(attendance, 'rescheduled');
      await books.holdOnAccount(attendance, cost);
    }
    return cost;
  }
  const ledger = await books.block(attendance.blockId);
  const hold = (await ledger.effectOf(attendance.id))?.hold;
  const { units } = await checkEligibility(books.ctx, ledger.block, request);
  if (hold && hold.units === units) return attendance.cost;
  if (hold) releaseHold(ledger, attendance.id, hold, 'rescheduled');
  return (await takeForBooking(books.ctx, ledger, request, 'reserve', 'rescheduled')).value;
}

export const updateSessionInput = z
  .object({
    sessionId: idSchema,
    location: z.string().max(200).nullable().optional(),
    publicNote: z.string().max(2000).nullable().optional(),
    privateNote: z.string().max(5000).nullable().optional(),
    capacity: z.number().int().min(1).max(500).optional(),
  })
  .strict();

/** Change a session's location, notes or capacity. */
export const updateSession: CommandSpec<typeof updateSessionInput, SessionView> = {
  name: 'sessions.update',
  input: updateSessionInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'change a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    assertMayManage(ctx.actor, open.session, 'change a session');
    const { sessionId: _, ...patch } = input;
    const taking = open.attendances.filter((a) => a.status !== 'cancelled').length;
    if (patch.capacity !== undefined && patch.capacity < taking) {
      throw new SessionsError('VALIDATION_FAILED', `Invalid capacity: the session already has ${taking} clients.`, {
        issues: [{ path: ['capacity'], message: `must be at least ${taking}` }],
      });
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Session>;
    const saved = await saveSession(ctx, open, [], defined);
    ctx.emit('session.updated', { type: 'session', id: open.session.id }, { fields: Object.keys(defined) });
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};
