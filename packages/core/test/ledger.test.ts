import { blockBalance, foldLedger } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice, refusal } from './helpers.js';

describe('the credit ledger', () => {
  it('records every move with actor, time, reason and session, in order', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(30000) } });
    p.clock.set('2026-03-02T10:00:00Z');
    await p.sessions.credits.reserve(p.client, p.booking(block.id, 's1'));
    p.clock.set('2026-03-10T10:00:00Z');
    await p.sessions.credits.consume(p.practitioner, { blockId: block.id, sessionId: 's1', reason: 'completed' });
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history.map((e) => [e.seq, e.kind, e.actor.kind, e.at, e.sessionId, e.reason])).toEqual([
      [1, 'purchase', 'staff', '2026-03-01T09:00:00.000Z', null, null],
      [2, 'payment', 'staff', '2026-03-01T09:00:00.000Z', null, null],
      [3, 'reserve', 'client', '2026-03-02T10:00:00.000Z', 's1', null],
      [4, 'consume', 'practitioner', '2026-03-10T10:00:00.000Z', 's1', 'completed'],
    ]);
  });

  it('computes every balance from the entries', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's2'));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 1 });
    const { block: current, balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    const entries = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(balance).toEqual(blockBalance(current, entries));
    const totals = foldLedger(entries);
    expect(balance).toMatchObject({
      purchased: 4,
      remaining: totals.buckets.available.units,
      reserved: 1,
      consumed: 1,
      refunded: 1,
      paid: EUR(totals.paid),
      remainingValue: EUR(10000),
      reservedValue: EUR(10000),
      consumedValue: EUR(10000),
      refundedAmount: EUR(10000),
      refundable: EUR(10000),
    });
    // Nothing on the block record counts units: it is the same record as before the bookings.
    expect(current.updatedAt).toBe(block.updatedAt);
  });

  it('never edits an entry: later commands only append', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(30000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const before = p.store.raw.ledgerEntries(p.tenantId, block.id);
    await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's1' });
    await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 1 });
    await p.sessions.blocks.grantUnits(p.staff, { blockId: block.id, units: 1, reason: 'apology' });
    const after = p.store.raw.ledgerEntries(p.tenantId, block.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.kind)).toEqual(['release', 'refund', 'adjust']);
  });

  it('gives each session one live effect: a second reserve is a CONFLICT', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await expectRefused(p, 'CONFLICT', () => p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1')));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' }),
    );
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's1' }),
    );
  });

  it('numbers sessions within the block in booking order', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const numbers: number[] = [];
    for (const id of ['a', 'b', 'c']) {
      numbers.push((await p.sessions.credits.reserve(p.staff, p.booking(block.id, id))).sessionNumber);
    }
    expect(numbers).toEqual([1, 2, 3]);
    expect((await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 'b' })).sessionNumber).toBe(2);
  });

  it('charges a session directly when it held nothing', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 2, price: { total: EUR(20000) } });
    const { entry, balance } = await p.sessions.credits.consume(p.staff, {
      blockId: block.id,
      sessionId: 'walk-in',
      serviceId: p.serviceId,
      practitionerId: p.practitionerId,
      startsAt: '2026-03-01T10:00:00+01:00',
    });
    expect(entry).toMatchObject({ kind: 'consume', from: 'available', to: 'consumed', units: 1, value: 10000 });
    expect(balance.remaining).toBe(1);
  });

  it('counts minutes blocks in minutes and money blocks in the service price', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const minutes = await p.activeBlock({ unitKind: 'minutes', quantity: 300, price: { total: EUR(50000) } });
    const credit = await p.activeBlock({ unitKind: 'money', quantity: 50000, price: { total: EUR(50000) } });
    const m = await p.sessions.credits.reserve(p.staff, { ...p.booking(minutes.block.id, 's1'), minutes: 45 });
    expect(m.entry.units).toBe(45);
    expect(m.balance.remaining).toBe(255);
    const c = await p.sessions.credits.reserve(p.staff, p.booking(credit.block.id, 's2'));
    expect(c.entry.units).toBe(9500);
    expect(c.entry.value).toBe(9500);
  });

  it('corrects a mistaken payment with a new entry that names the one it corrects', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 2, price: { total: EUR(20000) } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    const { balance: once } = await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(5000) });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(5000) }); // typed twice
    const typedTwice = p.store.raw.ledgerEntries(p.tenantId, block.id).at(-1);
    const fixed = await p.sessions.blocks.reversePayment(p.staff, {
      blockId: block.id,
      entryId: typedTwice?.id ?? '',
      reason: 'recorded twice',
    });
    expect(fixed.balance.paid).toEqual(once.paid);
    expect(fixed.balance.unpaid).toEqual(EUR(15000));
    const entries = p.store.raw.ledgerEntries(p.tenantId, block.id);
    expect(entries.at(-2)).toEqual(typedTwice); // the mistaken entry is untouched
    expect(entries.at(-1)).toMatchObject({ kind: 'payment', amount: -5000, correctsEntryId: typedTwice?.id });
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.blocks.reversePayment(p.staff, { blockId: block.id, entryId: typedTwice?.id ?? '', reason: 'again' }),
    );
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.blocks.reversePayment(p.staff, { blockId: block.id, entryId: entries[0]?.id ?? '', reason: 'x' }),
    );
  });

  it('refuses to reverse a payment whose money was already refunded', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 2, price: { total: EUR(20000) } });
    const payment = p.store.raw.ledgerEntries(p.tenantId, block.id).find((e) => e.kind === 'payment');
    await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 1 });
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.blocks.reversePayment(p.staff, { blockId: block.id, entryId: payment?.id ?? '', reason: 'oops' }),
    );
  });

  it('a client reads the history of their own block only', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const own = await p.activeBlock();
    const other = await p.sessions.clients.create(p.staff, { name: 'Other' });
    const theirs = await p.activeBlock({ clientId: other.id });
    expect((await p.sessions.blocks.history(p.client, { blockId: own.block.id })).length).toBe(2);
    expect((await refusal(p.sessions.blocks.history(p.client, { blockId: theirs.block.id }))).code).toBe('NOT_FOUND');
  });
});

describe('holds after the block expired', () => {
  it('a session released after expiry gives its unit back to be forfeited, not booked', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) }, expiresOn: '2026-03-05' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-05T09:00:00Z'));
    p.clock.set('2026-03-06T09:00:00Z');
    await p.sessions.blocks.expireDue(p.staff);
    const { balance, entry } = await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's1' });
    expect(entry).toMatchObject({ kind: 'release', from: 'reserved', to: 'available', value: 33334 });
    expect(balance).toMatchObject({ remaining: 0, reserved: 0, forfeited: 3, forfeitedValue: EUR(100000) });
    const history = await p.sessions.blocks.history(p.staff, { blockId: block.id });
    expect(history.slice(-3).map((e) => [e.kind, e.from, e.to, e.units, e.value])).toEqual([
      ['expire', 'available', 'forfeited', 2, 66666],
      ['release', 'reserved', 'available', 1, 33334],
      ['expire', 'available', 'forfeited', 1, 33334],
    ]);
  });

  it('a session held before expiry can still be completed after it', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(30000) }, expiresOn: '2026-03-05' });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-05T09:00:00Z'));
    p.clock.set('2026-03-06T09:00:00Z');
    await p.sessions.blocks.expireDue(p.staff);
    const { balance } = await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    expect(balance).toMatchObject({ consumed: 1, consumedValue: EUR(10000), forfeited: 2, reserved: 0 });
  });
});
