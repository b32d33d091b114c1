import { describe, expect, it } from 'vitest';
import { berlin, expectJsonHeaders, world } from './fixture.js';

// A signed-in client trying to read or change what is not theirs, over HTTP.
// Every attempt is refused (404 when the thing is someone else's, so its
// existence is not confirmed; 403 when the request names someone else; 400
// when it carries a field the API does not take) and the store is byte for
// byte unchanged (`w.unchanged` compares store.raw.snapshot() before and after).

const notFound = (entity: string, id: string) => ({
  code: 'NOT_FOUND',
  message: `No ${entity} with id "${id}" exists in this practice.`,
  details: { entity, id },
});

describe('another client’s data in the same practice', () => {
  it('another client’s block: 404, exactly as for a block that does not exist', async () => {
    const w = await world();
    const theirs = await w.unchanged('GET', `/api/me/blocks/${w.lenaBlock.id}`, { as: 'mara' });
    expect(theirs.status).toBe(404);
    expectJsonHeaders(theirs);
    expect(theirs.body).toEqual(notFound('block', w.lenaBlock.id));
    const missing = await w.unchanged('GET', '/api/me/blocks/no-such-block', { as: 'mara' });
    expect([missing.status, missing.body]).toEqual([404, notFound('block', 'no-such-block')]);
  });

  it('a deleted block is gone from /me, for its own client too', async () => {
    const w = await world();
    const path = `/api/me/blocks/${w.closedBlock.id}`;
    expect((await w.call('GET', path, { as: 'mara' })).status).toBe(200);
    await w.sessions.blocks.delete(w.a.staff, { blockId: w.closedBlock.id });
    const answer = await w.unchanged('GET', path, { as: 'mara' });
    expect([answer.status, answer.body]).toEqual([404, notFound('block', w.closedBlock.id)]);
    const listed = await w.call('GET', '/api/me/blocks?includeClosed=true', { as: 'mara' });
    expect(listed.body.map((v: { block: { id: string } }) => v.block.id)).toEqual([w.maraBlock.id]);
  });

  it('?clientId= of another client on every /me route: 403', async () => {
    const w = await world();
    for (const path of [
      `/api/me/blocks?clientId=${w.lena.id}`,
      `/api/me/blocks/${w.lenaBlock.id}?clientId=${w.lena.id}`,
      `/api/me/blocks/${w.maraBlock.id}?clientId=${w.lena.id}`,
      `/api/me/sessions?clientId=${w.lena.id}`,
      `/api/me/reminders?clientId=${w.lena.id}`,
    ]) {
      const answer = await w.unchanged('GET', path, { as: 'mara' });
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'FORBIDDEN']);
      expect(answer.body.details.issues).toEqual([{ path: ['clientId'], message: 'must be your own client id' }]);
    }
    // Her own id is fine.
    expect((await w.call('GET', `/api/me/blocks?clientId=${w.mara.id}`, { as: 'mara' })).status).toBe(200);
  });

  it('another client’s session: no preview, no cancel (404)', async () => {
    const w = await world();
    const id = w.lenaSession.id;
    const preview = await w.unchanged('GET', `/api/sessions/${id}/cancellation`, { as: 'mara' });
    expect([preview.status, preview.body]).toEqual([404, notFound('session', id)]);
    const cancel = await w.unchanged('POST', `/api/sessions/${id}/cancel`, { as: 'mara', body: {} });
    expect([cancel.status, cancel.body]).toEqual([404, notFound('session', id)]);
    const { session } = await w.sessions.sessions.get(w.a.staff, { sessionId: id });
    expect(session.status).toBe('scheduled');
  });

  it('a group session shows a client only their own place', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/me/sessions', { as: 'mara' });
    const classSession = (await w.sessions.sessions.list(w.a.staff, { clientId: w.lena.id }))[0];
    await w.sessions.classes.enrol(w.mara.actor, { classId: w.yoga.id });
    const after = await w.call('GET', '/api/me/sessions', { as: 'mara' });
    expect(answer.body).toHaveLength(1);
    const shared = after.body.find((v: { session: { id: string } }) => v.session.id === classSession?.session.id);
    expect(shared.attendances.map((a: { attendance: { clientId: string } }) => a.attendance.clientId)).toEqual([
      w.mara.id,
    ]);
    // Lena is in it too, as staff see.
    const staffView = await w.sessions.sessions.get(w.a.staff, { sessionId: shared.session.id });
    expect(staffView.attendances.map((a) => a.attendance.clientId).sort()).toEqual([w.mara.id, w.lena.id].sort());
  });

  it('dropping or enrolling someone else in a class: 403, and they stay where they were', async () => {
    const w = await world();
    const drop = await w.unchanged('POST', `/api/classes/${w.yoga.id}/drop`, {
      as: 'mara',
      body: { clientId: w.lena.id },
    });
    expect([drop.status, drop.body]).toEqual([
      403,
      {
        code: 'FORBIDDEN',
        message: 'A client may enrol or drop only themself.',
        details: { issues: [{ path: ['clientId'], message: 'must be your own id' }] },
      },
    ]);
    const enrol = await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, {
      as: 'lena',
      body: { clientId: w.mara.id },
    });
    expect([enrol.status, enrol.body.code]).toEqual([403, 'FORBIDDEN']);
    // Dropping herself from a class she is not in tells Mara nothing about who is.
    const self = await w.unchanged('POST', `/api/classes/${w.yoga.id}/drop`, { as: 'mara' });
    expect([self.status, self.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('booking for someone else, or paying with someone else’s block: refused', async () => {
    const w = await world();
    const slot = { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-02T10:00') };
    const forLena = await w.unchanged('POST', '/api/bookings', { as: 'mara', body: { ...slot, clientId: w.lena.id } });
    expect([forLena.status, forLena.body.code, forLena.body.details.issues]).toEqual([
      403,
      'FORBIDDEN',
      [{ path: ['clients'], message: 'must name only you' }],
    ]);
    const withLenasBlock = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { ...slot, blockId: w.lenaBlock.id },
    });
    expect([withLenasBlock.status, withLenasBlock.body]).toEqual([404, notFound('block', w.lenaBlock.id)]);
    const enrolWithIt = await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, {
      as: 'mara',
      body: { blockId: w.lenaBlock.id },
    });
    expect([enrolWithIt.status, enrolWithIt.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('another client’s Idempotency-Key does not hand back their result', async () => {
    const w = await world();
    const key = { 'idempotency-key': 'booking-1' };
    const slot = { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-02T10:00') };
    const lenas = await w.call('POST', '/api/bookings', { as: 'lena', body: slot, headers: key });
    expect(lenas.status).toBe(200);
    const replay = await w.unchanged('POST', '/api/bookings', { as: 'mara', body: slot, headers: key });
    expect([replay.status, replay.body.code]).toEqual([409, 'IDEMPOTENCY_MISMATCH']);
    expect(JSON.stringify(replay.body)).not.toContain(lenas.body.session.id);
  });
});

describe('another practice', () => {
  it('ids of practice B, asked by a client of practice A: 404 everywhere', async () => {
    const w = await world();
    for (const [method, path] of [
      ['GET', `/api/me/blocks/${w.bobBlock.id}`],
      ['GET', `/api/sessions/${w.bobSession.id}/cancellation`],
      ['POST', `/api/sessions/${w.bobSession.id}/cancel`],
      ['GET', `/api/classes/${w.bobClass.id}`],
      ['POST', `/api/classes/${w.bobClass.id}/enrol`],
      ['POST', `/api/classes/${w.bobClass.id}/drop`],
    ] as const) {
      const answer = await w.unchanged(method, path, { as: 'mara', body: method === 'POST' ? {} : undefined });
      expect([method, path, answer.status, answer.body.code]).toEqual([method, path, 404, 'NOT_FOUND']);
    }
    const b = { practitionerId: w.b.practitionerId, serviceId: w.b.serviceId, start: berlin('2026-03-02T10:00') };
    const booking = await w.unchanged('POST', '/api/bookings', { as: 'mara', body: b });
    expect([booking.status, booking.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('the reads of practice A never show practice B’s records', async () => {
    const w = await world();
    const services = await w.call('GET', '/api/services', { as: 'mara' });
    expect(services.body.map((s: { id: string }) => s.id)).toEqual([w.a.serviceId]);
    const classes = await w.call('GET', '/api/classes', { as: 'mara' });
    expect(classes.body.map((c: { classId: string }) => c.classId)).toEqual([w.yoga.id]);
    const q = `practitionerId=${w.b.practitionerId}&serviceId=${w.b.serviceId}&from=2026-03-02&to=2026-03-02&timeZone=UTC`;
    const slots = await w.unchanged('GET', `/api/availability?${q}`, { as: 'mara' });
    expect([slots.status, slots.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('authenticated for practice B with an id of practice A: nothing of A is reachable', async () => {
    const w = await world();
    // 'mara-at-b' carries Mara's id but practice B's tenant.
    const blocks = await w.unchanged('GET', '/api/me/blocks?includeClosed=true', { as: 'mara-at-b' });
    expect([blocks.status, blocks.body]).toEqual([200, []]);
    const sessions = await w.unchanged('GET', '/api/me/sessions', { as: 'mara-at-b' });
    expect([sessions.status, sessions.body]).toEqual([200, []]);
    const block = await w.unchanged('GET', `/api/me/blocks/${w.maraBlock.id}`, { as: 'mara-at-b' });
    expect([block.status, block.body]).toEqual([404, notFound('block', w.maraBlock.id)]);
    const cancel = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, { as: 'mara-at-b' });
    expect([cancel.status, cancel.body]).toEqual([404, notFound('session', w.maraSession.id)]);
    const enrol = await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, { as: 'mara-at-b' });
    expect([enrol.status, enrol.body.code]).toEqual([404, 'NOT_FOUND']);
    const closures = await w.call('GET', '/api/closures', { as: 'mara-at-b' });
    expect(closures.body).toEqual([]);
  });

  it('a tenant id smuggled into a body or a query is refused at its path', async () => {
    const w = await world();
    const booking = await w.unchanged('POST', '/api/bookings', {
      as: 'bob',
      body: {
        tenantId: 'practice-a',
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin('2026-03-02T10:00'),
      },
    });
    expect([booking.status, booking.body]).toEqual([
      400,
      {
        code: 'VALIDATION_FAILED',
        message: 'Invalid request body: tenantId: is not a known field',
        details: { issues: [{ path: ['tenantId'], message: 'is not a known field' }] },
      },
    ]);
    const cancel = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'bob',
      body: { tenantId: 'practice-a' },
    });
    expect([cancel.status, cancel.body.details.issues]).toEqual([
      400,
      [{ path: ['tenantId'], message: 'is not a known field' }],
    ]);
    const read = await w.unchanged('GET', '/api/me/blocks?tenantId=practice-a', { as: 'bob' });
    expect([read.status, read.body.details.issues]).toEqual([
      400,
      [{ path: ['tenantId'], message: 'is not a known query parameter' }],
    ]);
  });
});

describe('forged requests', () => {
  it('a cross-site POST riding on the client’s credentials is refused before anything runs', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([answer.status, answer.body]).toEqual([
      403,
      {
        code: 'FORBIDDEN',
        message:
          'Requests from https://evil.example may not change anything here: the origin is not allowed (configure cors.origin to allow it).',
        details: { origin: 'https://evil.example' },
      },
    ]);
    const nullOrigin = await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, {
      as: 'mara',
      headers: { origin: 'null' },
    });
    expect(nullOrigin.status).toBe(403);
  });

  it('a body in a form encoding is not read as JSON', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      raw: '{"reason":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect([answer.status, answer.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('ids that try to walk out of their path segment find nothing', async () => {
    const w = await world();
    for (const path of [
      `/api/me/blocks/..%2F..%2Fme%2Fblocks%2F${w.lenaBlock.id}`,
      `/api/me/blocks/${w.lenaBlock.id}%00`,
      `/api/me/blocks/${encodeURIComponent(`${w.maraBlock.id}/../${w.lenaBlock.id}`)}`,
    ]) {
      const answer = await w.unchanged('GET', path, { as: 'mara' });
      expect([path, answer.status, answer.body.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });
});

describe('what a client never sees', () => {
  it('no practitioner wage, anywhere in a client’s answers; staff see them', async () => {
    const w = await world();
    for (const path of [
      '/api/services',
      '/api/classes',
      `/api/classes/${w.yoga.id}`,
      '/api/me/sessions',
      '/api/me/blocks',
    ]) {
      const answer = await w.call('GET', path, { as: 'lena' });
      expect(answer.status, path).toBe(200);
      expect(JSON.stringify(answer.body), path).not.toMatch(/"(wage|wagePerSession|totalWages)"/);
    }
    const staff = await w.call('GET', '/api/services', { as: 'staff' });
    expect(JSON.stringify(staff.body)).toMatch(/"wage":4500/);
  });
});
