import type { UnitKind } from '../blocks/block.js';
import { SessionsError } from '../errors.js';
import type { InvoiceLine } from '../invoices/invoice.js';
import { evenSplitRuns } from '../money.js';

export interface BlockPriceInput {
  readonly unitKind: UnitKind;
  readonly quantity: number;
  /** Either the whole price or a price per unit. */
  readonly total?: number | undefined;
  readonly perUnit?: number | undefined;
  readonly firstUnitPrice: number | null;
}

/**
 * The block's price from what the seller typed: a total, or a unit price
 * (total = first-unit price + unit price × the other units). Refuses a first
 * unit price on anything but a sessions block, or one larger than the total.
 */
export function blockPrice(input: BlockPriceInput): number {
  const { unitKind, quantity, firstUnitPrice } = input;
  if (firstUnitPrice !== null) {
    if (unitKind !== 'sessions') {
      throw invalid(['firstUnitPrice'], 'a first-session price applies only to blocks counted in sessions');
    }
    if (quantity < 2) throw invalid(['firstUnitPrice'], 'a first-session price needs a block of at least 2 sessions');
  }
  const first = firstUnitPrice ?? 0;
  const others = firstUnitPrice === null ? quantity : quantity - 1;
  let total: number;
  if (input.total !== undefined) total = input.total;
  else if (input.perUnit !== undefined) total = first + input.perUnit * others;
  else throw invalid(['price'], 'give the block a total or a unit price');
  if (!Number.isSafeInteger(total)) throw invalid(['price'], 'the total is too large to be represented exactly');
  if (first > total) throw invalid(['firstUnitPrice'], 'the first-session price is more than the whole block costs');
  return total;
}

/**
 * Invoice lines that add up to the price exactly. A sessions block bills its
 * sessions as runs of equal unit prices (1 × 333.34, 2 × 333.33); minutes and
 * money blocks bill as one line.
 */
export function invoiceLines(
  name: string,
  unitKind: UnitKind,
  quantity: number,
  price: number,
  firstUnitPrice: number | null,
): InvoiceLine[] {
  if (unitKind !== 'sessions') {
    const what = unitKind === 'minutes' ? `${quantity} minutes` : 'prepaid credit';
    return [{ description: `${name} (${what})`, quantity: 1, unitPrice: price, amount: price }];
  }
  const lines: InvoiceLine[] = [];
  let standardUnits = quantity;
  let standardValue = price;
  if (firstUnitPrice !== null) {
    lines.push({
      description: `${name}: first session`,
      quantity: 1,
      unitPrice: firstUnitPrice,
      amount: firstUnitPrice,
    });
    standardUnits -= 1;
    standardValue -= firstUnitPrice;
  }
  for (const run of evenSplitRuns(standardValue, standardUnits)) {
    lines.push({
      description: `${name}: session`,
      quantity: run.units,
      unitPrice: run.price,
      amount: run.units * run.price,
    });
  }
  return lines;
}

function invalid(path: string[], message: string): SessionsError {
  return new SessionsError('VALIDATION_FAILED', `Invalid block: ${path.join('.')}: ${message}.`, {
    issues: [{ path, message }],
  });
}
