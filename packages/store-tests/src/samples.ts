import type {
  Block,
  BlockTemplate,
  Client,
  DomainEvent,
  IdempotencyRecord,
  Invoice,
  LedgerEntry,
  Practitioner,
  Service,
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
