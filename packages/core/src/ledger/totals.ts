import type { Bucket, LedgerEntry } from './entry.js';

/** Units and value sitting in one bucket, and whether the specially priced first unit is among them. */
export interface BucketTotal {
  readonly units: number;
  readonly value: number;
  readonly firstUnit: boolean;
}

export interface LedgerTotals {
  readonly buckets: Readonly<Record<Bucket, BucketTotal>>;
  /** Units that ever entered the block (purchase and grants). */
  readonly purchased: number;
  /** Value that ever entered the block: its price. */
  readonly purchasedValue: number;
  /** Money received. */
  readonly paid: number;
  /** Money paid back. */
  readonly refunded: number;
  /** Money that was owed and no longer is (the unpaid part of refunded units). */
  readonly writtenOff: number;
}

interface MutableBucket {
  units: number;
  value: number;
  firstUnits: number;
}

const bucket = (): MutableBucket => ({ units: 0, value: 0, firstUnits: 0 });
const settled = (b: MutableBucket): BucketTotal => ({ units: b.units, value: b.value, firstUnit: b.firstUnits > 0 });

/**
 * Running totals over a block's entries, one entry at a time. Commands keep
 * one while they post entries, so checking the balance between moves costs
 * nothing; `foldLedger` is the same thing over a whole list.
 */
export class LedgerAccumulator {
  private readonly available = bucket();
  private readonly reserved = bucket();
  private readonly consumed = bucket();
  private readonly refundedUnits = bucket();
  private readonly forfeited = bucket();
  private purchased = 0;
  private purchasedValue = 0;
  private paid = 0;
  private refunded = 0;
  private writtenOff = 0;
  private cached: LedgerTotals | null = null;

  /** Start from totals a store kept (a summary), as if their entries had been applied. */
  static from(totals: LedgerTotals): LedgerAccumulator {
    const acc = new LedgerAccumulator();
    for (const name of ['available', 'reserved', 'consumed', 'refunded', 'forfeited'] as const) {
      const from = totals.buckets[name];
      const to = acc.bucket(name);
      to.units = from.units;
      to.value = from.value;
      to.firstUnits = from.firstUnit ? 1 : 0;
    }
    acc.purchased = totals.purchased;
    acc.purchasedValue = totals.purchasedValue;
    acc.paid = totals.paid;
    acc.refunded = totals.refunded;
    acc.writtenOff = totals.writtenOff;
    return acc;
  }

  apply(entry: LedgerEntry): this {
    this.cached = null;
    const first = entry.firstUnit ? 1 : 0;
    if (entry.from) {
      const from = this.bucket(entry.from);
      from.units -= entry.units;
      from.value -= entry.value;
      from.firstUnits -= first;
    } else {
      this.purchased += entry.units;
      this.purchasedValue += entry.value;
    }
    if (entry.to) {
      const to = this.bucket(entry.to);
      to.units += entry.units;
      to.value += entry.value;
      to.firstUnits += first;
    }
    if (entry.kind === 'payment') this.paid += entry.amount;
    else if (entry.kind === 'refund') {
      this.refunded += entry.amount;
      this.writtenOff += entry.writeOff;
    }
    return this;
  }

  /** The totals so far, as an immutable value (cached until the next `apply`). */
  totals(): LedgerTotals {
    this.cached ??= {
      buckets: {
        available: settled(this.available),
        reserved: settled(this.reserved),
        consumed: settled(this.consumed),
        refunded: settled(this.refundedUnits),
        forfeited: settled(this.forfeited),
      },
      purchased: this.purchased,
      purchasedValue: this.purchasedValue,
      paid: this.paid,
      refunded: this.refunded,
      writtenOff: this.writtenOff,
    };
    return this.cached;
  }

  private bucket(name: Bucket): MutableBucket {
    switch (name) {
      case 'available':
        return this.available;
      case 'reserved':
        return this.reserved;
      case 'consumed':
        return this.consumed;
      case 'refunded':
        return this.refundedUnits;
      case 'forfeited':
        return this.forfeited;
    }
  }
}

/**
 * Fold a block's entries into per-bucket totals. This is the only place
 * balances come from: nothing is kept as a counter and edited in place.
 */
export function foldLedger(entries: readonly LedgerEntry[]): LedgerTotals {
  const accumulator = new LedgerAccumulator();
  for (const entry of entries) accumulator.apply(entry);
  return accumulator.totals();
}

/** Where one session's units are on a block: held, posted, or neither. */
export interface SessionEffect {
  readonly sessionId: string;
  /** The live hold, if any: units, value and first-unit flag that a consume or release will move. */
  readonly hold: BucketTotal | null;
  /** Units posted to `consumed` for this session. */
  readonly consumedUnits: number;
  /** What is posted to `consumed` for this session, with its value: what giving the session back returns. */
  readonly consumed: BucketTotal | null;
  /** The 1-based number of this session within the block ("session 3 of 10"), in booking order. */
  readonly number: number;
}

/** Each session's live effect on the block, from its entries. */
export function sessionEffects(entries: readonly LedgerEntry[]): Map<string, SessionEffect> {
  const effects = new Map<string, { hold: MutableBucket; used: MutableBucket; number: number }>();
  let booked = 0;
  for (const entry of entries) {
    if (!entry.sessionId) continue;
    let effect = effects.get(entry.sessionId);
    if (!effect) {
      booked += 1;
      effect = { hold: bucket(), used: bucket(), number: booked };
      effects.set(entry.sessionId, effect);
    }
    move(effect.hold, entry, 'reserved');
    move(effect.used, entry, 'consumed');
  }
  const result = new Map<string, SessionEffect>();
  for (const [sessionId, e] of effects) {
    result.set(sessionId, {
      sessionId,
      hold: e.hold.units > 0 ? settled(e.hold) : null,
      consumedUnits: e.used.units,
      consumed: e.used.units > 0 ? settled(e.used) : null,
      number: e.number,
    });
  }
  return result;
}

/**
 * One session's effect, without building every session's: what commands on a
 * session ask. Null when the session has no entry on this block.
 */
export function sessionEffect(entries: readonly LedgerEntry[], sessionId: string): SessionEffect | null {
  const seen = new Set<string>();
  let number = 0;
  const hold = bucket();
  const used = bucket();
  for (const entry of entries) {
    const id = entry.sessionId;
    if (!id) continue;
    if (number === 0 && !seen.has(id)) {
      seen.add(id);
      if (id === sessionId) number = seen.size;
    }
    if (id !== sessionId) continue;
    move(hold, entry, 'reserved');
    move(used, entry, 'consumed');
  }
  if (number === 0) return null;
  return {
    sessionId,
    hold: hold.units > 0 ? settled(hold) : null,
    consumedUnits: used.units,
    consumed: used.units > 0 ? settled(used) : null,
    number,
  };
}

/** Follow one bucket through an entry: units (and their value) entering it count up, leaving it count down. */
function move(target: MutableBucket, entry: LedgerEntry, name: Bucket): void {
  const sign = entry.to === name ? 1 : entry.from === name ? -1 : 0;
  if (sign === 0) return;
  target.units += sign * entry.units;
  target.value += sign * entry.value;
  target.firstUnits += sign * (entry.firstUnit ? 1 : 0);
}
