import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

describe('scheduling a session', () => {
  it('links the client’s block automatically, holds a unit at once, and says which block', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(10000) } });
    const result = await schedule(p, { location: 'Room 2', publicNote: 'Bring trainers', privateNote: 'Left knee' });
    expect(result.linking).toEqual([
      { clientId: p.clientId, blockId: block.id, blockName: '3 sessions', how: 'auto', reason: null },
    ]);
    expect(result.session).toMatchObject({
      startsAt: '2026-03-10T08:00:00.000Z',
      endsAt: '2026-03-10T09:00:00.000Z',
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      location: 'Room 2',
      status: 'scheduled',
      capacity: 1,
    });
    const [place] = result.attendances;
    // 100.00 / 3: the first unit booked carries 33.34.
    expect(place?.attendance).toMatchObject({ blockId: block.id, status: 'scheduled', cost: 3334, wage: 4500 });
    expect(place?.block).toEqual({ id: block.id, name: '3 sessions', sessionNumber: 1, of: 3 });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 2, reserved: 1, reservedValue: EUR(3334) });
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history.at(-1)).toMatchObject({ kind: 'reserve', units: 1, sessionId: place?.attendance.id });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('picks the soonest-expiring block that can pay, skipping ones that cannot, and explains when none can', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 4 });
    const never = await p.activeBlock({ name: 'No expiry' });
    const late = await p.activeBlock({ name: 'June', expiresOn: '2026-06-30' });
    const soon = await p.activeBlock({ name: 'April', expiresOn: '2026-04-30' });
    const other = await p.sessions.services.create(p.staff, {
      name: 'Massage',
      durationMinutes: 45,
      price: EUR(7000),
      wage: EUR(3000),
    });
    const narrow = await p.activeBlock({
      name: 'Massage only',
      expiresOn: '2026-03-31',
      coveredServiceIds: [other.id],
    });
    // The soonest block does not cover Physio; April does.
    expect((await schedule(p)).linking[0]?.blockId).toBe(soon.block.id);
    expect((await schedule(p, { serviceId: other.id })).linking[0]?.blockId).toBe(narrow.block.id);
    // A session in May is after April's expiry: June pays.
    expect((await schedule(p, { start: berlin('2026-05-04T09:00') })).linking[0]?.blockId).toBe(late.block.id);
    expect((await schedule(p, { start: berlin('2026-08-03T09:00') })).linking[0]?.blockId).toBe(never.block.id);

    const q = await practice();
    const pending = await q.block({ name: 'Unpaid pack' });
    await q.sessions.blocks.issueInvoice(q.staff, { blockId: pending.block.id });
    const unlinked = await schedule(q);
    expect(unlinked.linking[0]).toMatchObject({ blockId: null, how: 'none' });
    expect(unlinked.linking[0]?.reason).toMatch(/Unpaid pack.*pending.*paid in full/);
    expect(unlinked.attendances[0]?.attendance).toMatchObject({ blockId: null, cost: 9500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
    expectOneLiveEffectEach(q.store, q.tenantId);
  });

  it('uses a named block, or none when told, and refuses a block of another client as not found', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const first = await p.activeBlock({ expiresOn: '2026-04-30' });
    const second = await p.activeBlock();
    const named = await schedule(p, { clients: [{ clientId: p.clientId, blockId: second.block.id }] });
    expect(named.linking[0]).toMatchObject({ blockId: second.block.id, how: 'named' });
    const none = await schedule(p, { clients: [{ clientId: p.clientId, blockId: null }] });
    expect(none.linking[0]).toMatchObject({ blockId: null, how: 'none', reason: 'No block was asked for.' });
    const other = await anotherClient(p);
    await expectRefused(p, 'NOT_FOUND', () =>
      schedule(p, { clients: [{ clientId: other.id, blockId: first.block.id }] }),
    );
    expect((await p.sessions.blocks.get(p.staff, { blockId: first.block.id })).balance.reserved).toBe(0);
  });

  it('numbers a block’s sessions by date; one cancelled in time drops out and the later ones move up', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 10 });
    // Booked out of date order: the numbers follow the calendar, not the booking order.
    const third = await schedule(p, { start: berlin('2026-03-24T09:00') });
    const first = await schedule(p, { start: berlin('2026-03-10T09:00') });
    const second = await schedule(p, { start: berlin('2026-03-17T09:00') });
    const number = async (sessionId: string) =>
      (await p.sessions.sessions.get(p.staff, { sessionId })).attendances[0]?.block;
    expect(await number(first.session.id)).toEqual({ id: block.id, name: '10 sessions', sessionNumber: 1, of: 10 });
    expect((await number(second.session.id))?.sessionNumber).toBe(2);
    expect((await number(third.session.id))?.sessionNumber).toBe(3);
    await p.sessions.sessions.complete(p.staff, { sessionId: first.session.id });
    await p.sessions.sessions.cancel(p.staff, { sessionId: second.session.id });
    expect((await number(first.session.id))?.sessionNumber).toBe(1);
    expect((await number(second.session.id))?.sessionNumber).toBeNull();
    expect((await number(third.session.id))?.sessionNumber).toBe(2);
    const history = await p.sessions.sessions.list(p.client, { blockId: block.id });
    expect(
      history.map((v) => [
        v.session.startsAt,
        v.attendances[0]?.attendance.status,
        v.attendances[0]?.block?.sessionNumber,
      ]),
    ).toEqual([
      ['2026-03-10T08:00:00.000Z', 'completed', 1],
      ['2026-03-17T08:00:00.000Z', 'cancelled', null],
      ['2026-03-24T08:00:00.000Z', 'scheduled', 2],
    ]);
  });

  it('reads a zoned start in its own zone, across daylight-saving changes', async () => {
    const p = await practice({}, '2026-01-05T09:00:00Z');
    const at = async (start: string, extra = {}) => (await schedule(p, { start, ...extra })).session;
    // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
    expect((await at(berlin('2026-03-27T09:00'))).startsAt).toBe('2026-03-27T08:00:00.000Z');
    expect((await at(berlin('2026-03-30T09:00'))).startsAt).toBe('2026-03-30T07:00:00.000Z');
    // 02:30 on 29 March does not exist in Berlin: it moves forward by the gap, to 03:30 CEST.
    expect((await at(berlin('2026-03-29T02:30'))).startsAt).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October happens twice: the earlier one (CEST) is meant.
    expect((await at(berlin('2026-10-25T02:30'))).startsAt).toBe('2026-10-25T00:30:00.000Z');
    // A session over the autumn change: 01:30 to 02:30 local lasts two hours by the clock on the wall.
    const night = await at(berlin('2026-10-25T01:30'), { end: berlin('2026-10-25T02:30') });
    expect(night.durationMinutes).toBe(60);
    const sydney = await at('2026-04-05T09:00[Australia/Sydney]', { durationMinutes: 45 });
    expect(sydney).toMatchObject({
      startsAt: '2026-04-04T23:00:00.000Z',
      endsAt: '2026-04-04T23:45:00.000Z',
      timeZone: 'Australia/Sydney',
      durationMinutes: 45,
    });
    expect((await at('2026-03-10T09:00+01:00[Europe/Berlin]')).startsAt).toBe('2026-03-10T08:00:00.000Z');
    expect((await at('2026-03-10T09:00[Asia/Kolkata]')).startsAt).toBe('2026-03-10T03:30:00.000Z');
  });

  it('books a group session with one place per client, each paid its own way', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const other = await anotherClient(p);
    const group = await schedule(p, {
      clients: [{ clientId: p.clientId }, { clientId: other.id }],
      capacity: 6,
      publicNote: 'Mats provided',
    });
    expect(group.session).toMatchObject({ capacity: 6, status: 'scheduled' });
    expect(group.attendances.map((a) => [a.attendance.clientId, a.attendance.blockId, a.attendance.cost])).toEqual([
      [p.clientId, block.id, 10000],
      [other.id, null, 9500],
    ]);
    expect(group.linking[1]?.reason).toBe('Lena Roth has no block.');
    // A third client joins while there is room; a duplicate does not.
    const third = await anotherClient(p, 'Tom Berg');
    const added = await p.sessions.sessions.addClient(p.staff, {
      sessionId: group.session.id,
      client: { clientId: third.id },
    });
    expect(added.attendances).toHaveLength(3);
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.sessions.addClient(p.staff, { sessionId: group.session.id, client: { clientId: other.id } }),
    );
    // Each client sees the public note and only their own place; the practice sees everyone.
    const seen = await p.sessions.sessions.get(other.actor, { sessionId: group.session.id });
    expect(seen.session.publicNote).toBe('Mats provided');
    expect(seen.attendances.map((a) => a.attendance.clientId)).toEqual([other.id]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses a client in a full session', async () => {
    const p = await practice();
    const single = await schedule(p);
    const other = await anotherClient(p);
    const error = await expectRefused(p, 'CONFLICT', () =>
      p.sessions.sessions.addClient(p.staff, { sessionId: single.session.id, client: { clientId: other.id } }),
    );
    expect(error.message).toBe('The session is full: 1 of 1 places are taken.');
  });

  it('lets clients book only themselves, practitioners only their own sessions, and hides private notes from clients', async () => {
    const p = await practice();
    await p.activeBlock();
    const other = await anotherClient(p);
    const colleague = await p.sessions.practitioners.create(p.staff, { name: 'Ada Colleague' });
    const mine = await schedule(p, { privateNote: 'Left knee' }, p.client);
    expect(mine.session.privateNote).toBeNull();
    expect((await p.sessions.sessions.get(p.staff, { sessionId: mine.session.id })).session.privateNote).toBe(
      'Left knee',
    );
    await expectRefused(p, 'FORBIDDEN', () => schedule(p, { clients: [{ clientId: other.id }] }, p.client));
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.sessions.get(other.actor, { sessionId: mine.session.id }));
    await expectRefused(p, 'FORBIDDEN', () => schedule(p, { practitionerId: colleague.id }, p.practitioner));
    const theirs = await schedule(p, { practitionerId: colleague.id, clients: [{ clientId: other.id }] });
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.get(p.practitioner, { sessionId: theirs.session.id }),
    );
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.list(p.practitioner, { practitionerId: colleague.id }),
    );
    expect((await p.sessions.sessions.list(p.practitioner)).map((v) => v.session.id)).toEqual([mine.session.id]);
    expect((await p.sessions.sessions.list(other.actor)).map((v) => v.session.id)).toEqual([theirs.session.id]);
  });
});

