import { z } from 'zod';
import { SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { endOfDayInstant, plainDateSchema, todayIn } from '../time.js';
import type { Block } from './block.js';
import { BlockLedger, type BlockView, blockLocks } from './block-ledger.js';
import { assertTransition, invalidTransition } from './lifecycle.js';
import { idSchema } from './schemas.js';

/** The instant a block stops being usable: the end of its expiry date in the practice's zone. */
export function expiryInstant(block: Pick<Block, 'expiresOn'>, timeZone: string) {
  return block.expiresOn ? endOfDayInstant(block.expiresOn, timeZone) : null;
}

export const expireBlockInput = z.object({ blockId: idSchema }).strict();

/**
 * Expire a block whose expiry date has passed: its remaining units are
 * forfeited (no new bookings). Sessions already holding units keep them and
 * can still be completed. Hosts usually run `blocks.expireDue` on a schedule.
 */
export const expireBlock: CommandSpec<typeof expireBlockInput, BlockView> = {
  name: 'blocks.expire',
  input: expireBlockInput,
  allowed: ['staff', 'admin'],
  action: 'expire a block',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { block } = ledger;
    assertTransition(block.status, 'expired', 'expire the block');
    const expiry = expiryInstant(block, ctx.settings.timeZone);
    if (!expiry || ctx.now.epochMilliseconds < expiry.epochMilliseconds) {
      throw invalidTransition(
        block.status,
        'expired',
        'expire the block',
        expiry ? `It is usable until the end of ${block.expiresOn}.` : 'It has no expiry date.',
      );
    }
    const available = ledger.totals.buckets.available;
    if (available.units > 0) {
      ledger.post({
        kind: 'expire',
        from: 'available',
        to: 'forfeited',
        units: available.units,
        value: available.value,
        firstUnit: available.firstUnit,
        reason: `expired at the end of ${block.expiresOn}`,
      });
    }
    ledger.change({ status: 'expired' });
    await ledger.save();
    ctx.emit(
      'block.expired',
      { type: 'block', id: block.id },
      {
        clientId: block.clientId,
        expiresOn: block.expiresOn,
        forfeitedUnits: available.units,
        forfeitedValue: available.value,
      },
    );
    return ledger.view();
  },
};

export const extendExpiryInput = z
  .object({
    blockId: idSchema,
    /** The new last day, or null for no expiry. */
    expiresOn: plainDateSchema.nullable(),
  })
  .strict();

/**
 * Move or remove the expiry date. An expired block is restored: the units its
 * expiry forfeited come back, with the value they carried.
 */
export const extendExpiry: CommandSpec<typeof extendExpiryInput, BlockView> = {
  name: 'blocks.extendExpiry',
  input: extendExpiryInput,
  allowed: ['staff', 'admin'],
  action: 'change a block’s expiry',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { block } = ledger;
    if (block.status === 'cancelled' || block.status === 'completed') {
      throw invalidTransition(
        block.status,
        block.status,
        'change the expiry date',
        'Only open blocks can be extended.',
      );
    }
    const today = todayIn(ctx.now, ctx.settings.timeZone).toString();
    if (input.expiresOn !== null && input.expiresOn < today) {
      throw new SessionsError(
        'VALIDATION_FAILED',
        `Invalid expiry: expiresOn: ${input.expiresOn} is before today (${today}).`,
        {
          issues: [{ path: ['expiresOn'], message: 'must be today or later' }],
        },
      );
    }
    const restoring = block.status === 'expired';
    if (restoring) {
      assertTransition('expired', 'active', 'restore the block');
      const forfeited = ledger.totals.buckets.forfeited;
      if (forfeited.units > 0) {
        ledger.post({
          kind: 'adjust',
          from: 'forfeited',
          to: 'available',
          units: forfeited.units,
          value: forfeited.value,
          firstUnit: forfeited.firstUnit,
          reason: input.expiresOn ? `expiry extended to ${input.expiresOn}` : 'expiry removed',
        });
      }
    }
    ledger.change({ expiresOn: input.expiresOn, ...(restoring ? { status: 'active' as const } : {}) });
    await ledger.save();
    ctx.emit(
      'block.expiry_extended',
      { type: 'block', id: block.id },
      {
        clientId: block.clientId,
        from: block.expiresOn,
        to: input.expiresOn,
        restored: restoring,
      },
    );
    return ledger.view();
  },
};
