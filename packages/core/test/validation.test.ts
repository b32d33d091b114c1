import { createSessions, SessionsError } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice, refusal } from './helpers.js';

describe('bad input is refused with a clear error and changes nothing', () => {
  it('negative, zero and fractional quantities', async () => {
    const p = await practice();
    const negative = await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ quantity: -3 }));
    expect(negative.details.issues?.[0]?.path).toEqual(['quantity']);
    await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ quantity: 0 }));
    await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ quantity: 2.5 }));
  });

  it('a price with fractions of a minor unit', async () => {
    const p = await practice();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ price: { total: { amount: 1000.5, currency: 'EUR' } } }),
    );
    expect(error.details.issues?.[0]?.path).toEqual(['price', 'total', 'amount']);
  });

  it('an unknown currency, and a currency that is not the practice’s', async () => {
    const p = await practice();
    const unknown = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ price: { total: { amount: 1000, currency: 'XYZ' } } }),
    );
    expect(unknown.message).toMatch(/XYZ/);
    const foreign = await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.block({ price: { total: { amount: 1000, currency: 'USD' } } }),
    );
    expect(foreign.message).toMatchInlineSnapshot(`"price.total is in USD but this practice works in EUR."`);
  });

  it('unknown ids', async () => {
    const p = await practice();
    const noClient = await expectRefused(p, 'NOT_FOUND', () => p.block({ clientId: 'ghost' }));
    expect(noClient.message).toMatchInlineSnapshot(`"No client with id "ghost" exists in this practice."`);
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.blocks.issueInvoice(p.staff, { blockId: 'ghost' }));
    await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ coveredServiceIds: ['ghost-service'] }));
    const { block } = await p.activeBlock();
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.credits.reserve(p.staff, { ...p.booking(block.id, 's1'), serviceId: 'ghost' }),
    );
  });

  it('a payment larger than what is due', async () => {
    const p = await practice();
    const { block } = await p.block();
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(90000) });
    const error = await expectRefused(p, 'PAYMENT_EXCEEDS_DUE', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(10001) }),
    );
    expect(error.message).toMatchInlineSnapshot(
      `"A payment of €100.01 is more than the €100.00 still due on this block."`,
    );
  });

  it('refunding more units than remain', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(30000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 3 }),
    );
    expect(error.message).toMatchInlineSnapshot(`"Cannot refund 3 units: only 2 remain unused on this block."`);
  });

  it("acting on another tenant's block", async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const intruder = { tenantId: 'other-practice', kind: 'admin', id: 'x' } as const;
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.blocks.cancel(intruder, { blockId: block.id }));
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.blocks.get(intruder, { blockId: block.id }));
  });

  it('an actor who may not act, or is malformed', async () => {
    const p = await practice();
    const forbidden = await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.blocks.create(p.client, { clientId: p.clientId, quantity: 1, price: { total: EUR(100) } }),
    );
    expect(forbidden.message).toMatchInlineSnapshot(
      `"A client may not create a block; this needs a staff or a admin."`,
    );
    const noTenant = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.get({ kind: 'staff', id: 'x' }, { blockId: 'b' }),
    );
    expect(noTenant.details.issues?.[0]?.path).toEqual(['tenantId']);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.settings.update(p.staff, { invoiceDueDays: 30 }));
  });

  it('unknown fields, so a typo is not silently ignored', async () => {
    const p = await practice();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ quantitty: 5 }));
    expect(error.message).toMatch(/quantitty/);
  });

  it('every error is a SessionsError with code, message and details as JSON', async () => {
    const p = await practice();
    const error = await refusal(p.block({ quantity: -1 }));
    expect(error).toBeInstanceOf(SessionsError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'VALIDATION_FAILED',
      message: error.message,
      details: { issues: [{ path: ['quantity'], message: expect.any(String) }] },
    });
  });
});

describe('idempotency keys', () => {
  it('a repeat returns the first result and changes nothing', async () => {
    const p = await practice();
    const { block } = await p.block();
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    const first = await p.sessions.blocks.recordPayment(
      p.staff,
      { blockId: block.id, amount: EUR(50000) },
      { idempotencyKey: 'pay-1' },
    );
    const before = p.store.raw.snapshot();
    const again = await p.sessions.blocks.recordPayment(
      p.staff,
      { blockId: block.id, amount: EUR(50000) },
      { idempotencyKey: 'pay-1' },
    );
    expect(again).toEqual(first);
    expect(p.store.raw.snapshot()).toBe(before);
  });

  it('the same key for a different request is IDEMPOTENCY_MISMATCH; a bad key is refused', async () => {
    const p = await practice();
    const { block } = await p.block();
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100) }, { idempotencyKey: 'k' });
    await expectRefused(p, 'IDEMPOTENCY_MISMATCH', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(200) }, { idempotencyKey: 'k' }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(200) }, { idempotencyKey: '' }),
    );
  });
});

describe('the facade itself', () => {
  it('needs a store', () => {
    expect(() => createSessions({} as never)).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('validates event polling and acknowledgement', async () => {
    const p = await practice();
    await expect(p.sessions.events.poll({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(p.sessions.events.ack([{ id: 'x' } as never])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('settings', () => {
  it('a practice without settings is told how to configure itself', async () => {
    const sessions = createSessions({ store: createMemoryStore() });
    const staff = { tenantId: 'new-practice', kind: 'staff', id: 's' } as const;
    const error = await refusal(sessions.clients.list(staff));
    expect(error.code).toBe('TENANT_NOT_CONFIGURED');
    const admin = { ...staff, kind: 'admin' } as const;
    await expect(sessions.settings.update(admin, { invoiceDueDays: 7 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const stored = await sessions.settings.update(admin, { currency: 'GBP', timeZone: 'Europe/London' });
    expect(stored).toMatchObject({ currency: 'GBP', unlockCreditsOn: 'payment', maxActiveBlocksPerClient: 1 });
    expect(await sessions.settings.get(staff)).toEqual(stored);
  });

  it('an unknown time zone is refused', async () => {
    const p = await practice();
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.settings.update(p.admin, { timeZone: 'Mars/Olympus' }),
    );
  });
});
