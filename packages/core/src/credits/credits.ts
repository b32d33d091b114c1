import { z } from 'zod';
import { BlockLedger, type BlockView, blockLocks } from '../blocks/block-ledger.js';
import { idSchema } from '../blocks/schemas.js';
import { SessionsError } from '../errors.js';
import type { LedgerEntry } from '../ledger/entry.js';
import type { SessionEffect } from '../ledger/totals.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { instantSchema } from '../time.js';
import { consumeHold, releaseHold, reportMoves, takeForBooking } from './moves.js';

/**
 * The credits API the sessions layer calls: a session linked to a block
 * reserves units when it is scheduled, and settles them exactly once — consume
 * (completed, missed, late-cancelled) or release (cancelled in time). Each
 * session therefore has one live effect on the block at any moment.
 */
export interface CreditResult extends BlockView {
  readonly entry: LedgerEntry;
  /** The session's number within the block, in booking order ("session 3 of 10"). */
  readonly sessionNumber: number;
}

const bookingShape = {
  blockId: idSchema,
  sessionId: idSchema,
  serviceId: idSchema,
  practitionerId: idSchema,
  startsAt: instantSchema,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
};

export const reserveInput = z.object(bookingShape).strict();

export const reserveCredit: CommandSpec<typeof reserveInput, CreditResult> = {
  name: 'credits.reserve',
  input: reserveInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'reserve credit',
  reads: (input) => ({
    services: [input.serviceId],
    practitioners: [input.practitionerId],
    openBlocks: [{ blockId: input.blockId, sessionIds: [input.sessionId] }],
  }),
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId, { sessions: [input.sessionId] });
    assertPractitionerActsForSelf(ctx, input.practitionerId);
    const effect = await ledger.effectOf(input.sessionId);
    if (effect?.hold || (effect && effect.consumedUnits > 0)) throw alreadyLinked(input.sessionId, effect);
    const entry = await takeForBooking(ctx, ledger, input, 'reserve');
    return finish(ctx, ledger, entry);
  },
};

export const consumeInput = z
  .object({
    blockId: idSchema,
    sessionId: idSchema,
    /** Why the unit is used: "completed", "missed", "late cancellation", … */
    reason: z.string().max(200).optional(),
    /** Needed only when the session holds no unit yet (it is posted directly). */
    serviceId: idSchema.optional(),
    practitionerId: idSchema.optional(),
    startsAt: instantSchema.optional(),
    minutes: bookingShape.minutes,
  })
  .strict();

export const consumeCredit: CommandSpec<typeof consumeInput, CreditResult> = {
  name: 'credits.consume',
  input: consumeInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'consume credit',
  reads: (input) => ({ openBlocks: [{ blockId: input.blockId, sessionIds: [input.sessionId] }] }),
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId, { sessions: [input.sessionId] });
    const effect = await ledger.effectOf(input.sessionId);
    const reason = input.reason ?? 'completed';
    let entry: LedgerEntry;
    if (effect?.hold) {
      entry = consumeHold(ledger, input.sessionId, effect.hold, reason);
    } else if (effect && effect.consumedUnits > 0) {
      throw alreadyLinked(input.sessionId, effect);
    } else {
      const { serviceId, practitionerId, startsAt } = input;
      if (!serviceId || !practitionerId || !startsAt) {
        throw new SessionsError(
          'VALIDATION_FAILED',
          `Session "${input.sessionId}" holds no unit on this block: to post it directly, give serviceId, practitionerId and startsAt.`,
          {
            issues: ['serviceId', 'practitionerId', 'startsAt'].map((f) => ({
              path: [f],
              message: 'is required without a hold',
            })),
          },
        );
      }
      assertPractitionerActsForSelf(ctx, practitionerId);
      const request = { sessionId: input.sessionId, serviceId, practitionerId, startsAt, minutes: input.minutes };
      entry = await takeForBooking(ctx, ledger, request, 'consume', reason);
    }
    return finish(ctx, ledger, entry);
  },
};

export const releaseInput = z
  .object({ blockId: idSchema, sessionId: idSchema, reason: z.string().max(200).optional() })
  .strict();

export const releaseCredit: CommandSpec<typeof releaseInput, CreditResult> = {
  name: 'credits.release',
  input: releaseInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'release credit',
  reads: (input) => ({ openBlocks: [{ blockId: input.blockId, sessionIds: [input.sessionId] }] }),
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId, { sessions: [input.sessionId] });
    const effect = await ledger.effectOf(input.sessionId);
    if (!effect?.hold) {
      throw new SessionsError(
        'CONFLICT',
        effect && effect.consumedUnits > 0
          ? `Session "${input.sessionId}" was already charged to this block; a posted unit is not released.`
          : `Session "${input.sessionId}" holds no unit on this block.`,
        { sessionId: input.sessionId, blockId: input.blockId },
      );
    }
    const entry = releaseHold(ledger, input.sessionId, effect.hold, input.reason ?? 'cancelled in time');
    return finish(ctx, ledger, entry);
  },
};

async function finish(ctx: CommandContext, ledger: BlockLedger, entry: LedgerEntry): Promise<CreditResult> {
  await reportMoves(ctx, ledger);
  const sessionNumber = entry.sessionNumber ?? 0;
  return { ...ledger.view(), entry, sessionNumber };
}

function assertPractitionerActsForSelf(ctx: CommandContext, practitionerId: string): void {
  if (ctx.actor.kind === 'practitioner' && ctx.actor.id !== practitionerId) {
    throw new SessionsError('FORBIDDEN', 'A practitioner may book credit only for their own sessions.', {
      practitionerId,
    });
  }
}

function alreadyLinked(sessionId: string, effect: SessionEffect): SessionsError {
  return new SessionsError(
    'CONFLICT',
    effect.hold
      ? `Session "${sessionId}" already holds a unit on this block (session ${effect.number}).`
      : `Session "${sessionId}" was already charged to this block (session ${effect.number}).`,
    { sessionId, sessionNumber: effect.number },
  );
}
