import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { epochDayOf } from '../civil-time.js';
import { attendeeSchema, overrideSchema, zonedDateTimeSchema } from '../sessions/schemas.js';
import { plainDateSchema, timeZoneSchema } from '../time.js';
import { minutesOf } from './slot-engine.js';

/** Caps on what a practice may configure and ask for. */
export const AVAILABILITY_LIMITS = {
  /** Working ranges in one day. */
  rangesPerDay: 12,
  /** Date overrides kept per practitioner. */
  overrides: 1000,
  /** Buffers before and after a session: up to a day each. */
  bufferMinutes: 24 * 60,
  /** Minimum notice: up to a year. */
  noticeMinutes: 365 * 24 * 60,
  /** Booking horizon: 1 day to 2 years. */
  horizonDays: 730,
  /** Slot grid: 5 minutes to a day. */
  minStepMinutes: 5,
  maxStepMinutes: 24 * 60,
  /** Days one `availability.slots` call may cover, `from` and `to` included. */
  slotDays: 93,
} as const;

/** The defaults `availability.set` fills in. */
export const AVAILABILITY_DEFAULTS = {
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  horizonDays: 60,
  slotStepMinutes: 15,
} as const;

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const startTime = z.string().regex(CLOCK, { error: 'must be a time of day like 09:00 (00:00 to 23:59)' });
const endTime = z.string().refine((value) => CLOCK.test(value) || value === '24:00', {
  error: 'must be a time of day like 17:00 (24:00 for the end of the day)',
});

/** A stretch of one day on the wall clock: `{ start: '09:00', end: '12:30' }`. */
export const timeRangeSchema = z
  .object({ start: startTime, end: endTime })
  .strict()
  .superRefine((range, ctx) => {
    if (CLOCK.test(range.start) && minutesOf(range.end) <= minutesOf(range.start)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after the start (${range.start})` });
    }
  });

/** One day's working ranges, sorted and not overlapping (touching is fine); [] is a day off. */
export const dayRangesSchema = z
  .array(timeRangeSchema)
  .max(AVAILABILITY_LIMITS.rangesPerDay, { error: `at most ${AVAILABILITY_LIMITS.rangesPerDay} ranges a day` })
  .superRefine((ranges, ctx) => {
    for (let i = 1; i < ranges.length; i++) {
      const previous = ranges[i - 1] as { end: string };
      const range = ranges[i] as { start: string };
      if (minutesOf(range.start) < minutesOf(previous.end)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'start'],
          message: `must not be before the end of the range before it (${previous.end}): a day's ranges are sorted and do not overlap`,
        });
      }
    }
  });

const day = dayRangesSchema.default([]);

/** Working hours per weekday (MO … SU); a weekday left out is not worked. */
export const weeklySchema = z.strictObject(
  { MO: day, TU: day, WE: day, TH: day, FR: day, SA: day, SU: day },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown weekday ${issue.keys.map((k) => `"${k}"`).join(', ')}: weekdays are MO, TU, WE, TH, FR, SA, SU`
        : undefined,
  },
);

const wholeMinutes = (max: number) =>
  z
    .number({ error: 'must be a whole number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(0, { error: 'must not be negative' })
    .max(max, { error: `must be at most ${max} minutes` });

export const setAvailabilityInput = z
  .object({
    practitionerId: idSchema,
    /** The zone the hours are read in; defaults to the practitioner's own, else the practice's. */
    timeZone: timeZoneSchema.optional(),
    weekly: weeklySchema,
    bufferBeforeMinutes: wholeMinutes(AVAILABILITY_LIMITS.bufferMinutes).default(
      AVAILABILITY_DEFAULTS.bufferBeforeMinutes,
    ),
    bufferAfterMinutes: wholeMinutes(AVAILABILITY_LIMITS.bufferMinutes).default(
      AVAILABILITY_DEFAULTS.bufferAfterMinutes,
    ),
    minimumNoticeMinutes: wholeMinutes(AVAILABILITY_LIMITS.noticeMinutes).default(
      AVAILABILITY_DEFAULTS.minimumNoticeMinutes,
    ),
    horizonDays: z
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1 day' })
      .max(AVAILABILITY_LIMITS.horizonDays, { error: `must be at most ${AVAILABILITY_LIMITS.horizonDays} days` })
      .default(AVAILABILITY_DEFAULTS.horizonDays),
    slotStepMinutes: z
      .number({ error: 'must be a whole number of minutes' })
      .int({ error: 'must be a whole number of minutes' })
      .min(AVAILABILITY_LIMITS.minStepMinutes, {
        error: `must be at least ${AVAILABILITY_LIMITS.minStepMinutes} minutes`,
      })
      .max(AVAILABILITY_LIMITS.maxStepMinutes, {
        error: `must be at most ${AVAILABILITY_LIMITS.maxStepMinutes} minutes`,
      })
      .default(AVAILABILITY_DEFAULTS.slotStepMinutes),
  })
  .strict();

export const setOverrideInput = z
  .object({ practitionerId: idSchema, date: plainDateSchema, ranges: dayRangesSchema })
  .strict();

export const clearOverrideInput = z.object({ practitionerId: idSchema, date: plainDateSchema }).strict();

export const getAvailabilityInput = z.object({ practitionerId: idSchema }).strict();

export const slotsInput = z
  .object({
    practitionerId: idSchema,
    serviceId: idSchema,
    /** The first day, on the caller's calendar (`timeZone`). */
    from: plainDateSchema,
    /** The last day (inclusive). */
    to: plainDateSchema,
    /** The caller's zone: `from` and `to` are its days, and slots are written with its offset. */
    timeZone: timeZoneSchema,
  })
  .strict()
  .superRefine((input, ctx) => {
    if (typeof input.from !== 'string' || typeof input.to !== 'string') return;
    const days = epochDayOf(input.to) - epochDayOf(input.from) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${input.from})` });
    else if (days > AVAILABILITY_LIMITS.slotDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${AVAILABILITY_LIMITS.slotDays} days from from, both included (asked for ${days})`,
      });
    }
  });

export const bookInput = z
  .object({
    practitionerId: idSchema,
    serviceId: idSchema,
    /** The slot's start as a zoned date-time, `2026-03-10T09:00[Europe/Berlin]` (with the offset for a repeated hour). */
    start: zonedDateTimeSchema,
    /** Who attends; a client booking leaves it out and books themself. */
    clients: z
      .array(attendeeSchema)
      .min(1, { error: 'a booking needs at least one client' })
      .max(500)
      .refine((list) => new Set(list.map((a) => a.clientId)).size === list.length, {
        error: 'a client is listed twice',
      })
      .optional(),
    location: z.string().max(200).nullable().optional(),
    publicNote: z.string().max(2000).nullable().optional(),
    override: overrideSchema.optional(),
  })
  .strict();
