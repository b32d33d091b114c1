import { describe, expect, it } from 'vitest';
import { account, attendance, lateCancel, onAccount } from './completion-helpers.js';
import { EUR, expectRefused, practice } from './helpers.js';
import { expectOneLiveEffectEach, schedule } from './session-helpers.js';

describe('built-in completion types', () => {
  it('completed charges the account the service’s full price and pays the full wage', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    expect(await account(p)).toMatchObject({ scheduled: EUR(9500), balance: EUR(0) });
    const done = await p.sessions.sessions.complete(p.practitioner, { sessionId: session.id });
    expect(done.session.status).toBe('completed');
    expect(done.attendances[0]?.attendance).toMatchObject({
      status: 'completed',
      cost: 9500,
      wage: 4500,
      completion: { typeId: 'completed', label: 'Completed', baseStatus: 'completed', builtIn: true },
      settledBy: { kind: 'practitioner', id: p.practitionerId },
    });
    expect(await account(p)).toMatchObject({ charges: EUR(9500), balance: EUR(-9500), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('missed charges the full price and wage too, and the attendance is missed', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    const done = await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'missed' });
    expect(done.attendances[0]?.attendance).toMatchObject({ status: 'missed', cost: 9500, wage: 4500 });
    expect(await account(p)).toMatchObject({ charges: EUR(9500), balance: EUR(-9500), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('cancelled charges nothing and pays nothing: the account hold is released', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    const done = await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'cancelled' });
    expect(done.session.status).toBe('cancelled');
    expect(done.attendances[0]?.attendance).toMatchObject({ status: 'cancelled', cost: 0, wage: 0 });
    expect(await account(p)).toMatchObject({ charges: EUR(0), balance: EUR(0), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('on a block, completed and missed use the held unit at its value, cancelled gives it back', async () => {
    const p = await practice();
    const { block } = await p.activeBlock(); // 10 sessions for 100000: a unit is worth 10000
    const [a, b, c] = [
      await schedule(p),
      await schedule(p, { start: '2026-03-11T09:00[Europe/Berlin]' }),
      await schedule(p, { start: '2026-03-12T09:00[Europe/Berlin]' }),
    ];
    await p.sessions.sessions.complete(p.staff, { sessionId: a.session.id });
    await p.sessions.sessions.complete(p.staff, { sessionId: b.session.id, type: 'missed' });
    await p.sessions.sessions.complete(p.staff, { sessionId: c.session.id, type: 'cancelled' });
    expect(await attendance(p, a.session.id)).toMatchObject({ status: 'completed', cost: 10000, wage: 4500 });
    expect(await attendance(p, b.session.id)).toMatchObject({ status: 'missed', cost: 10000, wage: 4500 });
    expect(await attendance(p, c.session.id)).toMatchObject({ status: 'cancelled', cost: 0, wage: 0 });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ consumed: 2, reserved: 0, remaining: 8, consumedValue: EUR(20000) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a cost override sets the cost and the wage staff give', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    const done = await p.sessions.sessions.complete(p.staff, {
      sessionId: session.id,
      type: 'cost_override',
      cost: EUR(3000),
      wage: EUR(1250),
    });
    expect(done.attendances[0]?.attendance).toMatchObject({
      status: 'completed',
      cost: 3000,
      wage: 1250,
      completion: { typeId: 'cost_override', modifier: { kind: 'fixed', client: 3000, wage: 1250 } },
    });
    expect(await account(p)).toMatchObject({ charges: EUR(3000), balance: EUR(-3000), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('on a block, a cost override that charges anything uses the whole unit; one of zero gives it back', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const charged = await schedule(p);
    const free = await schedule(p, { start: '2026-03-11T09:00[Europe/Berlin]' });
    const override = { type: 'cost_override', wage: EUR(1250) };
    await p.sessions.sessions.complete(p.staff, { sessionId: charged.session.id, ...override, cost: EUR(3000) });
    await p.sessions.sessions.complete(p.staff, { sessionId: free.session.id, ...override, cost: EUR(0) });
    expect(await attendance(p, charged.session.id)).toMatchObject({ status: 'completed', cost: 10000, wage: 1250 });
    expect(await attendance(p, free.session.id)).toMatchObject({ status: 'completed', cost: 0, wage: 1250 });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ consumed: 1, reserved: 0, remaining: 9, consumedValue: EUR(10000) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a cost override is for staff and admins: a practitioner is refused', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    const input = { sessionId: session.id, type: 'cost_override', cost: EUR(3000), wage: EUR(1250) };
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.complete(p.practitioner, input));
    const done = await p.sessions.sessions.complete(p.admin, input);
    expect(done.attendances[0]?.attendance).toMatchObject({ cost: 3000, wage: 1250 });
  });

  it('a cost override needs both the cost and the wage, and names what is missing', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    const complete = (extra: Record<string, unknown>) => () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'cost_override', ...extra });
    const noWage = await expectRefused(p, 'VALIDATION_FAILED', complete({ cost: EUR(3000) }));
    expect(noWage.details.issues?.map((i) => i.path)).toEqual([['wage']]);
    const noCost = await expectRefused(p, 'VALIDATION_FAILED', complete({ wage: EUR(1000) }));
    expect(noCost.details.issues?.map((i) => i.path)).toEqual([['cost']]);
    const neither = await expectRefused(p, 'VALIDATION_FAILED', complete({}));
    expect(neither.details.issues?.map((i) => i.path)).toEqual([['cost'], ['wage']]);
    // A cost with any other type is refused too: only a cost override takes one.
    const stray = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, cost: EUR(3000) }),
    );
    expect(stray.details.issues?.map((i) => i.path)).toEqual([['cost']]);
  });

  it('naming a client twice is refused: a place is never settled (or charged) twice', async () => {
    const p = await practice();
    await p.activeBlock();
    const billed = await onAccount(p);
    const held = await schedule(p, { start: '2026-03-11T09:00[Europe/Berlin]' });
    for (const { session } of [billed, held]) {
      const twice = { sessionId: session.id, clientIds: [p.clientId, p.clientId] };
      const error = await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.sessions.complete(p.staff, twice));
      expect(error.details.issues?.[0]?.path[0]).toBe('clientIds');
    }
    expect(await account(p)).toMatchObject({ charges: EUR(0), scheduled: EUR(9500) });
  });

  it('a settled session is not settled again', async () => {
    const p = await practice();
    const { session } = await onAccount(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'missed' });
    await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'cancelled' }),
    );
  });
});

