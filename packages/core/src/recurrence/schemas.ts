import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { attendeeSchema, durationSchema, overrideSchema } from '../sessions/schemas.js';
import { plainDateSchema, timeZoneSchema } from '../time.js';
import { MAX_OCCURRENCES } from './expand.js';
import { WEEKDAYS } from './series.js';

/** A wall-clock time of day, HH:MM (24 h). */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day like 09:30' });

/** The recurrence as a person sets it up: days, a time, weekly or monthly, and a count or a last date. */
export const recurrenceShape = {
  /** The zone whose wall clock the series follows; the practice's by default. */
  timeZone: timeZoneSchema.optional(),
  /** The first day the series may meet on. */
  startDate: plainDateSchema,
  startTime: timeOfDaySchema,
  weekdays: z
    .array(z.enum(WEEKDAYS))
    .min(1, { error: 'choose at least one weekday' })
    .max(7)
    .refine((days) => new Set(days).size === days.length, { error: 'a weekday is listed twice' }),
  frequency: z.enum(['weekly', 'monthly']).default('weekly'),
  /** Every `interval` weeks (or months). */
  interval: z.number().int().min(1, { error: 'must be at least 1' }).max(52).default(1),
  /** How many sessions, the first included. */
  count: z
    .number({ error: 'must be a whole number of sessions' })
    .int({ error: 'must be a whole number of sessions' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_OCCURRENCES, { error: `must be at most ${MAX_OCCURRENCES}` })
    .optional(),
  /** Or: the last day it may meet on. */
  until: plainDateSchema.optional(),
  /** Days it does not meet on (holidays); they do not use up the count. */
  exceptions: z.array(plainDateSchema).max(MAX_OCCURRENCES).default([]),
  durationMinutes: durationSchema.optional(),
};

/** Count xor last date, and a last date on or after the start. */
export function refineRecurrence(
  input: { count?: number | undefined; until?: string | undefined; startDate?: string },
  ctx: z.RefinementCtx,
): void {
  if (input.count !== undefined && input.until !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'give a number of sessions or a last date, not both' });
  } else if (input.count === undefined && input.until === undefined) {
    ctx.addIssue({ code: 'custom', path: ['count'], message: 'give a number of sessions or a last date' });
  }
  if (input.until !== undefined && input.startDate !== undefined && input.until < input.startDate) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before startDate' });
  }
}

export const createSeriesInput = z
  .object({
    /** The clients booked into every session. */
    clients: z
      .array(attendeeSchema)
      .min(1, { error: 'a series needs at least one client' })
      .max(500)
      .refine((list) => new Set(list.map((a) => a.clientId)).size === list.length, {
        error: 'a client is listed twice',
      }),
    practitionerId: idSchema,
    serviceId: idSchema,
    ...recurrenceShape,
    location: z.string().max(200).nullable().optional(),
    publicNote: z.string().max(2000).nullable().optional(),
    privateNote: z.string().max(5000).nullable().optional(),
    capacity: z.number().int().min(1, { error: 'must be at least 1' }).max(500).optional(),
    override: overrideSchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    refineRecurrence(input, ctx);
    if (input.capacity !== undefined && input.capacity < input.clients.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: `is less than the ${input.clients.length} clients given`,
      });
    }
  });
