import { type Actor, isSessionsError } from '@sessions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EUR, type Practice, practice } from './helpers.js';
import { expectOneLiveEffectEach } from './session-helpers.js';

/**
 * Random sequences of what a practice does with sessions — schedule (linked
 * automatically, or billed to the account), complete, miss, late-cancel,
 * cancel, reschedule, link, unlink, delete, recover, sell blocks, take
 * payments, let time pass — for two clients. After every step: each
 * attendance has exactly one live effect (a hold while scheduled, a charge
 * or nothing once settled, nothing once deleted) on the block or account
 * that pays for it and nowhere else, every charged attendance's cost is what
 * its ledger moved, and every block's units and money add up to the cent. A
 * refused step leaves the store exactly as it was.
 */
type Step =
  | { do: 'sell'; client: number; quantity: number; total: number; expiresInDays: number | null; minutes: boolean }
  | { do: 'pay'; client: number; amount: number }
  | { do: 'schedule'; client: number; inHours: number; linked: boolean; group: boolean }
  | { do: 'complete'; session: number; type: 'completed' | 'missed' | 'cancelled' | 'late' | 'override' }
  | { do: 'cancel'; session: number; byClient: boolean; waive: boolean }
  | { do: 'reschedule'; session: number; inHours: number }
  | { do: 'link' | 'unlink'; session: number; client: number }
  | { do: 'delete' | 'recover'; session: number }
  | { do: 'wait'; hours: number };

function named(s: Step): Step {
  const { do: name, ...args } = s;
  const text = () =>
    `${name}(${Object.entries(args)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`;
  Object.defineProperty(s, 'toString', { value: text, enumerable: false });
  Object.defineProperty(s, fc.toStringMethod, { value: text, enumerable: false });
  return s;
}

const client = fc.nat({ max: 1 });
const session = fc.nat({ max: 9 });
const step: fc.Arbitrary<Step> = fc
  .oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        do: fc.constant('sell' as const),
        client,
        quantity: fc.integer({ min: 1, max: 6 }),
        total: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(10_000, 1, 0)),
        expiresInDays: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        minutes: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ do: fc.constant('pay' as const), client, amount: fc.integer({ min: 1, max: 30_000 }) }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        do: fc.constant('schedule' as const),
        client,
        inHours: fc.integer({ min: 1, max: 96 }),
        linked: fc.boolean(),
        group: fc.boolean(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        do: fc.constant('complete' as const),
        session,
        type: fc.constantFrom(
          'completed' as const,
          'missed' as const,
          'cancelled' as const,
          'late' as const,
          'override' as const,
        ),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        do: fc.constant('cancel' as const),
        session,
        byClient: fc.boolean(),
        waive: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        do: fc.constant('reschedule' as const),
        session,
        inHours: fc.integer({ min: 1, max: 96 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ do: fc.constantFrom('link' as const, 'unlink' as const), session, client }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constantFrom('delete' as const, 'recover' as const), session }) },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 48 }) }) },
  )
  .map(named);

interface World {
  readonly p: Practice;
  readonly clients: { id: string; actor: Actor }[];
  readonly sessions: string[];
  readonly lateCancel: string;
}

async function setUp(): Promise<World> {
  const p = await practice({
    maxActiveBlocksPerClient: 2,
    cancellationPolicy: { clientsMayCancel: true, tiers: [] },
  });
  const late = await p.sessions.completionTypes.create(p.admin, {
    label: 'Late Cancel',
    baseStatus: 'cancelled',
    modifier: { kind: 'percentage', client: 50, wage: 50 },
  });
  await p.sessions.settings.update(p.admin, {
    cancellationPolicy: {
      clientsMayCancel: true,
      tiers: [
        { withinHours: 24, completionTypeId: 'missed' },
        { withinHours: 2, completionTypeId: late.id },
      ],
    },
  });
  await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: true });
  const other = await p.sessions.clients.create(p.staff, { name: 'Lena Roth', canCancelSessions: true });
  return {
    p,
    clients: [
      { id: p.clientId, actor: p.client },
      { id: other.id, actor: { tenantId: p.tenantId, kind: 'client', id: other.id } },
    ],
    sessions: [],
    lateCancel: late.id,
  };
}

