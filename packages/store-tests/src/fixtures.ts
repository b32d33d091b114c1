import {
  type Actor,
  type Block,
  type BlockView,
  createSessions,
  type Invoice,
  type LedgerEntry,
  manualClock,
  type Sessions,
  SessionsError,
  sequentialIds,
  type TenantSettings,
} from '@sessions/core';
import { expect } from 'vitest';
import type { ConformanceHarness } from './suite.js';

let counter = 0;

/** A tenant id no other test uses, so tests never depend on each other's data or order. */
export function freshTenant(label = 'tenant'): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const EUR = (amount: number) => ({ amount, currency: 'EUR' });

export interface Practice {
  readonly tenantId: string;
  readonly sessions: Sessions;
  readonly staff: Actor;
  readonly admin: Actor;
  readonly clientId: string;
  readonly client: Actor;
  readonly practitionerId: string;
  readonly serviceId: string;
  /** A block of `units` sessions for `total` minor units, invoiced and paid in full: active. */
  activeBlock(units: number, total: number, clientId?: string): Promise<BlockView>;
  /** Reserve input for a session on a block. */
  booking(
    blockId: string,
    sessionId: string,
  ): {
    blockId: string;
    sessionId: string;
    serviceId: string;
    practitionerId: string;
    startsAt: string;
  };
}

/** A practice on the harness's store: settings, a client, a practitioner, a service. */
export async function practice(harness: ConformanceHarness, tenantId = freshTenant()): Promise<Practice> {
  const sessions = createSessions({
    store: harness.store,
    clock: manualClock('2026-03-01T09:00:00Z'),
    ids: sequentialIds(tenantId),
    settings: { currency: 'EUR', timeZone: 'Europe/Berlin', maxActiveBlocksPerClient: 10 },
  });
  const staff: Actor = { tenantId, kind: 'staff', id: 'staff-1' };
  const admin: Actor = { tenantId, kind: 'admin', id: 'admin-1' };
  const client = await sessions.clients.create(staff, { name: 'Mara Schulz', email: 'mara@example.com' });
  const practitioner = await sessions.practitioners.create(staff, { name: 'Jonas Weber' });
  const service = await sessions.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: EUR(9500),
    wage: EUR(4500),
  });
  return {
    tenantId,
    sessions,
    staff,
    admin,
    clientId: client.id,
    client: { tenantId, kind: 'client', id: client.id },
    practitionerId: practitioner.id,
    serviceId: service.id,
    async activeBlock(units, total, clientId = client.id) {
      const { block } = await sessions.blocks.create(staff, {
        clientId,
        quantity: units,
        price: { total: EUR(total) },
      });
      await sessions.blocks.issueInvoice(staff, { blockId: block.id });
      return sessions.blocks.recordPayment(staff, { blockId: block.id, amount: EUR(total) });
    },
    booking: (blockId, sessionId) => ({
      blockId,
      sessionId,
      serviceId: service.id,
      practitionerId: practitioner.id,
      startsAt: '2026-03-10T09:00:00Z',
    }),
  };
}

/** The SessionsError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<SessionsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SessionsError);
    return error as SessionsError;
  }
  throw new Error('expected a SessionsError, but the call succeeded');
}

/** Assert the call fails with `code` and leaves every committed byte of the store as it was. */
export async function expectRefusedUnchanged(
  harness: ConformanceHarness,
  code: SessionsError['code'],
  call: () => Promise<unknown>,
): Promise<SessionsError> {
  const before = await harness.raw.snapshot();
  const error = await rejection(call());
  expect(error.code).toBe(code);
  expect(await harness.raw.snapshot()).toBe(before);
  return error;
}

/** Complete settings, as a store holds them. */
export const settingsRecord: TenantSettings = {
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  unlockCreditsOn: 'payment',
  maxActiveBlocksPerClient: 1,
  lowBalanceThresholdPercent: 20,
  invoiceDueDays: 14,
  invoicePrefix: 'INV-',
};

/** Minimal valid records for repository-level tests, written straight through a transaction. */
export function clientRecord(tenantId: string, id: string, createdAt = '2026-03-01T09:00:00.000Z') {
  return {
    tenantId,
    id,
    name: `Client ${id}`,
    email: null,
    phone: null,
    canCancelSessions: false,
    createdAt,
    updatedAt: createdAt,
  };
}

export function blockRecord(tenantId: string, id: string, clientId: string, overrides: Partial<Block> = {}): Block {
  const at = '2026-03-01T09:00:00.000Z';
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
    coveredServiceIds: null,
    bookablePractitionerIds: null,
    expiresOn: null,
    templateId: null,
    status: 'draft',
    invoiceId: null,
    activatedAt: null,
    closedAt: null,
    deletedAt: null,
    createdBy: { kind: 'staff', id: 'staff-1' },
    createdAt: at,
    updatedAt: at,
    ...overrides,
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
    invoiceId: null,
    actor: { kind: 'staff', id: 'staff-1' },
    at: '2026-03-01T09:00:00.000Z',
    reason: null,
    correctsEntryId: null,
    ...overrides,
  };
}

export function invoiceRecord(tenantId: string, id: string, blockId: string, number: string): Invoice {
  const at = '2026-03-01T09:00:00.000Z';
  return {
    tenantId,
    id,
    blockId,
    clientId: 'c1',
    number,
    lines: [{ description: '10 sessions', quantity: 10, unitPrice: 10000, amount: 100000 }],
    total: 100000,
    currency: 'EUR',
    issuedAt: at,
    dueOn: '2026-03-15',
    subject: null,
    message: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A failure a test throws on purpose inside a transaction, to watch it roll back. */
export class Boom extends Error {
  override readonly name = 'Boom';
}
