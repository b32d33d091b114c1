import { allocateAmount, formatMoney, isKnownCurrency, money, moneyToDecimal, parseMoney } from '@sessions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Practice, practice, refusal } from './helpers.js';

const ones = (n: number) => Array.from({ length: n }, () => 1);
/** Intl separates the currency code with a no-break space; compare as plain text. */
const plain = (text: string) => text.replace(/\s/g, ' ');

async function bookOneAtATime(p: Practice, blockId: string, units: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < units; i++) {
    const { entry } = await p.sessions.credits.reserve(p.staff, p.booking(blockId, `s${i}`));
    values.push(entry.value);
  }
  return values;
}

describe('parseMoney reads a decimal in the currency’s major unit into exact minor units', () => {
  it('for 2-, 0- and 3-decimal currencies', () => {
    expect(parseMoney('1000.00', 'EUR')).toEqual(money(100000, 'EUR'));
    expect(parseMoney('12.5', 'EUR')).toEqual(money(1250, 'EUR'));
    expect(parseMoney(' 0.07 ', 'USD')).toEqual(money(7, 'USD'));
    expect(parseMoney('-0.5', 'EUR')).toEqual(money(-50, 'EUR'));
    expect(parseMoney('1500', 'JPY')).toEqual(money(1500, 'JPY'));
    expect(parseMoney('12.345', 'KWD')).toEqual(money(12345, 'KWD'));
    expect(parseMoney('0.005', 'BHD')).toEqual(money(5, 'BHD'));
    expect(parseMoney('1.2', 'BHD')).toEqual(money(1200, 'BHD'));
  });

  it('refuses more decimals than the currency has, saying how many it has', () => {
    expect(() => parseMoney('10.001', 'EUR')).toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: "10.001" has 3 decimals but EUR has 2: fractions of a minor unit are not money.]`,
    );
    expect(() => parseMoney('1500.5', 'JPY')).toThrowErrorMatchingInlineSnapshot(
      `[SessionsError: "1500.5" has 1 decimals but JPY has 0: fractions of a minor unit are not money.]`,
    );
    expect(() => parseMoney('1.2345', 'KWD')).toThrowError(/KWD has 3/);
  });

  it('refuses text that is not a plain decimal, an unknown currency and unsafe sizes', () => {
    for (const bad of ['1,000.00', 'abc', '', '1e3', '.5', '12.']) {
      expect(() => parseMoney(bad, 'EUR'), bad).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    expect(() => parseMoney('1.00', 'XYZ')).toThrowError(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { issues: [expect.objectContaining({ path: ['currency'] })] },
      }),
    );
    expect(() => parseMoney('90071992547409.92', 'EUR')).toThrowError(/too large/);
    expect(parseMoney('90071992547409.91', 'EUR').amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('round-trips with moneyToDecimal for every safe amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('EUR', 'JPY', 'KWD', 'BHD', 'USD'),
        (amount, currency) => {
          expect(parseMoney(moneyToDecimal(money(amount, currency)), currency)).toEqual(money(amount, currency));
        },
      ),
    );
  });
});

describe('formatMoney shows the exact amount with the currency’s minor units', () => {
  it('in the locale asked for', () => {
    expect(formatMoney(money(33334, 'USD'))).toBe('$333.34');
    expect(plain(formatMoney(money(100000, 'EUR'), 'de-DE'))).toBe('1.000,00 €');
    expect(formatMoney(money(-500, 'EUR'))).toBe('-€5.00');
    expect(formatMoney(money(1500, 'JPY'))).toBe('¥1,500');
    expect(plain(formatMoney(money(12345, 'KWD')))).toBe('KWD 12.345');
    expect(plain(formatMoney(money(5, 'BHD')))).toBe('BHD 0.005');
    expect(moneyToDecimal(money(1500, 'JPY'))).toBe('1500');
    expect(moneyToDecimal(money(7, 'EUR'))).toBe('0.07');
  });

  it('without going through a float, even at the largest safe amount', () => {
    // As floats these print as …409.90 and …740.990.
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'EUR'))).toBe('€90,071,992,547,409.91');
    expect(plain(formatMoney(money(Number.MAX_SAFE_INTEGER, 'KWD')))).toBe('KWD 9,007,199,254,740.991');
  });
});

describe('currencies', () => {
  it('are ISO 4217 codes dinero.js knows; nothing else on the currency module counts', () => {
    expect(['EUR', 'USD', 'JPY', 'KWD', 'BHD'].every(isKnownCurrency)).toBe(true);
    for (const code of ['XYZ', 'eur', 'default', 'toString', '__proto__', 'constructor', '']) {
      expect(isKnownCurrency(code), code).toBe(false);
    }
  });
});

describe('allocateAmount splits with dinero.js', () => {
  it('100.00 over three is 33.34 + 33.33 + 33.33: the leftover cent goes first', () => {
    expect(allocateAmount(10000, [1, 1, 1], 'USD')).toEqual([3334, 3333, 3333]);
    expect(allocateAmount(100000, [1, 1, 1], 'EUR')).toEqual([33334, 33333, 33333]);
    expect(allocateAmount(500, [0, 0], 'EUR')).toEqual([0, 0]);
  });

  it('the parts always add up to the amount and differ by at most one minor unit when even', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1, max: 50 }), (amount, n) => {
        const parts = allocateAmount(amount, ones(n), 'EUR');
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect([...parts].sort((a, b) => b - a)).toEqual(parts);
      }),
    );
  });
});

describe('blocks keep the currency’s minor units', () => {
  it('a JPY block splits whole yen: ¥10,000 / 3 = 3,334 + 3,333 + 3,333', async () => {
    const p = await practice({ currency: 'JPY', timeZone: 'Asia/Tokyo' });
    const { block } = await p.block({ quantity: 3, price: { total: parseMoney('10000', 'JPY') } });
    const { invoice } = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(invoice.lines.map((l) => [l.quantity, l.unitPrice])).toEqual([
      [1, 3334],
      [2, 3333],
    ]);
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: money(10000, 'JPY') });
    expect(await bookOneAtATime(p, block.id, 3)).toEqual([3334, 3333, 3333]);
  });

  it('a KWD block splits to the fils (3 decimals): KWD 10.000 / 3 = 3.334 + 3.333 + 3.333', async () => {
    const p = await practice({ currency: 'KWD', timeZone: 'Asia/Kuwait' });
    const { block } = await p.block({ quantity: 3, price: { total: parseMoney('10.000', 'KWD') } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    const tooMuch = await refusal(
      p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: parseMoney('10.001', 'KWD') }),
    );
    expect(plain(tooMuch.message)).toBe('A payment of KWD 10.001 is more than the KWD 10.000 still due on this block.');
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: parseMoney('10', 'KWD') });
    const values = await bookOneAtATime(p, block.id, 3);
    expect(values.map((v) => moneyToDecimal(money(v, 'KWD')))).toEqual(['3.334', '3.333', '3.333']);
  });

  it('a BHD refund quote is in fils and capped by what was paid', async () => {
    const p = await practice({ currency: 'BHD', timeZone: 'Asia/Bahrain', unlockCreditsOn: 'invoice' });
    const { block } = await p.block({ quantity: 7, price: { total: parseMoney('100.000', 'BHD') } });
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: parseMoney('50.000', 'BHD') });
    const quote = await p.sessions.blocks.quoteRefund(p.staff, { blockId: block.id });
    // 100.000 / 7 = 14.286 × 5 + 14.285 × 2; only 50.000 was paid, so 50.000 of the value is written off.
    expect(quote.unitPrices).toEqual([
      { units: 5, price: money(14286, 'BHD') },
      { units: 2, price: money(14285, 'BHD') },
    ]);
    expect(quote).toMatchObject({ value: money(100000, 'BHD'), writeOff: money(50000, 'BHD') });
    expect(quote.amount).toEqual(money(50000, 'BHD'));
  });
});
