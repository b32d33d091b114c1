import { allocate, type Dinero, type DineroCurrency, dinero, toDecimal, toSnapshot } from 'dinero.js';
import * as currencies from 'dinero.js/currencies';
import { z } from 'zod';
import { SessionsError } from './errors.js';

/**
 * Money as it crosses the API and sits in the store: an integer count of the
 * currency's minor units (cents for USD, yen for JPY) and an ISO 4217 code.
 * Plain data, so it serialises to JSON and SQL unchanged. Arithmetic that
 * splits money (allocation) goes through dinero.js; sums and differences of
 * integers are exact in JS up to 2^53 minor units, which `moneySchema` enforces.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const CURRENCIES = currencies as unknown as Record<string, DineroCurrency<number>>;

/** True when dinero.js knows the ISO 4217 code. */
export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCIES, code);
}

export function currencyOf(code: string): DineroCurrency<number> {
  const currency = isKnownCurrency(code) ? CURRENCIES[code] : undefined;
  if (!currency) {
    throw new SessionsError('VALIDATION_FAILED', `Unknown currency "${code}": use an ISO 4217 code such as "USD".`, {
      issues: [{ path: ['currency'], message: `unknown currency "${code}"` }],
    });
  }
  return currency;
}

export const currencyCodeSchema = z
  .string()
  .refine(isKnownCurrency, { error: (issue) => `unknown currency "${String(issue.input)}": use an ISO 4217 code` });

/** Minor units must be whole: 10.5 cents is not an amount anyone can pay. */
export const minorUnitsSchema = z
  .number({ error: 'must be a number of minor units (cents)' })
  .int({ error: 'must be a whole number of minor units (cents): fractions of a cent are not money' });

export const moneySchema = z.object({
  amount: minorUnitsSchema,
  currency: currencyCodeSchema,
});

export const nonNegativeMoneySchema = z.object({
  amount: minorUnitsSchema.min(0, { error: 'must not be negative' }),
  currency: currencyCodeSchema,
});

export const positiveMoneySchema = z.object({
  amount: minorUnitsSchema.min(1, { error: 'must be greater than zero' }),
  currency: currencyCodeSchema,
});

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/**
 * Parse a decimal string ("1000.00", "12.5") in a currency's major unit into
 * exact minor units, refusing more decimals than the currency has. Never goes
 * through a float.
 */
export function parseMoney(decimal: string, currencyCode: string): Money {
  const currency = currencyOf(currencyCode);
  const exponent = Number(currency.exponent);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) {
    throw new SessionsError('VALIDATION_FAILED', `"${decimal}" is not a decimal amount like "1000.00".`, {
      issues: [{ path: [], message: 'not a decimal amount' }],
    });
  }
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new SessionsError(
      'VALIDATION_FAILED',
      `"${decimal}" has ${fraction.length} decimals but ${currencyCode} has ${exponent}: fractions of a minor unit are not money.`,
      { issues: [{ path: [], message: 'more decimals than the currency has' }] },
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  const amount = Number(sign ? -minor : minor);
  if (!Number.isSafeInteger(amount)) {
    throw new SessionsError('VALIDATION_FAILED', `"${decimal}" is too large to be represented exactly.`, {
      issues: [{ path: [], message: 'amount too large' }],
    });
  }
  return { amount, currency: currencyCode };
}

export function toDinero(m: Money): Dinero<number> {
  return dinero({ amount: m.amount, currency: currencyOf(m.currency) });
}

/** "1000.00" for USD, "1000" for JPY: exact, from dinero.js. */
export function moneyToDecimal(m: Money): string {
  return toDecimal(toDinero(m));
}

/** Format with Intl in a locale, from the exact decimal string (no float on the way). */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency });
  // Intl accepts decimal strings and formats them exactly.
  return format.format(moneyToDecimal(m) as unknown as number);
}

/**
 * Split an amount in proportion to `ratios` with dinero.js allocation: the
 * parts always add up to the amount exactly, and the leftover minor units go
 * to the first parts (100.00 / 3 = 33.34 + 33.33 + 33.33).
 */
export function allocateAmount(amount: number, ratios: readonly number[], currency: string): number[] {
  if (ratios.every((r) => r === 0)) return ratios.map(() => 0);
  const parts = allocate(dinero({ amount, currency: currencyOf(currency) }), [...ratios]);
  return parts.map((part) => toSnapshot(part).amount);
}

/** A run of equal unit prices in an even split: `units` units at `price` each. */
export interface PriceRun {
  readonly units: number;
  readonly price: number;
}

/**
 * The even split of `total` minor units over `units` parts, as runs of equal
 * prices: the same parts `allocateAmount(total, [1, 1, …])` returns, but in
 * O(1) space, so a 50,000-unit money block is as cheap as a 10-session block.
 * BigInt division keeps it exact; the property tests check it against
 * dinero.js allocation.
 */
export function evenSplitRuns(total: number, units: number): PriceRun[] {
  if (units <= 0) return [];
  const t = BigInt(total);
  const n = BigInt(units);
  let base = t / n;
  let remainder = t - base * n;
  if (remainder < 0n) {
    // Negative totals never occur in blocks, but keep the arithmetic total-preserving.
    base -= 1n;
    remainder += n;
  }
  const runs: PriceRun[] = [];
  if (remainder > 0n) runs.push({ units: Number(remainder), price: Number(base + 1n) });
  if (n - remainder > 0n) runs.push({ units: Number(n - remainder), price: Number(base) });
  return runs;
}

/**
 * The sum of the first `k` parts of the even split of `total` over `parts`:
 * the parts `allocateAmount(total, [1, 1, …])` returns, added up from the
 * front, in O(1). Exact for totals up to 2^53 (k × ⌊total / parts⌋ ≤ total).
 * The money tests check it against dinero.js.
 */
export function evenSplitPrefix(total: number, parts: number, k: number): number {
  if (k <= 0 || parts <= 0) return 0;
  if (k >= parts) return total;
  if (total < 0) return -evenSplitPrefix(-total, parts, k);
  let base = Math.floor(total / parts);
  let remainder = total - base * parts;
  // Float division can land one off for totals near 2^53; integer products below it are exact.
  if (remainder < 0) {
    base -= 1;
    remainder += parts;
  } else if (remainder >= parts) {
    base += 1;
    remainder -= parts;
  }
  return k * base + Math.min(k, remainder);
}

/** `amount × numerator / denominator`, rounded half up, exact (BigInt). */
export function mulDivRoundHalfUp(amount: number, numerator: number, denominator: number): number {
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const quotient = product / d;
  const rest = product - quotient * d;
  return Number(rest * 2n >= d ? quotient + 1n : quotient);
}
