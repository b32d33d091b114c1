import { describe, expect, it } from 'vitest';
import { isSessionsApiError, SessionsApiError, toApiError } from '../src/client/error.js';
import { httpClient } from '../src/client/http-client.js';
import type { SessionsClient } from '../src/client/types.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** A fetch that records each request and answers with `answer`. */
function fakeFetch(answer: (seen: Seen) => Response = () => Response.json({ ok: true })) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = { method: init.method ?? 'GET', url: String(input), credentials: init.credentials } as Seen;
    request.headers = Object.fromEntries(new Headers(init.headers).entries());
    request.body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    seen.push(request);
    return answer(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

describe('httpClient: one method per route of docs/http.md', () => {
  const calls: [string, (c: SessionsClient) => Promise<unknown>, string, string, unknown?][] = [
    ['getSettings', (c) => c.getSettings(), 'GET', '/api/settings'],
    ['listServices', (c) => c.listServices(), 'GET', '/api/services'],
    ['listPractitioners', (c) => c.listPractitioners(), 'GET', '/api/practitioners'],
    ['listBlocks', (c) => c.listBlocks(), 'GET', '/api/me/blocks'],
    [
      'listBlocks (closed too)',
      (c) => c.listBlocks({ includeClosed: true }),
      'GET',
      '/api/me/blocks?includeClosed=true',
    ],
    ['getBlock', (c) => c.getBlock('b/1'), 'GET', '/api/me/blocks/b%2F1'],
    [
      'listSessions',
      (c) => c.listSessions({ from: '2026-03-01T00:00:00.000Z' }),
      'GET',
      '/api/me/sessions?from=2026-03-01T00%3A00%3A00.000Z',
    ],
    ['listReminders', (c) => c.listReminders(), 'GET', '/api/me/reminders'],
    [
      'listSlots',
      (c) =>
        c.listSlots({
          practitionerId: 'p',
          serviceId: 's',
          from: '2026-03-02',
          to: '2026-03-15',
          timeZone: 'Asia/Kolkata',
        }),
      'GET',
      '/api/availability?practitionerId=p&serviceId=s&from=2026-03-02&to=2026-03-15&timeZone=Asia%2FKolkata',
    ],
    [
      'book',
      (c) => c.book({ practitionerId: 'p', serviceId: 's', start: '2026-03-10T09:00[Europe/Berlin]' }),
      'POST',
      '/api/bookings',
      { practitionerId: 'p', serviceId: 's', start: '2026-03-10T09:00[Europe/Berlin]' },
    ],
    ['previewCancellation', (c) => c.previewCancellation('s1'), 'GET', '/api/sessions/s1/cancellation'],
    [
      'previewCancellation (at)',
      (c) => c.previewCancellation('s1', { at: '2026-03-09T09:00:00.000Z' }),
      'GET',
      '/api/sessions/s1/cancellation?at=2026-03-09T09%3A00%3A00.000Z',
    ],
    ['cancel', (c) => c.cancel('s1', { reason: 'ill' }), 'POST', '/api/sessions/s1/cancel', { reason: 'ill' }],
    ['cancel (no reason)', (c) => c.cancel('s1'), 'POST', '/api/sessions/s1/cancel', {}],
    ['listClasses', (c) => c.listClasses(), 'GET', '/api/classes'],
    ['getClass', (c) => c.getClass('c1'), 'GET', '/api/classes/c1'],
    ['enrol', (c) => c.enrol('c1'), 'POST', '/api/classes/c1/enrol', {}],
    ['drop', (c) => c.drop('c1'), 'POST', '/api/classes/c1/drop', {}],
    ['listClosures', (c) => c.listClosures({ from: '2026-04-01' }), 'GET', '/api/closures?from=2026-04-01'],
  ];

  it.each(calls)('%s', async (_name, call, method, url, body) => {
    const { fetch, seen } = fakeFetch();
    await expect(call(httpClient('https://practice.example/api/', { fetch }))).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method, url: `https://practice.example${url}` });
    expect(seen[0]?.body).toEqual(body);
    expect(seen[0]?.headers.accept).toBe('application/json');
    expect(seen[0]?.headers['content-type']).toBe(body === undefined ? undefined : 'application/json');
  });

  it('covers every route of the interface', () => {
    const client = httpClient('/api', { fetch: fakeFetch().fetch });
    const named = new Set(calls.map(([name]) => name.split(' ')[0]));
    expect(Object.keys(client).sort()).toEqual([...named].sort());
  });

  it('sends the idempotency key, the host’s headers (per request when a function) and credentials', async () => {
    const { fetch, seen } = fakeFetch();
    let n = 0;
    const client = httpClient('/api', {
      fetch,
      credentials: 'include',
      headers: async () => ({ authorization: `Bearer token-${++n}` }),
    });
    await client.enrol('c1', {}, { idempotencyKey: 'key-1' });
    await client.listClasses();
    expect(seen[0]?.headers).toMatchObject({ 'idempotency-key': 'key-1', authorization: 'Bearer token-1' });
    expect(seen[1]?.headers.authorization).toBe('Bearer token-2');
    expect(seen[1]?.headers['idempotency-key']).toBeUndefined();
    expect(seen.map((s) => s.credentials)).toEqual(['include', 'include']);
  });

  it('an error answer becomes a SessionsApiError with code, message, details and status', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json(
        { code: 'INSUFFICIENT_CREDIT', message: 'No prepaid sessions left.', details: { shortfalls: [] } },
        { status: 402 },
      ),
    );
    const error = await httpClient('/api', { fetch })
      .book({ practitionerId: 'p', serviceId: 's', start: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionsApiError);
    expect(isSessionsApiError(error, 'INSUFFICIENT_CREDIT')).toBe(true);
    expect((error as SessionsApiError).toJSON()).toEqual({
      code: 'INSUFFICIENT_CREDIT',
      message: 'No prepaid sessions left.',
      details: { shortfalls: [] },
      status: 402,
    });
  });

  it('an answer that is not the API’s JSON still gets a code by its status', async () => {
    const html = (status: number) => () => new Response('<html>Bad gateway</html>', { status });
    const code = (status: number) =>
      httpClient('/api', { fetch: fakeFetch(html(status)).fetch })
        .listServices()
        .catch((e: SessionsApiError) => [e.code, e.status]);
    await expect(code(502)).resolves.toEqual(['INTERNAL', 502]);
    await expect(code(401)).resolves.toEqual(['UNAUTHENTICATED', 401]);
    await expect(code(418)).resolves.toEqual(['BAD_RESPONSE', 418]);
    const garbled = httpClient('/api', { fetch: fakeFetch(() => new Response('{oops', { status: 200 })).fetch });
    await expect(garbled.listServices()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
  });

  it('no answer at all is NETWORK_ERROR; an abort is passed through as such', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(httpClient('/api', { fetch: offline }).listServices()).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
    });
    const controller = new AbortController();
    const aborting = (async (_: unknown, init: RequestInit) => {
      controller.abort();
      init.signal?.throwIfAborted();
      return Response.json([]);
    }) as typeof fetch;
    const error = await httpClient('/api', { fetch: aborting })
      .listServices({ signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(SessionsApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('toApiError: what an in-process client throws, as a SessionsApiError', () => {
    const domain = Object.assign(new Error('Slot taken'), { code: 'SLOT_TAKEN', details: { at: 'x' } });
    expect(toApiError(domain).toJSON()).toEqual({
      code: 'SLOT_TAKEN',
      message: 'Slot taken',
      details: { at: 'x' },
      status: 0,
    });
    expect(toApiError(new Error('boom')).toJSON()).toEqual({
      code: 'INTERNAL',
      message: 'boom',
      details: {},
      status: 0,
    });
    expect(toApiError('nope').code).toBe('INTERNAL');
  });
});
