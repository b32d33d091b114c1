import {
  type Actor,
  type BlockView,
  createSessions,
  ERROR_CODES,
  type ManualClock,
  manualClock,
  type Sessions,
  SessionsError,
  type SessionsErrorCode,
  sequentialIds,
  type TenantSettingsInput,
} from '@sessions/core';
import { createMemoryStore, type MemoryStore } from '@sessions/memory';
import { expect } from 'vitest';

export const EUR = (amount: number) => ({ amount, currency: 'EUR' });

export interface Practice {
  readonly store: MemoryStore;
  readonly clock: ManualClock;
  readonly sessions: Sessions;
  readonly tenantId: string;
  readonly staff: Actor;
  readonly admin: Actor;
  readonly clientId: string;
  readonly client: Actor;
  readonly practitionerId: string;
  readonly practitioner: Actor;
  readonly serviceId: string;
  /** Create a block for the client (10 sessions for 100000 minor units of the practice currency unless told otherwise). */
  block(input?: Record<string, unknown>): Promise<BlockView>;
  /** Create, invoice and pay a block in full: active. */
  activeBlock(input?: Record<string, unknown>): Promise<BlockView>;
  booking(
    blockId: string,
    sessionId: string,
    startsAt?: string,
  ): { blockId: string; sessionId: string; serviceId: string; practitionerId: string; startsAt: string };
}

/** A practice on a fresh memory store at 2026-03-01 09:00 UTC, in EUR and Europe/Berlin unless told otherwise. */
export async function practice(
  settings: Partial<TenantSettingsInput> = {},
  start = '2026-03-01T09:00:00Z',
): Promise<Practice> {
  const store = createMemoryStore();
  const clock = manualClock(start);
  const tenantId = 'practice-1';
  const sessions = createSessions({
    store,
    clock,
    ids: sequentialIds('id'),
    settings: { currency: 'EUR', timeZone: 'Europe/Berlin', ...settings },
  });
  const staff: Actor = { tenantId, kind: 'staff', id: 'front-desk' };
  const admin: Actor = { tenantId, kind: 'admin', id: 'owner' };
  const client = await sessions.clients.create(staff, { name: 'Mara Schulz' });
  const practitioner = await sessions.practitioners.create(staff, { name: 'Jonas Weber' });
  const currency = settings.currency ?? 'EUR';
  const service = await sessions.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: { amount: 9500, currency },
    wage: { amount: 4500, currency },
  });
  const block: Practice['block'] = (input = {}) =>
    sessions.blocks.create(staff, {
      clientId: client.id,
      quantity: 10,
      price: { total: { amount: 100000, currency } },
      ...input,
    });
  return {
    store,
    clock,
    sessions,
    tenantId,
    staff,
    admin,
    clientId: client.id,
    client: { tenantId, kind: 'client', id: client.id },
    practitionerId: practitioner.id,
    practitioner: { tenantId, kind: 'practitioner', id: practitioner.id },
    serviceId: service.id,
    block,
    async activeBlock(input = {}) {
      const { block: created, balance } = await block(input);
      if (created.status === 'active' && balance.unpaid.amount === 0) return { block: created, balance };
      await sessions.blocks.issueInvoice(staff, { blockId: created.id });
      const { unpaid } = (await sessions.blocks.get(staff, { blockId: created.id })).balance;
      if (unpaid.amount === 0) return sessions.blocks.get(staff, { blockId: created.id });
      return sessions.blocks.recordPayment(staff, { blockId: created.id, amount: unpaid });
    },
    booking: (blockId, sessionId, startsAt = '2026-03-10T09:00:00Z') => ({
      blockId,
      sessionId,
      serviceId: service.id,
      practitionerId: practitioner.id,
      startsAt,
    }),
  };
}

/** The SessionsError a call rejects with; fails if it resolves or throws anything else. */
export async function refusal(call: Promise<unknown>): Promise<SessionsError> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof SessionsError)) throw error;
    return error;
  }
  throw new Error('expected a SessionsError, but the call succeeded');
}

/**
 * Run `fn`, which must be refused with a SessionsError carrying a stable code
 * (`code`, when given), and assert the store's committed state — records,
 * ledgers, outbox, idempotency keys — is exactly what it was before.
 */
export async function expectUnchanged(
  store: Pick<MemoryStore, 'raw'>,
  fn: () => Promise<unknown>,
  code?: SessionsErrorCode,
): Promise<SessionsError> {
  const before = store.raw.snapshot();
  const error = await refusal(fn());
  expect(ERROR_CODES).toContain(error.code);
  if (code !== undefined) expect(error.code, error.message).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(store.raw.snapshot()).toBe(before);
  return error;
}

/** `expectUnchanged` for a practice, code first: reads well in a list of refusals. */
export function expectRefused(
  p: Pick<Practice, 'store'>,
  code: SessionsErrorCode,
  call: () => Promise<unknown>,
): Promise<SessionsError> {
  return expectUnchanged(p.store, call, code);
}
