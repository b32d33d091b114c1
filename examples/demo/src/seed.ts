import type { Actor, Sessions } from '@sessions/core';
import type { Temporal } from 'temporal-polyfill';

export const ZONE = 'Europe/Berlin';
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/** Who can be "signed in" on the demo page, by cookie. */
export interface DemoPeople {
  readonly tenantId: string;
  readonly staff: Actor;
  readonly clients: Readonly<Record<'mara' | 'lena' | 'tom' | 'sam', { readonly id: string; readonly name: string }>>;
  readonly practitioners: Readonly<Record<'jonas' | 'ada', string>>;
}

/**
 * A small practice, seeded relative to today: two practitioners with working
 * hours, three services, clients with blocks in several states (in use, low
 * and expiring, invoiced and unpaid, expired), sessions in the past and the
 * coming days, an unlinked session, and a weekly class with a client in it.
 */
export async function seed(practice: Sessions, tenantId: string, now: Temporal.Instant): Promise<DemoPeople> {
  const admin: Actor = { tenantId, kind: 'admin', id: 'owner' };
  const staff: Actor = { tenantId, kind: 'staff', id: 'front-desk' };
  await practice.settings.update(admin, {
    currency: 'EUR',
    timeZone: ZONE,
    maxActiveBlocksPerClient: 2,
    cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: 'missed' }] },
  });
  const today = now.toZonedDateTimeISO(ZONE).toPlainDate();
  const day = (offset: number) => today.add({ days: offset });
  const at = (offset: number, time: string) => `${day(offset)}T${time}[${ZONE}]`;
  /** The next date (after today) falling on an ISO weekday (1 = Monday). */
  const next = (weekday: number) => day(((weekday - today.dayOfWeek + 7) % 7) + 7);

  const physio = await practice.services.create(staff, {
    name: 'Physiotherapy',
    durationMinutes: 60,
    price: EUR(9500),
    wage: EUR(4500),
  });
  const massage = await practice.services.create(staff, {
    name: 'Sports massage',
    durationMinutes: 45,
    price: EUR(7000),
    wage: EUR(3000),
  });
  const yoga = await practice.services.create(staff, {
    name: 'Yoga class',
    durationMinutes: 60,
    price: EUR(1500),
    wage: EUR(1000),
  });
  const jonas = await practice.practitioners.create(staff, { name: 'Jonas Weber', timeZone: ZONE });
  const ada = await practice.practitioners.create(staff, { name: 'Ada Lang', timeZone: ZONE });
  const workday = [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ];
  await practice.availability.set(staff, {
    practitionerId: jonas.id,
    weekly: { MO: workday, TU: workday, WE: workday, TH: workday, FR: [{ start: '09:00', end: '13:00' }] },
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 120,
    horizonDays: 45,
    slotStepMinutes: 30,
  });
  await practice.availability.set(staff, {
    practitionerId: ada.id,
    weekly: { TU: [{ start: '10:00', end: '18:00' }], TH: [{ start: '10:00', end: '18:00' }] },
    minimumNoticeMinutes: 120,
    horizonDays: 45,
    slotStepMinutes: 15,
  });

  const client = (name: string, canCancelSessions = true) =>
    practice.clients.create(staff, { name, canCancelSessions });
  const mara = await client('Mara Schulz');
  const lena = await client('Lena Roth');
  const tom = await client('Tom Becker');
  const sam = await client('Sam Novak');

  const paidBlock = async (clientId: string, terms: Record<string, unknown>) => {
    const { block } = await practice.blocks.create(staff, { clientId, ...terms } as never);
    const { balance } = await practice.blocks.issueInvoice(staff, { blockId: block.id });
    if (balance.unpaid.amount > 0)
      await practice.blocks.recordPayment(staff, { blockId: block.id, amount: balance.unpaid, method: 'card' });
    return block;
  };
  const session = (
    clientId: string,
    start: string,
    practitionerId = jonas.id,
    serviceId = physio.id,
    blockId?: string | null,
  ) =>
    practice.sessions.schedule(staff, {
      clients: [blockId === undefined ? { clientId } : { clientId, blockId }],
      practitionerId,
      serviceId,
      start,
    });
  const completed = async (clientId: string, start: string) => {
    const { session: s } = await session(clientId, start);
    await practice.sessions.complete(staff, { sessionId: s.id });
  };

  // Mara: ten physio sessions for €900.00, three done, one coming up.
  await paidBlock(mara.id, {
    name: 'Physio 10-pack',
    quantity: 10,
    price: { total: EUR(90000) },
    coveredServiceIds: [physio.id, massage.id],
  });
  for (const [offset, time] of [
    [-20, '09:00'],
    [-13, '09:00'],
    [-6, '10:00'],
  ] as const)
    await completed(mara.id, at(offset, time));
  await session(mara.id, at(2, '14:00'));

  // Lena: low on sessions and the pack expires in ten days; she also takes the yoga class.
  await paidBlock(lena.id, {
    name: 'Physio 10-pack',
    quantity: 10,
    price: { total: EUR(85000) },
    firstUnitPrice: EUR(13000),
    coveredServiceIds: [physio.id],
    expiresOn: day(10).toString(),
  });
  for (let week = 8; week >= 1; week--) await completed(lena.id, at(-3 * week, '11:00'));
  await session(lena.id, at(3, '11:00'));

  // Tom: invoiced, not paid yet; a massage booked anyway (unlinked, billed to his account).
  const { block: toms } = await practice.blocks.create(staff, {
    clientId: tom.id,
    name: 'Massage 5-pack',
    quantity: 5,
    price: { total: EUR(32500) },
  });
  await practice.blocks.issueInvoice(staff, { blockId: toms.id });
  await session(tom.id, at(4, '09:30'), ada.id, massage.id, null).catch(() => undefined);

  // Sam: a pack that expired last week, with units left.
  await paidBlock(sam.id, {
    name: 'Physio 5-pack',
    quantity: 5,
    price: { total: EUR(45000) },
    expiresOn: day(-1).toString(),
  });
  await practice.blocks.expireDue(staff);

  // A weekly class, Wednesdays 18:00, eight weeks; the public list shows the first three.
  const { series } = await practice.classes.create(staff, {
    name: 'Yoga for backs',
    description: 'Gentle mobility work for desk-bound backs. Mats provided.',
    practitionerId: ada.id,
    serviceId: yoga.id,
    startDate: next(3).toString(),
    startTime: '18:00',
    weekdays: ['WE'],
    count: 8,
    capacity: 8,
    displayFirst: 3,
    location: 'Studio 2',
  });
  // Lena holds a pass for the class, so every class session is paid from it.
  await paidBlock(lena.id, {
    name: 'Yoga 8-class pass',
    quantity: 8,
    price: { total: EUR(10800) },
    coveredServiceIds: [yoga.id],
  });
  await practice.classes.enrol(staff, { classId: series.id, clientId: lena.id });

  return {
    tenantId,
    staff,
    clients: {
      mara: { id: mara.id, name: mara.name },
      lena: { id: lena.id, name: lena.name },
      tom: { id: tom.id, name: tom.name },
      sam: { id: sam.id, name: sam.name },
    },
    practitioners: { jonas: jonas.id, ada: ada.id },
  };
}
