import type { z } from 'zod';
import { enforceAccountMode, type Shortfall } from '../accounts/enforcement.js';
import { isStaff } from '../actor.js';
import { notFound } from '../errors.js';
import type { Client } from '../records/people.js';
import type { Service } from '../records/service.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { Books } from './books.js';
import { assertMayBook } from './permissions.js';
import { type LinkOutcome, type Placement, place } from './placement.js';
import { type ScheduleInput, scheduleInput, type Timing, timingOf } from './schemas.js';
import type { Attendance, Session } from './session.js';
import { type SessionView, SessionViews } from './session-view.js';

/** A scheduled session, with how each client's place is paid for. */
export interface ScheduleResult extends SessionView {
  /** Per client: the block linked (chosen automatically, or named) or why none was. */
  readonly linking: readonly LinkOutcome[];
}

/**
 * Put a session on the calendar for one client, or several (a group session).
 * Each client's place is paid for by a block — the one named, or else the
 * client's eligible block (covers the service, bookable with the practitioner,
 * in date, with units left; soonest expiry first) — which holds a unit at
 * once; or, with no block, billed to the client's account, where the account
 * mode decides whether it may be added. Clients and practitioners are refused
 * what the mode does not allow; staff and admins get the same refusal as a
 * warning and may pass `override: { reason }`, which is recorded.
 */
export const scheduleSession: CommandSpec<typeof scheduleInput, ScheduleResult> = {
  name: 'sessions.schedule',
  input: scheduleInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'schedule a session',
  reads: (input) => ({ services: [input.serviceId], practitioners: [input.practitionerId] }),
  locks: (_tx, input) => scheduleLocks(input),
  run: (ctx, input) => createSession(ctx, input),
};

/**
 * What scheduling locks: every client (their blocks and account move) and
 * the practitioner, so a booking that checks the practitioner's free time
 * sees every session committed before it.
 */
export function scheduleLocks(input: { clients: readonly { clientId: string }[]; practitionerId: string }): string[] {
  return [...input.clients.map((c) => `client:${c.clientId}`), `practitioner:${input.practitionerId}`];
}

/** The body of `sessions.schedule`, for commands that schedule after checks of their own (booking a slot). */
export async function createSession(
  ctx: CommandContext,
  input: z.output<typeof scheduleInput>,
): Promise<ScheduleResult> {
  assertMayBook(ctx.actor, {
    clientIds: input.clients.map((c) => c.clientId),
    practitionerId: input.practitionerId,
    override: input.override,
  });
  const { tx } = ctx;
  const service = await ctx.refs.service(input.serviceId);
  if (!service) throw notFound('service', input.serviceId);
  if (!(await ctx.refs.practitioner(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
  const timing = timingOf(input, service.durationMinutes);
  const session: Session = {
    tenantId: ctx.actor.tenantId,
    id: ctx.ids(),
    practitionerId: input.practitionerId,
    serviceId: service.id,
    startsAt: timing.startsAt,
    endsAt: timing.endsAt,
    timeZone: timing.timeZone,
    durationMinutes: timing.minutes,
    location: input.location ?? null,
    publicNote: input.publicNote ?? null,
    privateNote: input.privateNote ?? null,
    capacity: input.capacity ?? input.clients.length,
    status: 'scheduled',
    deletedAt: null,
    seriesId: null,
    occurrenceDate: null,
    classId: null,
    displayed: true,
    createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
  const books = new Books(ctx);
  const booked = await bookClients(ctx, books, { session, service, timing }, input.clients, input.override);
  await tx.sessions.insert(session);
  for (const { attendance } of booked) await tx.attendances.insert(attendance);
  await books.save();
  ctx.emit(
    'session.scheduled',
    { type: 'session', id: session.id },
    {
      practitionerId: session.practitionerId,
      serviceId: session.serviceId,
      startsAt: session.startsAt,
      timeZone: session.timeZone,
      attendances: booked.map(({ attendance }) => ({
        attendanceId: attendance.id,
        clientId: attendance.clientId,
        blockId: attendance.blockId,
        override: attendance.override,
      })),
    },
  );
  const view = await new SessionViews(tx, ctx.actor).view(
    session,
    booked.map((b) => b.attendance),
  );
  return { ...view, linking: booked.map((b) => b.link) };
}

/**
 * Place each client in the session (see `place`), then weigh what the
 * account modes found missing: refused for clients and practitioners, a
 * warning staff may override. Returns the attendances to insert.
 */
export async function bookClients(
  ctx: CommandContext,
  books: Books,
  { session, service, timing }: { session: Session; service: Service; timing: Timing },
  attendees: ScheduleInput['clients'],
  override: { reason: string } | undefined,
): Promise<{ attendance: Attendance; link: LinkOutcome }[]> {
  const placed: { client: Client; id: string; placement: Placement }[] = [];
  for (const attendee of attendees) {
    const client = await ctx.tx.clients.get(attendee.clientId);
    if (!client) throw notFound('client', attendee.clientId);
    const id = ctx.ids();
    const placement = await place(ctx, books, {
      client,
      blockId: attendee.blockId,
      service,
      sessionId: session.id,
      request: {
        sessionId: id,
        serviceId: session.serviceId,
        practitionerId: session.practitionerId,
        startsAt: timing.startsAt,
        minutes: timing.minutes,
      },
    });
    placed.push({ client, id, placement });
  }
  const shortfalls = placed.map((p) => p.placement.shortfall).filter((s): s is Shortfall => s !== null);
  enforceAccountMode(ctx.actor, shortfalls, override, ctx.settings.currency);
  return placed.map(({ client, id, placement }) => {
    const shortfall = placement.shortfall;
    const attendance: Attendance = {
      tenantId: ctx.actor.tenantId,
      id,
      sessionId: session.id,
      clientId: client.id,
      startsAt: session.startsAt,
      blockId: placement.link.blockId,
      status: 'scheduled',
      cost: placement.cost,
      wage: placement.wage,
      completion: null,
      cancellation: null,
      override:
        shortfall && override && isStaff(ctx.actor)
          ? {
              by: { kind: ctx.actor.kind, id: ctx.actor.id },
              reason: override.reason,
              mode: shortfall.mode,
              missing: shortfall.missing,
              unit: shortfall.unit,
            }
          : null,
      invoiceId: null,
      settledAt: null,
      settledBy: null,
      deletedAt: null,
      createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    return { attendance, link: placement.link };
  });
}
