import { z } from 'zod';
import { amountIn } from '../blocks/create-block.js';
import { idSchema } from '../blocks/schemas.js';
import { resolveCompletionType } from '../completion/charges.js';
import { SessionsError } from '../errors.js';
import { nonNegativeMoneySchema } from '../money.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { assertMayManage } from './permissions.js';
import { clientIdsSchema } from './schemas.js';
import type { Attendance } from './session.js';
import { attendanceOf, openSession, saveSession, sessionLocks } from './session-command.js';
import { type SessionView, SessionViews } from './session-view.js';
import { settleAttendances } from './settle.js';

export const completeInput = z
  .object({
    sessionId: idSchema,
    /** The clients whose attendance to close; every open one when omitted. */
    clientIds: clientIdsSchema.optional(),
    /** `completed` (default), `missed`, `cancelled`, `cost_override`, or a custom type's id. */
    type: z.string().min(1).max(200).default('completed'),
    /** With `cost_override` only: what the client is charged and the practitioner earns. */
    cost: nonNegativeMoneySchema.optional(),
    wage: nonNegativeMoneySchema.optional(),
  })
  .strict();

/**
 * Close a session's open attendances with a completion type ("save the
 * session"): completed and missed charge in full, cancelled charges nothing,
 * a custom type charges its share, a cost override what staff set. A
 * block-linked attendance uses its unit if the type charges and gets it back
 * if not. Settled attendances cannot be settled again.
 */
export const completeSession: CommandSpec<typeof completeInput, SessionView> = {
  name: 'sessions.complete',
  input: completeInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'complete a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    assertMayManage(ctx.actor, open.session, 'complete a session');
    const currency = ctx.settings.currency;
    const type = await resolveCompletionType(ctx.tx, ctx.actor, input.type, {
      cost: input.cost && amountIn(input.cost, currency, ['cost']),
      wage: input.wage && amountIn(input.wage, currency, ['wage']),
    });
    const targets = openTargets(open.attendances, input.clientIds, input.sessionId, `complete it as ${type.label}`);
    const books = new Books(ctx);
    const settled = await settleAttendances(ctx, books, open, targets, type);
    const saved = await saveSession(ctx, open, settled);
    await books.save();
    for (const attendance of settled) {
      ctx.emit(
        'session.completed',
        { type: 'session', id: open.session.id },
        {
          attendanceId: attendance.id,
          clientId: attendance.clientId,
          status: attendance.status,
          completionType: { id: type.typeId, label: type.label },
          cost: attendance.cost,
          wage: attendance.wage,
          blockId: attendance.blockId,
        },
      );
    }
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};

/**
 * The attendances a command closes: the named clients' (each must still be
 * open), or every open one. Refuses when there is nothing open to close.
 */
export function openTargets(
  attendances: readonly Attendance[],
  clientIds: readonly string[] | undefined,
  sessionId: string,
  action: string,
): Attendance[] {
  const named = clientIds ? clientIds.map((id) => attendanceOf(attendances, id, sessionId)) : attendances;
  const settled = clientIds ? named.filter((a) => a.status !== 'scheduled') : [];
  const targets = named.filter((a) => a.status === 'scheduled');
  if (settled.length > 0 || targets.length === 0) {
    const status = (settled[0] ?? attendances[0])?.status ?? 'scheduled';
    throw new SessionsError(
      'INVALID_TRANSITION',
      `Cannot ${action}: the session is already ${status}${settled.length > 0 ? ` for client "${settled[0]?.clientId}"` : ''}, and a settled session is not settled again.`,
      { from: status, to: 'settled', sessionId, action },
    );
  }
  return targets;
}