describe('rescheduling', () => {
  it('moves the session and keeps the block’s hold; every place moves with it', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const { session } = await schedule(p);
    const moved = await p.sessions.sessions.reschedule(p.practitioner, {
      sessionId: session.id,
      start: berlin('2026-03-31T10:30'),
    });
    expect(moved.session).toMatchObject({ startsAt: '2026-03-31T08:30:00.000Z', endsAt: '2026-03-31T09:30:00.000Z' });
    expect(moved.attendances[0]?.attendance).toMatchObject({ startsAt: '2026-03-31T08:30:00.000Z', blockId: block.id });
    // Nothing new on the block: the same hold pays for the new time.
    expect((await p.sessions.blocks.history(p.staff, { blockId: block.id })).map((e) => e.kind)).toEqual([
      'purchase',
      'payment',
      'reserve',
    ]);
    const [event] = (await p.sessions.events.poll({ limit: 100 })).filter((e) => e.type === 'session.rescheduled');
    expect(event?.payload).toMatchObject({
      from: { startsAt: '2026-03-10T08:00:00.000Z' },
      to: { startsAt: '2026-03-31T08:30:00.000Z' },
    });
  });

  it('refuses a time the linked block cannot pay for, and changes nothing', async () => {
    const p = await practice();
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ada Colleague' });
    await p.activeBlock({ expiresOn: '2026-03-31', bookablePractitionerIds: [p.practitionerId] });
    const { session } = await schedule(p);
    await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.sessions.reschedule(p.staff, { sessionId: session.id, start: berlin('2026-04-01T09:00') }),
    );
    await expectRefused(p, 'NOT_COVERED', () =>
      p.sessions.sessions.reschedule(p.staff, {
        sessionId: session.id,
        start: berlin('2026-03-12T09:00'),
        practitionerId: other.id,
      }),
    );
  });

  it('holds the new length on a block counted in minutes', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ unitKind: 'minutes', quantity: 300, price: { total: EUR(30000) } });
    const { session } = await schedule(p, { durationMinutes: 45 });
    await p.sessions.sessions.reschedule(p.staff, {
      sessionId: session.id,
      start: berlin('2026-03-11T09:00'),
      durationMinutes: 90,
    });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ reserved: 90, remaining: 210, reservedValue: EUR(9000) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('races: a reschedule and a cancel of one session — one after the other, never interleaved', async () => {
    const p = await practice();
    await p.activeBlock();
    const { session } = await schedule(p);
    const results = await Promise.allSettled([
      p.sessions.sessions.reschedule(p.staff, { sessionId: session.id, start: berlin('2026-03-20T09:00') }),
      p.sessions.sessions.cancel(p.staff, { sessionId: session.id }),
    ]);
    // The cancel is free either way (both times are days away); the reschedule runs first or is refused.
    const [reschedule, cancel] = results;
    expect(cancel.status).toBe('fulfilled');
    if (reschedule.status === 'rejected') expect(reschedule.reason.code).toBe('INVALID_TRANSITION');
    const final = await p.sessions.sessions.get(p.staff, { sessionId: session.id });
    expect(final.session.status).toBe('cancelled');
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('updates location, notes and capacity, never below the places taken', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    const { session } = await schedule(p, { clients: [{ clientId: p.clientId }, { clientId: other.id }], capacity: 4 });
    const updated = await p.sessions.sessions.update(p.staff, {
      sessionId: session.id,
      location: 'Studio B',
      privateNote: null,
      capacity: 2,
    });
    expect(updated.session).toMatchObject({ location: 'Studio B', capacity: 2, privateNote: null });
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.update(p.staff, { sessionId: session.id, capacity: 1 }),
    );
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.update(p.client, { sessionId: session.id, location: 'Home' }),
    );
  });
});
