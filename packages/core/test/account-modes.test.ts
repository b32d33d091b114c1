import type { AccountMode, Actor, SessionsError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice, refusal } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

/** 09:00 Berlin on a day of March 2026: one session per day keeps every booking distinct. */
const day = (d: number) => berlin(`2026-03-${String(d).padStart(2, '0')}T09:00`);

async function account(p: Practice, clientId = p.clientId) {
  const { balance, scheduled, available } = (await p.sessions.accounts.get(p.staff, { clientId })).balance;
  return { balance: balance.amount, scheduled: scheduled.amount, available: available.amount };
}

const pay = (p: Practice, amount: number, clientId = p.clientId) =>
  p.sessions.accounts.recordPayment(p.staff, { clientId, amount: EUR(amount) });

/** A session billed to the account (no block), on day `d`. */
const unlinked = (p: Practice, d: number, as: Actor = p.staff, extra: Record<string, unknown> = {}) =>
  schedule(p, { clients: [{ clientId: p.clientId, blockId: null }], start: day(d), ...extra }, as);

const shortfall = (clientId: string, mode: string, needed: number, available: number, unit = 'money') => ({
  clientId,
  mode,
  unit,
  needed,
  available,
  missing: needed - available,
});

const scheduledEvents = async (p: Practice) =>
  (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'session.scheduled');

