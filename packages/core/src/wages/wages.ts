import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { SessionsError } from '../errors.js';
import type { Money } from '../money.js';
import type { QuerySpec } from '../runtime/runtime.js';
import type { AttendanceStatus } from '../sessions/session.js';
import { plainDateSchema, toInstantString } from '../time.js';

export const wagesInput = z
  .object({
    practitionerId: idSchema,
    /** First day of the period, on the practice's calendar. */
    from: plainDateSchema,
    /** Last day of the period (inclusive). */
    to: plainDateSchema,
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.to < input.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

/** One settled place in a session, and what it earned the practitioner. */
export interface WageItem {
  readonly sessionId: string;
  readonly attendanceId: string;
  readonly clientId: string;
  readonly startsAt: string;
  readonly status: AttendanceStatus;
  readonly completionType: { readonly id: string; readonly label: string } | null;
  readonly wage: Money;
}

export interface WageReport {
  readonly practitionerId: string;
  readonly from: string;
  readonly to: string;
  /** Settled places in sessions starting in the period, by start. */
  readonly items: readonly WageItem[];
  readonly total: Money;
  /** Places still scheduled in the period: not earned yet, listed for the practitioner's planning. */
  readonly scheduled: number;
}

/**
 * A practitioner's wages for sessions starting in a period of days (the
 * practice's zone): one item per settled place, with the wage its
 * completion type gave, and the total. Practitioners read only their own.
 */
export const wages: QuerySpec<typeof wagesInput, WageReport> = {
  name: 'wages',
  input: wagesInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'read wages',
  async run({ tx, actor, settings }, input) {
    if (actor.kind === 'practitioner' && actor.id !== input.practitionerId) {
      throw new SessionsError('FORBIDDEN', 'A practitioner may read only their own wages.', {
        issues: [{ path: ['practitionerId'], message: 'must be your own id' }],
      });
    }
    const startOf = (date: Temporal.PlainDate) =>
      toInstantString(date.toZonedDateTime({ timeZone: settings.timeZone }).toInstant());
    const range = {
      from: startOf(Temporal.PlainDate.from(input.from)),
      to: startOf(Temporal.PlainDate.from(input.to).add({ days: 1 })),
    };
    const sessions = (await tx.sessions.listByPractitioner(input.practitionerId, range)).filter(
      (s) => s.deletedAt === null,
    );
    const items: WageItem[] = [];
    let total = 0;
    let scheduled = 0;
    for (const session of sessions) {
      for (const attendance of await tx.attendances.listBySession(session.id)) {
        if (attendance.status === 'scheduled') {
          scheduled += 1;
          continue;
        }
        total += attendance.wage;
        items.push({
          sessionId: session.id,
          attendanceId: attendance.id,
          clientId: attendance.clientId,
          startsAt: session.startsAt,
          status: attendance.status,
          completionType: attendance.completion
            ? { id: attendance.completion.typeId, label: attendance.completion.label }
            : null,
          wage: { amount: attendance.wage, currency: settings.currency },
        });
      }
    }
    return {
      practitionerId: input.practitionerId,
      from: input.from,
      to: input.to,
      items,
      total: { amount: total, currency: settings.currency },
      scheduled,
    };
  },
};
