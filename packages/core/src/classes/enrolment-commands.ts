import { z } from 'zod';
import { type Actor, isStaff } from '../actor.js';
import { idSchema } from '../blocks/schemas.js';
import { BUILT_IN_TYPES } from '../completion/charges.js';
import { isSessionsError, notFound, SessionsError } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import { bookIntoSessions, type UnlinkedOccurrence } from '../recurrence/create-series.js';
import type { Series } from '../recurrence/series.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { Books } from '../sessions/books.js';
import type { LinkOutcome } from '../sessions/placement.js';
import { overrideSchema } from '../sessions/schemas.js';
import type { Session } from '../sessions/session.js';
import { saveSession } from '../sessions/session-command.js';
import { settleAttendances } from '../sessions/settle.js';
import { assertOwnClass, loadClass, upcomingSessions } from './class-commands.js';
import type { Enrolment } from './enrolment.js';

export const enrolInput = z
  .object({
    classId: idSchema,
    /** The client to enrol; a client enrols themself (the default for a client). */
    clientId: idSchema.optional(),
    /** The block to pay from; the client's eligible block while it has units, when omitted. */
    blockId: idSchema.nullable().optional(),
    /** Staff and admins: enrol past the deadline or the account mode, saying why. */
    override: overrideSchema.optional(),
  })
  .strict();

export interface EnrolResult {
  readonly enrolment: Enrolment;
  /** Where the client stands: in the class, or on its waitlist at `position` (1 = next). */
  readonly status: 'enrolled' | 'waitlisted';
  readonly position: number | null;
  /** Each upcoming session the client was booked into, and how their place is paid. */
  readonly sessions: readonly {
    readonly sessionId: string;
    readonly startsAt: string;
    readonly linking: LinkOutcome;
  }[];
  readonly unlinked: readonly UnlinkedOccurrence[];
}

/**
 * What enrolment commands lock: the class (its seats), the client, every
 * waitlisted client (one may be promoted), and the class's upcoming sessions.
 */
async function classLocks(tx: StoreTransaction, classId: string, clientId: string | undefined): Promise<string[]> {
  const keys = [`class:${classId}`, `sequence:waitlist:${classId}`];
  if (clientId) keys.push(`client:${clientId}`);
  for (const e of await tx.enrolments.listByClass(classId))
    if (e.status === 'waitlisted') keys.push(`client:${e.clientId}`);
  for (const s of await tx.sessions.listBySeries(classId))
    if (s.deletedAt === null && s.status === 'scheduled') keys.push(`session:${s.id}`);
  return keys;
}

function clientOf(actor: Actor, clientId: string | undefined): string {
  if (actor.kind === 'client') {
    if (clientId !== undefined && clientId !== actor.id) {
      throw new SessionsError('FORBIDDEN', 'A client may enrol or drop only themself.', {
        issues: [{ path: ['clientId'], message: 'must be your own id' }],
      });
    }
    return actor.id;
  }
  if (clientId === undefined) {
    throw new SessionsError('VALIDATION_FAILED', 'Invalid input: clientId: say which client.', {
      issues: [{ path: ['clientId'], message: 'is required unless a client acts for themself' }],
    });
  }
  return clientId;
}

function assertDeadline(
  ctx: CommandContext,
  deadline: string,
  what: 'enrol' | 'drop',
  override: { reason: string } | undefined,
): void {
  if (ctx.now.epochMilliseconds <= Date.parse(deadline)) return;
  if (override && isStaff(ctx.actor)) return;
  if (override) {
    throw new SessionsError('FORBIDDEN', 'Only staff and admins may act past a class deadline.', {
      issues: [{ path: ['override'], message: 'only staff and admins may override' }],
    });
  }
  throw new SessionsError(
    'DEADLINE_PASSED',
    `The ${what === 'enrol' ? 'enrolment' : 'drop'} deadline of this class passed at ${deadline}.${isStaff(ctx.actor) ? ' Staff may pass override: { reason } to do it anyway.' : ' Contact the practice.'}`,
    { deadline, overridable: isStaff(ctx.actor) },
  );
}

/**
 * Enrol a client into a class: they are booked into every upcoming session
 * at once, each place paid by a block while it has units or billed to the
 * account, where the account mode weighs them all together (a prepaid mode
 * needs the whole class covered, and the refusal says what is missing). A
 * full class puts the client on its waitlist, or refuses with CLASS_FULL
 * when it keeps none. Seats are counted under the class's lock.
 */
