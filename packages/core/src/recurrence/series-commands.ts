import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandContext, CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { Books } from '../sessions/books.js';
import { assertMayBook } from '../sessions/permissions.js';
import { scheduleLocks } from '../sessions/schedule.js';
import { bookIntoSessions, occurrenceSession, type SeriesResult } from './create-series.js';
import { expandRule } from './expand.js';
import { createSeriesInput } from './schemas.js';
import type { RecurrenceRule, Series } from './series.js';

/** The rule from validated input, in the series' zone. */
export function ruleOf(input: z.output<typeof createSeriesInput> | RuleInput): RecurrenceRule {
  return {
    frequency: input.frequency,
    interval: input.interval,
    weekdays: input.weekdays,
    startDate: input.startDate,
    startTime: input.startTime,
    count: input.count ?? null,
    until: input.until ?? null,
    exceptions: [...input.exceptions].sort(),
  };
}
type RuleInput = Pick<
  z.output<typeof createSeriesInput>,
  'frequency' | 'interval' | 'weekdays' | 'startDate' | 'startTime' | 'count' | 'until' | 'exceptions'
>;

/**
 * Create a recurring series and all its sessions in one transaction: weekdays
 * at a local time, weekly or monthly, for a count or until a date. Every
 * client is booked into every session; each place is linked to the client's
 * block while it has units, and the result says plainly which occurrences
 * could not be linked and why (they are billed to the client's account, where
 * the account mode weighs them all together).
 */
export const createSeries: CommandSpec<typeof createSeriesInput, SeriesResult> = {
  name: 'series.create',
  input: createSeriesInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'create a recurring series',
  locks: (_tx, input) => scheduleLocks(input),
  async run(ctx, input) {
    assertMayBook(ctx.actor, {
      clientIds: input.clients.map((c) => c.clientId),
      practitionerId: input.practitionerId,
      override: input.override,
    });
    const service = await ctx.tx.services.get(input.serviceId);
    if (!service) throw notFound('service', input.serviceId);
    if (!(await ctx.tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    const series = seriesRecord(ctx, {
      kind: 'sessions',
      practitionerId: input.practitionerId,
      serviceId: service.id,
      timeZone: input.timeZone ?? ctx.settings.timeZone,
      durationMinutes: input.durationMinutes ?? service.durationMinutes,
      rule: ruleOf(input),
      location: input.location ?? null,
      publicNote: input.publicNote ?? null,
      privateNote: input.privateNote ?? null,
      capacity: input.capacity ?? input.clients.length,
      clientIds: input.clients.map((c) => c.clientId),
      class: null,
    });
    const sessions = expandRule(series.rule, series.timeZone).map((o) => occurrenceSession(ctx, series, o));
    const books = new Books(ctx);
    const booked = await bookIntoSessions(ctx, books, sessions, service, input.clients, input.override);
    await ctx.tx.series.insert(series);
    for (const session of sessions) await ctx.tx.sessions.insert(session);
    for (const attendance of booked.attendances) await ctx.tx.attendances.insert(attendance);
    await books.save();
    ctx.emit(
      'series.created',
      { type: 'series', id: series.id },
      {
        kind: series.kind,
        practitionerId: series.practitionerId,
        clientIds: series.clientIds,
        sessions: sessions.length,
        first: sessions[0]?.startsAt,
        last: sessions.at(-1)?.startsAt,
        unlinked: booked.unlinked.length,
      },
    );
    return {
      series,
      sessions: sessions.map((s) => ({
        sessionId: s.id,
        date: s.occurrenceDate as string,
        local: localOf(series, s.occurrenceDate as string),
        startsAt: s.startsAt,
        linking: booked.links.get(s.id) ?? [],
      })),
      unlinked: booked.unlinked,
    };
  },
};

export function seriesRecord(
  ctx: CommandContext,
  fields: Omit<Series, 'tenantId' | 'id' | 'cancelledAt' | 'createdBy' | 'createdAt' | 'updatedAt'>,
): Series {
  return {
    tenantId: ctx.actor.tenantId,
    id: ctx.ids(),
    ...fields,
    cancelledAt: null,
    createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
}

function localOf(series: Series, date: string): string {
  return `${date}T${series.rule.startTime}`;
}

/** A series the actor may see: practitioners their own, clients the series they are booked into. */
export async function visibleSeries(ctx: Pick<CommandContext, 'tx' | 'actor'>, seriesId: string): Promise<Series> {
  const series = await ctx.tx.series.get(seriesId);
  const { actor } = ctx;
  const hidden =
    !series ||
    (actor.kind === 'practitioner' && series.practitionerId !== actor.id) ||
    (actor.kind === 'client' && series.kind === 'sessions' && !series.clientIds.includes(actor.id));
  if (!series || hidden) throw notFound('series', seriesId);
  return series;
}

const seriesIdInput = z.object({ seriesId: idSchema }).strict();

/** A series with its rule and its sessions' ids, dates and statuses. */
export const getSeries: QuerySpec<
  typeof seriesIdInput,
  {
    series: Series;
    sessions: { sessionId: string; date: string | null; startsAt: string; status: string; deleted: boolean }[];
  }
> = {
  name: 'series.get',
  input: seriesIdInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read a series',
  async run(ctx, input) {
    const series = await visibleSeries(ctx, input.seriesId);
    const sessions = await ctx.tx.sessions.listBySeries(series.id);
    return {
      series: ctx.actor.kind === 'client' ? { ...series, privateNote: null } : series,
      sessions: sessions
        .filter((s) => ctx.actor.kind !== 'client' || s.deletedAt === null)
        .map((s) => ({
          sessionId: s.id,
          date: s.occurrenceDate,
          startsAt: s.startsAt,
          status: s.status,
          deleted: s.deletedAt !== null,
        })),
    };
  },
};

export function assertSeriesOpen(series: Series, action: string): void {
  if (series.cancelledAt !== null) {
    throw new SessionsError('INVALID_TRANSITION', `Cannot ${action}: the series was cancelled.`, {
      from: 'cancelled',
      to: 'active',
      action,
    });
  }
}
