import { describe, expect, it } from 'vitest';
import { account, attendance, lateCancel, onAccount } from './completion-helpers.js';
import { EUR, expectRefused, practice } from './helpers.js';
import { expectOneLiveEffectEach, schedule } from './session-helpers.js';

describe('custom completion types', () => {
  it('admins create, edit and delete them; staff and practitioners may not', async () => {
    const p = await practice();
    const input = {
      label: 'Late Cancel',
      description: 'Cancelled on the day',
      baseStatus: 'cancelled' as const,
      modifier: { kind: 'percentage' as const, client: 50, wage: 50 },
    };
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.create(p.staff, input));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.create(p.practitioner, input));
    const type = await p.sessions.completionTypes.create(p.admin, input);
    expect(type).toMatchObject({ ...input, enabled: true, deletedAt: null });
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.update(p.staff, { id: type.id, label: 'x' }));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.delete(p.practitioner, { id: type.id }));
    const edited = await p.sessions.completionTypes.update(p.admin, { id: type.id, label: 'Short notice' });
    expect(edited).toMatchObject({
      label: 'Short notice',
      description: 'Cancelled on the day',
      modifier: input.modifier,
    });
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.delete(p.staff, { id: type.id }));
    expect(await p.sessions.completionTypes.delete(p.admin, { id: type.id })).toMatchObject({ enabled: false });
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.completionTypes.update(p.admin, { id: type.id, label: 'Again' }),
    );
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.completionTypes.delete(p.admin, { id: type.id }));
    // Built-in types are not the practice's to change.
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.completionTypes.update(p.admin, { id: 'missed', label: 'No-show' }),
    );
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.delete(p.admin, { id: 'completed' }));
  });

  it('refuses a label over 15 characters and a percentage that is not a whole number from 0 to 100', async () => {
    const p = await practice();
    const create = (label: string, client: number) => () =>
      p.sessions.completionTypes.create(p.admin, {
        label,
        baseStatus: 'completed',
        modifier: { kind: 'percentage', client, wage: 50 },
      });
    const long = await expectRefused(p, 'VALIDATION_FAILED', create('Sixteen letters!', 50));
    expect(long.details.issues?.map((i) => i.path)).toEqual([['label']]);
    for (const client of [101, -1, 12.5]) {
      const bad = await expectRefused(p, 'VALIDATION_FAILED', create('Partial', client));
      expect(bad.details.issues?.map((i) => i.path)).toEqual([['modifier', 'client']]);
    }
    expect(await create('Fifteen letters', 100)()).toMatchObject({ label: 'Fifteen letters' });
  });

  it('a percentage applies to an hourly service’s price × minutes, rounded half up to the cent', async () => {
    const p = await practice();
    // 90.15 an hour for 45 minutes is 67.6125 → 67.61; the wage 40.47 an hour → 30.3525 → 30.35.
    const massage = await p.sessions.services.create(p.staff, {
      name: 'Massage',
      durationMinutes: 45,
      price: EUR(9015),
      wage: EUR(4047),
      pricing: 'hourly',
    });
    const partial = await p.sessions.completionTypes.create(p.admin, {
      label: 'Partial',
      baseStatus: 'completed',
      modifier: { kind: 'percentage', client: 50, wage: 30 },
    });
    const full = await onAccount(p, { serviceId: massage.id });
    expect(full.attendances[0]?.attendance).toMatchObject({ cost: 6761, wage: 3035 }); // expected while scheduled
    await p.sessions.sessions.complete(p.staff, { sessionId: full.session.id });
    expect(await attendance(p, full.session.id)).toMatchObject({ cost: 6761, wage: 3035 });
    const part = await onAccount(p, { serviceId: massage.id, start: '2026-03-11T09:00[Europe/Berlin]' });
    await p.sessions.sessions.complete(p.practitioner, { sessionId: part.session.id, type: partial.id });
    // 50 % of 67.6125 is 33.80625 → 33.81 (not 33.80); 30 % of 30.3525 is 9.10575 → 9.11 (not 9.10).
    expect(await attendance(p, part.session.id)).toMatchObject({ status: 'completed', cost: 3381, wage: 911 });
    expect(await account(p)).toMatchObject({ charges: EUR(6761 + 3381), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a fixed modifier charges and pays the amounts it names, whatever the service', async () => {
    const p = await practice();
    const flat = await p.sessions.completionTypes.create(p.admin, {
      label: 'No-show fee',
      baseStatus: 'missed',
      modifier: { kind: 'fixed', client: EUR(2000), wage: EUR(1000) },
    });
    expect(flat.modifier).toEqual({ kind: 'fixed', client: 2000, wage: 1000 });
    const dollars = await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.completionTypes.create(p.admin, {
        label: 'Dollars',
        baseStatus: 'missed',
        modifier: { kind: 'fixed', client: { amount: 2000, currency: 'USD' }, wage: EUR(1000) },
      }),
    );
    expect(dollars.details.issues?.map((i) => i.path)).toEqual([['modifier', 'client', 'currency']]);
    const { session } = await onAccount(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: flat.id });
    expect(await attendance(p, session.id)).toMatchObject({ status: 'missed', cost: 2000, wage: 1000 });
    expect(await account(p)).toMatchObject({ charges: EUR(2000), balance: EUR(-2000), scheduled: EUR(0) });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a disabled type cannot be applied; enabled again, it can', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    await p.sessions.completionTypes.update(p.admin, { id: type.id, enabled: false });
    const { session } = await onAccount(p);
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id }),
    );
    await p.sessions.completionTypes.update(p.admin, { id: type.id, enabled: true });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id });
    expect(await attendance(p, session.id)).toMatchObject({ status: 'cancelled', cost: 4750, wage: 2250 });
  });

  it('a deleted type is not found for new sessions', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    await p.sessions.completionTypes.delete(p.admin, { id: type.id });
    const { session } = await onAccount(p);
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id }),
    );
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'no-such-type' }),
    );
  });

  it('a settled session keeps its snapshot: editing or deleting the type changes nothing past', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    const { session } = await onAccount(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: type.id });
    const before = await attendance(p, session.id);
    expect(before).toMatchObject({
      status: 'cancelled',
      cost: 4750,
      wage: 2250,
      completion: {
        typeId: type.id,
        label: 'Late Cancel',
        baseStatus: 'cancelled',
        modifier: { kind: 'percentage', client: 50, wage: 50 },
        builtIn: false,
      },
    });
    await p.sessions.completionTypes.update(p.admin, {
      id: type.id,
      label: 'Renamed',
      baseStatus: 'missed',
      modifier: { kind: 'percentage', client: 10, wage: 90 },
    });
    expect(await attendance(p, session.id)).toEqual(before);
    await p.sessions.completionTypes.delete(p.admin, { id: type.id });
    expect(await attendance(p, session.id)).toEqual(before);
    expect(await account(p)).toMatchObject({ charges: EUR(4750), balance: EUR(-4750) });
    // Deleted and recovered, the session is charged again by its snapshot, not by the (deleted) type.
    await p.sessions.sessions.delete(p.staff, { sessionId: session.id });
    expect(await account(p)).toMatchObject({ balance: EUR(0) });
    await p.sessions.sessions.recover(p.staff, { sessionId: session.id });
    expect(await attendance(p, session.id)).toMatchObject({
      status: 'cancelled',
      cost: 4750,
      wage: 2250,
      completion: before?.completion,
    });
    expect(await account(p)).toMatchObject({ balance: EUR(-4750), scheduled: EUR(0) });
    const wages = await p.sessions.wages(p.staff, {
      practitionerId: p.practitionerId,
      from: '2026-03-10',
      to: '2026-03-10',
    });
    expect(wages.items).toMatchObject([{ completionType: { id: type.id, label: 'Late Cancel' }, wage: EUR(2250) }]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a type the cancellation policy uses cannot be disabled or deleted until the policy lets go of it', async () => {
    const p = await practice();
    const type = await lateCancel(p);
    await p.sessions.settings.update(p.admin, {
      cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 2, completionTypeId: type.id }] },
    });
    const disable = await expectRefused(p, 'CONFLICT', () =>
      p.sessions.completionTypes.update(p.admin, { id: type.id, enabled: false }),
    );
    expect(disable.details).toMatchObject({ id: type.id, withinHours: 2 });
    await expectRefused(p, 'CONFLICT', () => p.sessions.completionTypes.delete(p.admin, { id: type.id }));
    // Other edits are fine: the policy still points at a type it can apply.
    await p.sessions.completionTypes.update(p.admin, { id: type.id, label: 'Short notice' });
    await p.sessions.settings.update(p.admin, { cancellationPolicy: { clientsMayCancel: true, tiers: [] } });
    expect(await p.sessions.completionTypes.delete(p.admin, { id: type.id })).toMatchObject({ enabled: false });
  });

  it('a policy tier must name a type a cancellation can be settled with', async () => {
    const p = await practice();
    const off = await p.sessions.completionTypes.create(p.admin, {
      label: 'Off',
      baseStatus: 'missed',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
      enabled: false,
    });
    const tiers = (completionTypeId: string) => () =>
      p.sessions.settings.update(p.admin, {
        cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId }] },
      });
    for (const id of ['cost_override', off.id, 'no-such-type']) {
      const error = await expectRefused(p, 'VALIDATION_FAILED', tiers(id));
      expect(error.details.issues?.map((i) => i.path)).toEqual([
        ['cancellationPolicy', 'tiers', 0, 'completionTypeId'],
      ]);
    }
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.settings.update(p.admin, {
        cancellationPolicy: {
          clientsMayCancel: true,
          tiers: [
            { withinHours: 24, completionTypeId: 'missed' },
            { withinHours: 24, completionTypeId: 'cancelled' },
          ],
        },
      }),
    );
    expect((await tiers('missed')()).cancellationPolicy.tiers).toEqual([
      { withinHours: 24, completionTypeId: 'missed' },
    ]);
  });

  it('lists the built-ins, then the practice’s own types oldest first (disabled ones on request)', async () => {
    const p = await practice();
    const late = await lateCancel(p);
    const off = await p.sessions.completionTypes.create(p.admin, {
      label: 'Trial',
      baseStatus: 'completed',
      modifier: { kind: 'percentage', client: 0, wage: 100 },
      enabled: false,
    });
    const gone = await p.sessions.completionTypes.create(p.admin, {
      label: 'Gone',
      baseStatus: 'missed',
      modifier: { kind: 'percentage', client: 100, wage: 0 },
    });
    await p.sessions.completionTypes.delete(p.admin, { id: gone.id });
    const builtIns = ['completed', 'cancelled', 'missed', 'cost_override'];
    const list = await p.sessions.completionTypes.list(p.practitioner);
    expect(list.map((t) => t.id)).toEqual([...builtIns, late.id]);
    expect(list.find((t) => t.id === 'cost_override')).toMatchObject({
      builtIn: true,
      staffOnly: true,
      modifier: null,
    });
    expect(list.at(-1)).toMatchObject({ label: 'Late Cancel', builtIn: false, staffOnly: false, enabled: true });
    const all = await p.sessions.completionTypes.list(p.staff, { includeDisabled: true });
    expect(all.map((t) => t.id)).toEqual([...builtIns, late.id, off.id]);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.completionTypes.list(p.client));
  });
});

describe('rounding', () => {
  it('a percentage of an hourly price is rounded once, not once per step', async () => {
    const p = await practice();
    const hourly = await p.sessions.services.create(p.staff, {
      name: 'Tutoring',
      durationMinutes: 50,
      price: EUR(1009),
      wage: EUR(1009),
      pricing: 'hourly',
    });
    const half = await p.sessions.completionTypes.create(p.admin, {
      label: 'Half',
      baseStatus: 'completed',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    const { session } = await schedule(p, { serviceId: hourly.id, clients: [{ clientId: p.clientId, blockId: null }] });
    const { attendances } = await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: half.id });
    // 10.09 × 50/60 × 50 % = 4.204…: 4.20. Rounding the price first (8.41) would give 4.21.
    expect(attendances[0]?.attendance).toMatchObject({ cost: 420, wage: 420 });
  });
});
