import { createSessions, ERROR_CODES, type Sessions, SessionsError, type SessionsErrorCode } from '@sessions/core';
import { AuthenticateFailed, createHandler, STATUS_BY_CODE } from '@sessions/http';
import { createMemoryStore } from '@sessions/memory';
import { describe, expect, it, vi } from 'vitest';
import { berlin, expectJsonHeaders, send, world } from './fixture.js';

const client = { tenantId: 'practice-a', kind: 'client', id: 'c-1' } as const;

/** A facade whose every read throws what it is given. */
function throwing(error: unknown): Sessions {
  const fail = async () => {
    throw error;
  };
  return { settings: { get: fail } } as unknown as Sessions;
}

describe('a SessionsError answers with its status and { code, message, details }', () => {
  const expected: Record<SessionsErrorCode, number> = {
    VALIDATION_FAILED: 400,
    CURRENCY_MISMATCH: 400,
    INSUFFICIENT_CREDIT: 402,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    INVALID_TRANSITION: 409,
    BLOCK_EXPIRED: 409,
    BLOCK_NOT_ACTIVE: 409,
    NOT_COVERED: 409,
    ACTIVE_BLOCK_LIMIT: 409,
    PAYMENT_EXCEEDS_DUE: 409,
    CONFLICT: 409,
    SLOT_TAKEN: 409,
    CLASS_FULL: 409,
    IDEMPOTENCY_MISMATCH: 409,
    DEADLINE_PASSED: 409,
    SLOT_UNAVAILABLE: 422,
    STORE_UNAVAILABLE: 503,
    TENANT_NOT_CONFIGURED: 503,
  };

  it.each([...ERROR_CODES])('%s', async (code) => {
    const onError = vi.fn();
    const error = new SessionsError(code, `It failed with ${code}.`, { why: code });
    const handler = createHandler({ sessions: throwing(error), authenticate: () => client, onError });
    const answer = await send(handler, 'GET', '/settings');
    expect(answer.status).toBe(expected[code]);
    expectJsonHeaders(answer);
    expect(answer.body).toEqual({ code, message: `It failed with ${code}.`, details: { why: code } });
    expect(onError).not.toHaveBeenCalled();
  });

  it('the exported table agrees, and has the HTTP layer’s own codes', () => {
    expect(STATUS_BY_CODE).toEqual({
      ...expected,
      UNAUTHENTICATED: 401,
      METHOD_NOT_ALLOWED: 405,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      INTERNAL: 500,
    });
  });
});

