import { allocateAmount, type InvoiceLine } from '@sessions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenSplitPrefix } from '../src/money.js';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';

const ones = (n: number) => Array.from({ length: n }, () => 1);
const expand = (lines: readonly InvoiceLine[]) =>
  lines.flatMap((l) => Array.from({ length: l.quantity }, () => l.unitPrice));

async function bookOneAtATime(p: Practice, blockId: string, units: number, prefix = 's'): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < units; i++) {
    const { entry } = await p.sessions.credits.reserve(p.staff, p.booking(blockId, `${prefix}${i}`));
    values.push(entry.value);
  }
  return values;
}

describe('unit prices', () => {
  it('splits 1000.00 over 3 sessions as 333.34 + 333.33 + 333.33, in booking order', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) } });
    expect(await bookOneAtATime(p, block.id, 3)).toEqual([33334, 33333, 33333]);
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reservedValue: EUR(100000), remainingValue: EUR(0) });
  });

  it('books units at exactly the dinero.js allocation of the total, for any total and quantity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 12 }), async (total, n) => {
        const p = await practice();
        const { block } = await p.activeBlock({ quantity: n, price: { total: EUR(total) } });
        expect(await bookOneAtATime(p, block.id, n)).toEqual(allocateAmount(total, ones(n), 'EUR'));
      }),
      { numRuns: 40 },
    );
  });

  it('a unit given back is booked again at its own price: nothing is lost or rounded twice', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) } });
    await bookOneAtATime(p, block.id, 2); // 333.34 and 333.33 held
    await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's0' });
    const values = await bookOneAtATime(p, block.id, 2, 'again');
    expect(values).toEqual([33334, 33333]);
  });

  it('prices the first session separately; the other sessions share the rest by allocation', async () => {
    const p = await practice();
    // An intake at €150.00, then 4 sessions sharing €400.01.
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(55001) }, firstUnitPrice: EUR(15000) });
    expect(await bookOneAtATime(p, block.id, 5)).toEqual([15000, 10001, 10000, 10000, 10000]);
  });

  it('the first session booked is charged the first-unit price, even after an earlier one was cancelled', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(35000) }, firstUnitPrice: EUR(15000) });
    const [intake] = await bookOneAtATime(p, block.id, 1);
    expect(intake).toBe(15000);
    await p.sessions.credits.release(p.staff, { blockId: block.id, sessionId: 's0' });
    const { entry } = await p.sessions.credits.reserve(p.staff, p.booking(block.id, 'rebooked'));
    expect(entry).toMatchObject({ value: 15000, firstUnit: true });
  });

  it('computes the total from a unit price and a first-unit price', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 4, price: { perUnit: EUR(9000) }, firstUnitPrice: EUR(12000) });
    expect(block.price).toBe(12000 + 3 * 9000);
  });

  it('refuses a first-unit price that cannot apply', async () => {
    const p = await practice();
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ quantity: 2, price: { total: EUR(10000) }, firstUnitPrice: EUR(10001) }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ quantity: 1, price: { total: EUR(10000) }, firstUnitPrice: EUR(5000) }),
    );
    const minutes = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.block({ unitKind: 'minutes', quantity: 300, price: { total: EUR(10000) }, firstUnitPrice: EUR(5000) }),
    );
    expect(minutes.details.issues?.[0]?.path).toEqual(['firstUnitPrice']);
  });
});

