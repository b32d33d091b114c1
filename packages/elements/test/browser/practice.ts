import { type Actor, createSessions, manualClock, type Sessions } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

export const TENANT = 'practice-1';
export const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const allDay = [{ start: '00:00', end: '24:00' }];

/** A calendar day `n` days from today (UTC): dates the seed needs, relative to the real clock the server runs on. */
export function dayFromNow(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

export interface Practice {
  readonly sessions: Sessions;
  readonly staff: Actor;
  readonly serviceId: string;
  readonly practitionerId: string;
  readonly classId: string;
  /** Client ids by role. */
  readonly clients: {
    /** An active block of 10 sessions, may cancel. */
    readonly mara: string;
    /** Hostile names everywhere they can be: their block, the class description. */
    readonly hostile: string;
    /** Package mode and no block: INSUFFICIENT_CREDIT. */
    readonly nina: string;
    /** Package mode and an expired block. */
    readonly otto: string;
    /** A second client with a block, to take slots from under the others. */
    readonly lena: string;
    /** 4 of 5 sessions used: a low balance, and a history. */
    readonly pia: string;
  };
  readonly blocks: { readonly mara: string };
}

/**
 * One practice on a memory store, on the real clock (the browser's "today" is
 * the server's): a practitioner bookable around the clock in Berlin (hourly
 * slots, no notice), one service, a class starting next week, a cancellation
 * policy (under 24 h: missed), and the clients the tests act as.
 */
export async function seedPractice(): Promise<Practice> {
  const store = createMemoryStore();
  const settings = { currency: 'EUR', timeZone: 'Europe/Berlin' } as const;
  const sessions = createSessions({ store, settings });
  const staff: Actor = { tenantId: TENANT, kind: 'staff', id: 'front-desk' };
  const admin: Actor = { tenantId: TENANT, kind: 'admin', id: 'owner' };
  await sessions.settings.update(admin, {
    cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: 'missed' }] },
  });

  const practitioner = await sessions.practitioners.create(staff, { name: 'Jonas Weber', timeZone: 'Europe/Berlin' });
  const service = await sessions.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: EUR(9500),
    wage: EUR(4500),
  });
  await sessions.availability.set(staff, {
    practitionerId: practitioner.id,
    weekly: { MO: allDay, TU: allDay, WE: allDay, TH: allDay, FR: allDay, SA: allDay, SU: allDay },
    slotStepMinutes: 60,
    horizonDays: 60,
  });

  // Hostile names wherever the elements show a name: a practitioner, a service (and a client, a block, a class below).
  await sessions.practitioners.create(staff, { name: HOSTILE });
  await sessions.services.create(staff, { name: HOSTILE, durationMinutes: 30, price: EUR(1000), wage: EUR(500) });

  const client = async (name: string, extra: Record<string, unknown> = {}) =>
    (await sessions.clients.create(staff, { name, canCancelSessions: true, ...extra })).id;
  const mara = await client('Mara Schulz');
  const hostile = await client(HOSTILE);
  const nina = await client('Nina Park', { accountMode: { kind: 'package' } });
  const otto = await client('Otto Berg', { accountMode: { kind: 'package' } });
  const lena = await client('Lena Roth');
  const pia = await client('Pia Lund');

  const paidBlock = async (clientId: string, name: string, quantity: number, expiresOn: string | null) => {
    const { block } = await sessions.blocks.create(staff, {
      clientId,
      name,
      quantity,
      price: { total: EUR(quantity * 9000) },
      expiresOn,
    });
    await sessions.blocks.issueInvoice(staff, { blockId: block.id });
    await sessions.blocks.recordPayment(staff, { blockId: block.id, amount: EUR(quantity * 9000) });
    return block.id;
  };
  const maraBlock = await paidBlock(mara, '10 sessions of physio', 10, dayFromNow(90));
  await paidBlock(hostile, HOSTILE, 5, null);
  await paidBlock(lena, '5 sessions', 5, null);
  // Otto's block was sold ten days ago, ran out two days ago, and the practice has expired it since.
  const past = createSessions({
    store,
    settings,
    clock: manualClock(new Date(Date.now() - 10 * 86_400_000).toISOString()),
  });
  const { block: winter } = await past.blocks.create(staff, {
    clientId: otto,
    name: 'Winter pack',
    quantity: 5,
    price: { total: EUR(45000) },
    expiresOn: dayFromNow(-2),
  });
  await past.blocks.issueInvoice(staff, { blockId: winter.id });
  await past.blocks.recordPayment(staff, { blockId: winter.id, amount: EUR(45000) });
  await sessions.blocks.expire(staff, { blockId: winter.id });
  await paidBlock(pia, '5 sessions', 5, null);
  for (const daysAgo of [40, 30, 20, 10]) {
    const { session } = await sessions.sessions.schedule(staff, {
      clients: [{ clientId: pia }],
      practitionerId: practitioner.id,
      serviceId: service.id,
      start: `${dayFromNow(-daysAgo)}T10:00[Europe/Berlin]`,
    });
    await sessions.sessions.complete(staff, { sessionId: session.id, type: daysAgo === 20 ? 'missed' : 'completed' });
  }

  const { series } = await sessions.classes.create(staff, {
    name: 'Yoga for backs',
    description: `Gentle yoga. ${HOSTILE}`,
    practitionerId: practitioner.id,
    serviceId: service.id,
    startDate: dayFromNow(7),
    startTime: '18:00',
    weekdays: ['TU', 'TH'],
    count: 6,
    capacity: 8,
    displayFirst: 2,
  });

  return {
    sessions,
    staff,
    serviceId: service.id,
    practitionerId: practitioner.id,
    classId: series.id,
    clients: { mara, hostile, nina, otto, lena, pia },
    blocks: { mara: maraBlock },
  };
}
