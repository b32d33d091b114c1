import { MAX_BODY_BYTES } from '@sessions/http';
import { describe, expect, it } from 'vitest';
import { berlin, json, world } from './fixture.js';

// Every refusal names its paths in details.issues, and leaves the store as it was.

describe('query strings', () => {
  it('an unknown parameter, one given twice, an empty one: each at its path, all at once', async () => {
    const w = await world();
    const answer = await w.unchanged('GET', '/api/me/sessions?from=2026-03-01T00:00:00Z&from=x&limit=3&to=', {
      as: 'mara',
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        code: 'VALIDATION_FAILED',
        message:
          'Invalid query: from: is given more than once; to: must not be empty; limit: is not a known query parameter',
        details: {
          issues: [
            { path: ['from'], message: 'is given more than once' },
            { path: ['to'], message: 'must not be empty' },
            { path: ['limit'], message: 'is not a known query parameter' },
          ],
        },
      },
    ]);
  });

  it('?includeClosed takes true or false only', async () => {
    const w = await world();
    const answer = await w.unchanged('GET', '/api/me/blocks?includeClosed=yes', { as: 'mara' });
    expect([answer.status, answer.body.details.issues]).toEqual([
      400,
      [{ path: ['includeClosed'], message: 'must be true or false' }],
    ]);
  });

  it('/availability needs all five parameters', async () => {
    const w = await world();
    const answer = await w.unchanged('GET', '/api/availability?serviceId=s', { as: 'mara' });
    expect(answer.body.details.issues).toEqual([
      { path: ['practitionerId'], message: 'is required' },
      { path: ['from'], message: 'is required' },
      { path: ['to'], message: 'is required' },
      { path: ['timeZone'], message: 'is required' },
    ]);
  });

  it('core judges what the values mean, and its VALIDATION_FAILED passes through', async () => {
    const w = await world();
    const q = `practitionerId=${w.a.practitionerId}&serviceId=${w.a.serviceId}&from=2026-02-30&to=2026-03-01&timeZone=Mars/Olympus`;
    const slots = await w.unchanged('GET', `/api/availability?${q}`, { as: 'mara' });
    expect(slots.status).toBe(400);
    expect(slots.body.details.issues.map((i: { path: string[] }) => i.path)).toEqual([['from'], ['timeZone']]);
    expect(slots.body.message).toMatch(/^Invalid availability\.slots input: from: "2026-02-30" is not a calendar date/);
    const at = await w.unchanged('GET', `/api/sessions/${w.maraSession.id}/cancellation?at=tomorrow`, { as: 'mara' });
    expect(at.body.details.issues).toEqual([
      { path: ['at'], message: '"tomorrow" is not an instant with an offset, e.g. 2026-03-08T09:00:00Z' },
    ]);
  });

  it('a staff member reading /me names the client with ?clientId=', async () => {
    const w = await world();
    const answer = await w.unchanged('GET', '/api/me/blocks', { as: 'staff' });
    expect([answer.status, answer.body.details.issues]).toEqual([
      400,
      [{ path: ['clientId'], message: 'is required for a staff: name the client whose data to read' }],
    ]);
    const lenas = await w.call('GET', `/api/me/blocks?clientId=${w.lena.id}`, { as: 'staff' });
    expect(lenas.body.map((v: { block: { id: string } }) => v.block.id)).toEqual([w.lenaBlock.id]);
    const detail = await w.call('GET', `/api/me/blocks/${w.lenaBlock.id}?clientId=${w.lena.id}`, { as: 'staff' });
    expect([detail.status, detail.body.block.id]).toEqual([200, w.lenaBlock.id]);
    // Lena's block asked for as Mara's: not found, as for anyone else.
    const wrong = await w.unchanged('GET', `/api/me/blocks/${w.lenaBlock.id}?clientId=${w.mara.id}`, { as: 'staff' });
    expect([wrong.status, wrong.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('a path parameter that is not valid percent-encoding', async () => {
    const w = await world();
    const answer = await w.unchanged('GET', '/api/me/blocks/%E0%A4%A', { as: 'mara' });
    expect([answer.status, answer.body.details.issues]).toEqual([
      400,
      [{ path: ['blockId'], message: 'is not a valid percent-encoded id' }],
    ]);
  });
});

describe('JSON bodies', () => {
  const slot = (w: Awaited<ReturnType<typeof world>>) => ({
    practitionerId: w.a.practitionerId,
    serviceId: w.a.serviceId,
    start: berlin('2026-03-02T10:00'),
  });

  it('unknown fields, wrong types and missing fields, each at its path', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { practitionerId: 7, start: berlin('2026-03-02T10:00'), blockId: '', clients: [], override: {} },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        code: 'VALIDATION_FAILED',
        message:
          'Invalid request body: practitionerId: must be a string; serviceId: is required; blockId: must not be empty; clients: is not a known field; override: is not a known field',
        details: {
          issues: [
            { path: ['practitionerId'], message: 'must be a string' },
            { path: ['serviceId'], message: 'is required' },
            { path: ['blockId'], message: 'must not be empty' },
            { path: ['clients'], message: 'is not a known field' },
            { path: ['override'], message: 'is not a known field' },
          ],
        },
      },
    ]);
  });

  it('malformed JSON, and JSON that is not an object', async () => {
    const w = await world();
    const json = { 'content-type': 'application/json' };
    const broken = await w.unchanged('POST', '/api/bookings', { as: 'mara', raw: '{"start": ', headers: json });
    expect([broken.status, broken.body.code, broken.body.details.issues[0].path]).toEqual([
      400,
      'VALIDATION_FAILED',
      [],
    ]);
    expect(broken.body.details.issues[0].message).toMatch(/^is not valid JSON \(/);
    expect(broken.body.message).toMatch(/^Invalid request body: is not valid JSON \(/);
    for (const raw of ['[]', 'null', '"cancel"', '42']) {
      const answer = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
        as: 'mara',
        raw,
        headers: json,
      });
      expect([raw, answer.status, answer.body.details.issues[0].path]).toEqual([raw, 400, []]);
    }
  });

  it('an empty body reads as {}: fine where every field is optional, missing fields where not', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', '/api/bookings', { as: 'mara' });
    expect(answer.body.details.issues).toEqual([
      { path: ['practitionerId'], message: 'is required' },
      { path: ['serviceId'], message: 'is required' },
      { path: ['start'], message: 'is required' },
    ]);
    const blank = await w.call('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      raw: '  \n',
      headers: { 'content-type': 'application/json' },
    });
    expect(blank.status).toBe(200);
  });

  it('core’s own checks pass through with core’s paths', async () => {
    const w = await world();
    const zoneless = await w.unchanged('POST', '/api/bookings', {
      as: 'mara',
      body: { ...slot(w), start: '2026-03-02T10:00' },
    });
    expect([zoneless.status, zoneless.body.details.issues]).toEqual([
      400,
      [
        {
          path: ['start'],
          message: '"2026-03-02T10:00" has no time zone: write it as 2026-03-10T09:00[Europe/Berlin]',
        },
      ],
    ]);
    const long = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      body: { reason: 'x'.repeat(501) },
    });
    expect([long.status, long.body.details.issues[0].path]).toEqual([400, ['reason']]);
  });

  it('a staff booking must name the client', async () => {
    const w = await world();
    const answer = await w.unchanged('POST', '/api/bookings', { as: 'staff', body: slot(w) });
    expect(answer.body.details.issues).toEqual([
      { path: ['clientId'], message: 'is required for a staff: name the client who attends' },
    ]);
  });

  it('a body must be sent as JSON: 415 otherwise (a +json type is JSON)', async () => {
    const w = await world();
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const answer = await w.unchanged('POST', '/api/bookings', {
        as: 'mara',
        raw: JSON.stringify(slot(w)),
        headers: { 'content-type': type },
      });
      expect([type, answer.status, answer.body]).toEqual([
        type,
        415,
        {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `Send the request body as JSON with "content-type: application/json" (got "${type}").`,
          details: { contentType: type },
        },
      ]);
    }
    const before = w.store.raw.snapshot();
    const untyped = await w.handler(
      new Request('https://practice.example/api/bookings', {
        method: 'POST',
        headers: { authorization: 'Bearer mara' },
        body: new TextEncoder().encode(JSON.stringify(slot(w))),
      }),
    );
    expect(untyped.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect([untyped.status, await untyped.json()]).toEqual([
      415,
      {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the request body as JSON with "content-type: application/json".',
        details: { contentType: null },
      },
    ]);
    expect(w.store.raw.snapshot()).toBe(before);
    const vendor = await w.call('POST', '/api/bookings', {
      as: 'mara',
      raw: JSON.stringify(slot(w)),
      headers: { 'content-type': 'application/vnd.sessions+json; charset=utf-8' },
    });
    expect(vendor.status).toBe(200);
  });

  it('a body over the limit: 413, whether declared or streamed', async () => {
    const w = await world();
    const big = JSON.stringify({ reason: 'x'.repeat(MAX_BODY_BYTES) });
    const answer = await w.unchanged('POST', `/api/sessions/${w.maraSession.id}/cancel`, {
      as: 'mara',
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) },
    });
    expect([answer.status, answer.body]).toEqual([
      413,
      {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        details: { limit: MAX_BODY_BYTES },
      },
    ]);
    const before = w.store.raw.snapshot();
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await w.handler(
      new Request(`https://practice.example/api/sessions/${w.maraSession.id}/cancel`, {
        method: 'POST',
        headers: { authorization: 'Bearer mara', 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(w.store.raw.snapshot()).toBe(before);
  });

  it('a body that is not UTF-8', async () => {
    const w = await world();
    const before = w.store.raw.snapshot();
    const response = await w.handler(
      new Request(`https://practice.example/api/sessions/${w.maraSession.id}/cancel`, {
        method: 'POST',
        headers: { authorization: 'Bearer mara', 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0xff, 0x7d]),
      }),
    );
    expect([response.status, (await json(response)).details.issues]).toEqual([
      400,
      [{ path: [], message: 'is not valid UTF-8' }],
    ]);
    expect(w.store.raw.snapshot()).toBe(before);
  });
});