export const enrol: CommandSpec<typeof enrolInput, EnrolResult> = {
  name: 'classes.enrol',
  input: enrolInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'enrol in a class',
  locks: (tx, input, actor) => classLocks(tx, input.classId, actor.kind === 'client' ? actor.id : input.clientId),
  async run(ctx, input) {
    const clientId = clientOf(ctx.actor, input.clientId);
    if (!ctx.locked.has(`client:${clientId}`)) throw staleLocks(input.classId);
    const series = await loadClass(ctx.tx, input.classId);
    assertOwnClass(ctx, series);
    if (series.cancelledAt !== null) throw closed(series);
    if (!(await ctx.tx.clients.get(clientId))) throw notFound('client', clientId);
    assertDeadline(ctx, series.class.enrolmentDeadline, 'enrol', input.override);
    const all = await ctx.tx.enrolments.listByClass(series.id);
    const current = all.find((e) => e.clientId === clientId && e.status !== 'dropped');
    if (current) {
      throw new SessionsError(
        'CONFLICT',
        current.status === 'enrolled'
          ? 'This client is already enrolled in the class.'
          : 'This client is already on the class’s waitlist.',
        {
          enrolmentId: current.id,
          status: current.status,
        },
      );
    }
    const enrolled = all.filter((e) => e.status === 'enrolled').length;
    if (enrolled >= series.capacity) {
      if (!series.class.waitlist) {
        throw new SessionsError(
          'CLASS_FULL',
          `The class is full: ${enrolled} of ${series.capacity} seats are taken, and it keeps no waitlist.`,
          {
            capacity: series.capacity,
            enrolled,
          },
        );
      }
      const number = await ctx.tx.sequences.next(`waitlist:${series.id}`);
      const enrolment = {
        ...enrolmentRecord(ctx, series, clientId, 'waitlisted', input.override),
        waitlistNumber: number,
      };
      await ctx.tx.enrolments.insert(enrolment);
      const position = all.filter((e) => e.status === 'waitlisted').length + 1;
      ctx.emit('class.waitlisted', { type: 'series', id: series.id }, { clientId, position });
      return { enrolment, status: 'waitlisted', position, sessions: [], unlinked: [] };
    }
    const books = new Books(ctx);
    const result = await seat(ctx, books, series, clientId, input.blockId, input.override);
    await books.save();
    return result;
  },
};

/** Book one client into the class's upcoming sessions and record the enrolment. */
async function seat(
  ctx: CommandContext,
  books: Books,
  series: Series & { class: NonNullable<Series['class']> },
  clientId: string,
  blockId: string | null | undefined,
  override: { reason: string } | undefined,
): Promise<EnrolResult> {
  const sessions = await upcomingSessions(ctx, series.id);
  if (sessions.length === 0) throw closed(series, 'it has no sessions left to attend');
  const service = await ctx.tx.services.get(series.serviceId);
  if (!service) throw notFound('service', series.serviceId);
  const booked = await bookIntoSessions(ctx, books, sessions, service, [{ clientId, blockId }], override);
  for (const attendance of booked.attendances) await ctx.tx.attendances.insert(attendance);
  const waiting = (await ctx.tx.enrolments.listByClass(series.id)).find(
    (e) => e.clientId === clientId && e.status === 'waitlisted',
  );
  const enrolment: Enrolment = waiting
    ? { ...waiting, status: 'enrolled', enrolledAt: ctx.at, updatedAt: ctx.at }
    : enrolmentRecord(ctx, series, clientId, 'enrolled', override);
  if (waiting) await ctx.tx.enrolments.update(enrolment);
  else await ctx.tx.enrolments.insert(enrolment);
  ctx.emit(
    'class.enrolled',
    { type: 'series', id: series.id },
    {
      clientId,
      sessions: sessions.length,
      unlinked: booked.unlinked.length,
      promoted: waiting !== undefined,
    },
  );
  return {
    enrolment,
    status: 'enrolled',
    position: null,
    sessions: sessions.map((s: Session) => ({
      sessionId: s.id,
      startsAt: s.startsAt,
      linking: (booked.links.get(s.id) ?? [])[0] as LinkOutcome,
    })),
    unlinked: booked.unlinked,
  };
}

