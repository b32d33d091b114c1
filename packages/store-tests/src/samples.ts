import type {
  AccountEntry,
  Attendance,
  Availability,
  Block,
  BlockTemplate,
  Client,
  Closure,
  CompletionType,
  DomainEvent,
  Enrolment,
  IdempotencyRecord,
  Invoice,
  LedgerEntry,
  Practitioner,
  Series,
  Service,
  Session,
  TenantSettings,
} from '@sessions/core';

/**
 * Valid records for repository-level tests, written straight through a
 * transaction (no facade). Nested arrays and objects are there on purpose: a
 * store must keep them intact and must not share them with callers.
 */
export const T0 = '2026-03-01T09:00:00.000Z';

/** Complete settings, as a store holds them. */
export const settingsRecord: TenantSettings = {
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  unlockCreditsOn: 'payment',
  maxActiveBlocksPerClient: 1,
  lowBalanceThresholdPercent: 20,
  invoiceDueDays: 14,
  invoicePrefix: 'INV-',
  accountMode: { kind: 'minimum_threshold', minimum: { amount: 5000, currency: 'EUR' } },
  cancellationPolicy: {
    clientsMayCancel: true,
    tiers: [
      { withinHours: 24, completionTypeId: 'late-cancel' },
      { withinHours: 2, completionTypeId: 'missed' },
    ],
  },
};

export function clientRecord(tenantId: string, id: string, createdAt = T0): Client {
  return {
    tenantId,
    id,
    name: `Client ${id}`,
    email: null,
    phone: null,
    canCancelSessions: false,
    accountMode: { kind: 'available_credit' },
    createdAt,
    updatedAt: createdAt,
  };
}

export function practitionerRecord(tenantId: string, id: string, createdAt = T0): Practitioner {
  return {
    tenantId,
    id,
    name: `Practitioner ${id}`,
    email: 'p@example.com',
    timeZone: null,
    createdAt,
    updatedAt: createdAt,
  };
}

export function serviceRecord(tenantId: string, id: string, createdAt = T0): Service {
  return {
    tenantId,
    id,
    name: 'Physio',
    durationMinutes: 60,
    price: 9500,
    wage: 4500,
    pricing: 'fixed',
    createdAt,
    updatedAt: createdAt,
  };
}

export function templateRecord(tenantId: string, id: string, createdAt = T0): BlockTemplate {
  return {
    tenantId,
    id,
    name: '10 sessions of physio',
    description: 'Valid for 90 days',
    unitKind: 'sessions',
    quantity: 10,
    price: 90000,
    firstUnitPrice: 12000,
    coveredServiceIds: ['s1', 's2'],
    bookablePractitionerIds: null,
    validForDays: 90,
    createdAt,
    updatedAt: createdAt,
  };
}

export function blockRecord(tenantId: string, id: string, clientId: string, overrides: Partial<Block> = {}): Block {
  return {
    tenantId,
    id,
    clientId,
    name: '10 sessions',
    description: null,
    unitKind: 'sessions',
    quantity: 10,
    price: 100000,
    firstUnitPrice: null,
    currency: 'EUR',
    coveredServiceIds: ['s1'],
    bookablePractitionerIds: ['p1', 'p2'],
    expiresOn: null,
    templateId: null,
    status: 'draft',
    invoiceId: null,
    activatedAt: null,
    closedAt: null,
    deletedAt: null,
    createdBy: { kind: 'staff', id: 'staff-1' },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A block's invoice, or, when `blockId` is null, an invoice of sessions billed to the client's account. */
export function invoiceRecord(
  tenantId: string,
  id: string,
  blockId: string | null,
  number: string,
  createdAt = T0,
): Invoice {
  return {
    tenantId,
    id,
    blockId,
    attendanceIds: blockId === null ? ['att-1', 'att-2'] : [],
    clientId: 'c1',
    number,
    lines: [
      { description: '10 sessions', quantity: 1, unitPrice: 10002, amount: 10002 },
      { description: '10 sessions', quantity: 9, unitPrice: 9999, amount: 89991 },
    ],
    total: 99993,
    currency: 'EUR',
    issuedAt: createdAt,
    dueOn: '2026-03-15',
    subject: null,
    message: 'Thank you',
    createdAt,
    updatedAt: createdAt,
  };
}

export function entryRecord(
  tenantId: string,
  blockId: string,
  seq: number,
  overrides: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    tenantId,
    id: `${blockId}-e${seq}`,
    blockId,
    seq,
    kind: seq === 1 ? 'purchase' : 'reserve',
    from: seq === 1 ? null : 'available',
    to: seq === 1 ? 'available' : 'reserved',
    units: seq === 1 ? 10 : 1,
    value: seq === 1 ? 100000 : 10000,
    firstUnit: false,
    amount: 0,
    writeOff: 0,
    sessionId: seq === 1 ? null : `session-${seq}`,
    sessionNumber: seq === 1 ? null : seq - 1,
    invoiceId: null,
    actor: { kind: 'staff', id: 'staff-1' },
    at: T0,
    reason: null,
    correctsEntryId: null,
    ...overrides,
  };
}

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

export function eventRecord(tenantId: string, id: string): DomainEvent {
  return {
    tenantId,
    id,
    type: 'block.created',
    at: T0,
    aggregate: { type: 'block', id: 'b1' },
    payload: { quantity: 10, tags: ['a', 'b'], nested: { ok: true } },
  };
}

export function idempotencyRecord(key: string): IdempotencyRecord {
  return {
    key,
    command: 'blocks.create',
    fingerprint: 'abc',
    result: { block: { id: 'b1', coveredServiceIds: ['s1'] }, refund: null },
    createdAt: T0,
  };
}

/** Raw rows in id order, whatever order a store's raw view returns them in. */
export function byId<T>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const x = (a as { id: string }).id;
    const y = (b as { id: string }).id;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Scribble over every field of a (possibly frozen) object, nested ones included, ignoring refusals. */
export function scribble(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const target = value as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    const field = target[key];
    scribble(field);
    try {
      if (Array.isArray(field)) field.push('scribbled');
      else if (typeof field === 'string') target[key] = 'scribbled';
      else if (typeof field === 'number') target[key] = -1;
    } catch {
      // A frozen record refuses: that is one way of not being aliased.
    }
  }
}

/** A plain deep copy, to compare a stored record against what was written before the caller scribbled on it. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
