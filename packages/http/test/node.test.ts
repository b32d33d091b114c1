import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  request as rawRequest,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ExpressRequest, toExpressMiddleware, toNodeListener } from '@sessions/http';
import { afterEach, describe, expect, it } from 'vitest';
import { berlin, json, world } from './fixture.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
    server.closeAllConnections();
    await once(server, 'close');
  }
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('toNodeListener, through a real server and fetch', () => {
  it('reads, commands with a streamed body, errors, HEAD', async () => {
    const w = await world();
    const base = await listen(toNodeListener(w.handler));

    const settings = await fetch(`${base}/api/settings`, { headers: auth('mara') });
    expect(settings.status).toBe(200);
    expect(settings.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(settings.headers.get('cache-control')).toBe('no-store');
    expect(await json(settings)).toEqual({
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      cancellation: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: 'missed' }] },
    });

    const booking = await fetch(`${base}/api/bookings`, {
      method: 'POST',
      headers: { ...auth('mara'), 'content-type': 'application/json', 'idempotency-key': 'node-1' },
      body: JSON.stringify({
        practitionerId: w.a.practitionerId,
        serviceId: w.a.serviceId,
        start: berlin('2026-03-02T10:00'),
      }),
    });
    expect(booking.status).toBe(200);
    const booked = await json(booking);
    expect(booked.linking).toEqual([
      { clientId: w.mara.id, blockId: w.maraBlock.id, blockName: '5 sessions', how: 'auto', reason: null },
    ]);
    expect((await w.sessions.sessions.get(w.a.staff, { sessionId: booked.session.id })).session.startsAt).toBe(
      '2026-03-02T09:00:00.000Z',
    );

    const before = w.store.raw.snapshot();
    const unauthenticated = await fetch(`${base}/api/me/blocks`);
    expect([unauthenticated.status, (await json(unauthenticated)).code]).toEqual([401, 'UNAUTHENTICATED']);
    const wrongMethod = await fetch(`${base}/api/bookings`, { headers: auth('mara') });
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
    const broken = await fetch(`${base}/api/bookings`, {
      method: 'POST',
      headers: { ...auth('mara'), 'content-type': 'application/json' },
      body: '{',
    });
    expect([broken.status, (await json(broken)).code]).toEqual([400, 'VALIDATION_FAILED']);
    const head = await fetch(`${base}/api/me/blocks`, { method: 'HEAD', headers: auth('mara') });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([
      200,
      'application/json; charset=utf-8',
      '',
    ]);
    expect(w.store.raw.snapshot()).toBe(before);
  });

  it('a body over the limit answers 413, declared or sent in chunks', async () => {
    const w = await world();
    const base = await listen(toNodeListener(w.handler));
    const before = w.store.raw.snapshot();
    const url = `${base}/api/sessions/${w.maraSession.id}/cancel`;
    const headers = { ...auth('mara'), 'content-type': 'application/json' };
    const declared = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'x'.repeat(200_000) }),
    });
    expect([declared.status, (await json(declared)).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // A stream body goes out chunked, with no content-length: the limit is found while reading.
    const piece = new TextEncoder().encode('x'.repeat(16 * 1024));
    let pieces = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pieces++ === 0) controller.enqueue(new TextEncoder().encode('{"reason":"'));
        if (pieces > 64) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        } else controller.enqueue(piece);
      },
    });
    const chunked = await fetch(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    expect([chunked.status, (await json(chunked)).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(w.store.raw.snapshot()).toBe(before);
    // The server is still serving.
    expect((await fetch(url, { method: 'POST', headers, body: '{}' })).status).toBe(200);
  });

  it('keeps every set-cookie, and a crafted Host cannot move the path', async () => {
    const handler = async (request: Request) => {
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response(new URL(request.url).pathname, { status: 201, headers });
    };
    const base = await listen(toNodeListener(handler));
    const response = await fetch(`${base}/x`);
    expect([response.status, response.headers.getSetCookie(), await response.text()]).toEqual([
      201,
      ['a=1', 'b=2'],
      '/x',
    ]);
    const { port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const req = rawRequest({
        host: '127.0.0.1',
        port,
        path: '//evil.example/me',
        headers: { host: 'evil.example/a?b' },
      });
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toBe('//evil.example/me');
  });

  it('a handler that throws answers a generic 500', async () => {
    const base = await listen(
      toNodeListener(async () => {
        throw new Error('secret detail');
      }),
    );
    const response = await fetch(`${base}/anything`);
    expect([response.status, await json(response)]).toEqual([
      500,
      { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.', details: {} },
    ]);
  });
});

describe('toExpressMiddleware', () => {
  /** An Express-like app: the middleware, then a fallback route; `parseJson` plays express.json(). */
  function app(handler: Parameters<typeof toExpressMiddleware>[0], parseJson = false): RequestListener {
    const middleware = toExpressMiddleware(handler);
    return async (req, res) => {
      const expressReq = req as ExpressRequest;
      expressReq.originalUrl = req.url;
      if (parseJson && req.headers['content-type'] === 'application/json') {
        let text = '';
        for await (const chunk of req) text += chunk;
        expressReq.body = JSON.parse(text);
        expressReq._body = true;
      }
      middleware(expressReq, res, (error?: unknown) => {
        res.writeHead(error ? 500 : 200, { 'content-type': 'text/plain' });
        res.end(error ? 'express error handler' : 'the rest of the app');
      });
    };
  }

  it('serves its basePath and passes everything else to next()', async () => {
    const w = await world();
    const base = await listen(app(w.handler));
    expect(await (await fetch(`${base}/about`)).text()).toBe('the rest of the app');
    expect(await (await fetch(`${base}/apiary`)).text()).toBe('the rest of the app');
    const inside = await fetch(`${base}/api/unknown`, { headers: auth('mara') });
    expect([inside.status, (await json(inside)).code]).toEqual([404, 'NOT_FOUND']);
    const blocks = await fetch(`${base}/api/me/blocks`, { headers: auth('mara') });
    expect((await json(blocks)).map((v: { block: { id: string } }) => v.block.id)).toEqual([w.maraBlock.id]);
  });

  it('sends on a body express.json() already read', async () => {
    const w = await world();
    const base = await listen(app(w.handler, true));
    const response = await fetch(`${base}/api/sessions/${w.maraSession.id}/cancel`, {
      method: 'POST',
      headers: { ...auth('mara'), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'parsed upstream' }),
    });
    expect(response.status).toBe(200);
    expect((await json(response)).attendances[0].attendance.cancellation.reason).toBe('parsed upstream');
  });

  it('a handler that throws goes to Express’s error handling', async () => {
    const base = await listen(
      app(
        Object.assign(
          async () => {
            throw new Error('boom');
          },
          { basePath: '/api' },
        ),
      ),
    );
    const response = await fetch(`${base}/api/x`);
    expect([response.status, await response.text()]).toEqual([500, 'express error handler']);
  });
});
