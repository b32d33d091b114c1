import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { Books } from '../sessions/books.js';
import { cancelWhole } from '../sessions/cancel-whole.js';
import { assertMayManage, assertOwnPractice } from '../sessions/permissions.js';
import { moveSession } from '../sessions/reschedule.js';
import { durationSchema } from '../sessions/schemas.js';
import type { Session } from '../sessions/session.js';
import { openSession, saveSession, sessionLocks } from '../sessions/session-command.js';
import { toInstantString } from '../time.js';
import { timeOfDaySchema } from './schemas.js';
import type { Series } from './series.js';
import { assertSeriesOpen, visibleSeries } from './series-commands.js';

/** Which occurrences an edit reaches: one, this and the following ones, or all. */
export const SCOPES = ['one', 'following', 'all'] as const;

const scopeShape = {
  seriesId: idSchema,
  scope: z.enum(SCOPES),
  /** The occurrence the edit starts from; needed unless the scope is `all`. */
  sessionId: idSchema.optional(),
};

function refineScope(input: { scope: string; sessionId?: string | undefined }, ctx: z.RefinementCtx): void {
  if (input.scope !== 'all' && input.sessionId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['sessionId'], message: `is needed with scope "${input.scope}"` });
  }
}

/** What an edit reaches: the series' sessions in scope that are still scheduled (settled and deleted ones are history). */
async function inScope(
  tx: StoreTransaction,
  seriesId: string,
  scope: (typeof SCOPES)[number],
  sessionId: string | undefined,
): Promise<{ targets: Session[]; skipped: Session[] }> {
  const all = await tx.sessions.listBySeries(seriesId);
  let reached = all;
  if (scope !== 'all') {
    const anchor = all.find((s) => s.id === sessionId);
    if (!anchor) {
      throw new SessionsError('NOT_FOUND', `Session "${sessionId}" is not an occurrence of series "${seriesId}".`, {
        entity: 'session',
        id: sessionId,
        issues: [{ path: ['sessionId'], message: 'must be a session of the series' }],
      });
    }
    reached =
      scope === 'one'
        ? [anchor]
        : all.filter((s) => s.startsAt > anchor.startsAt || (s.startsAt === anchor.startsAt && s.id >= anchor.id));
  }
  const live = reached.filter((s) => s.deletedAt === null);
  return {
    targets: live.filter((s) => s.status === 'scheduled'),
    skipped: live.filter((s) => s.status !== 'scheduled'),
  };
}

async function scopeLocks(
  tx: StoreTransaction,
  input: {
    seriesId: string;
    scope: (typeof SCOPES)[number];
    sessionId?: string | undefined;
    practitionerId?: string | undefined;
  },
) {
  const keys = [`series:${input.seriesId}`];
  if (input.practitionerId) keys.push(`practitioner:${input.practitionerId}`);
  const series = await tx.series.get(input.seriesId);
  if (!series) return keys;
  keys.push(`practitioner:${series.practitionerId}`);
  const { targets } = await inScope(tx, series.id, input.scope, input.sessionId).catch(() => ({
    targets: [] as Session[],
  }));
  for (const session of targets)
    keys.push(...(await sessionLocks(tx, session.id)), `practitioner:${session.practitionerId}`);
  return keys;
}

export interface SeriesEditResult {
  readonly series: Series;
  /** The sessions changed (or cancelled). */
  readonly sessionIds: readonly string[];
  /** Sessions in scope left alone because they already took place or were cancelled. */
  readonly skipped: readonly string[];
}

export const updateSeriesInput = z
  .object({
    ...scopeShape,
    /** A new local start time: each session keeps its date and starts at this time on the series' wall clock. */
    startTime: timeOfDaySchema.optional(),
    durationMinutes: durationSchema.optional(),
    practitionerId: idSchema.optional(),
    location: z.string().max(200).nullable().optional(),
    publicNote: z.string().max(2000).nullable().optional(),
    privateNote: z.string().max(5000).nullable().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    refineScope(input, ctx);
    const { seriesId: _s, scope: _c, sessionId: _i, ...changes } = input;
    if (Object.values(changes).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name at least one change' });
    }
  });

/**
 * Change one occurrence, this and the following ones, or all: a new local
 * time (each session keeps its own date, on the series' wall clock, so 09:00
 * stays 09:00 across DST), a new length or practitioner (every block paying
 * for a place must accept it, else nothing changes), location or notes.
 * Sessions that already took place are left as they were and reported.
 * Scope `all` also changes the series' own terms.
 */