describe('custom types on a block and on the account', () => {
  it('on a block, a type that charges anything (50 %) uses the whole unit: the cost is the unit’s value', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    const { block } = await p.activeBlock();
    const { session } = await schedule(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id });
    expect(await attendance(p, session.id)).toMatchObject({ status: 'cancelled', cost: 10000, wage: 2250 });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ consumed: 1, reserved: 0, remaining: 9, consumedValue: EUR(10000) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('on a block, a type that charges nothing (0 %) gives the unit back', async () => {
    const p = await practice();
    const type = await lateCancel(p, { kind: 'percentage', client: 0, wage: 40 });
    const { block } = await p.activeBlock();
    const { session } = await schedule(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id });
    expect(await attendance(p, session.id)).toMatchObject({ status: 'cancelled', cost: 0, wage: 1800 });
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ consumed: 0, reserved: 0, remaining: 10, consumedValue: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('billed to the account, 50 % charges half the price', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    await p.activeBlock(); // the client has a block, but this session is billed to the account
    const { session } = await onAccount(p);
    expect(await account(p)).toMatchObject({ scheduled: EUR(9500), available: EUR(-9500) });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id });
    expect(await attendance(p, session.id)).toMatchObject({ blockId: null, cost: 4750, wage: 2250 });
    expect(await account(p)).toMatchObject({
      charges: EUR(4750),
      balance: EUR(-4750),
      scheduled: EUR(0),
      available: EUR(-4750),
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});
