import { z } from 'zod';
import { isStaff } from '../actor.js';
import { idSchema } from '../blocks/schemas.js';
import { listPrice, listWage } from '../completion/charges.js';
import { notFound } from '../errors.js';
import type { Money } from '../money.js';
import type { Series } from '../recurrence/series.js';
import type { QueryContext, QuerySpec } from '../runtime/runtime.js';
import type { Session } from '../sessions/session.js';
import type { Enrolment } from './enrolment.js';

/** A session of a class as the public list shows it. */
export interface ClassSessionView {
  readonly sessionId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly status: Session['status'];
  readonly displayed: boolean;
}

/** A class as clients see it: what it is, when, what it costs, and whether there is room. */
export interface ClassView {
  readonly classId: string;
  readonly name: string;
  readonly description: string | null;
  readonly practitionerId: string;
  readonly serviceId: string;
  readonly location: string | null;
  readonly publicNote: string | null;
  readonly capacity: number;
  readonly enrolled: number;
  readonly seatsLeft: number;
  readonly waitlisted: number;
  readonly waitlist: boolean;
  readonly enrolmentDeadline: string;
  readonly dropDeadline: string;
  /** Open for enrolment now: before the deadline, not cancelled, with a seat or a waitlist. */
  readonly open: boolean;
  readonly cancelled: boolean;
  /** The service's price per session, and for every session of the class. */
  readonly pricePerSession: Money;
  readonly total: Money;
  readonly wagePerSession: Money;
  readonly totalWages: Money;
  /** Every session (not deleted), or, in the public list, only those flagged for display. */
  readonly sessions: readonly ClassSessionView[];
  readonly sessionCount: number;
  /** The asking client's own enrolment; staff see every enrolment. */
  readonly enrolments: readonly Enrolment[];
}

async function classView(ctx: QueryContext, series: Series, onlyDisplayed: boolean): Promise<ClassView> {
  const terms = series.class as NonNullable<Series['class']>;
  const sessions = (await ctx.tx.sessions.listBySeries(series.id)).filter((s) => s.deletedAt === null);
  const enrolments = await ctx.tx.enrolments.listByClass(series.id);
  const service = await ctx.tx.services.get(series.serviceId);
  const enrolled = enrolments.filter((e) => e.status === 'enrolled').length;
  const waitlisted = enrolments.filter((e) => e.status === 'waitlisted').length;
  const m = (amount: number): Money => ({ amount, currency: ctx.settings.currency });
  const price = service ? listPrice(service, series.durationMinutes) : 0;
  const wage = service ? listWage(service, series.durationMinutes) : 0;
  const counted = sessions.filter((s) => s.status !== 'cancelled').length;
  const cancelled = series.cancelledAt !== null;
  const open =
    !cancelled &&
    ctx.now.epochMilliseconds <= Date.parse(terms.enrolmentDeadline) &&
    (enrolled < series.capacity || terms.waitlist);
  return {
    classId: series.id,
    name: terms.name,
    description: terms.description,
    practitionerId: series.practitionerId,
    serviceId: series.serviceId,
    location: series.location,
    publicNote: series.publicNote,
    capacity: series.capacity,
    enrolled,
    seatsLeft: Math.max(0, series.capacity - enrolled),
    waitlisted,
    waitlist: terms.waitlist,
    enrolmentDeadline: terms.enrolmentDeadline,
    dropDeadline: terms.dropDeadline,
    open,
    cancelled,
    pricePerSession: m(price),
    total: m(price * counted),
    wagePerSession: m(wage),
    totalWages: m(wage * counted),
    sessions: sessions
      .filter((s) => !onlyDisplayed || s.displayed)
      .map((s) => ({
        sessionId: s.id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        timeZone: s.timeZone,
        status: s.status,
        displayed: s.displayed,
      })),
    sessionCount: counted,
    enrolments:
      isStaff(ctx.actor) || ctx.actor.kind === 'practitioner'
        ? enrolments
        : enrolments.filter((e) => e.clientId === ctx.actor.id),
  };
}

const listInput = z
  .object({ includeClosed: z.boolean().default(false) })
  .strict()
  .default({ includeClosed: false });

/**
 * The public list of classes: each with only the sessions flagged for
 * display (joining any enrols into all), seats left and price. Classes that
 * are cancelled or past their enrolment deadline are left out unless asked for.
 */
export const listClasses: QuerySpec<typeof listInput, ClassView[]> = {
  name: 'classes.list',
  input: listInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'list classes',
  async run(ctx, input) {
    const classes = (await ctx.tx.series.list()).filter((s) => s.kind === 'class');
    const views: ClassView[] = [];
    for (const series of classes) {
      const view = await classView(ctx, series, true);
      if (input.includeClosed || (!view.cancelled && ctx.now.epochMilliseconds <= Date.parse(view.enrolmentDeadline)))
        views.push(view);
    }
    return views;
  },
};

const getInput = z.object({ classId: idSchema }).strict();

/** One class with every session (the details a client reads before joining). */
export const getClass: QuerySpec<typeof getInput, ClassView> = {
  name: 'classes.get',
  input: getInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read a class',
  async run(ctx, input) {
    const series = await ctx.tx.series.get(input.classId);
    if (series?.kind !== 'class') throw notFound('class', input.classId);
    return classView(ctx, series, false);
  },
};
