import { allocateAmount, formatMoney, money, moneyToDecimal, parseMoney } from '@sessions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evenSplitPrefix } from '../src/money.js';
import { EUR, practice } from './helpers.js';

async function bookOneAtATime(p: Awaited<ReturnType<typeof practice>>, blockId: string, units: number) {
  const values: number[] = [];
  for (let i = 0; i < units; i++) {
    const { entry } = await p.sessions.credits.reserve(p.staff, p.booking(blockId, `s${i}`));
    values.push(entry.value);
  }
  return values;
}

describe('unit prices', () => {
  it('splits 1000.00 over 3 sessions as 333.34 + 333.33 + 333.33, in booking order', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 3, price: { total: EUR(100000) } });
    expect(await bookOneAtATime(p, block.id, 3)).toEqual([33334, 33333, 33333]);
  });

  it('matches dinero.js allocation for any total and quantity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 12 }),
        async (total, units) => {
          const p = await practice({ maxActiveBlocksPerClient: 5 });
          const { block } = await p.activeBlock({ quantity: units, price: { total: EUR(total) } });
          const expected = allocateAmount(
            total,
            Array.from({ length: units }, () => 1),
            'EUR',
          );
          expect(await bookOneAtATime(p, block.id, units)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('prices the first session separately when a first-unit price is given', async () => {
    const p = await practice();
    // An intake at €150.00, then 4 sessions sharing €400.01.
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(55001) }, firstUnitPrice: EUR(15000) });
    expect(await bookOneAtATime(p, block.id, 5)).toEqual([15000, 10001, 10000, 10000, 10000]);
  });

  it('computes the total from a unit price and a first-unit price', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 4, price: { perUnit: EUR(9000) }, firstUnitPrice: EUR(12000) });
    expect(block.price).toBe(12000 + 3 * 9000);
  });

  it('invoices an uneven split as exact runs that add up to the total', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 3, price: { total: EUR(100000) } });
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([
      [1, 33334, 33334],
      [2, 33333, 66666],
    ]);
    expect(invoice.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(invoice.total);
  });

  it('evenSplitPrefix is the sum of the first k parts of dinero.js allocation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.nat(),
        (total, parts, k) => {
          const split = allocateAmount(
            total,
            Array.from({ length: parts }, () => 1),
            'EUR',
          );
          const take = k % (parts + 1);
          expect(evenSplitPrefix(total, parts, take)).toBe(split.slice(0, take).reduce((a, b) => a + b, 0));
        },
      ),
    );
    // Near 2^53 the float quotient can round up; the integer correction keeps it exact.
    const big = Number.MAX_SAFE_INTEGER;
    expect(evenSplitPrefix(big, 3, 1) + evenSplitPrefix(big, 3, 2) - evenSplitPrefix(big, 3, 1)).toBe(
      evenSplitPrefix(big, 3, 2),
    );
    expect(evenSplitPrefix(big, 3, 3)).toBe(big);
    expect(BigInt(evenSplitPrefix(big, 3, 1))).toBe(BigInt(big) / 3n + 1n);
  });
});

describe('refund quotes', () => {
  it('quotes units, their unit prices and the amount for a paid block', async () => {
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

  it('never pays back more than was paid: the unpaid part is written off first', async () => {
    const p = await practice();
    const { block } = await p.block({ quantity: 4, price: { total: EUR(40000) } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(15000) });
    // €400.00 for 4 sessions, €150.00 paid: refunding 3 unused sessions (€300.00) cancels the €250.00 still owed first.
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id, units: 3 });
    expect(quote.value).toEqual(EUR(30000));
    expect(quote.writeOff).toEqual(EUR(25000));
    expect(quote.amount).toEqual(EUR(5000));
  });

  it('does exactly what it quoted', async () => {
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

describe('money values', () => {
  it('parses and formats exactly, respecting each currency’s minor units', () => {
    expect(parseMoney('1000.00', 'EUR')).toEqual(money(100000, 'EUR'));
    expect(parseMoney('1500', 'JPY')).toEqual(money(1500, 'JPY'));
    expect(parseMoney('12.345', 'KWD')).toEqual(money(12345, 'KWD'));
    expect(moneyToDecimal(money(12345, 'KWD'))).toBe('12.345');
    expect(moneyToDecimal(money(1500, 'JPY'))).toBe('1500');
    expect(formatMoney(money(100000, 'EUR'), 'de-DE').replace(/\s/g, ' ')).toBe('1.000,00 €');
    expect(formatMoney(money(33334, 'USD'), 'en-US')).toBe('$333.34');
  });

  it('refuses fractions of a minor unit', () => {
    expect(() => parseMoney('10.001', 'EUR')).toThrowError(/EUR/);
  });

  it('keeps JPY blocks in whole yen', async () => {
    const p = await practice({ currency: 'JPY', timeZone: 'Asia/Tokyo' });
    const { block } = await p.activeBlock({ quantity: 3, price: { total: { amount: 10000, currency: 'JPY' } } });
    expect(await bookOneAtATime(p, block.id, 3)).toEqual([3334, 3333, 3333]);
  });
});