describe('open mode', () => {
  it('adds an unlinked session with nothing on the account, for a client booking themself', async () => {
    const p = await practice();
    const { attendances } = await unlinked(p, 10, p.client);
    expect(attendances[0]?.attendance).toMatchObject({ blockId: null, cost: 9500, override: null });
    expect(await account(p)).toEqual({ balance: 0, scheduled: 9500, available: -9500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('available credit', () => {
  it('counts payments less scheduled costs: two 9500 sessions fit in 19000, the third does not', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await pay(p, 19000);
    await unlinked(p, 10, p.client);
    expect(await account(p)).toEqual({ balance: 19000, scheduled: 9500, available: 9500 });
    await unlinked(p, 11, p.client);
    expect(await account(p)).toEqual({ balance: 19000, scheduled: 19000, available: 0 });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 12, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'available_credit', 9500, 0)]);
    expect(error.details.overridable).toBe(false);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses one minor unit short of the cost', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await pay(p, 18999);
    await unlinked(p, 10, p.client);
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 11, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'available_credit', 9500, 9499)]);
    expect(error.details.shortfalls).toEqual([expect.objectContaining({ missing: 1 })]);
  });

  it('completing at full price uses what was held; cancelling frees it; a 50 % type frees half', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    const half = await p.sessions.completionTypes.create(p.admin, {
      label: 'Late Cancel',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    await pay(p, 28500);
    const a = await unlinked(p, 10);
    const b = await unlinked(p, 11);
    const c = await unlinked(p, 12);
    expect(await account(p)).toEqual({ balance: 28500, scheduled: 28500, available: 0 });

    await p.sessions.sessions.complete(p.practitioner, { sessionId: a.session.id });
    expect(await account(p)).toEqual({ balance: 19000, scheduled: 19000, available: 0 });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 13, p.practitioner));

    await p.sessions.sessions.complete(p.practitioner, { sessionId: b.session.id, type: half.id });
    expect(await account(p)).toEqual({ balance: 14250, scheduled: 9500, available: 4750 });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 13, p.practitioner));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'available_credit', 9500, 4750)]);

    await p.sessions.sessions.complete(p.practitioner, { sessionId: c.session.id, type: 'cancelled' });
    expect(await account(p)).toEqual({ balance: 14250, scheduled: 0, available: 14250 });
    await unlinked(p, 13, p.practitioner);
    expect(await account(p)).toEqual({ balance: 14250, scheduled: 9500, available: 4750 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('weighs the session’s own cost: 90 minutes of an hourly service', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    const hourly = await p.sessions.services.create(p.staff, {
      name: 'Hydro',
      durationMinutes: 60,
      pricing: 'hourly',
      price: EUR(6000),
      wage: EUR(3000),
    });
    await pay(p, 8999);
    const long = { serviceId: hourly.id, durationMinutes: 90 };
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, p.client, long));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'available_credit', 9000, 8999)]);
    await pay(p, 1);
    const { attendances } = await unlinked(p, 10, p.client, long);
    expect(attendances[0]?.attendance).toMatchObject({ cost: 9000, wage: 4500 });
    expect(await account(p)).toEqual({ balance: 9000, scheduled: 9000, available: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('counts credits and refunds like payments', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await p.sessions.accounts.credit(p.staff, { clientId: p.clientId, amount: EUR(12000), reason: 'goodwill' });
    await p.sessions.accounts.refund(p.staff, { clientId: p.clientId, amount: EUR(2501), reason: 'asked for it' });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'available_credit', 9500, 9499)]);
    await pay(p, 1);
    await unlinked(p, 10, p.client);
    expect(await account(p)).toEqual({ balance: 9500, scheduled: 9500, available: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('minimum threshold', () => {
  const mode: AccountMode = { kind: 'minimum_threshold', minimum: EUR(20000) };

  it('needs a balance of at least the minimum: 19999 is refused, 20000 is enough', async () => {
    const p = await practice({ accountMode: mode });
    await pay(p, 19999);
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'minimum_threshold', 20000, 19999)]);
    await pay(p, 1);
    await unlinked(p, 10, p.client);
    // The balance, not what is left after holds: scheduled sessions do not lower it.
    await unlinked(p, 11, p.client);
    await unlinked(p, 12, p.client);
    expect(await account(p)).toEqual({ balance: 20000, scheduled: 28500, available: -8500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('falls below the minimum once a session is charged', async () => {
    const p = await practice({ accountMode: mode });
    await pay(p, 20000);
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    expect(await account(p)).toEqual({ balance: 10500, scheduled: 0, available: 10500 });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 11, p.practitioner));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'minimum_threshold', 20000, 10500)]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses a minimum in another currency than the practice’s', async () => {
    const p = await practice();
    const usd = { kind: 'minimum_threshold', minimum: { amount: 20000, currency: 'USD' } } as const;
    await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.clients.update(p.staff, { id: p.clientId, accountMode: usd }),
    );
    await expectRefused(p, 'CURRENCY_MISMATCH', () => p.sessions.settings.update(p.admin, { accountMode: usd }));
    await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.clients.create(p.staff, { name: 'Pat Doe', accountMode: usd }),
    );
  });

  it('never applies a minimum in another currency given as the practice’s default settings', async () => {
    // Whether it is refused when the practice is set up or when the mode is used, it must be CURRENCY_MISMATCH:
    // a USD 200 minimum must not be read as €200.00 against a EUR balance.
    const usd = { kind: 'minimum_threshold', minimum: { amount: 20000, currency: 'USD' } } as const;
    const error = await refusal(
      (async () => {
        const p = await practice({ accountMode: usd });
        await unlinked(p, 10, p.client);
      })(),
    );
    expect(error.code, error.message).toBe('CURRENCY_MISMATCH');
  });
});

describe('package mode', () => {
  it('allows a session a block pays for and refuses one without a block: 1 unit missing', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const none = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => schedule(p, {}, p.client));
    expect(none.details.shortfalls).toEqual([shortfall(p.clientId, 'package', 1, 0, 'units')]);
    const { block } = await p.activeBlock();
    const { attendances, linking } = await schedule(p, {}, p.client);
    expect(linking[0]).toMatchObject({ blockId: block.id, how: 'auto' });
    expect(attendances[0]?.attendance).toMatchObject({ blockId: block.id, override: null });
    expect(await account(p)).toEqual({ balance: 0, scheduled: 0, available: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses `blockId: null` even when the client has a block, and a block with no unit left', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9500) } });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, p.practitioner));
    await schedule(p, { start: day(10) }, p.practitioner);
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance.remaining).toBe(0);
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => schedule(p, { start: day(11) }, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'package', 1, 0, 'units')]);
  });
});

