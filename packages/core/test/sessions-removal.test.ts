import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

describe('deleting and recovering sessions', () => {
  it('a deleted session gives back its hold; recovering holds the unit again', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 2, price: { total: EUR(20000) } });
    const { session } = await schedule(p);
    const deleted = await p.sessions.sessions.delete(p.staff, { sessionId: session.id, reason: 'booked twice' });
    expect(deleted.session.deletedAt).toBe('2026-03-01T09:00:00.000Z');
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 2,
      reserved: 0,
    });
    // Hidden from lists and reads by clients; the practice can still find it to recover it.
    expect(await p.sessions.sessions.list(p.staff)).toEqual([]);
    expect(await p.sessions.sessions.list(p.staff, { includeDeleted: true })).toHaveLength(1);
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.sessions.get(p.client, { sessionId: session.id }));
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.sessions.complete(p.staff, { sessionId: session.id }));
    expectOneLiveEffectEach(p.store, p.tenantId);

    const recovered = await p.sessions.sessions.recover(p.staff, { sessionId: session.id });
    expect(recovered.session.deletedAt).toBeNull();
    expect(recovered.attendances[0]?.block).toMatchObject({ id: block.id, sessionNumber: 1, of: 2 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 1,
      reserved: 1,
    });
    await expectRefused(p, 'CONFLICT', () => p.sessions.sessions.recover(p.staff, { sessionId: session.id }));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a deleted completed session gives its used unit back, and recovering uses it again', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(10000) } });
    const { session } = await schedule(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    await p.sessions.sessions.delete(p.staff, { sessionId: session.id });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 3,
      consumed: 0,
      remainingValue: EUR(10000),
    });
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history.at(-1)).toMatchObject({ kind: 'adjust', from: 'consumed', to: 'available', units: 1, value: 3334 });
    await p.sessions.sessions.recover(p.staff, { sessionId: session.id });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 2,
      consumed: 1,
      consumedValue: EUR(3334),
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('recovery is refused, with the block’s reason and nothing changed, when the credit is gone', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    const first = await schedule(p);
    await p.sessions.sessions.delete(p.staff, { sessionId: first.session.id });
    // The unit went to another session meanwhile.
    await schedule(p, { start: berlin('2026-03-11T09:00') });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.sessions.recover(p.staff, { sessionId: first.session.id }),
    );
    expect(error.message).toBe(
      'Cannot recover the session: Block "1 session" has 0 sessions left but this booking needs 1 session.',
    );
    expect(error.details).toMatchObject({ blockId: block.id, missing: 1, clientId: p.clientId });
  });

  it('deletes an unlinked session’s account hold and charge, and refuses one on an invoice', async () => {
    const p = await practice();
    const scheduled = await schedule(p);
    const done = await schedule(p, { start: berlin('2026-03-11T09:00') });
    await p.sessions.sessions.complete(p.staff, { sessionId: done.session.id });
    const account = () => p.sessions.accounts.get(p.staff, { clientId: p.clientId });
    expect((await account()).balance).toMatchObject({ balance: EUR(-9500), scheduled: EUR(9500) });
    await p.sessions.sessions.delete(p.staff, { sessionId: scheduled.session.id });
    await p.sessions.sessions.delete(p.staff, { sessionId: done.session.id });
    expect((await account()).balance).toMatchObject({ balance: EUR(0), scheduled: EUR(0), charges: EUR(0) });
    await p.sessions.sessions.recover(p.staff, { sessionId: done.session.id });
    const invoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId });
    expect(invoice.total).toBe(9500);
    await expectRefused(p, 'CONFLICT', () => p.sessions.sessions.delete(p.staff, { sessionId: done.session.id }));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('only staff and admins delete and recover', async () => {
    const p = await practice();
    const { session } = await schedule(p);
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.delete(p.practitioner, { sessionId: session.id }));
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.delete(p.client, { sessionId: session.id }));
  });
});

describe('bulk actions', () => {
  it('complete many sessions, one result each: a refusal does not hold back the rest', async () => {
    const p = await practice();
    await p.activeBlock();
    const ids: string[] = [];
    for (const day of ['10', '11', '12'])
      ids.push((await schedule(p, { start: berlin(`2026-03-${day}T09:00`) })).session.id);
    await p.sessions.sessions.cancel(p.staff, { sessionId: ids[1] as string });
    const results = await p.sessions.sessions.bulkComplete(p.staff, { sessionIds: [...ids, 'ghost'], type: 'missed' });
    expect(results.map((r) => [r.sessionId, r.ok, r.ok ? r.session.session.status : r.error.code])).toEqual([
      [ids[0], true, 'completed'],
      [ids[1], false, 'INVALID_TRANSITION'],
      [ids[2], true, 'completed'],
      ['ghost', false, 'NOT_FOUND'],
    ]);
    const first = results[0];
    expect(first?.ok && first.session.attendances[0]?.attendance.status).toBe('missed');
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('cancel and delete many; a retried bulk action with the same key repeats nothing', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const a = await schedule(p, { start: berlin('2026-03-10T09:00') });
    const b = await schedule(p, { start: berlin('2026-03-11T09:00') });
    const sessionIds = [a.session.id, b.session.id];
    const cancelled = await p.sessions.sessions.bulkCancel(
      p.staff,
      { sessionIds, reason: 'storm' },
      { idempotencyKey: 'storm-1' },
    );
    expect(cancelled.every((r) => r.ok)).toBe(true);
    const again = await p.sessions.sessions.bulkCancel(
      p.staff,
      { sessionIds, reason: 'storm' },
      { idempotencyKey: 'storm-1' },
    );
    expect(again).toEqual(cancelled);
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 10,
      reserved: 0,
    });
    const deleted = await p.sessions.sessions.bulkDelete(p.staff, { sessionIds });
    expect(deleted.map((r) => r.ok)).toEqual([true, true]);
    expect(await p.sessions.sessions.list(p.staff)).toEqual([]);
  });

  it('bad bulk input changes nothing', async () => {
    const p = await practice();
    const { session } = await schedule(p);
    await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.sessions.bulkComplete(p.staff, { sessionIds: [] }));
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.bulkDelete(p.staff, { sessionIds: [session.id, session.id] }),
    );
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.sessions.bulkDelete(p.client, { sessionIds: [session.id] }));
  });
});

describe('linking and unlinking', () => {
  it('links an unlinked scheduled session to the eligible block, and unlinks it back to the account', async () => {
    const p = await practice();
    const { session } = await schedule(p);
    const { block } = await p.activeBlock();
    const linked = await p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: p.clientId });
    expect(linked.attendances[0]?.attendance).toMatchObject({ blockId: block.id, cost: 10000 });
    const account = () => p.sessions.accounts.get(p.staff, { clientId: p.clientId });
    expect((await account()).balance.scheduled).toEqual(EUR(0));
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: p.clientId }),
    );
    const unlinked = await p.sessions.sessions.unlink(p.staff, { sessionId: session.id, clientId: p.clientId });
    expect(unlinked.attendances[0]?.attendance).toMatchObject({ blockId: null, cost: 9500 });
    expect((await account()).balance.scheduled).toEqual(EUR(9500));
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance.reserved).toBe(0);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses to link when no block can pay, saying why', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    const { session } = await schedule(p, { clients: [{ clientId: other.id }] });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: other.id }),
    );
    expect(error.message).toBe('No block of Lena Roth can pay for this session. Lena Roth has no block.');
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: p.clientId }),
    );
  });
});