async function run(w: World, s: Step): Promise<void> {
  const { p } = w;
  const now = p.clock.now();
  const at = (hours: number) =>
    `${now.add({ hours }).toZonedDateTimeISO('Europe/Berlin').toPlainDateTime().toString()}[Europe/Berlin]`;
  const sessionId = 'session' in s ? w.sessions[s.session % Math.max(w.sessions.length, 1)] : undefined;
  switch (s.do) {
    case 'sell': {
      const today = now.toZonedDateTimeISO('Europe/Berlin').toPlainDate();
      const { block } = await p.sessions.blocks.create(p.staff, {
        clientId: w.clients[s.client]?.id as string,
        quantity: s.minutes ? s.quantity * 60 : s.quantity,
        unitKind: s.minutes ? 'minutes' : 'sessions',
        price: { total: EUR(s.total) },
        expiresOn: s.expiresInDays === null ? null : today.add({ days: s.expiresInDays }).toString(),
      });
      const { balance } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
      if (balance.unpaid.amount > 0)
        await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: balance.unpaid });
      return;
    }
    case 'pay':
      await p.sessions.accounts.recordPayment(p.staff, {
        clientId: w.clients[s.client]?.id as string,
        amount: EUR(s.amount),
      });
      return;
    case 'schedule': {
      const clients = s.group ? w.clients.map((c) => c.id) : [w.clients[s.client]?.id as string];
      const result = await p.sessions.sessions.schedule(p.staff, {
        clients: clients.map((clientId) => (s.linked ? { clientId } : { clientId, blockId: null })),
        practitionerId: p.practitionerId,
        serviceId: p.serviceId,
        start: at(s.inHours),
      });
      w.sessions.push(result.session.id);
      return;
    }
    case 'wait':
      p.clock.advance({ hours: s.hours });
      await p.sessions.blocks.expireDue(p.staff);
      return;
  }
  if (sessionId === undefined) return;
  switch (s.do) {
    case 'complete': {
      const type = s.type === 'late' ? w.lateCancel : s.type === 'override' ? 'cost_override' : s.type;
      const amounts = s.type === 'override' ? { cost: EUR(1234), wage: EUR(567) } : {};
      await p.sessions.sessions.complete(p.staff, { sessionId, type, ...amounts });
      return;
    }
    case 'cancel': {
      const { attendances } = await p.sessions.sessions.get(p.staff, { sessionId });
      const mine = w.clients.find((c) => attendances.some((a) => a.attendance.clientId === c.id));
      if (s.byClient && mine) await p.sessions.sessions.cancel(mine.actor, { sessionId });
      else await p.sessions.sessions.cancel(p.staff, { sessionId, waivePolicy: s.waive });
      return;
    }
    case 'reschedule':
      await p.sessions.sessions.reschedule(p.staff, { sessionId, start: at(s.inHours) });
      return;
    case 'link':
    case 'unlink':
      await p.sessions.sessions[s.do](p.staff, { sessionId, clientId: w.clients[s.client]?.id as string });
      return;
    case 'delete':
    case 'recover':
      await p.sessions.sessions[s.do](p.staff, { sessionId });
      return;
  }
}

describe('random session sequences for two clients', () => {
  it('keep exactly one live effect per attendance, and every block and account exact, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30, size: 'max' }), async (steps) => {
        const w = await setUp();
        const { p } = w;
        for (const s of steps) {
          const before = p.store.raw.snapshot();
          try {
            await run(w, s);
          } catch (error) {
            if (!isSessionsError(error)) throw error;
            expect(
              p.store.raw.snapshot(),
              `${s} was refused (${error.code}: ${error.message}) but changed the store`,
            ).toBe(before);
          }
          expectOneLiveEffectEach(p.store, p.tenantId);
          for (const c of w.clients) {
            // The account's numbers are sums over its entries, and match the sessions billed to it.
            const { balance } = await p.sessions.accounts.get(p.staff, { clientId: c.id });
            expect(balance.available.amount).toBe(balance.balance.amount - balance.scheduled.amount);
            expect(balance.balance.amount).toBe(
              balance.payments.amount + balance.credits.amount - balance.charges.amount - balance.refunds.amount,
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