describe('a session a block pays for', () => {
  const modes: AccountMode[] = [
    { kind: 'open' },
    { kind: 'minimum_threshold', minimum: EUR(20000) },
    { kind: 'available_credit' },
    { kind: 'package' },
  ];
  it.each(modes)('is allowed in $kind mode with an empty account', async (mode) => {
    const p = await practice({ accountMode: mode });
    const { block } = await p.activeBlock();
    const { attendances } = await schedule(p, { clients: [{ clientId: p.clientId, blockId: block.id }] }, p.client);
    expect(attendances[0]?.attendance).toMatchObject({ blockId: block.id, cost: 10000, override: null });
    expect(attendances[0]?.block).toMatchObject({ id: block.id, sessionNumber: 1, of: 10 });
    expect(await account(p)).toEqual({ balance: 0, scheduled: 0, available: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('who may schedule past the mode', () => {
  it('refuses a practitioner exactly as a client: not overridable', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await pay(p, 5000);
    for (const actor of [p.client, p.practitioner]) {
      const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, actor));
      expect(error.details).toMatchObject({
        overridable: false,
        shortfalls: [shortfall(p.clientId, 'available_credit', 9500, 5000)],
      });
    }
  });

  it('warns staff with the same error, overridable, and changes nothing', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    for (const actor of [p.staff, p.admin]) {
      const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, actor));
      expect(error.details).toMatchObject({
        overridable: true,
        shortfalls: [shortfall(p.clientId, 'available_credit', 9500, 0)],
      });
    }
  });

  it('lets staff override with a reason, stored on the attendance and in session.scheduled', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await pay(p, 2000);
    const { session, attendances } = await unlinked(p, 10, p.staff, { override: { reason: 'pays cash on the day' } });
    const override = {
      by: { kind: 'staff', id: 'front-desk' },
      reason: 'pays cash on the day',
      mode: 'available_credit',
      missing: 7500,
      unit: 'money',
    };
    expect(attendances[0]?.attendance.override).toEqual(override);
    const stored = await p.sessions.sessions.get(p.staff, { sessionId: session.id });
    expect(stored.attendances[0]?.attendance.override).toEqual(override);
    const [event] = await scheduledEvents(p);
    expect(event?.payload.attendances).toEqual([
      { attendanceId: attendances[0]?.attendance.id, clientId: p.clientId, blockId: null, override },
    ]);
    expect(await account(p)).toEqual({ balance: 2000, scheduled: 9500, available: -7500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('records an admin’s package-mode override in units', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const { attendances } = await unlinked(p, 10, p.admin, { override: { reason: 'trial session' } });
    expect(attendances[0]?.attendance.override).toEqual({
      by: { kind: 'admin', id: 'owner' },
      reason: 'trial session',
      mode: 'package',
      missing: 1,
      unit: 'units',
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('records no override when nothing was missing', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    await pay(p, 9500);
    const { attendances } = await unlinked(p, 10, p.staff, { override: { reason: 'just in case' } });
    expect(attendances[0]?.attendance.override).toBeNull();
    expect((await scheduledEvents(p))[0]?.payload.attendances).toEqual([
      expect.objectContaining({ clientId: p.clientId, override: null }),
    ]);
  });

  it('forbids a client or a practitioner to pass an override', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    for (const actor of [p.client, p.practitioner]) {
      await expectRefused(p, 'FORBIDDEN', () => unlinked(p, 10, actor, { override: { reason: 'please' } }));
    }
    await pay(p, 9500); // even when nothing is missing
    await expectRefused(p, 'FORBIDDEN', () => unlinked(p, 10, p.client, { override: { reason: 'please' } }));
  });
});

describe('the client’s own mode', () => {
  it('overrides the practice’s, both ways, and null follows the practice again', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const other = await anotherClient(p);
    await p.sessions.clients.update(p.staff, { id: p.clientId, accountMode: { kind: 'open' } });
    expect(await p.sessions.accounts.get(p.client, { clientId: p.clientId })).toMatchObject({
      mode: { kind: 'open' },
      modeFrom: 'client',
    });
    await unlinked(p, 10, p.client);
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      schedule(p, { clients: [{ clientId: other.id }] }, other.actor),
    );
    expect(error.details.shortfalls).toEqual([shortfall(other.id, 'package', 1, 0, 'units')]);

    await p.sessions.clients.update(p.staff, { id: p.clientId, accountMode: null });
    expect(await p.sessions.accounts.get(p.staff, { clientId: p.clientId })).toMatchObject({
      mode: { kind: 'package' },
      modeFrom: 'practice',
    });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 11, p.client));
  });

  it('is stricter than an open practice for that client only', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    await p.sessions.clients.update(p.staff, {
      id: p.clientId,
      accountMode: { kind: 'minimum_threshold', minimum: EUR(5000) },
    });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => unlinked(p, 10, p.client));
    expect(error.details.shortfalls).toEqual([shortfall(p.clientId, 'minimum_threshold', 5000, 0)]);
    await schedule(p, { clients: [{ clientId: other.id }] }, other.actor);
    expect(await account(p, other.id)).toEqual({ balance: 0, scheduled: 9500, available: -9500 });
  });
});

