import {
  type Actor,
  type BlockView,
  createSessions,
  isSessionsError,
  manualClock,
  type Sessions,
  SessionsError,
  type SessionsStore,
  type StoreTransaction,
  sequentialIds,
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

/** The people who act in a practice: staff and an admin (a client actor needs a client id). */
export function actors(tenantId: string): { staff: Actor; admin: Actor; client(id: string): Actor } {
  return {
    staff: { tenantId, kind: 'staff', id: 'staff-1' },
    admin: { tenantId, kind: 'admin', id: 'admin-1' },
    client: (id) => ({ tenantId, kind: 'client', id }),
  };
}

/** The facade over the harness's store, for a new practice that has stored nothing yet. */
export function sessionsFor(harness: ConformanceHarness, tenantId: string): Sessions {
  return createSessions({
    store: harness.store,
    clock: manualClock('2026-03-01T09:00:00Z'),
    ids: sequentialIds(tenantId),
    // Ten live blocks per client, so tests can sell several blocks to one client.
    settings: { currency: 'EUR', timeZone: 'Europe/Berlin', maxActiveBlocksPerClient: 10 },
  });
}

export interface Booking {
  blockId: string;
  sessionId: string;
  serviceId: string;
  practitionerId: string;
  startsAt: string;
}

export interface Practice {
  readonly tenantId: string;
  readonly sessions: Sessions;
  readonly staff: Actor;
  readonly admin: Actor;
  readonly clientId: string;
  /** The client, acting for themself. */
  readonly client: Actor;
  readonly practitionerId: string;
  readonly serviceId: string;
  /** A block of `units` sessions for `total` minor units, invoiced and paid in full: active. */
  activeBlock(units: number, total: number, clientId?: string): Promise<BlockView>;
  /** Reserve input for a session on a block. */
  booking(blockId: string, sessionId: string): Booking;
}

/**
 * A practice on the harness's store, made through the facade: a fresh tenant
 * with default settings, one client, one practitioner and one service.
 */
export async function setup(harness: ConformanceHarness, tenantId = freshTenant()): Promise<Practice> {
  const sessions = sessionsFor(harness, tenantId);
  const { staff, admin, client: clientActor } = actors(tenantId);
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
    client: clientActor(client.id),
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

/** The SessionsError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SessionsError> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new Error('expected a SessionsError, but the call succeeded');
  if (!(error instanceof SessionsError)) {
    throw new Error(`expected a SessionsError, but got: ${String(error)}`, { cause: error });
  }
  return error;
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

/** What `Promise.allSettled` gave, split: the values and the rejection reasons. */
export function settled<T>(results: readonly PromiseSettledResult<T>[]): { values: T[]; reasons: unknown[] } {
  const values: T[] = [];
  const reasons: unknown[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') values.push(r.value);
    else reasons.push(r.reason);
  }
  return { values, reasons };
}

/** Let other transactions run: a real timer tick, not just a microtask. */
export const tick = (ms = 1) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Two transactions write the same unique key at once, without a lock, each
 * holding its transaction open a moment after the write so they overlap:
 * exactly one commits, the other is refused with CONFLICT. Answers the
 * argument of the one that committed.
 */
export async function oneOfTwoCommits<A>(
  store: SessionsStore,
  tenantId: string,
  write: (tx: StoreTransaction, arg: A) => Promise<unknown>,
  args: readonly [A, A],
): Promise<A> {
  const attempt = (arg: A) =>
    store.transaction(tenantId, async (tx) => {
      await write(tx, arg);
      await tick(5);
      return arg;
    });
  const { values, reasons } = settled(await Promise.allSettled(args.map(attempt)));
  expect(values).toHaveLength(1);
  expect(reasons).toHaveLength(1);
  expect(isSessionsError(reasons[0], 'CONFLICT')).toBe(true);
  return values[0] as A;
}

/** A promise and the function that resolves it, for making one transaction wait on a test's signal. */
export function signal(): { promise: Promise<void>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/** A failure a test throws on purpose inside a transaction, to watch it roll back. */
export class Boom extends Error {
  override readonly name = 'Boom';
}
