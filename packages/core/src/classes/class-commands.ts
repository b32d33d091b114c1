import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import { occurrenceSession } from '../recurrence/create-series.js';
import { expandRule } from '../recurrence/expand.js';
import { recurrenceShape, refineRecurrence } from '../recurrence/schemas.js';
import type { Series } from '../recurrence/series.js';
import { ruleOf, seriesRecord } from '../recurrence/series-commands.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { assertOwnPractice } from '../sessions/permissions.js';
import { zonedDateTimeSchema } from '../sessions/schemas.js';
import type { Session } from '../sessions/session.js';

export const createClassInput = z
  .object({
    name: z.string().trim().min(1, { error: 'name is required' }).max(200),
    description: z.string().max(5000).nullable().optional(),
    practitionerId: idSchema,
    /** The class's service: its price is the price per session, its wage the wage per session. */
    serviceId: idSchema,
    ...recurrenceShape,
    /** Seats in every session. */
    capacity: z
      .number({ error: 'must be a whole number of seats' })
      .int({ error: 'must be a whole number of seats' })
      .min(1, { error: 'a class needs at least one seat' })
      .max(500),
    /** Until when clients may enrol (a zoned date-time); the first session's start by default. */
    enrolmentDeadline: zonedDateTimeSchema.optional(),
    /** Until when clients may drop and get their sessions back; the first session's start by default. */
    dropDeadline: zonedDateTimeSchema.optional(),
    /** When full, further clients join a waitlist, promoted first come first served. */
    waitlist: z.boolean().default(true),
    location: z.string().max(200).nullable().optional(),
    publicNote: z.string().max(2000).nullable().optional(),
    /** Show only the first N sessions in the public list (all by default). */
    displayFirst: z.number().int().min(0).max(520).optional(),
  })
  .strict()
  .superRefine(refineRecurrence);

/**
 * Create a class: a series of group sessions with a capacity, an enrolment
 * deadline and a drop deadline. Its sessions are created at once, with no
 * one in them; clients enrol into all of them together.
 */
export const createClass: CommandSpec<typeof createClassInput, { series: Series; sessions: Session[] }> = {
  name: 'classes.create',
  input: createClassInput,
  allowed: ['staff', 'admin'],
  action: 'create a class',
  locks: (_tx, input) => [`practitioner:${input.practitionerId}`],
  async run(ctx, input) {
    const service = await ctx.tx.services.get(input.serviceId);
    if (!service) throw notFound('service', input.serviceId);
    if (!(await ctx.tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    const timeZone = input.timeZone ?? ctx.settings.timeZone;
    const rule = ruleOf(input);
    const occurrences = expandRule(rule, timeZone);
    const first = occurrences[0]?.startsAt as string;
    const series = seriesRecord(ctx, {
      kind: 'class',
      practitionerId: input.practitionerId,
      serviceId: service.id,
      timeZone,
      durationMinutes: input.durationMinutes ?? service.durationMinutes,
      rule,
      location: input.location ?? null,
      publicNote: input.publicNote ?? null,
      privateNote: null,
      capacity: input.capacity,
      clientIds: [],
      class: {
        name: input.name,
        description: input.description ?? null,
        enrolmentDeadline: input.enrolmentDeadline?.instant ?? first,
        dropDeadline: input.dropDeadline?.instant ?? first,
        waitlist: input.waitlist,
      },
    });
    const shown = input.displayFirst ?? occurrences.length;
    const sessions = occurrences.map((o, index) => ({
      ...occurrenceSession(ctx, series, o),
      displayed: index < shown,
    }));
    await ctx.tx.series.insert(series);
    for (const session of sessions) await ctx.tx.sessions.insert(session);
    ctx.emit(
      'class.created',
      { type: 'series', id: series.id },
      {
        name: input.name,
        sessions: sessions.length,
        capacity: series.capacity,
        first,
      },
    );
    return { series, sessions };
  },
};

export const setDisplayInput = z
  .object({
    classId: idSchema,
    sessionIds: z.array(idSchema).min(1).max(520),
    displayed: z.boolean(),
  })
  .strict();

/** Show or hide sessions of a class in the public list (joining any one enrols into all). */
export const setClassDisplay: CommandSpec<typeof setDisplayInput, Session[]> = {
  name: 'classes.setDisplay',
  input: setDisplayInput,
  allowed: ['staff', 'admin'],
  action: 'change what a class shows',
  locks: (_tx, input) => input.sessionIds.map((id) => `session:${id}`),
  async run(ctx, input) {
    await loadClass(ctx.tx, input.classId);
    const changed: Session[] = [];
    for (const [index, id] of input.sessionIds.entries()) {
      const session = await ctx.tx.sessions.get(id);
      if (!session || session.classId !== input.classId) {
        throw new SessionsError('NOT_FOUND', `Session "${id}" is not a session of class "${input.classId}".`, {
          entity: 'session',
          id,
          issues: [{ path: ['sessionIds', index], message: 'must be a session of the class' }],
        });
      }
      const next = { ...session, displayed: input.displayed, updatedAt: ctx.at };
      await ctx.tx.sessions.update(next);
      changed.push(next);
    }
    return changed;
  },
};

/** A class, by id: a series of kind `class`. */
export async function loadClass(
  tx: StoreTransaction,
  classId: string,
): Promise<Series & { class: NonNullable<Series['class']> }> {
  const series = await tx.series.get(classId);
  if (series?.kind !== 'class' || !series.class) throw notFound('class', classId);
  return series as Series & { class: NonNullable<Series['class']> };
}

/** The class's sessions clients would still attend: not deleted, not cancelled, not yet started. */
export async function upcomingSessions(ctx: Pick<CommandContext, 'tx' | 'now'>, classId: string): Promise<Session[]> {
  const now = ctx.now.epochMilliseconds;
  return (await ctx.tx.sessions.listBySeries(classId)).filter(
    (s) => s.deletedAt === null && s.status === 'scheduled' && Date.parse(s.startsAt) > now,
  );
}

/** A practitioner may run only their own classes. */
export function assertOwnClass(ctx: CommandContext, series: Series): void {
  assertOwnPractice(ctx.actor, series.practitionerId);
}
