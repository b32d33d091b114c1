import { createHandler } from '@sessions/http';
import { describe, expect, it } from 'vitest';
import { berlin, world } from './fixture.js';

const SITE = 'https://clinic.example';

function preflight(path: string, origin: string, method = 'POST', headers = 'authorization, content-type') {
  return new Request(`https://practice.example${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

const sorted = (headers: Headers) => [...headers].sort(([a], [b]) => (a < b ? -1 : 1));

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the path’s methods', async () => {
    const w = await world({ cors: { origin: [SITE, 'https://other.example'], credentials: true, maxAge: 600 } });
    const response = await w.handler(preflight(`/api/sessions/${w.maraSession.id}/cancel`, SITE));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(sorted(response.headers)).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-headers', 'authorization, content-type'],
      ['access-control-allow-methods', 'POST, OPTIONS'],
      ['access-control-allow-origin', SITE],
      ['access-control-max-age', '600'],
      ['allow', 'POST, OPTIONS'],
      ['vary', 'Origin, Access-Control-Request-Headers'],
    ]);
    const read = await w.handler(preflight('/api/me/blocks', SITE, 'GET', 'authorization'));
    expect(read.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
  });

  it('a preflight from another origin gets no CORS headers; one for an unknown path is a 404', async () => {
    const w = await world({ cors: { origin: SITE } });
    const response = await w.handler(preflight('/api/bookings', 'https://evil.example'));
    expect(response.status).toBe(204);
    expect([...response.headers]).toEqual([['allow', 'POST, OPTIONS']]);
    const unknown = await w.handler(preflight('/api/nothing', SITE));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(SITE);
  });

  it('every answer to an allowed origin carries the headers, errors included; no others do', async () => {
    const w = await world({ cors: { origin: (origin) => origin.endsWith('.clinic.example'), credentials: true } });
    const from = (origin: string) => ({ as: 'mara', headers: { origin } });
    const ok = await w.call('GET', '/api/me/blocks', from('https://book.clinic.example'));
    expect(ok.status).toBe(200);
    expect([ok.headers.get('access-control-allow-origin'), ok.headers.get('access-control-allow-credentials')]).toEqual(
      ['https://book.clinic.example', 'true'],
    );
    expect(ok.headers.get('vary')).toBe('Origin');
    for (const path of ['/api/nothing', '/api/me/blocks/nope']) {
      const error = await w.call('GET', path, from('https://book.clinic.example'));
      expect([error.status, error.headers.get('access-control-allow-origin')]).toEqual([
        404,
        'https://book.clinic.example',
      ]);
    }
    const unauthenticated = await w.call('GET', '/api/me/blocks', {
      headers: { origin: 'https://book.clinic.example' },
    });
    expect([unauthenticated.status, unauthenticated.headers.get('access-control-allow-origin')]).toEqual([
      401,
      'https://book.clinic.example',
    ]);
    const other = await w.call('GET', '/api/me/blocks', from('https://evil.example'));
    expect(other.status).toBe(200); // a read: the browser, not the server, withholds it from the other site
    expect([...other.headers].filter(([name]) => name.startsWith('access-control') || name === 'vary')).toEqual([]);
  });

  it("origin '*' answers '*' without Vary; '*' with credentials is refused when the handler is made", async () => {
    const w = await world({ cors: { origin: '*' } });
    const any = await w.call('GET', '/api/settings', { as: 'mara', headers: { origin: 'https://anywhere.example' } });
    expect([any.headers.get('access-control-allow-origin'), any.headers.get('vary')]).toEqual(['*', null]);
    const authenticate = () => null;
    expect(() =>
      createHandler({ sessions: w.sessions, authenticate, cors: { origin: '*', credentials: true } }),
    ).toThrow(
      "cors: origin '*' with credentials would let every website act as the signed-in client; list the origins instead.",
    );
    expect(() => createHandler({ sessions: w.sessions, authenticate, cors: { origin: [SITE, '*'] } })).toThrow(
      "cors.origin must be '*', an origin, a list of origins (without '*'), or a function.",
    );
    expect(() => createHandler({ sessions: w.sessions, authenticate, cors: { origin: SITE, maxAge: -1 } })).toThrow(
      'cors.maxAge must be a whole number of seconds, 0 or more.',
    );
  });

  it('without cors, no answer carries CORS headers', async () => {
    const w = await world();
    const answer = await w.call('GET', '/api/settings', { as: 'mara', headers: { origin: SITE } });
    expect(answer.status).toBe(200);
    expect(sorted(answer.headers)).toEqual([
      ['cache-control', 'no-store'],
      ['content-type', 'application/json; charset=utf-8'],
      ['x-content-type-options', 'nosniff'],
    ]);
  });
});

describe('commands from browsers: the origin check', () => {
  const slot = (w: Awaited<ReturnType<typeof world>>) => ({
    practitionerId: w.a.practitionerId,
    serviceId: w.a.serviceId,
    start: berlin('2026-03-02T10:00'),
  });

  it('the API’s own host (any scheme) and an allowed CORS origin may send commands', async () => {
    const w = await world({ cors: { origin: SITE, credentials: true } });
    const same = await w.call('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      headers: { origin: 'http://practice.example' },
    });
    expect(same.status).toBe(200);
    const allowed = await w.call('POST', '/api/bookings', { as: 'mara', body: slot(w), headers: { origin: SITE } });
    expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([200, SITE]);
  });

  it('servers (no Origin header) may send commands', async () => {
    const w = await world();
    expect((await w.call('POST', '/api/bookings', { as: 'mara', body: slot(w) })).status).toBe(200);
  });

  it('any other origin may not, before authentication runs', async () => {
    let asked = 0;
    const w = await world({
      authenticate: () => {
        asked++;
        return null;
      },
    });
    for (const origin of ['https://practice.example:8443', 'https://evil.example', SITE]) {
      const answer = await w.unchanged('POST', '/api/bookings', { as: 'mara', body: slot(w), headers: { origin } });
      expect([origin, answer.status, answer.body.code, answer.body.details]).toEqual([
        origin,
        403,
        'FORBIDDEN',
        { origin },
      ]);
    }
    expect(asked).toBe(0);
  });
});
