/**
 * Valid session-side records (sessions, series, classes, closures, working hours,
 * attendances, completion types, account entries) for repository-level tests,
 * written straight through a transaction like those in `samples.ts`.
 */
import type {
  AccountEntry,
  Attendance,
  Availability,
  Closure,
  CompletionType,
  Enrolment,
  Series,
  Session,
} from '@sessions/core';
import { T0 } from './samples.js';

const staffRef = { kind: 'staff', id: 'staff-1' } as const;
const DEFAULT_START = '2026-03-10T09:00:00.000Z';
/** An hour after `startsAt`, in the same ISO form. */
const hourAfter = (startsAt: string) => new Date(Date.parse(startsAt) + 3_600_000).toISOString();

/** A scheduled one-hour, one-off session (no series); give `startsAt` alone and `endsAt` follows it. */
export function sessionRecord(tenantId: string, id: string, overrides: Partial<Session> = {}): Session {
  const startsAt = overrides.startsAt ?? DEFAULT_START;
  return {
    tenantId,
    id,
    practitionerId: 'p1',
    serviceId: 's1',
    startsAt,
    endsAt: hourAfter(startsAt),
    timeZone: 'Europe/Berlin',
    durationMinutes: 60,
    location: 'Room 2',
    publicNote: 'Bring trainers',
    privateNote: null,
    capacity: 1,
    status: 'scheduled',
    deletedAt: null,
    seriesId: null,
    occurrenceDate: null,
    classId: null,
    displayed: false,
    createdBy: staffRef,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A weekly series of ten sessions for two clients, Tuesdays and Thursdays at 10:00, skipping one date. */
export function seriesRecord(tenantId: string, id: string, overrides: Partial<Series> = {}): Series {
  return {
    tenantId,
    id,
    kind: 'sessions',
    practitionerId: 'p1',
    serviceId: 's1',
    timeZone: 'Europe/Berlin',
    durationMinutes: 60,
    rule: {
      frequency: 'weekly',
      interval: 1,
      weekdays: ['TU', 'TH'],
      startDate: '2026-03-10',
      startTime: '10:00',
      count: 10,
      until: null,
      exceptions: ['2026-03-19'],
    },
    location: 'Room 2',
    publicNote: null,
    privateNote: 'Post-op knees',
    capacity: 2,
    clientIds: ['c1', 'c2'],
    class: null,
    cancelledAt: null,
    createdBy: staffRef,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** The terms of a class series: what `seriesRecord(…, { kind: 'class', class: classTerms, clientIds: [] })` takes. */
export const classTerms: NonNullable<Series['class']> = {
  name: 'Pilates for beginners',
  description: 'Mats provided',
  enrolmentDeadline: '2026-03-09T23:00:00.000Z',
  dropDeadline: '2026-03-16T23:00:00.000Z',
  waitlist: true,
};

/** A client enrolled in a class, by staff past the enrolment deadline. */
export function enrolmentRecord(
  tenantId: string,
  id: string,
  classId: string,
  overrides: Partial<Enrolment> = {},
): Enrolment {
  return {
    tenantId,
    id,
    classId,
    clientId: 'c1',
    status: 'enrolled',
    waitlistedAt: null,
    waitlistNumber: null,
    enrolledAt: T0,
    droppedAt: null,
    override: { by: staffRef, reason: 'Joins late', mode: 'package', missing: 1, unit: 'units' },
    createdBy: staffRef,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** The whole practice closed over Christmas, not yet applied to its sessions. */
export function closureRecord(tenantId: string, id: string, createdAt = T0): Closure {
  return {
    tenantId,
    id,
    practitionerId: null,
    from: '2026-12-24',
    to: '2026-12-26',
    reason: 'Christmas',
    appliedAt: null,
    deletedAt: null,
    createdBy: staffRef,
    createdAt,
    updatedAt: createdAt,
  };
}

/** A practitioner's working hours (the record's id is the practitioner's): weekdays, a split Wednesday, two overrides. */
export function availabilityRecord(tenantId: string, practitionerId: string, createdAt = T0): Availability {
  const day = () => [{ start: '09:00', end: '17:00' }];
  return {
    tenantId,
    id: practitionerId,
    practitionerId,
    timeZone: 'Europe/Berlin',
    weekly: {
      MO: day(),
      TU: day(),
      WE: [
        { start: '08:00', end: '12:00' },
        { start: '14:00', end: '18:00' },
      ],
      TH: day(),
      FR: [{ start: '09:00', end: '13:00' }],
      SA: [],
      SU: [],
    },
    overrides: [
      { date: '2026-03-13', ranges: [] },
      { date: '2026-03-14', ranges: [{ start: '10:00', end: '12:00' }] },
    ],
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 120,
    horizonDays: 60,
    slotStepMinutes: 30,
    createdAt,
    updatedAt: createdAt,
  };
}

/** A scheduled, unlinked attendance (no block, no invoice) that staff booked over the account mode. */
export function attendanceRecord(
  tenantId: string,
  id: string,
  sessionId: string,
  overrides: Partial<Attendance> = {},
): Attendance {
  return {
    tenantId,
    id,
    sessionId,
    clientId: 'c1',
    startsAt: DEFAULT_START,
    blockId: null,
    status: 'scheduled',
    cost: 9500,
    wage: 4500,
    completion: null,
    cancellation: null,
    override: { by: staffRef, reason: 'Pays on the day', mode: 'minimum_threshold', missing: 4500, unit: 'money' },
    invoiceId: null,
    settledAt: null,
    settledBy: null,
    deletedAt: null,
    createdBy: staffRef,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function completionTypeRecord(tenantId: string, id: string, createdAt = T0): CompletionType {
  return {
    tenantId,
    id,
    label: 'Late Cancel',
    description: 'Half the cost, half the wage',
    baseStatus: 'cancelled',
    modifier: { kind: 'percentage', client: 50, wage: 50 },
    enabled: true,
    deletedAt: null,
    createdAt,
    updatedAt: createdAt,
  };
}

/** Entry 1 is a payment; later ones hold the cost of a session. */
export function accountEntryRecord(
  tenantId: string,
  clientId: string,
  seq: number,
  overrides: Partial<AccountEntry> = {},
): AccountEntry {
  return {
    tenantId,
    id: `${clientId}-a${seq}`,
    clientId,
    seq,
    kind: seq === 1 ? 'payment' : 'hold',
    amount: seq === 1 ? 20000 : 0,
    held: seq === 1 ? 0 : 9500,
    sessionId: seq === 1 ? null : `session-${seq}`,
    attendanceId: seq === 1 ? null : `attendance-${seq}`,
    invoiceId: null,
    actor: staffRef,
    at: T0,
    reason: null,
    correctsEntryId: null,
    ...overrides,
  };
}

/** An instant on a day of March 2026, at a whole hour (UTC). */
export const marchAt = (day: number, hour: number) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** A one-hour session of series `seriesId` (null: a one-off), made for the day it starts on. */
export function occurrence(
  tenantId: string,
  id: string,
  seriesId: string | null,
  startsAt: string,
  more: Partial<Session> = {},
) {
  return sessionRecord(tenantId, id, {
    startsAt,
    seriesId,
    occurrenceDate: seriesId === null ? null : startsAt.slice(0, 10),
    ...more,
  });
}