export const updateSeries: CommandSpec<typeof updateSeriesInput, SeriesEditResult> = {
  name: 'series.update',
  input: updateSeriesInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'change a series',
  locks: (tx, input) => scopeLocks(tx, input),
  async run(ctx, input) {
    const series = await visibleSeries(ctx, input.seriesId);
    assertSeriesOpen(series, 'change the series');
    if (input.practitionerId !== undefined) {
      assertOwnPractice(ctx.actor, input.practitionerId);
      if (!(await ctx.tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
    }
    const { targets, skipped } = await inScope(ctx.tx, series.id, input.scope, input.sessionId);
    const books = new Books(ctx);
    const retimes =
      input.startTime !== undefined || input.durationMinutes !== undefined || input.practitionerId !== undefined;
    for (const target of targets) {
      const open = await openSession(ctx, target.id);
      assertMayManage(ctx.actor, open.session, 'change a series');
      const notes = pick(input, ['location', 'publicNote', 'privateNote']);
      if (!retimes) {
        await saveSession(ctx, open, [], notes);
        continue;
      }
      const to = retimed(series, open.session, input);
      const { moved, changed } = await moveSession(books, open, to);
      const { practitionerId, startsAt, endsAt, timeZone, durationMinutes } = moved;
      await saveSession(ctx, open, changed, { ...notes, practitionerId, startsAt, endsAt, timeZone, durationMinutes });
    }
    let updated = series;
    if (input.scope === 'all') {
      updated = {
        ...series,
        ...pick(input, ['durationMinutes', 'practitionerId', 'location', 'publicNote', 'privateNote']),
        rule: input.startTime !== undefined ? { ...series.rule, startTime: input.startTime } : series.rule,
        updatedAt: ctx.at,
      };
      await ctx.tx.series.update(updated);
    }
    await books.save();
    const { seriesId: _s, scope, sessionId: _i, ...changes } = input;
    ctx.emit(
      'series.updated',
      { type: 'series', id: series.id },
      { scope, changes, sessionIds: targets.map((s) => s.id) },
    );
    return { series: updated, sessionIds: targets.map((s) => s.id), skipped: skipped.map((s) => s.id) };
  },
};

/** The new time of one occurrence: its own local date, at the new local time, in the series' zone. */
function retimed(
  series: Series,
  session: Session,
  input: { startTime?: string | undefined; durationMinutes?: number | undefined; practitionerId?: string | undefined },
) {
  const minutes = input.durationMinutes ?? session.durationMinutes;
  let start = Temporal.Instant.from(session.startsAt);
  if (input.startTime !== undefined) {
    const date = start.toZonedDateTimeISO(series.timeZone).toPlainDate();
    const [hour = 0, minute = 0] = input.startTime.split(':').map(Number);
    start = date
      .toPlainDateTime({ hour, minute })
      .toZonedDateTime(series.timeZone, { disambiguation: 'compatible' })
      .toInstant();
  }
  return {
    startsAt: toInstantString(start),
    endsAt: toInstantString(start.add({ minutes })),
    timeZone: series.timeZone,
    minutes,
    practitionerId: input.practitionerId ?? session.practitionerId,
  };
}

function pick<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}

export const cancelSeriesInput = z
  .object({ ...scopeShape, reason: z.string().max(500).optional() })
  .strict()
  .superRefine(refineScope);

/**
 * Cancel one occurrence, this and the following ones, or the whole series, as
 * the practice: every place still scheduled is cancelled at no cost (units
 * returned, holds released). Cancelling all also closes the series.
 */
export const cancelSeries: CommandSpec<typeof cancelSeriesInput, SeriesEditResult> = {
  name: 'series.cancel',
  input: cancelSeriesInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'cancel a series',
  locks: (tx, input) => scopeLocks(tx, input),
  async run(ctx, input) {
    const series = await visibleSeries(ctx, input.seriesId);
    assertSeriesOpen(series, 'cancel the series');
    const { targets, skipped } = await inScope(ctx.tx, series.id, input.scope, input.sessionId);
    const books = new Books(ctx);
    const reason = input.reason ?? 'series cancelled';
    const cancelled: { sessionId: string; clientIds: string[] }[] = [];
    for (const target of targets) {
      const open = await openSession(ctx, target.id);
      assertMayManage(ctx.actor, open.session, 'cancel a series');
      const result = await cancelWhole(ctx, books, open, reason);
      cancelled.push({ sessionId: target.id, clientIds: result.cancelled.map((a) => a.clientId) });
    }
    let updated = series;
    if (input.scope === 'all') {
      updated = { ...series, cancelledAt: ctx.at, updatedAt: ctx.at };
      await ctx.tx.series.update(updated);
    }
    await books.save();
    ctx.emit(
      'series.cancelled',
      { type: 'series', id: series.id },
      { scope: input.scope, reason, sessions: cancelled },
    );
    return { series: updated, sessionIds: targets.map((s) => s.id), skipped: skipped.map((s) => s.id) };
  },
};
