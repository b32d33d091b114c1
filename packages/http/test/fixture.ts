import { type Actor, createSessions, manualClock, type Sessions, sequentialIds } from '@sessions/core';
import { createHandler, type HandlerOptions, type SessionsHandler } from '@sessions/http';
import { createMemoryStore } from '@sessions/memory';
import { expect } from 'vitest';
import { withoutWages } from '../src/redact.js';

/** Sunday 1 March 2026, 10:00 in Berlin. */
export const NOW = '2026-03-01T09:00:00Z';
export const EUR = (amount: number) => ({ amount, currency: 'EUR' });
export const berlin = (local: string) => `${local}[Europe/Berlin]`;
const nineToFive = [{ start: '09:00', end: '17:00' }];

/** A parsed answer: status, headers, and the JSON body (null when there is none). */
export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read by path
  body: any;
}

export interface CallOptions {
  /** The bearer token: a key of `World['tokens']`; none sends no Authorization. */
  as?: string;
  /** Sent as JSON with `content-type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body, sent as is (no content-type unless in `headers`). */
  raw?: string;
}

/**
 * Two practices on one memory store and one facade. Practice A (EUR,
 * Berlin): clients Mara and Lena, each with an active block of 5 sessions and
 * a session on Tuesday 10 March; Mara also has a cancelled block; practitioner
 * Jonas (weekdays 09–17, hourly slots), the Physio service, a class with Lena
 * enrolled, an Easter closure, and a policy letting clients cancel (under 24 h:
 * missed). Practice B: client Bob with his own block, session and class.
 */
export async function world(options: Partial<HandlerOptions> = {}) {
  const store = createMemoryStore();
  const clock = manualClock(NOW);
  const sessions = createSessions({
    store,
    clock,
    ids: sequentialIds('id'),
    settings: { currency: 'EUR', timeZone: 'Europe/Berlin' },
  });
  const a = await practice(sessions, 'practice-a', ['Mara Schulz', 'Lena Roth']);
  const b = await practice(sessions, 'practice-b', ['Bob Baker']);
  const [mara, lena] = a.clients as [Person, Person];
  const [bob] = b.clients as [Person];

  const { block: closedBlock } = await sessions.blocks.create(a.staff, {
    clientId: mara.id,
    quantity: 3,
    price: { total: EUR(30000) },
  });
  await sessions.blocks.cancel(a.staff, { blockId: closedBlock.id, refund: 'none', reason: 'sold by mistake' });
  const maraBlock = await activeBlock(sessions, a.staff, mara.id);
  const lenaBlock = await activeBlock(sessions, a.staff, lena.id);
  const bobBlock = await activeBlock(sessions, b.staff, bob.id);

  const schedule = (p: Practice, clientId: string, local: string) =>
    sessions.sessions.schedule(p.staff, {
      clients: [{ clientId }],
      practitionerId: p.practitionerId,
      serviceId: p.serviceId,
      start: berlin(local),
    });
  const maraSession = (await schedule(a, mara.id, '2026-03-10T09:00')).session;
  const lenaSession = (await schedule(a, lena.id, '2026-03-10T11:00')).session;
  const bobSession = (await schedule(b, bob.id, '2026-03-10T09:00')).session;

  const yoga = (await a.classOf()).series;
  await sessions.classes.enrol(lena.actor, { classId: yoga.id });
  const bobClass = (await b.classOf()).series;
  await sessions.classes.enrol(bob.actor, { classId: bobClass.id });
  const easter = await sessions.closures.create(a.staff, { from: '2026-04-03', to: '2026-04-06', reason: 'Easter' });

  await sessions.settings.update(a.admin, {
    cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: 'missed' }] },
  });
  for (const c of [mara, lena]) await sessions.clients.update(a.staff, { id: c.id, canCancelSessions: true });

  const tokens: Record<string, Actor> = {
    mara: mara.actor,
    lena: lena.actor,
    bob: bob.actor,
    staff: a.staff,
    jonas: { tenantId: 'practice-a', kind: 'practitioner', id: a.practitionerId },
    // Mara's own id, but authenticated for practice B: nothing of A may be reached through it.
    'mara-at-b': { tenantId: 'practice-b', kind: 'client', id: mara.id },
  };
  const handler = createHandler({
    sessions,
    basePath: '/api',
    authenticate: (request) => {
      const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      return token !== undefined ? (tokens[token] ?? null) : null;
    },
    ...options,
  });
  const call = (method: string, path: string, opts: CallOptions = {}) => send(handler, method, path, opts);
  return {
    store,
    clock,
    sessions,
    handler,
    call,
    tokens,
    a,
    b,
    mara,
    lena,
    bob,
    closedBlock,
    maraBlock: maraBlock.block,
    lenaBlock: lenaBlock.block,
    bobBlock: bobBlock.block,
    maraSession,
    lenaSession,
    bobSession,
    yoga,
    bobClass,
    easter,
    /** Call, and assert the committed store is byte for byte what it was before. */
    async unchanged(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
      const before = store.raw.snapshot();
      const answer = await call(method, path, opts);
      expect(store.raw.snapshot()).toBe(before);
      return answer;
    },
  };
}
export type World = Awaited<ReturnType<typeof world>>;

