import type { BlockLedger } from '../blocks/block-ledger.js';
import { settleStatus } from '../blocks/settle.js';
import type { LedgerEntry } from '../ledger/entry.js';
import type { BucketTotal } from '../ledger/totals.js';
import { takeUnits } from '../pricing/take-units.js';
import type { CommandContext } from '../runtime/runtime.js';
import { type BookingRequest, checkEligibility, insufficientCredit } from './eligibility.js';

/**
 * The moves a session makes on a block, shared by the credits API and the
 * sessions layer: take units for a booking (a hold, or a direct charge),
 * post a hold, release a hold. Each returns the entries it posted; `report`
 * then settles the block's status, saves, and emits the events once.
 */

/** Check the block may pay for the booking, then move the units it needs out of `available`. */
export async function takeForBooking(
  ctx: CommandContext,
  ledger: BlockLedger,
  request: BookingRequest,
  kind: 'reserve' | 'consume',
  reason: string | null = null,
): Promise<LedgerEntry> {
  const { units } = await checkEligibility(ctx, ledger.block, request);
  await ledger.entriesOf(request.sessionId);
  const available = ledger.totals.buckets.available;
  if (units > available.units) throw insufficientCredit(ledger.block, units, available.units);
  const moved = takeUnits(available, units, ledger.block.firstUnitPrice, 'first');
  return ledger.post({
    kind,
    from: 'available',
    to: kind === 'reserve' ? 'reserved' : 'consumed',
    ...moved,
    sessionId: request.sessionId,
    reason,
  });
}

/** Post a session's hold: the units it reserved are used. */
export function consumeHold(ledger: BlockLedger, sessionId: string, hold: BucketTotal, reason: string): LedgerEntry {
  return ledger.post({ kind: 'consume', from: 'reserved', to: 'consumed', ...hold, sessionId, reason });
}

/**
 * Void a session's hold: its units are available again — or, on a block that
 * has expired, forfeited like the rest of its units (it can no longer be booked).
 */
export function releaseHold(ledger: BlockLedger, sessionId: string, hold: BucketTotal, reason: string): LedgerEntry {
  const entry = ledger.post({ kind: 'release', from: 'reserved', to: 'available', ...hold, sessionId, reason });
  if (ledger.block.status === 'expired') {
    ledger.post({
      kind: 'expire',
      from: 'available',
      to: 'forfeited',
      ...hold,
      reason: 'returned after the block expired',
    });
  }
  return entry;
}

/**
 * Give back units a session had used (it was deleted, or moved to another
 * block): an `adjust` from consumed to available, naming the session. On an
 * expired block they are forfeited at once, as a released hold is.
 */
export function returnConsumed(ledger: BlockLedger, sessionId: string, used: BucketTotal, reason: string): LedgerEntry {
  const entry = ledger.post({ kind: 'adjust', from: 'consumed', to: 'available', ...used, sessionId, reason });
  if (ledger.block.status === 'expired') {
    ledger.post({
      kind: 'expire',
      from: 'available',
      to: 'forfeited',
      ...used,
      reason: 'returned after the block expired',
    });
  }
  return entry;
}

const EVENT_OF: Partial<Record<LedgerEntry['kind'], 'credit.reserved' | 'credit.consumed' | 'credit.released'>> = {
  reserve: 'credit.reserved',
  consume: 'credit.consumed',
  release: 'credit.released',
};

/**
 * After a command's moves on one block: complete or reopen it, save the
 * entries, and emit one credit event per move plus the threshold events
 * (low balance once, as the line is crossed; last unit used).
 */
export async function reportMoves(ctx: CommandContext, ledger: BlockLedger): Promise<void> {
  const moves = [...ledger.unsaved];
  if (moves.length === 0) return;
  const before = isLowBalance(ledger.balanceBefore, ctx.settings.lowBalanceThresholdPercent);
  settleStatus(ctx, ledger);
  await ledger.save();
  ledger.checkpoint();
  const { block } = ledger;
  const balance = ledger.balance;
  const aggregate = { type: 'block', id: block.id } as const;
  for (const entry of moves) {
    const type = EVENT_OF[entry.kind];
    if (!type || !entry.sessionId) continue;
    ctx.emit(type, aggregate, {
      clientId: block.clientId,
      sessionId: entry.sessionId,
      units: entry.units,
      value: entry.value,
      remaining: balance.remaining,
      sessionNumber: entry.sessionNumber ?? 0,
    });
  }
  if (!before && isLowBalance(balance, ctx.settings.lowBalanceThresholdPercent)) {
    ctx.emit('block.low_balance', aggregate, {
      clientId: block.clientId,
      remaining: balance.remaining,
      purchased: balance.purchased,
      thresholdPercent: ctx.settings.lowBalanceThresholdPercent,
    });
  }
  const used = moves.find((e) => e.kind === 'consume');
  if (used && balance.remaining === 0 && balance.reserved === 0) {
    ctx.emit('block.last_unit_used', aggregate, { clientId: block.clientId, sessionId: used.sessionId });
  }
}

/** "Low" when the remaining units are at or under the threshold share of what was purchased. */
export function isLowBalance(counts: { remaining: number; purchased: number }, thresholdPercent: number): boolean {
  return counts.purchased > 0 && counts.remaining * 100 <= thresholdPercent * counts.purchased;
}
