import type { Block, UnitKind } from '../blocks/block.js';
import type { Money } from '../money.js';
import type { LedgerEntry } from './entry.js';
import { foldLedger, type LedgerTotals } from './totals.js';

/**
 * A block's balance, computed from its ledger. Units and money side by side:
 *
 *   purchased = remaining + reserved + consumed + refunded + forfeited      (units)
 *   paid + unpaid = consumedValue + reservedValue + remainingValue
 *                   + forfeitedValue + refundedAmount                        (money, to the minor unit)
 *
 * `remaining` is what can still be booked: scheduling a linked session moves a
 * unit from remaining to reserved at once.
 */
export interface BlockBalance {
  readonly unitKind: UnitKind;
  readonly purchased: number;
  readonly remaining: number;
  readonly reserved: number;
  readonly consumed: number;
  readonly refunded: number;
  readonly forfeited: number;
  /** The block's price. */
  readonly price: Money;
  readonly paid: Money;
  /** Still owed: price − paid − written off. */
  readonly unpaid: Money;
  readonly refundedAmount: Money;
  readonly writtenOff: Money;
  readonly remainingValue: Money;
  readonly reservedValue: Money;
  readonly consumedValue: Money;
  readonly forfeitedValue: Money;
  /** What cancelling with a refund of every remaining unit would pay back now. */
  readonly refundable: Money;
}

export function unpaidOf(totals: LedgerTotals): number {
  return totals.purchasedValue - totals.paid - totals.writtenOff;
}

/** Money still owed that a refund of units worth `value` cancels before any cash goes back. */
export function splitRefund(value: number, unpaid: number): { writeOff: number; amount: number } {
  const writeOff = Math.min(value, Math.max(0, unpaid));
  return { writeOff, amount: value - writeOff };
}

export function balanceFromTotals(block: Block, totals: LedgerTotals): BlockBalance {
  const m = (amount: number): Money => ({ amount, currency: block.currency });
  const { available, reserved, consumed, refunded, forfeited } = totals.buckets;
  const unpaid = unpaidOf(totals);
  return {
    unitKind: block.unitKind,
    purchased: totals.purchased,
    remaining: available.units,
    reserved: reserved.units,
    consumed: consumed.units,
    refunded: refunded.units,
    forfeited: forfeited.units,
    price: m(totals.purchasedValue),
    paid: m(totals.paid),
    unpaid: m(unpaid),
    refundedAmount: m(totals.refunded),
    writtenOff: m(totals.writtenOff),
    remainingValue: m(available.value),
    reservedValue: m(reserved.value),
    consumedValue: m(consumed.value),
    forfeitedValue: m(forfeited.value),
    refundable: m(splitRefund(available.value, unpaid).amount),
  };
}

export function blockBalance(block: Block, entries: readonly LedgerEntry[]): BlockBalance {
  return balanceFromTotals(block, foldLedger(entries));
}