describe('invoice lines', () => {
  it('bill an uneven split as exact runs that add up to the total', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 3, price: { total: EUR(100000) } });
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([
      [1, 33334, 33334],
      [2, 33333, 66666],
    ]);
    expect(invoice.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(invoice.total);
  });

  it('list the first session on its own line', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 5, price: { total: EUR(55001) }, firstUnitPrice: EUR(15000) });
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.lines).toEqual([
      { description: '5 sessions: first session', quantity: 1, unitPrice: 15000, amount: 15000 },
      { description: '5 sessions: session', quantity: 1, unitPrice: 10001, amount: 10001 },
      { description: '5 sessions: session', quantity: 3, unitPrice: 10000, amount: 30000 },
    ]);
  });

  it('always list the unit prices bookings will use, adding up to the total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
        async (n, total, firstPercent) => {
          const p = await practice();
          const first = firstPercent === null ? null : Math.floor((total * firstPercent) / 100);
          const { block } = await p.block({
            quantity: n,
            price: { total: EUR(total) },
            firstUnitPrice: first === null ? null : EUR(first),
          });
          const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
          for (const line of invoice.lines) expect(line.amount).toBe(line.quantity * line.unitPrice);
          expect(invoice.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(total);
          const expected =
            first === null
              ? allocateAmount(total, ones(n), 'EUR')
              : [first, ...allocateAmount(total - first, ones(n - 1), 'EUR')];
          expect(expand(invoice.lines)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('bill minutes and money blocks as one line', async () => {
    const p = await practice();
    const { block } = await p.block({ unitKind: 'minutes', quantity: 300, price: { total: EUR(40000) } });
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.lines).toEqual([
      { description: '300 minutes (300 minutes)', quantity: 1, unitPrice: 40000, amount: 40000 },
    ]);
  });
});

describe('refund quotes', () => {
  it('quote units, their unit prices and the amount for a paid block', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) } });
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id, units: 2 });
    expect(quote).toMatchObject({
      units: 2,
      unitPrices: [
        { units: 1, price: EUR(33334) },
        { units: 1, price: EUR(33333) },
      ],
      value: EUR(66667),
      writeOff: EUR(0),
      amount: EUR(66667),
      remainingAfter: 1,
    });
  });

  it('refund the specially priced first session last', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(45000) }, firstUnitPrice: EUR(15000) });
    const some = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id, units: 2 });
    expect(some.unitPrices).toEqual([{ units: 2, price: EUR(10000) }]);
    const all = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id });
    expect(all.unitPrices).toEqual([
      { units: 1, price: EUR(15000) },
      { units: 3, price: EUR(10000) },
    ]);
    expect(all.amount).toEqual(EUR(45000));
  });

  it('never pay back more than was paid: the unpaid part is written off first', async () => {
    const p = await practice({ unlockCreditsOn: 'invoice' });
    const { block } = await p.block({ quantity: 4, price: { total: EUR(40000) } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(15000) });
    // €400.00 for 4 sessions, €150.00 paid: refunding 3 unused sessions (€300.00) cancels the €250.00 still owed first.
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id, units: 3 });
    expect(quote).toMatchObject({ value: EUR(30000), writeOff: EUR(25000), amount: EUR(5000) });
    const { balance } = await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 3 });
    expect(balance).toMatchObject({ paid: EUR(15000), refundedAmount: EUR(5000), unpaid: EUR(0) });
    const [view] = await p.sessions.invoices.list(p.staff);
    expect(view).toMatchObject({ status: 'settled', unpaid: EUR(0), writtenOff: EUR(25000) });
  });

  it('pay nothing back for an unpaid block, and say so', async () => {
    const p = await practice({ unlockCreditsOn: 'invoice' });
    const { block } = await p.block({ quantity: 2, price: { total: EUR(20000) } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id });
    expect(quote).toMatchObject({ value: EUR(20000), writeOff: EUR(20000), amount: EUR(0) });
  });

  it('are carried out exactly as quoted', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 7, price: { total: EUR(100000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id, units: 4 });
    const { refund, balance } = await p.sessions.blocks.refund(p.staff, { blockId: block.id, units: 4 });
    expect(refund).toEqual(quote);
    expect(balance.refundedAmount).toEqual(quote.amount);
    expect(balance.remaining).toBe(2);
  });
});

describe('evenSplitPrefix', () => {
  it('is the sum of the first k parts of the dinero.js allocation, up to 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.nat(),
        (total, parts, k) => {
          const split = allocateAmount(total, ones(parts), 'EUR');
          const take = k % (parts + 1);
          expect(evenSplitPrefix(total, parts, take)).toBe(split.slice(0, take).reduce((a, b) => a + b, 0));
        },
      ),
    );
    // Near 2^53 the float quotient can round up; the integer correction keeps it exact.
    const big = Number.MAX_SAFE_INTEGER;
    expect(evenSplitPrefix(big, 3, 3)).toBe(big);
    expect(BigInt(evenSplitPrefix(big, 3, 1))).toBe(BigInt(big) / 3n + 1n);
    // 2^53 − 1 = 7q + 3: the first three parts get q + 1, the fourth q.
    expect(BigInt(evenSplitPrefix(big, 7, 4))).toBe(4n * (BigInt(big) / 7n) + 3n);
  });
});
