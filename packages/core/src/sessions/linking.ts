import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { chargeFor, listPrice } from '../completion/charges.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { assertMayManage } from './permissions.js';
import { findPayingBlock } from './placement.js';
import type { Attendance } from './session.js';
import {
  attendanceOf,
  bookingOf,
  isCharged,
  type OpenSession,
  openSession,
  saveSession,
  sessionLocks,
} from './session-command.js';
import { type SessionView, SessionViews } from './session-view.js';

export const linkInput = z
  .object({
    sessionId: idSchema,
    clientId: idSchema,
    /** The block to pay from; the client's eligible block (soonest expiry first) when omitted. */
    blockId: idSchema.optional(),
  })
  .strict();

/**
 * Link an unlinked place in a session to one of the client's blocks — before
 * the session (the block holds a unit, the account's hold goes) or after it
 * was completed (the block is charged, the account's charge is reversed).
 * This is how an unlinked session leaves the reminders.
 */
export const linkSession: CommandSpec<typeof linkInput, SessionView> = {
  name: 'sessions.link',
  input: linkInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'link a session to a block',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    assertMayManage(ctx.actor, open.session, 'link a session to a block');
    const attendance = attendanceOf(open.attendances, input.clientId, open.session.id);
    if (attendance.blockId !== null) {
      throw new SessionsError(
        'CONFLICT',
        `This session is already linked to block "${attendance.blockId}": unlink it first to move it.`,
        {
          blockId: attendance.blockId,
        },
      );
    }
    if (attendance.invoiceId !== null) {
      throw new SessionsError(
        'CONFLICT',
        'This session is already on an invoice, so it is paid that way and cannot be linked to a block.',
        {
          invoiceId: attendance.invoiceId,
        },
      );
    }
    if (attendance.status !== 'scheduled' && !isCharged(attendance)) {
      throw new SessionsError(
        'CONFLICT',
        `This session was ${attendance.status} at no cost: there is nothing for a block to pay.`,
        {
          status: attendance.status,
        },
      );
    }
    const books = new Books(ctx);
    const blockId = input.blockId ?? (await chooseBlock(ctx, books, open, attendance));
    const ledger = await books.block(blockId);
    if (ledger.block.clientId !== attendance.clientId) throw notFound('block', blockId);
    await books.undo(attendance, `linked to block "${ledger.block.name}"`);
    const linked = { ...attendance, blockId };
    const request = bookingOf(open.session, attendance);
    const cost =
      attendance.status === 'scheduled'
        ? await books.holdOnBlock(blockId, request)
        : await books.charge(linked, request, attendance.cost, `${attendance.status}, linked after the session`);
    const saved = await saveSession(ctx, open, [{ ...linked, cost }]);
    await books.save();
    ctx.emit(
      'session.linked',
      { type: 'session', id: open.session.id },
      {
        attendanceId: attendance.id,
        clientId: attendance.clientId,
        blockId,
        status: attendance.status,
      },
    );
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};

async function chooseBlock(
  ctx: CommandContext,
  books: Books,
  open: OpenSession,
  attendance: Attendance,
): Promise<string> {
  const client = await ctx.tx.clients.get(attendance.clientId);
  if (!client) throw notFound('client', attendance.clientId);
  const { block, reason } = await findPayingBlock(ctx, books, client, bookingOf(open.session, attendance));
  if (!block) {
    throw new SessionsError(
      'INSUFFICIENT_CREDIT',
      `No block of ${client.name} can pay for this session. ${reason ?? ''}`.trim(),
      {
        clientId: client.id,
        reason,
      },
    );
  }
  return block.id;
}

export const unlinkInput = z
  .object({ sessionId: idSchema, clientId: idSchema, reason: z.string().max(500).optional() })
  .strict();

/**
 * Take a place off its block and bill it to the client's account instead:
 * the block's hold is released (or a used unit given back) and the account
 * holds (or is charged) the session's own price. The account mode is not
 * asked: unlinking is a staff decision.
 */
export const unlinkSession: CommandSpec<typeof unlinkInput, SessionView> = {
  name: 'sessions.unlink',
  input: unlinkInput,
  allowed: ['staff', 'admin'],
  action: 'unlink a session from its block',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    const attendance = attendanceOf(open.attendances, input.clientId, open.session.id);
    if (attendance.blockId === null) {
      throw new SessionsError('CONFLICT', 'This session is not linked to a block.', { attendanceId: attendance.id });
    }
    const books = new Books(ctx);
    const reason = input.reason ?? 'unlinked from its block';
    await books.undo(attendance, reason);
    const unlinked = { ...attendance, blockId: null };
    let cost = 0;
    if (attendance.status === 'scheduled') {
      cost = listPrice(open.service, open.session.durationMinutes);
      await books.holdOnAccount(attendance, cost);
    } else if (isCharged(attendance) && attendance.completion) {
      cost = chargeFor(attendance.completion, open.service, open.session.durationMinutes).cost;
      await books.charge(unlinked, bookingOf(open.session, attendance), cost, reason);
    }
    const saved = await saveSession(ctx, open, [{ ...unlinked, cost }]);
    await books.save();
    ctx.emit(
      'session.unlinked',
      { type: 'session', id: open.session.id },
      {
        attendanceId: attendance.id,
        clientId: attendance.clientId,
        blockId: attendance.blockId,
        reason,
      },
    );
    return new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
  },
};
