import type { Block } from '../blocks/block.js';
import { SessionsError } from '../errors.js';
import { splitRefund, unpaidOf } from '../ledger/balance.js';
import type { LedgerTotals } from '../ledger/totals.js';
import { evenSplitRuns, type Money } from '../money.js';
import { takeUnits, type UnitTake } from './take-units.js';

/** The refund dialog's breakdown: which units, at what prices, and how much money goes back. */
export interface RefundQuote {
  readonly blockId: string;
  readonly units: number;
  /** Unit prices of the refunded units, as runs of equal prices (3 × 33.33 and 1 × 33.34). */
  readonly unitPrices: readonly { readonly units: number; readonly price: Money }[];
  /** The refunded units' value: the sum of their unit prices. */
  readonly value: Money;
  /** Part of the value that cancels what the client still owes rather than being paid back. */
  readonly writeOff: Money;
  /** Money paid back: value − writeOff. Never more than was paid. */
  readonly amount: Money;
  /** The units that remain unused after the refund. */
  readonly remainingAfter: number;
}

/**
 * Quote a refund of `units` remaining units. Refunds take standard units
 * first (the specially priced first unit last), at their allocated prices.
 * The value first cancels whatever is still unpaid on the block; only the
 * rest is paid back — so a refund can never return more than was paid.
 */
export function quoteRefund(block: Block, totals: LedgerTotals, units: number): { quote: RefundQuote; take: UnitTake } {
  const available = totals.buckets.available;
  if (units > available.units) {
    throw new SessionsError(
      'INSUFFICIENT_CREDIT',
      `Cannot refund ${units} units: only ${available.units} remain unused on this block.`,
      { requested: units, remaining: available.units },
    );
  }
  const take = takeUnits(available, units, block.firstUnitPrice, 'standard');
  const { writeOff, amount } = splitRefund(take.value, unpaidOf(totals));
  const m = (value: number): Money => ({ amount: value, currency: block.currency });
  const standardUnits = units - (take.firstUnit ? 1 : 0);
  const standardValue = take.value - (take.firstUnit ? (block.firstUnitPrice ?? 0) : 0);
  const runs = evenSplitRuns(standardValue, standardUnits).map((r) => ({ units: r.units, price: m(r.price) }));
  if (take.firstUnit) runs.unshift({ units: 1, price: m(block.firstUnitPrice ?? 0) });
  return {
    take,
    quote: {
      blockId: block.id,
      units,
      unitPrices: runs,
      value: m(take.value),
      writeOff: m(writeOff),
      amount: m(amount),
      remainingAfter: available.units - units,
    },
  };
}