describe('a group session', () => {
  it('is refused as a whole when one client lacks credit, naming only that client', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    const other = await anotherClient(p);
    await pay(p, 9500);
    await pay(p, 3000, other.id);
    const group = {
      clients: [
        { clientId: p.clientId, blockId: null },
        { clientId: other.id, blockId: null },
      ],
    };
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => schedule(p, group, p.practitioner));
    expect(error.details.shortfalls).toEqual([shortfall(other.id, 'available_credit', 9500, 3000)]);
    expect(await account(p)).toEqual({ balance: 9500, scheduled: 0, available: 9500 });

    const { attendances } = await schedule(p, { ...group, override: { reason: 'regulars' } }, p.staff);
    expect(attendances.map((a) => [a.attendance.clientId, a.attendance.override?.missing ?? null])).toEqual([
      [p.clientId, null],
      [other.id, 6500],
    ]);
    expect(await account(p)).toEqual({ balance: 9500, scheduled: 9500, available: 0 });
    expect(await account(p, other.id)).toEqual({ balance: 3000, scheduled: 9500, available: -6500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('lets a client with a block in, and refuses the one without', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const other = await anotherClient(p);
    await p.activeBlock();
    const error: SessionsError = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      schedule(p, { clients: [{ clientId: p.clientId }, { clientId: other.id }] }, p.practitioner),
    );
    expect(error.details.shortfalls).toEqual([shortfall(other.id, 'package', 1, 0, 'units')]);
  });

  it('applies the mode to a client added later', async () => {
    const p = await practice({ accountMode: { kind: 'available_credit' } });
    const other = await anotherClient(p);
    await pay(p, 9500);
    const { session } = await unlinked(p, 10, p.staff, { capacity: 2 });
    const add = { sessionId: session.id, client: { clientId: other.id, blockId: null } };
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.sessions.addClient(p.practitioner, add),
    );
    expect(error.details.shortfalls).toEqual([shortfall(other.id, 'available_credit', 9500, 0)]);
    const added = await p.sessions.sessions.addClient(p.staff, { ...add, override: { reason: 'invoice later' } });
    expect(added.attendances.find((a) => a.attendance.clientId === other.id)?.attendance.override).toMatchObject({
      mode: 'available_credit',
      missing: 9500,
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});
