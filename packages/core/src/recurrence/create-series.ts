import { Temporal } from 'temporal-polyfill';
import type { AccountTotals } from '../accounts/account-ledger.js';
import { enforceAccountMode, modeOf, type Shortfall, shortfallForMany } from '../accounts/enforcement.js';
import { isStaff } from '../actor.js';
import { notFound } from '../errors.js';
import type { Client } from '../records/people.js';
import type { Service } from '../records/service.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Books } from '../sessions/books.js';
import { type LinkOutcome, place } from '../sessions/placement.js';
import type { Attendance, Session } from '../sessions/session.js';
import { toInstantString } from '../time.js';
import type { Occurrence } from './expand.js';
import type { Series } from './series.js';

/** One session a series made, and how each client's place in it is paid for. */
export interface SeriesOccurrenceResult {
  readonly sessionId: string;
  /** The local date it was made for. */
  readonly date: string;
  /** Its wall-clock start in the series' zone, as the rule gives it (YYYY-MM-DDTHH:MM). */
  readonly local: string;
  readonly startsAt: string;
  readonly linking: readonly LinkOutcome[];
}

/** A place no block pays for (it is billed to the client's account), and why. */
export interface UnlinkedOccurrence {
  readonly sessionId: string;
  readonly date: string;
  readonly clientId: string;
  readonly reason: string | null;
}

export interface SeriesResult {
  readonly series: Series;
  readonly sessions: readonly SeriesOccurrenceResult[];
  /** Places that could not be linked to a block, and why: plainly, per occurrence. */
  readonly unlinked: readonly UnlinkedOccurrence[];
}

/**
 * A session record for one occurrence of a series.
 */
export function occurrenceSession(ctx: CommandContext, series: Series, occurrence: Occurrence): Session {
  return {
    tenantId: ctx.actor.tenantId,
    id: ctx.ids(),
    practitionerId: series.practitionerId,
    serviceId: series.serviceId,
    startsAt: occurrence.startsAt,
    endsAt: toInstantString(
      Temporal.Instant.fromEpochMilliseconds(occurrence.epochMilliseconds + series.durationMinutes * 60_000),
    ),
    timeZone: series.timeZone,
    durationMinutes: series.durationMinutes,
    location: series.location,
    publicNote: series.publicNote,
    privateNote: series.privateNote,
    capacity: series.capacity,
    status: 'scheduled',
    deletedAt: null,
    seriesId: series.id,
    occurrenceDate: occurrence.date,
    classId: series.kind === 'class' ? series.id : null,
    displayed: true,
    createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
}

/**
 * Book clients into many sessions at once (a series' sessions, or a class's
 * when a client enrols): each place is linked to the client's block while it
 * has units (soonest expiry first), else billed to the account. The account
 * mode then weighs, per client, everything billed to the account together:
 * clients and practitioners are refused with what is missing; staff and
 * admins may pass an override, recorded on every place it let through.
 */
export async function bookIntoSessions(
  ctx: CommandContext,
  books: Books,
  targets: readonly Session[],
  service: Service,
  attendees: readonly { clientId: string; blockId?: string | null | undefined }[],
  override: { reason: string } | undefined,
): Promise<{ attendances: Attendance[]; links: Map<string, LinkOutcome[]>; unlinked: UnlinkedOccurrence[] }> {
  const attendances: Attendance[] = [];
  const links = new Map<string, LinkOutcome[]>();
  const unlinked: UnlinkedOccurrence[] = [];
  const shortfalls: Shortfall[] = [];
  for (const attendee of attendees) {
    const client = await ctx.tx.clients.get(attendee.clientId);
    if (!client) throw notFound('client', attendee.clientId);
    const before: AccountTotals = (await books.account(client.id)).totals;
    let billed = 0;
    let billedSessions = 0;
    const mine: Attendance[] = [];
    for (const session of targets) {
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
          startsAt: session.startsAt,
          minutes: session.durationMinutes,
        },
      });
      links.set(session.id, [...(links.get(session.id) ?? []), placement.link]);
      if (placement.link.blockId === null) {
        billed += placement.cost;
        billedSessions += 1;
        unlinked.push({
          sessionId: session.id,
          date: session.occurrenceDate ?? session.startsAt.slice(0, 10),
          clientId: client.id,
          reason: placement.link.reason,
        });
      }
      mine.push(attendanceRecord(ctx, session, client, id, placement.link.blockId, placement.cost, placement.wage));
    }
    const shortfall = shortfallForMany(modeOf(ctx.settings, client), client, before, billed, billedSessions);
    if (shortfall) shortfalls.push(shortfall);
    attendances.push(
      ...(shortfall && override && isStaff(ctx.actor)
        ? mine.map((a) => withOverride(ctx, a, shortfall, override))
        : mine),
    );
  }
  enforceAccountMode(ctx.actor, shortfalls, override, ctx.settings.currency);
  return { attendances, links, unlinked };
}

function attendanceRecord(
  ctx: CommandContext,
  session: Session,
  client: Client,
  id: string,
  blockId: string | null,
  cost: number,
  wage: number,
): Attendance {
  return {
    tenantId: ctx.actor.tenantId,
    id,
    sessionId: session.id,
    clientId: client.id,
    startsAt: session.startsAt,
    blockId,
    status: 'scheduled',
    cost,
    wage,
    completion: null,
    cancellation: null,
    override: null,
    invoiceId: null,
    settledAt: null,
    settledBy: null,
    deletedAt: null,
    createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
}

function withOverride(
  ctx: CommandContext,
  attendance: Attendance,
  shortfall: Shortfall,
  override: { reason: string },
): Attendance {
  if (attendance.blockId !== null) return attendance;
  return {
    ...attendance,
    override: {
      by: { kind: ctx.actor.kind, id: ctx.actor.id },
      reason: override.reason,
      mode: shortfall.mode,
      missing: shortfall.missing,
      unit: shortfall.unit,
    },
  };
}
