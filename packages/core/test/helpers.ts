import {
  type Actor,
  type BlockView,
  createSessions,
  type ManualClock,
  manualClock,
  type Sessions,
  SessionsError,
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
  /** Create a block for the client (10 × €100.00 unless told otherwise). */
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
    sessions.blocks.create(staff, { clientId: client.id, quantity: 10, price: { total: EUR(100000) }, ...input });
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

/** Assert the call is refused with `code` and the store is byte-for-byte as it was. */
export async function expectRefused(
  p: Pick<Practice, 'store'>,
  code: SessionsError['code'],
  call: () => Promise<unknown>,
): Promise<SessionsError> {
  const before = p.store.raw.snapshot();
  const error = await refusal(call());
  expect(error.code).toBe(code);
  expect(p.store.raw.snapshot()).toBe(before);
  return error;
}
