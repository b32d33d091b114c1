import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import type { InstantRange, StoreTransaction } from '../ports/store.js';
import type { CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { Books } from '../sessions/books.js';
import { cancelWhole } from '../sessions/cancel-whole.js';
import type { Session } from '../sessions/session.js';
import { openSession, sessionLocks } from '../sessions/session-command.js';
import type { TenantSettings } from '../settings/settings.js';
import { plainDateSchema, toInstantString } from '../time.js';
import type { Closure } from './closure.js';

const rangeShape = {
  /** Null or omitted: the whole practice. */
  practitionerId: idSchema.nullable().optional(),
  /** The first closed day, on the practice's calendar. */
  from: plainDateSchema,
  /** The last closed day (inclusive); `from` when omitted. */
  to: plainDateSchema.optional(),
};

function refineRange(input: { from: string; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (input.to !== undefined && input.to < input.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

export const createClosureInput = z
  .object({ ...rangeShape, reason: z.string().max(500).optional() })
  .strict()
  .superRefine(refineRange);

/** The instants a closure covers: from the start of its first day to the start of the day after its last, in the practice's zone. */
export function closureRange(
  closure: Pick<Closure, 'from' | 'to'>,
  settings: Pick<TenantSettings, 'timeZone'>,
): InstantRange {
  const start = (date: Temporal.PlainDate) =>
    toInstantString(date.toZonedDateTime({ timeZone: settings.timeZone }).toInstant());
  return {
    from: start(Temporal.PlainDate.from(closure.from)),
    to: start(Temporal.PlainDate.from(closure.to).add({ days: 1 })),
  };
}

/** Close the practice, or one practitioner, for a day or a range of days. Visible to everyone; blocks availability. */
export const createClosure: CommandSpec<typeof createClosureInput, Closure> = {
  name: 'closures.create',
  input: createClosureInput,
  allowed: ['staff', 'admin'],
  action: 'add a closure',
  locks: () => [],
  async run(ctx, input) {
    if (input.practitionerId && !(await ctx.tx.practitioners.get(input.practitionerId))) {
      throw notFound('practitioner', input.practitionerId);
    }
    const closure: Closure = {
      tenantId: ctx.actor.tenantId,
      id: ctx.ids(),
      practitionerId: input.practitionerId ?? null,
      from: input.from,
      to: input.to ?? input.from,
      reason: input.reason ?? null,
      appliedAt: null,
      deletedAt: null,
      createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    await ctx.tx.closures.insert(closure);
    ctx.emit(
      'closure.created',
      { type: 'closure', id: closure.id },
      {
        practitionerId: closure.practitionerId,
        from: closure.from,
        to: closure.to,
        reason: closure.reason,
      },
    );
    return closure;
  },
};

const closureIdInput = z.object({ closureId: idSchema }).strict();

/** Remove a closure (sessions it already cancelled stay cancelled). */
export const deleteClosure: CommandSpec<typeof closureIdInput, Closure> = {
  name: 'closures.delete',
  input: closureIdInput,
  allowed: ['staff', 'admin'],
  action: 'remove a closure',
  locks: (_tx, input) => [`closure:${input.closureId}`],
  async run(ctx, input) {
    const closure = await liveClosure(ctx.tx, input.closureId);
    const deleted = { ...closure, deletedAt: ctx.at, updatedAt: ctx.at };
    await ctx.tx.closures.update(deleted);
    ctx.emit('closure.deleted', { type: 'closure', id: closure.id }, { from: closure.from, to: closure.to });
    return deleted;
  },
};

async function liveClosure(tx: StoreTransaction, closureId: string): Promise<Closure> {
  const closure = await tx.closures.get(closureId);
  if (!closure || closure.deletedAt !== null) throw notFound('closure', closureId);
  return closure;
}

export const listClosuresInput = z
  .object({ from: plainDateSchema.optional(), to: plainDateSchema.optional(), practitionerId: idSchema.optional() })
  .strict()
  .default({});

/** Closures overlapping a range of days (all by default), by first day: everyone sees them, clients included. */
export const listClosures: QuerySpec<typeof listClosuresInput, Closure[]> = {
  name: 'closures.list',
  input: listClosuresInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'list closures',
  async run({ tx }, input) {
    return (await tx.closures.list())
      .filter((c) => c.deletedAt === null)
      .filter((c) => (input.from === undefined || c.to >= input.from) && (input.to === undefined || c.from <= input.to))
      .filter(
        (c) =>
          input.practitionerId === undefined || c.practitionerId === null || c.practitionerId === input.practitionerId,
      )
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : 1));
  },
};

/** A session a closure would cancel. */
export interface AffectedSession {
  readonly sessionId: string;
  readonly startsAt: string;
  readonly practitionerId: string;
  readonly clientIds: readonly string[];
  readonly classId: string | null;
}

async function affected(
  tx: StoreTransaction,
  closure: Pick<Closure, 'from' | 'to' | 'practitionerId'>,
  settings: TenantSettings,
): Promise<Session[]> {
  const range = closureRange(closure, settings);
  const sessions = closure.practitionerId
    ? await tx.sessions.listByPractitioner(closure.practitionerId, range)
    : await tx.sessions.listStartingBetween(range);
  return sessions.filter((s) => s.deletedAt === null && s.status === 'scheduled');
}

async function describeAffected(tx: StoreTransaction, sessions: readonly Session[]): Promise<AffectedSession[]> {
  const out: AffectedSession[] = [];
  for (const s of sessions) {
    const attendances = await tx.attendances.listBySession(s.id);
    out.push({
      sessionId: s.id,
      startsAt: s.startsAt,
      practitionerId: s.practitionerId,
      clientIds: attendances.filter((a) => a.status === 'scheduled').map((a) => a.clientId),
      classId: s.classId,
    });
  }
  return out;
}

export const previewClosureInput = z.union([closureIdInput, z.object(rangeShape).strict().superRefine(refineRange)]);

/** The scheduled sessions a closure (stored, or a range being considered) would cancel, by start. */
export const previewClosure: QuerySpec<typeof previewClosureInput, AffectedSession[]> = {
  name: 'closures.preview',
  input: previewClosureInput,
  allowed: ['staff', 'admin'],
  action: 'preview a closure',
  async run({ tx, settings }, input) {
    const closure =
      'closureId' in input
        ? await liveClosure(tx, input.closureId)
        : { from: input.from, to: input.to ?? input.from, practitionerId: input.practitionerId ?? null };
    return describeAffected(tx, await affected(tx, closure, settings));
  },
};

export const applyClosureInput = z
  .object({
    closureId: idSchema,
    /** Send each affected client a notification event (`closure.client_notified`). */
    notify: z.boolean().default(false),
  })
  .strict();

/**
 * Cancel every scheduled session a closure covers, in one transaction, with
 * reason "closure": every place cancelled at no cost (units returned, holds
 * released), class sessions included; with `notify`, one
 * `closure.client_notified` event per client listing their sessions.
 */
export const applyClosure: CommandSpec<typeof applyClosureInput, { closure: Closure; cancelled: AffectedSession[] }> = {
  name: 'closures.apply',
  input: applyClosureInput,
  allowed: ['staff', 'admin'],
  action: 'apply a closure',
  async locks(tx, input) {
    const keys = [`closure:${input.closureId}`];
    const closure = await tx.closures.get(input.closureId);
    if (!closure) return keys;
    // The practice's zone may only be known once the command runs (default settings), so
    // lock a superset: every session starting within a day either side of the closed days.
    const range = {
      from: `${Temporal.PlainDate.from(closure.from).subtract({ days: 1 })}T00:00:00.000Z`,
      to: `${Temporal.PlainDate.from(closure.to).add({ days: 2 })}T00:00:00.000Z`,
    };
    const near = closure.practitionerId
      ? await tx.sessions.listByPractitioner(closure.practitionerId, range)
      : await tx.sessions.listStartingBetween(range);
    for (const session of near) if (session.status === 'scheduled') keys.push(...(await sessionLocks(tx, session.id)));
    return keys;
  },
  async run(ctx, input) {
    const closure = await liveClosure(ctx.tx, input.closureId);
    const sessions = await affected(ctx.tx, closure, ctx.settings);
    const described = await describeAffected(ctx.tx, sessions);
    const books = new Books(ctx);
    const byClient = new Map<string, string[]>();
    for (const session of sessions) {
      const open = await openSession(ctx, session.id);
      const { cancelled } = await cancelWhole(ctx, books, open, 'closure');
      for (const attendance of cancelled) {
        byClient.set(attendance.clientId, [...(byClient.get(attendance.clientId) ?? []), session.id]);
        ctx.emit(
          'session.cancelled',
          { type: 'session', id: session.id },
          {
            attendanceId: attendance.id,
            clientId: attendance.clientId,
            blockId: attendance.blockId,
            cancelledBy: { kind: ctx.actor.kind, id: ctx.actor.id },
            hoursBefore: attendance.cancellation?.hoursBefore ?? null,
            tier: null,
            completionType: { id: 'cancelled', label: 'Cancelled' },
            unit: attendance.blockId === null ? null : 'returned',
            cost: 0,
            wage: 0,
            waived: true,
            reason: 'closure',
            closureId: closure.id,
          },
        );
      }
    }
    const applied = { ...closure, appliedAt: ctx.at, updatedAt: ctx.at };
    await ctx.tx.closures.update(applied);
    await books.save();
    if (input.notify) {
      for (const [clientId, sessionIds] of byClient) {
        ctx.emit(
          'closure.client_notified',
          { type: 'closure', id: closure.id },
          { clientId, sessionIds, from: closure.from, to: closure.to, reason: closure.reason },
        );
      }
    }
    ctx.emit(
      'closure.applied',
      { type: 'closure', id: closure.id },
      { sessions: sessions.length, clients: byClient.size, notified: input.notify },
    );
    if (sessions.length !== described.length)
      throw new SessionsError('CONFLICT', 'The closure’s sessions changed while it was applied; run it again.');
    return { closure: applied, cancelled: described };
  },
};
