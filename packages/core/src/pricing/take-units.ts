import type { BucketTotal } from '../ledger/totals.js';
import { evenSplitPrefix } from '../money.js';

/** Units, and the exact value they carry, taken out of a bucket. */
export interface UnitTake {
  readonly units: number;
  readonly value: number;
  readonly firstUnit: boolean;
}

/**
 * Take `units` out of a bucket (normally `available`) and say what value
 * leaves with them.
 *
 * A bucket holds standard units, plus possibly the first unit when the block
 * prices it differently. The standard value is split evenly over the standard
 * units as dinero.js allocation does it (the leftover minor units go to the
 * first parts), and the units taken are the first parts of that split. Taking
 * one unit at a time from 1000.00 / 3 therefore gives 333.34, 333.33, 333.33,
 * what is left is always the even split of the rest, and nothing is lost.
 *
 * `prefer: 'first'` is for bookings: the first session booked uses the first
 * unit. `prefer: 'standard'` is for refunds and forfeits: they take standard
 * units first and the first unit only when nothing else is left.
 */
export function takeUnits(
  bucket: BucketTotal,
  units: number,
  firstUnitPrice: number | null,
  prefer: 'first' | 'standard',
): UnitTake {
  if (!Number.isInteger(units) || units < 0 || units > bucket.units) {
    throw new RangeError(`cannot take ${units} units from a bucket of ${bucket.units}`);
  }
  const hasFirst = bucket.firstUnit && firstUnitPrice !== null;
  const firstPrice = hasFirst ? (firstUnitPrice as number) : 0;
  const standardUnits = bucket.units - (hasFirst ? 1 : 0);
  const standardValue = bucket.value - firstPrice;
  const takeFirst = hasFirst && units > 0 && (prefer === 'first' || units > standardUnits);
  const standard = units - (takeFirst ? 1 : 0);
  let value: number;
  if (standard === 0) value = 0;
  else if (standard === standardUnits) value = standardValue;
  else value = evenSplitPrefix(standardValue, standardUnits, standard);
  return { units, value: value + (takeFirst ? firstPrice : 0), firstUnit: takeFirst };
}
