import { z } from 'zod';
import { SessionsError } from '../errors.js';
import { quoteRefund, type RefundQuote } from '../pricing/refund-quote.js';
import type { CommandContext, CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { BlockLedger, type BlockView, blockLocks, getVisibleBlock } from './block-ledger.js';
import { assertTransition } from './lifecycle.js';
import { idSchema, quantitySchema } from './schemas.js';
import { settleStatus } from './settle.js';

export interface RefundedBlockView extends BlockView {
  readonly refund: RefundQuote | null;
}

export const quoteRefundInput = z
  .object({ blockId: idSchema, /** Defaults to every remaining unit. */ units: quantitySchema.optional() })
  .strict();

/** The refund dialog's numbers, without refunding anything. */
export const quoteRefundQuery: QuerySpec<typeof quoteRefundInput, RefundQuote> = {
  name: 'blocks.quoteRefund',
  input: quoteRefundInput,
  allowed: ['staff', 'admin'],
  action: 'quote a refund',
  async run({ tx, actor }, input) {
    const block = await getVisibleBlock(tx, actor, input.blockId);
    const { totals } = await tx.ledger.summary(block.id);
    return quoteRefund(block, totals, input.units ?? totals.buckets.available.units).quote;
  },
};

/** Post a refund of `units` remaining units, exactly as quoted. */
function postRefund(
  ctx: CommandContext,
  ledger: BlockLedger,
  units: number,
  reason: string | null,
): RefundQuote | null {
  if (units === 0) return null;
  const { quote, take } = quoteRefund(ledger.block, ledger.totals, units);
  ledger.post({
    kind: 'refund',
    from: 'available',
    to: 'refunded',
    units,
    value: take.value,
    firstUnit: take.firstUnit,
    amount: quote.amount.amount,
    writeOff: quote.writeOff.amount,
    invoiceId: ledger.block.invoiceId,
    reason,
  });
  ctx.emit(
    'block.refunded',
    { type: 'block', id: ledger.block.id },
    {
      clientId: ledger.block.clientId,
      units,
      amount: quote.amount.amount,
      writeOff: quote.writeOff.amount,
    },
  );
  return quote;
}

export const refundUnitsInput = z
  .object({ blockId: idSchema, units: quantitySchema, reason: z.string().max(500).optional() })
  .strict();

/** Part-refund: buy back some remaining units; the block stays usable for the rest. */
export const refundUnits: CommandSpec<typeof refundUnitsInput, RefundedBlockView> = {
  name: 'blocks.refundUnits',
  input: refundUnitsInput,
  allowed: ['staff', 'admin'],
  action: 'refund units',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { status } = ledger.block;
    if (status !== 'active' && status !== 'expired') {
      throw new SessionsError(
        'INVALID_TRANSITION',
        `Cannot refund units: a ${status} block has no units to refund${status === 'draft' || status === 'pending' ? '; cancel it instead' : ''}.`,
        { from: status, to: status, action: 'refund units' },
      );
    }
    const refund = postRefund(ctx, ledger, input.units, input.reason ?? 'part refund');
    settleStatus(ctx, ledger);
    await ledger.save();
    return { ...ledger.view(), refund };
  },
};

export const cancelBlockInput = z
  .object({
    blockId: idSchema,
    /** 'unused' (default) refunds every remaining unit; 'none' forfeits them. */
    refund: z.enum(['unused', 'none']).default('unused'),
    reason: z.string().max(500).optional(),
  })
  .strict();

/**
 * Cancel a block. Sessions still holding units must be settled first (the
 * block will not silently unlink them). Remaining units are refunded at their
 * unit prices — the unpaid part of their value is written off, the rest paid
 * back — or, with `refund: 'none'`, forfeited.
 */
export const cancelBlock: CommandSpec<typeof cancelBlockInput, RefundedBlockView> = {
  name: 'blocks.cancel',
  input: cancelBlockInput,
  allowed: ['staff', 'admin'],
  action: 'cancel a block',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { block } = ledger;
    assertTransition(block.status, 'cancelled', 'cancel the block');
    const { reserved, remaining } = ledger.balance;
    if (reserved > 0) {
      throw new SessionsError(
        'CONFLICT',
        `Block "${block.name}" still holds ${reserved} unit${reserved === 1 ? '' : 's'} for scheduled sessions: cancel or complete those sessions first.`,
        { reserved },
      );
    }
    const reason = input.reason ?? 'block cancelled';
    let refund: RefundQuote | null = null;
    if (input.refund === 'unused') refund = postRefund(ctx, ledger, remaining, reason);
    else if (remaining > 0) {
      const available = ledger.totals.buckets.available;
      ledger.post({
        kind: 'adjust',
        from: 'available',
        to: 'forfeited',
        units: remaining,
        value: available.value,
        firstUnit: available.firstUnit,
        reason: `${reason} (no refund)`,
      });
    }
    ledger.change({ status: 'cancelled', closedAt: ctx.at });
    await ledger.save();
    ctx.emit(
      'block.cancelled',
      { type: 'block', id: block.id },
      { clientId: block.clientId, refund: input.refund, reason },
    );
    return { ...ledger.view(), refund };
  },
};