export interface Person {
  id: string;
  actor: Actor;
}

async function practice(sessions: Sessions, tenantId: string, names: string[]) {
  const staff: Actor = { tenantId, kind: 'staff', id: 'front-desk' };
  const admin: Actor = { tenantId, kind: 'admin', id: 'owner' };
  const clients: Person[] = [];
  for (const name of names) {
    const client = await sessions.clients.create(staff, { name });
    clients.push({ id: client.id, actor: { tenantId, kind: 'client', id: client.id } });
  }
  const practitioner = await sessions.practitioners.create(staff, { name: 'Jonas Weber', email: 'jonas@example.com' });
  const service = await sessions.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: EUR(9500),
    wage: EUR(4500),
  });
  await sessions.availability.set(staff, {
    practitionerId: practitioner.id,
    weekly: { MO: nineToFive, TU: nineToFive, WE: nineToFive, TH: nineToFive, FR: nineToFive },
    slotStepMinutes: 60,
  });
  const classOf = () =>
    sessions.classes.create(staff, {
      name: 'Yoga for backs',
      practitionerId: practitioner.id,
      serviceId: service.id,
      startDate: '2026-03-03',
      startTime: '18:00',
      weekdays: ['TU'],
      count: 2,
      capacity: 2,
      waitlist: false,
    });
  return { tenantId, staff, admin, clients, practitionerId: practitioner.id, serviceId: service.id, classOf };
}
type Practice = Awaited<ReturnType<typeof practice>>;

async function activeBlock(sessions: Sessions, staff: Actor, clientId: string) {
  const { block } = await sessions.blocks.create(staff, { clientId, quantity: 5, price: { total: EUR(50000) } });
  await sessions.blocks.issueInvoice(staff, { blockId: block.id });
  return sessions.blocks.recordPayment(staff, { blockId: block.id, amount: EUR(50000) });
}

/** Send one request through the handler, as a browser or server would. */
export async function send(
  handler: SessionsHandler | ((request: Request) => Promise<Response>),
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<Answer> {
  const headers = new Headers(opts.headers);
  if (opts.as !== undefined) headers.set('authorization', `Bearer ${opts.as}`);
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const response = await handler(new Request(`https://practice.example${path}`, { method, headers, body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

/** What core itself answers, as the wire carries it. */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));
/** What a client actor receives of a core result over HTTP: the JSON, without practitioners' wages. */
export const clientWire = <T>(value: T): unknown => withoutWages(wire(value));

/** A fetch response's JSON, read by path in tests. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are read by path
export const json = async (response: Response): Promise<any> => response.json();

/** The headers every JSON answer carries. */
export function expectJsonHeaders(answer: Answer): void {
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
}
