import { describe, expect, it } from 'vitest';
import { berlin, clientWire, EUR, expectJsonHeaders, world } from './fixture.js';

// Every route of docs/http.md, as the signed-in client Mara (practice A) unless said.
// Reads are compared with what core answers the same actor, and key values are spelled out.

describe('the public reads', () => {
  it('GET /settings gives the currency, the zone and the cancellation policy, nothing else', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/settings', { as: 'mara' });
    expect(answer.status).toBe(200);
    expectJsonHeaders(answer);
    expect(answer.body).toEqual({
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      cancellation: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: 'missed' }] },
    });
  });

  it('GET /services lists the practice’s services', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/services', { as: 'mara' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      {
        tenantId: 'practice-a',
        id: w.a.serviceId,
        name: 'Physio',
        durationMinutes: 60,
        pricing: 'fixed',
        price: 9500,
        createdAt: '2026-03-01T09:00:00.000Z',
        updatedAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });

  it('GET /practitioners gives id, name and zone only (no email)', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/practitioners', { as: 'mara' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([{ id: w.a.practitionerId, name: 'Jonas Weber', timeZone: null }]);
  });

  it('GET /availability lists slots in the caller’s zone', async () => {
    const w = await world();
    const q = `practitionerId=${w.a.practitionerId}&serviceId=${w.a.serviceId}&from=2026-03-10&to=2026-03-10&timeZone=Asia/Kolkata`;
    const answer = await w.call('GET', `/api/availability?${q}`, { as: 'mara' });
    expect(answer.status).toBe(200);
    // 09:00–17:00 Berlin (13:30–21:30 in Kolkata), hourly; Mara's session (09:00) and Lena's (11:00) are taken.
    expect(answer.body.map((s: { start: string }) => s.start)).toEqual([
      '2026-03-10T14:30:00+05:30',
      '2026-03-10T16:30:00+05:30',
      '2026-03-10T17:30:00+05:30',
      '2026-03-10T18:30:00+05:30',
      '2026-03-10T19:30:00+05:30',
      '2026-03-10T20:30:00+05:30',
    ]);
    expect(answer.body[0]).toEqual({
      start: '2026-03-10T14:30:00+05:30',
      end: '2026-03-10T15:30:00+05:30',
      startsAt: '2026-03-10T09:00:00.000Z',
    });
  });

  it('GET /classes is the public list and GET /classes/:classId one class, with only the client’s own enrolment', async () => {
    const w = await world();
    const list = await w.call('GET', '/api/classes', { as: 'lena' });
    const one = await w.call('GET', `/api/classes/${w.yoga.id}`, { as: 'lena' });
    expect(list.status).toBe(200);
    expect(one.status).toBe(200);
    expect(list.body).toEqual(clientWire(await w.sessions.classes.list(w.lena.actor)));
    expect(one.body).toEqual(clientWire(await w.sessions.classes.get(w.lena.actor, { classId: w.yoga.id })));
    expect(one.body).toMatchObject({
      classId: w.yoga.id,
      name: 'Yoga for backs',
      capacity: 2,
      enrolled: 1,
      seatsLeft: 1,
      open: true,
      pricePerSession: EUR(9500),
      total: EUR(19000),
      sessionCount: 2,
    });
    expect(one.body.enrolments.map((e: { clientId: string }) => e.clientId)).toEqual([w.lena.id]);
    // Mara is not enrolled: she sees nobody's enrolment.
    expect((await w.call('GET', `/api/classes/${w.yoga.id}`, { as: 'mara' })).body.enrolments).toEqual([]);
  });

  it('GET /closures lists closures, and filters by ?from=&to= (days)', async () => {
    const w = await world();
    const all = await w.call('GET', '/api/closures', { as: 'mara' });
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      {
        tenantId: 'practice-a',
        id: w.easter.id,
        practitionerId: null,
        from: '2026-04-03',
        to: '2026-04-06',
        reason: 'Easter',
        appliedAt: null,
        deletedAt: null,
        createdBy: { kind: 'staff', id: 'front-desk' },
        createdAt: '2026-03-01T09:00:00.000Z',
        updatedAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
    expect((await w.call('GET', '/api/closures?from=2026-04-07&to=2026-05-01', { as: 'mara' })).body).toEqual([]);
    expect((await w.call('GET', '/api/closures?from=2026-04-06', { as: 'mara' })).body).toEqual(all.body);
  });
});

