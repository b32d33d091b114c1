import {
  type AccountEntry,
  type Actor,
  blockBalance,
  type LedgerEntry,
  type ScheduleResult,
  type Sessions,
  sessionEffects,
} from '@sessions/core';
import type { MemoryStore } from '@sessions/memory';
import { expect } from 'vitest';
import type { Practice } from './helpers.js';

/** A local wall-clock time in the practice's zone (Europe/Berlin in these tests), as `schedule` takes it. */
export const berlin = (local: string) => `${local}[Europe/Berlin]`;

type ScheduleInput = Parameters<Sessions['sessions']['schedule']>[1];

/**
 * Schedule a session for the practice's client with its practitioner and
 * service, at 09:00 Berlin time on 10 March 2026 unless told otherwise; the
 * client's block is linked automatically. Staff act unless `as` says who.
 */
export function schedule(
  p: Practice,
  input: Partial<ScheduleInput> = {},
  as: Actor = p.staff,
): Promise<ScheduleResult> {
  return p.sessions.sessions.schedule(as, {
    clients: [{ clientId: p.clientId }],
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    start: berlin('2026-03-10T09:00'),
    ...input,
  });
}

/** Another client of the practice, with an actor to act as them. */
export async function anotherClient(
  p: Practice,
  name = 'Lena Roth',
  extra: Record<string, unknown> = {},
): Promise<{ id: string; actor: Actor }> {
  const client = await p.sessions.clients.create(p.staff, { name, ...extra });
  return { id: client.id, actor: { tenantId: p.tenantId, kind: 'client', id: client.id } };
}

/**
 * Check, from the raw store, that every attendance has exactly its one live
 * effect — a hold while scheduled, none once settled or deleted — on the
 * block that pays for it or on the client's account, and nowhere else; and
 * that every block's money adds up to the cent.
 */
export function expectOneLiveEffectEach(store: MemoryStore, tenantId: string): void {
  const attendances = store.raw.records(tenantId, 'attendances') as {
    id: string;
    clientId: string;
    blockId: string | null;
    status: string;
    cost: number;
    deletedAt: string | null;
    completion: { modifier: { client: number } } | null;
  }[];
  const entries = store.raw.ledgerEntries(tenantId);
  const byBlock = new Map<string, LedgerEntry[]>();
  for (const entry of entries) byBlock.set(entry.blockId, [...(byBlock.get(entry.blockId) ?? []), entry]);
  const effects = new Map([...byBlock].map(([blockId, list]) => [blockId, sessionEffects(list)]));
  const accounts = store.raw.accountEntries(tenantId);
  for (const a of attendances) {
    const live = a.status === 'scheduled' && a.deletedAt === null;
    const charged =
      !live && a.deletedAt === null && a.status !== 'scheduled' && (a.completion?.modifier.client ?? 0) > 0;
    // On every block: a hold only where it is live, units used only where it was charged.
    for (const [blockId, map] of effects) {
      const effect = map.get(a.id);
      const here = blockId === a.blockId;
      expect(effect?.hold !== null && effect?.hold !== undefined, `hold of ${a.id} on ${blockId}`).toBe(here && live);
      expect((effect?.consumedUnits ?? 0) > 0, `units used by ${a.id} on ${blockId}`).toBe(here && charged);
      if (here && charged) expect(effect?.consumed?.value, `cost of ${a.id}`).toBe(a.cost);
    }
    // On the account: a hold only while live and unlinked, a charge only when charged and unlinked.
    const mine = accounts.filter((e: AccountEntry) => e.attendanceId === a.id);
    const held = mine.reduce((sum, e) => sum + e.held, 0);
    const charge = mine.filter((e) => e.kind === 'charge' || e.kind === 'adjust').reduce((sum, e) => sum - e.amount, 0);
    expect(held, `account hold of ${a.id}`).toBe(a.blockId === null && live ? a.cost : 0);
    expect(charge, `account charge of ${a.id}`).toBe(a.blockId === null && charged ? a.cost : 0);
  }
  for (const block of store.raw.blocks(tenantId)) {
    const b = blockBalance(block, byBlock.get(block.id) ?? []);
    expect(b.purchased).toBe(b.remaining + b.reserved + b.consumed + b.refunded + b.forfeited);
    expect(b.paid.amount + b.unpaid.amount).toBe(
      b.consumedValue.amount +
        b.reservedValue.amount +
        b.remainingValue.amount +
        b.forfeitedValue.amount +
        b.refundedAmount.amount,
    );
  }
}
