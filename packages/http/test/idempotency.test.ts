import type { Session } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { berlin, world } from './fixture.js';

const sessionsOf = (w: Awaited<ReturnType<typeof world>>) => w.store.raw.records('practice-a', 'sessions') as Session[];

describe('Idempotency-Key over HTTP', () => {
  it('a repeated booking returns the first result and books once', async () => {
    const w = await world();
    const body = { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-02T10:00') };
    const headers = { 'idempotency-key': 'book-monday-10' };
    const first = await w.call('POST', '/api/bookings', { as: 'mara', body, headers });
    expect(first.status).toBe(200);
    const count = sessionsOf(w).length;
    const repeat = await w.unchanged('POST', '/api/bookings', { as: 'mara', body, headers });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(sessionsOf(w)).toHaveLength(count);
    // Without the key, the same request is a new booking: the slot is taken.
    const fresh = await w.unchanged('POST', '/api/bookings', { as: 'mara', body });
    expect([fresh.status, fresh.body.code]).toEqual([409, 'SLOT_TAKEN']);
  });

  it('the same key with a different request: 409 IDEMPOTENCY_MISMATCH', async () => {
    const w = await world();
    const headers = { 'idempotency-key': 'k-1' };
    const slot = { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId };
    await w.call('POST', '/api/bookings', {
      as: 'mara',
      body: { ...slot, start: berlin('2026-03-02T10:00') },
      headers,
    });
    const other = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { ...slot, start: berlin('2026-03-02T11:00') },
      headers,
    });
    expect([other.status, other.body]).toEqual([
      409,
      {
        code: 'IDEMPOTENCY_MISMATCH',
        message:
          'Idempotency key "k-1" was already used for a different request (availability.book); use a new key for a new request.',
        details: { idempotencyKey: 'k-1', command: 'availability.book' },
      },
    ]);
  });

  it('a repeated cancel answers the first result, not INVALID_TRANSITION', async () => {
    const w = await world();
    const path = `/api/sessions/${w.maraSession.id}/cancel`;
    const headers = { 'idempotency-key': 'cancel-1' };
    const first = await w.call('POST', path, { as: 'mara', body: { reason: 'Ill' }, headers });
    const repeat = await w.unchanged('POST', path, { as: 'mara', body: { reason: 'Ill' }, headers });
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(repeat.body).toEqual(first.body);
  });

  it('a repeated enrol and drop answer their first results', async () => {
    const w = await world();
    const enrol = { as: 'mara', headers: { 'idempotency-key': 'enrol-1' } };
    const first = await w.call('POST', `/api/classes/${w.yoga.id}/enrol`, enrol);
    expect((await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, enrol)).body).toEqual(first.body);
    const drop = { as: 'mara', headers: { 'idempotency-key': 'drop-1' } };
    const dropped = await w.call('POST', `/api/classes/${w.yoga.id}/drop`, drop);
    expect(dropped.status).toBe(200);
    expect((await w.unchanged('POST', `/api/classes/${w.yoga.id}/drop`, drop)).body).toEqual(dropped.body);
  });

  it('an empty or overlong key is refused by core at idempotencyKey', async () => {
    const w = await world();
    for (const key of ['', 'k'.repeat(201)]) {
      const answer = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
        as: 'mara',
        headers: { 'idempotency-key': key },
      });
      expect([key.length, answer.status, answer.body.details.issues]).toEqual([
        key.length,
        400,
        [{ path: ['idempotencyKey'], message: 'must be a string of 1 to 200 characters' }],
      ]);
    }
  });

  it('reads ignore the header', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/me/blocks', { as: 'mara', headers: { 'idempotency-key': '' } });
    expect(answer.status).toBe(200);
  });
});