describe('the client’s own data', () => {
  it('GET /me/blocks lists the live blocks; ?includeClosed=true adds the cancelled one', async () => {
    const w = await world();
    const open = await w.call('GET', '/api/me/blocks', { as: 'mara' });
    expect(open.status).toBe(200);
    expect(open.body).toEqual(clientWire([await w.sessions.blocks.get(w.mara.actor, { blockId: w.maraBlock.id })]));
    expect(open.body[0].balance).toMatchObject({ purchased: 5, remaining: 4, reserved: 1, paid: EUR(50000) });
    const all = await w.call('GET', '/api/me/blocks?includeClosed=true', { as: 'mara' });
    expect(all.body.map((v: { block: { id: string; status: string } }) => [v.block.id, v.block.status])).toEqual([
      [w.maraBlock.id, 'active'],
      [w.closedBlock.id, 'cancelled'],
    ]);
    expect((await w.call('GET', '/api/me/blocks?includeClosed=false', { as: 'mara' })).body).toEqual(open.body);
  });

  it('GET /me/blocks/:blockId gives the block, its balance and its sessions', async () => {
    const w = await world();
    const answer = await w.call('GET', `/api/me/blocks/${w.maraBlock.id}`, { as: 'mara' });
    expect(answer.status).toBe(200);
    const view = await w.sessions.blocks.get(w.mara.actor, { blockId: w.maraBlock.id });
    const list = await w.sessions.sessions.list(w.mara.actor, { blockId: w.maraBlock.id });
    expect(answer.body).toEqual(clientWire({ block: view.block, balance: view.balance, sessions: list }));
    expect(answer.body.sessions).toHaveLength(1);
    expect(answer.body.sessions[0].session.id).toBe(w.maraSession.id);
    expect(answer.body.sessions[0].attendances[0].block).toEqual({
      id: w.maraBlock.id,
      name: '5 sessions',
      sessionNumber: 1,
      of: 5,
    });
  });

  it('GET /me/sessions lists the client’s sessions, within ?from=&to= (instants)', async () => {
    const w = await world();
    const all = await w.call('GET', '/api/me/sessions', { as: 'lena' });
    expect(all.status).toBe(200);
    expect(all.body).toEqual(clientWire(await w.sessions.sessions.list(w.lena.actor, { clientId: w.lena.id })));
    // Lena: the two class sessions and her own session, by start.
    expect(all.body.map((v: { session: { startsAt: string } }) => v.session.startsAt)).toEqual([
      '2026-03-03T17:00:00.000Z',
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T17:00:00.000Z',
    ]);
    const some = await w.call('GET', '/api/me/sessions?from=2026-03-10T00:00:00Z&to=2026-03-10T12:00:00Z', {
      as: 'lena',
    });
    expect(some.body.map((v: { session: { id: string } }) => v.session.id)).toEqual([w.lenaSession.id]);
  });

  it('GET /me/reminders gives the client’s reminders', async () => {
    const w = await world();
    expect((await w.call('GET', '/api/me/reminders', { as: 'mara' })).body).toEqual([]);
    // Three more sessions leave 1 of 5 units: low balance.
    for (const day of ['11', '12', '13']) {
      await w.sessions.sessions.schedule(w.a.staff, {
        clients: [{ clientId: w.mara.id }],
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin(`2026-03-${day}T09:00`),
      });
    }
    const answer = await w.call('GET', '/api/me/reminders', { as: 'mara' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(clientWire(await w.sessions.reminders(w.mara.actor)));
    expect(answer.body.map((r: { type: string; blockId: string }) => [r.type, r.blockId])).toEqual([
      ['low_balance', w.maraBlock.id],
    ]);
  });
});

describe('commands', () => {
  it('POST /bookings books the client into a slot and links their block', async () => {
    const w = await world();
    const answer = await w.call('POST', '/api/bookings', {
      as: 'mara',
      body: {
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin('2026-03-02T10:00'),
        publicNote: 'Knee',
      },
    });
    expect(answer.status).toBe(200);
    expectJsonHeaders(answer);
    const id = answer.body.session.id;
    expect(answer.body.session).toMatchObject({
      practitionerId: w.a.practitionerId,
      serviceId: w.a.serviceId,
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T10:00:00.000Z',
      timeZone: 'Europe/Berlin',
      publicNote: 'Knee',
      status: 'scheduled',
      createdBy: { kind: 'client', id: w.mara.id },
    });
    expect(answer.body.linking).toEqual([
      { clientId: w.mara.id, blockId: w.maraBlock.id, blockName: '5 sessions', how: 'auto', reason: null },
    ]);
    expect(answer.body.attendances[0].block).toEqual({
      id: w.maraBlock.id,
      name: '5 sessions',
      sessionNumber: 1,
      of: 5,
    });
    expect(clientWire(await w.sessions.sessions.get(w.mara.actor, { sessionId: id }))).toEqual({
      session: answer.body.session,
      attendances: answer.body.attendances,
    });
  });

  it('POST /bookings with blockId: null bills the client’s account instead', async () => {
    const w = await world();
    const answer = await w.call('POST', '/api/bookings', {
      as: 'mara',
      body: {
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin('2026-03-02T10:00'),
        blockId: null,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.linking).toEqual([
      { clientId: w.mara.id, blockId: null, blockName: null, how: 'none', reason: 'No block was asked for.' },
    ]);
    expect(answer.body.attendances[0].attendance.blockId).toBe(null);
  });

  it('POST /bookings as staff names the client in the body', async () => {
    const w = await world();
    const answer = await w.call('POST', '/api/bookings', {
      as: 'staff',
      body: {
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin('2026-03-02T10:00'),
        clientId: w.lena.id,
        blockId: w.lenaBlock.id,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.linking).toEqual([
      { clientId: w.lena.id, blockId: w.lenaBlock.id, blockName: '5 sessions', how: 'named', reason: null },
    ]);
    expect(answer.body.session.createdBy).toEqual({ kind: 'staff', id: 'front-desk' });
  });

  it('GET /sessions/:id/cancellation previews, POST /sessions/:id/cancel does exactly that', async () => {
    const w = await world();
    const path = `/api/sessions/${w.maraSession.id}`;
    const preview = await w.call('GET', `${path}/cancellation`, { as: 'mara' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ sessionId: w.maraSession.id, hoursBefore: 215, waived: false });
    expect(preview.body.outcomes).toMatchObject([
      { clientId: w.mara.id, blockId: w.maraBlock.id, tier: null, unit: 'returned', cost: EUR(0) },
    ]);
    expect(preview.body.outcomes[0].summary).toBe('Cancelling now returns the credit.');
    // At a moment inside the 24-hour tier, it would cost the unit.
    const late = await w.call('GET', `${path}/cancellation?at=2026-03-09T12:00:00Z`, { as: 'mara' });
    expect(late.body.outcomes[0]).toMatchObject({ unit: 'used', cost: EUR(10000), tier: { withinHours: 24 } });

    const cancel = await w.call('POST', `${path}/cancel`, { as: 'mara', body: { reason: 'Away' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.session.status).toBe('cancelled');
    expect(cancel.body.cancellation).toEqual(preview.body);
    expect(cancel.body.attendances[0].attendance.cancellation).toEqual({
      hoursBefore: 215,
      tier: null,
      waived: false,
      reason: 'Away',
    });
    const { balance } = await w.sessions.blocks.get(w.a.staff, { blockId: w.maraBlock.id });
    expect([balance.remaining, balance.reserved]).toEqual([5, 0]);
  });

  it('POST /sessions/:id/cancel takes no body at all', async () => {
    const w = await world();
    const answer = await w.call('POST', `/api/sessions/${w.maraSession.id}/cancel`, { as: 'mara' });
    expect(answer.status).toBe(200);
    expect(answer.body.attendances[0].attendance.cancellation.reason).toBe(null);
  });

  it('POST /classes/:id/enrol enrols the client; POST /classes/:id/drop lets them go', async () => {
    const w = await world();
    const enrol = await w.call('POST', `/api/classes/${w.yoga.id}/enrol`, { as: 'mara', body: {} });
    expect(enrol.status).toBe(200);
    expect(enrol.body).toMatchObject({ status: 'enrolled', position: null, unlinked: [] });
    expect(enrol.body.enrolment).toMatchObject({ classId: w.yoga.id, clientId: w.mara.id, status: 'enrolled' });
    expect(enrol.body.sessions.map((s: { linking: { blockId: string } }) => s.linking.blockId)).toEqual([
      w.maraBlock.id,
      w.maraBlock.id,
    ]);
    const drop = await w.call('POST', `/api/classes/${w.yoga.id}/drop`, { as: 'mara' });
    expect(drop.status).toBe(200);
    expect(drop.body.enrolment).toMatchObject({ clientId: w.mara.id, status: 'dropped' });
    expect(drop.body.released).toEqual(enrol.body.sessions.map((s: { sessionId: string }) => s.sessionId));
    expect(drop.body.promoted).toBe(null);
  });

  it('POST /classes/:id/enrol with a named block, or null for the account', async () => {
    const w = await world();
    const named = await w.call('POST', `/api/classes/${w.yoga.id}/enrol`, {
      as: 'mara',
      body: { blockId: w.maraBlock.id },
    });
    expect(named.body.sessions.map((s: { linking: { how: string } }) => s.linking.how)).toEqual(['named', 'named']);
    const none = await w.call('POST', `/api/classes/${w.yoga.id}/drop`, { as: 'lena', body: {} });
    expect(none.status).toBe(200);
    const account = await w.call('POST', `/api/classes/${w.yoga.id}/enrol`, { as: 'lena', body: { blockId: null } });
    expect(account.body.sessions.map((s: { linking: { blockId: null } }) => s.linking.blockId)).toEqual([null, null]);
  });
});

describe('HEAD', () => {
  it('answers like GET, without a body', async () => {
    const w = await world();
    const response = await w.handler(
      new Request('https://practice.example/api/me/blocks', {
        method: 'HEAD',
        headers: { authorization: 'Bearer mara' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('');
    const refused = await w.handler(new Request('https://practice.example/api/me/blocks', { method: 'HEAD' }));
    expect([refused.status, await refused.text()]).toEqual([401, '']);
  });
});