function enrolmentRecord(
  ctx: CommandContext,
  series: Series,
  clientId: string,
  status: 'enrolled' | 'waitlisted',
  override: { reason: string } | undefined,
): Enrolment {
  return {
    tenantId: ctx.actor.tenantId,
    id: ctx.ids(),
    classId: series.id,
    clientId,
    status,
    waitlistedAt: status === 'waitlisted' ? ctx.at : null,
    waitlistNumber: null,
    enrolledAt: status === 'enrolled' ? ctx.at : null,
    droppedAt: null,
    override:
      override && isStaff(ctx.actor)
        ? { by: { kind: ctx.actor.kind, id: ctx.actor.id }, reason: override.reason }
        : null,
    createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
}

export const dropInput = z
  .object({
    classId: idSchema,
    clientId: idSchema.optional(),
    /** Staff and admins: drop past the drop deadline, saying why. */
    override: overrideSchema.optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

export interface DropResult {
  readonly enrolment: Enrolment;
  /** Upcoming sessions whose place was released. */
  readonly released: readonly string[];
  /** The client promoted from the waitlist into the freed seat, if any. */
  readonly promoted: { readonly clientId: string; readonly enrolmentId: string } | null;
}

/**
 * Leave a class: before the drop deadline every upcoming session's place is
 * cancelled at no cost (units returned); after it, refused unless staff
 * override. Leaving a waitlist is always allowed. A seat freed is offered to
 * the waitlist first come first served: the first client whose account can
 * pay is enrolled (with an event); one who cannot is passed over (with an
 * event) and stays on the waitlist.
 */
export const drop: CommandSpec<typeof dropInput, DropResult> = {
  name: 'classes.drop',
  input: dropInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'drop a class',
  locks: (tx, input, actor) => classLocks(tx, input.classId, actor.kind === 'client' ? actor.id : input.clientId),
  async run(ctx, input) {
    const clientId = clientOf(ctx.actor, input.clientId);
    if (!ctx.locked.has(`client:${clientId}`)) throw staleLocks(input.classId);
    const series = await loadClass(ctx.tx, input.classId);
    assertOwnClass(ctx, series);
    const enrolment = (await ctx.tx.enrolments.listByClass(series.id)).find(
      (e) => e.clientId === clientId && e.status !== 'dropped',
    );
    if (!enrolment) {
      throw new SessionsError('NOT_FOUND', 'This client is neither enrolled in the class nor on its waitlist.', {
        entity: 'enrolment',
        classId: series.id,
        clientId,
      });
    }
    if (enrolment.status === 'enrolled') assertDeadline(ctx, series.class.dropDeadline, 'drop', input.override);
    const books = new Books(ctx);
    const released: string[] = [];
    if (enrolment.status === 'enrolled') {
      const service = await ctx.tx.services.get(series.serviceId);
      if (!service) throw notFound('service', series.serviceId);
      for (const session of await upcomingSessions(ctx, series.id)) {
        const attendances = await ctx.tx.attendances.listBySession(session.id);
        const mine = attendances.filter((a) => a.clientId === clientId && a.status === 'scheduled');
        if (mine.length === 0) continue;
        const open = { session, attendances, service };
        const cancelled = await settleAttendances(ctx, books, open, mine, BUILT_IN_TYPES.cancelled, {
          hoursBefore: (Date.parse(session.startsAt) - ctx.now.epochMilliseconds) / 3_600_000,
          tier: null,
          waived: true,
          reason: input.reason ?? 'dropped the class',
        });
        await saveSession(ctx, open, cancelled);
        released.push(session.id);
      }
    }
    const dropped: Enrolment = { ...enrolment, status: 'dropped', droppedAt: ctx.at, updatedAt: ctx.at };
    await ctx.tx.enrolments.update(dropped);
    await books.save();
    ctx.emit(
      'class.dropped',
      { type: 'series', id: series.id },
      { clientId, wasWaitlisted: enrolment.status === 'waitlisted', released: released.length },
    );
    const promoted = enrolment.status === 'enrolled' ? await promote(ctx, series) : null;
    return { enrolment: dropped, released, promoted };
  },
};

/**
 * Offer a freed seat to the waitlist in order. Each attempt runs on its own
 * books, so a client whose account cannot pay leaves nothing behind.
 */
async function promote(ctx: CommandContext, series: Series & { class: NonNullable<Series['class']> }) {
  const all = await ctx.tx.enrolments.listByClass(series.id);
  const waiting = all
    .filter((e) => e.status === 'waitlisted')
    .sort((a, b) => (a.waitlistNumber ?? 0) - (b.waitlistNumber ?? 0));
  if (all.filter((e) => e.status === 'enrolled').length >= series.capacity) return null;
  for (const candidate of waiting) {
    // Only clients locked by this command can be moved; later arrivals wait for the next seat.
    if (!ctx.locked.has(`client:${candidate.clientId}`)) break;
    // Promotion answers to the client's own account mode, as if they enrolled themself: no override carries over.
    const asClient: CommandContext = {
      ...ctx,
      actor: { tenantId: ctx.actor.tenantId, kind: 'client', id: candidate.clientId },
    };
    const books = new Books(asClient);
    try {
      const seated = await seat(asClient, books, series, candidate.clientId, undefined, undefined);
      await books.save();
      ctx.emit(
        'class.waitlist_promoted',
        { type: 'series', id: series.id },
        { clientId: candidate.clientId, enrolmentId: seated.enrolment.id },
      );
      return { clientId: candidate.clientId, enrolmentId: seated.enrolment.id };
    } catch (error) {
      if (!isSessionsError(error)) throw error;
      ctx.emit(
        'class.promotion_failed',
        { type: 'series', id: series.id },
        { clientId: candidate.clientId, code: error.code, reason: error.message },
      );
    }
  }
  return null;
}

function closed(series: Series, why = 'it was cancelled'): SessionsError {
  return new SessionsError(
    'INVALID_TRANSITION',
    `Class "${series.class?.name ?? series.id}" cannot be joined: ${why}.`,
    {
      from: 'closed',
      to: 'enrolled',
      classId: series.id,
    },
  );
}

function staleLocks(classId: string): SessionsError {
  return new SessionsError('CONFLICT', `Class "${classId}" changed while this command waited; run it again.`, {
    classId,
    retry: true,
  });
}
