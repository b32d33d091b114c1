import { z } from 'zod';

/**
 * The shapes of query strings and bodies, checked before core is called:
 * strict (an unknown field or parameter is refused at its path), with only
 * the types settled here. What a value means — an id that exists, a date
 * that is a date, a note short enough — is core's to judge, and its
 * `VALIDATION_FAILED` passes through unchanged.
 */
const text = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
const required = text.min(1, { error: 'must not be empty' });
const id = required;

/** `?clientId=`: whose data a `/me` route serves, for a practitioner, staff member or admin. */
const subject = { clientId: id.optional() };

export const noQuery = z.object({}).strict();
export const subjectQuery = z.object(subject).strict();

export const myBlocksQuery = z
  .object({
    ...subject,
    includeClosed: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  })
  .strict();

export const mySessionsQuery = z.object({ ...subject, from: required.optional(), to: required.optional() }).strict();

export const availabilityQuery = z
  .object({ practitionerId: id, serviceId: id, from: required, to: required, timeZone: required })
  .strict();

export const cancellationQuery = z.object({ at: required.optional() }).strict();

export const closuresQuery = z.object({ from: required.optional(), to: required.optional() }).strict();

export const bookingBody = z
  .object({
    practitionerId: id,
    serviceId: id,
    /** A zoned date-time, `2026-03-10T09:00[Europe/Berlin]`, as `/availability` lists slots. */
    start: required,
    /** The block to pay with; left out, the client's eligible block is linked; null bills the account. */
    blockId: id.nullable().optional(),
    publicNote: text.nullable().optional(),
    /** Who attends: a client books themself and may leave it out; anyone else names the client. */
    clientId: id.optional(),
  })
  .strict();

export const cancelBody = z.object({ reason: text.optional() }).strict();

export const enrolBody = z.object({ blockId: id.nullable().optional(), clientId: id.optional() }).strict();

export const dropBody = z.object({ clientId: id.optional() }).strict();
