import { createSessions, SessionsError } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice, refusal } from './helpers.js';

describe('bad input is refused with a clear error and changes nothing', () => {
  it('negative, zero and fractional quantities', async () => {
    const p = await practice();
    const before = p.store.raw.snapshot();
    await expect(p.block({ quantity: -3 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: Invalid blocks.create input: quantity: must be at least 1]`,
    );
    await expect(p.block({ quantity: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: Invalid blocks.create input: quantity: must be at least 1]`,
    );
    await expect(p.block({ quantity: 2.5 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: Invalid blocks.create input: quantity: must be a whole number of units]`,
    );
    expect(p.store.raw.snapshot()).toBe(before);
    const negative = await expectRefused(p, 'VALIDATION_FAILED', () => p.block({ quantity: -3 }));
    expect(negative.details.issues).toEqual([{ path: ['quantity'], message: 'must be at least 1' }]);
  });

  it('several problems at once are all reported, each at its path', async () => {
    const p = await practice();
    const before = p.store.raw.snapshot();
    await expect(
      p.block({ quantity: 0, price: { total: { amount: -1, currency: 'EUR' } }, expiresOn: '2026-02-30' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: Invalid blocks.create input: quantity: must be at least 1; price.total.amount: must not be negative; expiresOn: "2026-02-30" is not a calendar date like 2027-03-31]`,
    );
    expect(p.store.raw.snapshot()).toBe(before);
    const error = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ quantity: 0, price: { total: { amount: -1, currency: 'EUR' } }, expiresOn: '2026-02-30' }),
    );
    expect(error.details.issues?.map((i) => i.path)).toEqual([
      ['quantity'],
      ['price', 'total', 'amount'],
      ['expiresOn'],
    ]);
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
    const before = p.store.raw.snapshot();
    await expect(
      p.sessions.blocks.issueInvoice(p.staff, { blockId: 'ghost' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`[SessionsError: No block with id "ghost" exists in this practice.]`);
    await expect(p.sessions.blocks.get(p.client, { blockId: 'ghost' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: No block with id "ghost" exists in this practice.]`,
    );
    expect(p.store.raw.snapshot()).toBe(before);
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
    expect(error.details).toMatchObject({ due: EUR(10000), attempted: EUR(10001) });
    const foreign = await expectRefused(p, 'CURRENCY_MISMATCH', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: { amount: 100, currency: 'USD' } }),
    );
    expect(foreign.details.issues).toEqual([{ path: ['amount', 'currency'], message: 'must be EUR' }]);
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(0) }),
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
    expect(forbidden.message).toMatch(/^A client may not create a block; this needs a staff or an? admin\.$/);
    expect(forbidden.details).toMatchObject({ actorKind: 'client', allowed: ['staff', 'admin'] });
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

  it('the same key for a different request is IDEMPOTENCY_MISMATCH', async () => {
    const p = await practice();
    const { block } = await p.block();
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100) }, { idempotencyKey: 'k' });
    const other = await expectRefused(p, 'IDEMPOTENCY_MISMATCH', () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(200) }, { idempotencyKey: 'k' }),
    );
    expect(other.message).toMatch(/use a new key/);
    // Another command, or another actor, with the same key is a different request too.
    await expectRefused(p, 'IDEMPOTENCY_MISMATCH', () =>
      p.sessions.blocks.grantUnits(p.staff, { blockId: block.id, units: 1, reason: 'x' }, { idempotencyKey: 'k' }),
    );
    await expectRefused(p, 'IDEMPOTENCY_MISMATCH', () =>
      p.sessions.blocks.recordPayment(p.admin, { blockId: block.id, amount: EUR(100) }, { idempotencyKey: 'k' }),
    );
  });

  it('a bad key is refused before anything happens', async () => {
    const p = await practice();
    const { block } = await p.block();
    for (const key of ['', 'x'.repeat(201), 42, null]) {
      const error = await expectRefused(p, 'VALIDATION_FAILED', () =>
        p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id }, { idempotencyKey: key as string }),
      );
      expect(error.details.issues?.[0]?.path).toEqual(['idempotencyKey']);
    }
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id }, { idempotencyKey: 'x'.repeat(200) });
  });

  it('a repeated create makes one block', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 5 });
    const input = { clientId: p.clientId, quantity: 3, price: { total: EUR(30000) } };
    const first = await p.sessions.blocks.create(p.staff, input, { idempotencyKey: 'sale-17' });
    const again = await p.sessions.blocks.create(p.staff, input, { idempotencyKey: 'sale-17' });
    expect(again).toEqual(first);
    expect(await p.sessions.blocks.list(p.staff, { clientId: p.clientId })).toHaveLength(1);
  });

  it('a refused command does not use up its key: the retry runs', async () => {
    const p = await practice();
    const { block } = await p.block();
    const pay = () =>
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100) }, { idempotencyKey: 'pay' });
    await expectRefused(p, 'CONFLICT', pay); // no invoice yet
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect((await pay()).balance.paid).toEqual(EUR(100));
    expect((await pay()).balance.paid).toEqual(EUR(100));
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

  it('only an admin changes them, and the change takes effect for the next command', async () => {
    const p = await practice();
    await p.block();
    await expectRefused(p, 'ACTIVE_BLOCK_LIMIT', () => p.block());
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.settings.update(p.staff, { maxActiveBlocksPerClient: 2 }));
    const updated = await p.sessions.settings.update(p.admin, { maxActiveBlocksPerClient: 2 });
    expect(updated).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin', maxActiveBlocksPerClient: 2 });
    await p.block();
    expect(await p.sessions.settings.get(p.client)).toEqual(updated);
  });

  it('the currency cannot change once blocks are priced in it', async () => {
    const p = await practice();
    await p.block();
    const error = await expectRefused(p, 'CONFLICT', () => p.sessions.settings.update(p.admin, { currency: 'USD' }));
    expect(error.details.issues).toEqual([{ path: ['currency'], message: 'must stay EUR' }]);
  });
});
