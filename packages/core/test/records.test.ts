import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice, refusal } from './helpers.js';

describe('records', () => {
  it('clients, practitioners and services are created, updated, read and listed', async () => {
    const p = await practice();
    p.clock.set('2026-03-02T09:00:00Z');
    const updated = await p.sessions.clients.update(p.staff, { id: p.clientId, phone: '+49 30 1234567' });
    expect(updated).toMatchObject({
      name: 'Mara Schulz',
      phone: '+49 30 1234567',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(await p.sessions.clients.get(p.staff, { id: p.clientId })).toEqual(updated);
    const hourly = await p.sessions.services.create(p.staff, {
      name: 'Coaching',
      durationMinutes: 90,
      price: EUR(8000),
      wage: EUR(4000),
      pricing: 'hourly',
    });
    expect(hourly).toMatchObject({ pricing: 'hourly', price: 8000, durationMinutes: 90 });
    expect((await p.sessions.services.list(p.client)).map((s) => s.name)).toEqual(['Physio', 'Coaching']);
    expect((await p.sessions.practitioners.list(p.client)).map((s) => s.name)).toEqual(['Jonas Weber']);
  });

  it('a client reads only their own client record and cannot list clients', async () => {
    const p = await practice();
    const other = await p.sessions.clients.create(p.staff, { name: 'Other' });
    expect((await p.sessions.clients.get(p.client, { id: p.clientId })).id).toBe(p.clientId);
    expect((await refusal(p.sessions.clients.get(p.client, { id: other.id }))).code).toBe('NOT_FOUND');
    expect((await refusal(p.sessions.clients.list(p.client))).code).toBe('FORBIDDEN');
  });

  it('bad records are refused and change nothing', async () => {
    const p = await practice();
    await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.clients.create(p.staff, { name: '' }));
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.clients.create(p.staff, { name: 'X', email: 'not-an-email' }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.services.create(p.staff, { name: 'S', durationMinutes: 0, price: EUR(1), wage: EUR(1) }),
    );
    await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.services.create(p.staff, {
        name: 'S',
        durationMinutes: 30,
        price: { amount: 100, currency: 'USD' },
        wage: EUR(1),
      }),
    );
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.clients.update(p.staff, { id: 'ghost', name: 'X' }));
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.practitioners.create(p.staff, { name: 'P', timeZone: 'Nowhere/Atlantis' }),
    );
  });
});

describe('block templates', () => {
  it('a block made from a template takes its terms; anything given overrides them', async () => {
    const p = await practice();
    const template = await p.sessions.templates.create(p.staff, {
      name: '10 × physio, 90 days',
      quantity: 10,
      price: { total: EUR(90000) },
      coveredServiceIds: [p.serviceId],
      validForDays: 90,
    });
    expect(template).toMatchObject({ unitKind: 'sessions', quantity: 10, price: 90000, validForDays: 90 });
    const { block } = await p.sessions.blocks.create(p.staff, { clientId: p.clientId, templateId: template.id });
    expect(block).toMatchObject({
      name: '10 × physio, 90 days',
      quantity: 10,
      price: 90000,
      coveredServiceIds: [p.serviceId],
      templateId: template.id,
      expiresOn: '2026-05-30', // 90 days from 1 March, in the practice's calendar
    });
    await p.sessions.blocks.cancel(p.staff, { blockId: block.id });
    const custom = await p.sessions.blocks.create(p.staff, {
      clientId: p.clientId,
      templateId: template.id,
      quantity: 5,
      price: { total: EUR(47500) },
      expiresOn: null,
    });
    expect(custom.block).toMatchObject({
      quantity: 5,
      price: 47500,
      expiresOn: null,
      coveredServiceIds: [p.serviceId],
    });
  });

  it('an unknown template is NOT_FOUND', async () => {
    const p = await practice();
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.blocks.create(p.staff, { clientId: p.clientId, templateId: 'ghost' }),
    );
  });
});

describe('updates change only what they name', () => {
  it('a client update keeps every field it does not mention, defaults included', async () => {
    const p = await practice();
    const client = await p.sessions.clients.create(p.staff, {
      name: 'Lena Roth',
      email: 'lena@example.com',
      canCancelSessions: true,
      accountMode: { kind: 'available_credit' },
    });
    const renamed = await p.sessions.clients.update(p.staff, { id: client.id, name: 'Lena Roth-Berg' });
    expect(renamed).toMatchObject({
      name: 'Lena Roth-Berg',
      email: 'lena@example.com',
      canCancelSessions: true,
      accountMode: { kind: 'available_credit' },
    });
  });

  it('a settings update keeps every setting it does not mention', async () => {
    const p = await practice({
      lowBalanceThresholdPercent: 30,
      cancellationPolicy: { clientsMayCancel: true, tiers: [] },
    });
    const updated = await p.sessions.settings.update(p.admin, { invoiceDueDays: 7 });
    expect(updated).toMatchObject({
      invoiceDueDays: 7,
      lowBalanceThresholdPercent: 30,
      cancellationPolicy: { clientsMayCancel: true },
    });
  });
});
