import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { type CancellationDecision, decideCancellation } from '../cancellation/decide.js';
import { notFound } from '../errors.js';
import type { CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { instantSchema, toInstantString } from '../time.js';
import { Books } from './books.js';
import { clientIdsSchema } from './schemas.js';
import { openSession, saveSession, sessionLocks } from './session-command.js';
import { type SessionView, SessionViews, visibleSession } from './session-view.js';
import { settleAttendances } from './settle.js';

const askShape = {
  sessionId: idSchema,
  /** The clients whose places to cancel; a client always cancels their own; staff default to everyone. */
  clientIds: clientIdsSchema.optional(),
  /** Staff and admins only: cancel at no cost whatever the policy says. Recorded. */
  waivePolicy: z.boolean().optional(),
};

export const previewCancellationInput = z
  .object({ ...askShape, /** When the cancellation would happen; now by default. */ at: instantSchema.optional() })
  .strict();

/** What cancelling would do — tier, type, unit used or returned, cost, wage — without doing it. */
export const previewCancellation: QuerySpec<typeof previewCancellationInput, CancellationDecision> = {
  name: 'sessions.previewCancellation',
  input: previewCancellationInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'preview a cancellation',
  async run(ctx, input) {
    const { session, attendances } = await visibleSession(ctx.tx, ctx.actor, input.sessionId);
    const service = await ctx.tx.services.get(session.serviceId);
    if (!service) throw notFound('service', session.serviceId);
    const at = input.at ? Temporal.Instant.from(input.at) : ctx.now;
    return decideCancellation(ctx, { session, attendances, service }, input, {
      instant: input.at ?? toInstantString(at),
      epochMilliseconds: at.epochMilliseconds,
    });
  },
};

export const cancelInput = z.object({ ...askShape, reason: z.string().max(500).optional() }).strict();

export interface CancelResult extends SessionView {
  /** What was done, exactly as `previewCancellation` said it would be. */
  readonly cancellation: CancellationDecision;
}

/**
 * Cancel a session, or some clients' places in it, under the practice's
 * cancellation policy: before every tier the session is cancelled and a
 * block unit returned; within a tier it is settled with the tier's type
 * (a late cancellation that charges uses the unit).
 */
export const cancelSession: CommandSpec<typeof cancelInput, CancelResult> = {
  name: 'sessions.cancel',
  input: cancelInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'cancel a session',
  locks: (tx, input) => sessionLocks(tx, input.sessionId),
  async run(ctx, input) {
    const open = await openSession(ctx, input.sessionId);
    const decision = await decideCancellation(ctx, open, input, {
      instant: ctx.at,
      epochMilliseconds: ctx.now.epochMilliseconds,
    });
    const books = new Books(ctx);
    const byId = new Map(open.attendances.map((a) => [a.id, a]));
    const first = decision.outcomes[0];
    const targets = decision.outcomes.map((o) => byId.get(o.attendanceId)).filter((a) => a !== undefined);
    const settled = first
      ? await settleAttendances(ctx, books, open, targets, first.type, {
          hoursBefore: decision.hoursBefore,
          tier: first.tier,
          waived: decision.waived,
          reason: input.reason ?? null,
        })
      : [];
    const saved = await saveSession(ctx, open, settled);
    await books.save();
    for (const outcome of decision.outcomes) {
      ctx.emit(
        'session.cancelled',
        { type: 'session', id: open.session.id },
        {
          attendanceId: outcome.attendanceId,
          clientId: outcome.clientId,
          blockId: outcome.blockId,
          cancelledBy: { kind: ctx.actor.kind, id: ctx.actor.id },
          hoursBefore: decision.hoursBefore,
          tier: outcome.tier,
          completionType: { id: outcome.type.typeId, label: outcome.type.label },
          unit: outcome.unit,
          cost: outcome.cost.amount,
          waived: decision.waived,
          reason: input.reason ?? null,
        },
      );
    }
    const view = await new SessionViews(ctx.tx, ctx.actor).view(saved.session, saved.attendances);
    return { ...view, cancellation: decision };
  },
};