describe('anything else is a 500 with a generic message, and goes to onError', () => {
  it('a store failing with a plain Error', async () => {
    const store = createMemoryStore();
    const broken = new Error('disk on fire at /var/lib/secret');
    const sessions = createSessions({ store: { ...store, transaction: () => Promise.reject(broken) } });
    const onError = vi.fn();
    const handler = createHandler({ sessions, authenticate: () => client, onError });
    const answer = await send(handler, 'GET', '/services');
    expect([answer.status, answer.body]).toEqual([
      500,
      { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.', details: {} },
    ]);
    expectJsonHeaders(answer);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toBe(broken);
    expect((onError.mock.calls[0] as [unknown, Request])[1].url).toBe('https://practice.example/services');
  });

  it('authenticate throwing is the host’s bug: 500, the throw reaches onError as the cause', async () => {
    const w = await world();
    const boom = new Error('session store down');
    const onError = vi.fn();
    const handler = createHandler({ sessions: w.sessions, authenticate: () => Promise.reject(boom), onError });
    const before = w.store.raw.snapshot();
    const answer = await send(handler, 'POST', `/sessions/${w.maraSession.id}/cancel`);
    expect([answer.status, answer.body.code]).toEqual([500, 'INTERNAL']);
    const reported = onError.mock.calls[0]?.[0];
    expect(reported).toBeInstanceOf(AuthenticateFailed);
    expect([reported.message, reported.cause]).toEqual(['authenticate threw', boom]);
    expect(w.store.raw.snapshot()).toBe(before);
  });

  it('authenticate returning something that is not an actor: 500', async () => {
    const w = await world();
    const onError = vi.fn();
    const bad = { tenantId: 'practice-a', kind: 'root', id: 'x' };
    const handler = createHandler({ sessions: w.sessions, authenticate: () => bad as never, onError });
    const answer = await send(handler, 'GET', '/settings');
    expect([answer.status, answer.body.code]).toEqual([500, 'INTERNAL']);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({
      message: 'authenticate returned something that is not an Actor { tenantId, kind, id }',
      cause: bad,
    });
  });

  it('a SessionsError from authenticate answers as itself; an onError that throws changes nothing', async () => {
    const w = await world();
    const refuse = new SessionsError('FORBIDDEN', 'This account is suspended.');
    const refusing = createHandler({ sessions: w.sessions, authenticate: () => Promise.reject(refuse) });
    expect((await send(refusing, 'GET', '/settings')).body).toEqual({
      code: 'FORBIDDEN',
      message: 'This account is suspended.',
      details: {},
    });
    const loud = createHandler({
      sessions: throwing(new TypeError('x is undefined')),
      authenticate: () => client,
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect((await send(loud, 'GET', '/settings')).status).toBe(500);
  });
});

describe('statuses from real refusals', () => {
  it('401 without credentials, or with ones the host does not know', async () => {
    const w = await world();
    const none = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`);
    expect([none.status, none.body]).toEqual([
      401,
      {
        code: 'UNAUTHENTICATED',
        message: 'Sign in to use this API: the request did not say who is asking.',
        details: {},
      },
    ]);
    expectJsonHeaders(none);
    expect((await w.unchanged('GET', '/api/me/blocks', { as: 'nobody' })).status).toBe(401);
  });

  it('402 when the account mode refuses a client', async () => {
    const w = await world();
    await w.sessions.clients.update(w.a.staff, { id: w.mara.id, accountMode: { kind: 'package' } });
    const slot = { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-02T10:00') };
    const answer = await w.unchanged('POST', '/api/bookings', { as: 'mara', body: { ...slot, blockId: null } });
    expect([answer.status, answer.body.code]).toEqual([402, 'INSUFFICIENT_CREDIT']);
  });

  it('409 for a taken slot, a second cancel, a full class, a passed deadline', async () => {
    const w = await world();
    const taken = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-10T11:00') },
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'SLOT_TAKEN']);

    expect((await w.call('POST', `/api/sessions/${w.maraSession.id}/cancel`, { as: 'mara' })).status).toBe(200);
    const again = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, { as: 'mara' });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);

    expect((await w.call('POST', `/api/classes/${w.yoga.id}/enrol`, { as: 'mara' })).status).toBe(200);
    const third = await w.sessions.clients.create(w.a.staff, { name: 'Third' });
    w.tokens.third = { tenantId: 'practice-a', kind: 'client', id: third.id };
    const full = await w.unchanged('POST', `/api/classes/${w.yoga.id}/enrol`, { as: 'third' });
    expect([full.status, full.body.code]).toEqual([409, 'CLASS_FULL']);

    w.clock.set('2026-03-04T09:00:00Z');
    const late = await w.unchanged('POST', `/api/classes/${w.yoga.id}/drop`, { as: 'mara' });
    expect([late.status, late.body.code]).toEqual([409, 'DEADLINE_PASSED']);
  });

  it('422 for a start that is not a slot, with the reason', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { practitionerId: w.a.practitionerId, serviceId: w.a.serviceId, start: berlin('2026-03-02T10:30') },
    });
    expect([answer.status, answer.body.code, answer.body.details.reason]).toEqual([
      422,
      'SLOT_UNAVAILABLE',
      'off_grid',
    ]);
  });

  it('503 for a practice without settings, and for a closed store', async () => {
    const store = createMemoryStore();
    const handler = createHandler({ sessions: createSessions({ store }), authenticate: () => client });
    const unconfigured = await send(handler, 'GET', '/settings');
    expect([unconfigured.status, unconfigured.body.code]).toEqual([503, 'TENANT_NOT_CONFIGURED']);
    await store.close!();
    const closed = await send(handler, 'GET', '/settings');
    expect([closed.status, closed.body.code]).toEqual([503, 'STORE_UNAVAILABLE']);
  });
});

describe('routing', () => {
  it('404 for an unknown path, a trailing slash, and anything outside basePath', async () => {
    const w = await world();
    const unknown = await w.unchanged('GET', '/api/me/invoices', { as: 'mara' });
    expect([unknown.status, unknown.body]).toEqual([
      404,
      {
        code: 'NOT_FOUND',
        message: 'There is no route GET /api/me/invoices; see the @sessions/http route table.',
        details: { entity: 'route', method: 'GET', path: '/api/me/invoices' },
      },
    ]);
    expectJsonHeaders(unknown);
    for (const path of ['/api/me/blocks/', '/me/blocks', '/apix/me/blocks', '/api', '/']) {
      const answer = await w.unchanged('GET', path, { as: 'mara' });
      expect([path, answer.status, answer.body.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('405 with Allow for a known path and another method; checked before authentication', async () => {
    const w = await world();
    const post = await w.unchanged('POST', '/api/me/blocks', { body: {} });
    expect([post.status, post.headers.get('allow'), post.body]).toEqual([
      405,
      'GET, HEAD',
      {
        code: 'METHOD_NOT_ALLOWED',
        message: 'POST is not allowed on /api/me/blocks; use GET or HEAD.',
        details: { method: 'POST', allow: ['GET', 'HEAD'] },
      },
    ]);
    const get = await w.unchanged('GET', `/api/sessions/${w.maraSession.id}/cancel`, { as: 'mara' });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const del = await w.unchanged('DELETE', `/api/classes/${w.yoga.id}`, { as: 'mara' });
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('OPTIONS without cors: 204 with Allow and no CORS headers', async () => {
    const w = await world();
    const response = await w.handler(
      new Request(`https://practice.example/api/classes/${w.yoga.id}/enrol`, {
        method: 'OPTIONS',
        headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
      }),
    );
    expect(response.status).toBe(204);
    expect([...response.headers]).toEqual([['allow', 'POST, OPTIONS']]);
  });

  it('basePath is normalised, and checked when the handler is made', async () => {
    const w = await world();
    for (const basePath of ['/api/', '/api']) {
      const handler = createHandler({ sessions: w.sessions, basePath, authenticate: () => w.mara.actor });
      expect(handler.basePath).toBe('/api');
      expect((await send(handler, 'GET', '/api/settings')).status).toBe(200);
    }
    const root = createHandler({ sessions: w.sessions, basePath: '/', authenticate: () => w.mara.actor });
    expect([root.basePath, (await send(root, 'GET', '/settings')).status]).toEqual(['', 200]);
    expect(() => createHandler({ sessions: w.sessions, basePath: 'api', authenticate: () => null })).toThrow(
      'basePath must be a path starting with "/", like "/api" (got "api").',
    );
    expect(() => createHandler({ sessions: undefined as never, authenticate: () => null })).toThrow(
      'createHandler needs { sessions }: the facade createSessions returns.',
    );
    expect(() => createHandler({ sessions: w.sessions, authenticate: undefined as never })).toThrow(
      'createHandler needs { authenticate }: a function from the request to an Actor or null.',
    );
  });
});
