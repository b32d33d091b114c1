import { z } from 'zod';
import { SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { BlockLedger, type BlockView, blockLocks } from './block-ledger.js';
import { assertLiveBlockLimit, LIVE_STATUSES } from './limits.js';
import { idSchema } from './schemas.js';

export const blockIdInput = z.object({ blockId: idSchema, reason: z.string().max(500).optional() }).strict();

/**
 * Soft-delete a block: it disappears from lists and cannot be changed, but its
 * record and ledger stay, and `restore` brings it back. A block still holding
 * units for scheduled sessions cannot be deleted: settle those first.
 */
export const deleteBlock: CommandSpec<typeof blockIdInput, BlockView> = {
  name: 'blocks.delete',
  input: blockIdInput,
  allowed: ['staff', 'admin'],
  action: 'delete a block',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { reserved } = ledger.balance;
    if (reserved > 0) {
      throw new SessionsError(
        'CONFLICT',
        `Block "${ledger.block.name}" holds ${reserved} unit${reserved === 1 ? '' : 's'} for scheduled sessions: cancel or complete them before deleting it.`,
        { reserved },
      );
    }
    ledger.change({ deletedAt: ctx.at });
    await ledger.save();
    ctx.emit(
      'block.deleted',
      { type: 'block', id: ledger.block.id },
      { clientId: ledger.block.clientId, reason: input.reason ?? null },
    );
    return ledger.view();
  },
};

export const restoreBlock: CommandSpec<typeof blockIdInput, BlockView> = {
  name: 'blocks.restore',
  input: blockIdInput,
  allowed: ['staff', 'admin'],
  action: 'restore a block',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId, { allowDeleted: true });
    if (!ledger.block.deletedAt) {
      throw new SessionsError('CONFLICT', `Block "${ledger.block.name}" is not deleted.`, { blockId: ledger.block.id });
    }
    if (LIVE_STATUSES.includes(ledger.block.status)) {
      await assertLiveBlockLimit(ctx, ledger.block.clientId, ledger.block.id);
    }
    ledger.change({ deletedAt: null });
    await ledger.save();
    ctx.emit('block.restored', { type: 'block', id: ledger.block.id }, { clientId: ledger.block.clientId });
    return ledger.view();
  },
};

export const grantUnitsInput = z
  .object({
    blockId: idSchema,
    units: z.number().int().min(1).max(10_000),
    /** Why: every adjustment says why it was made. */
    reason: z.string().trim().min(1, { error: 'say why the units are granted' }).max(500),
  })
  .strict();

/**
 * Grant free units (a comp, a goodwill session): an `adjust` entry that adds
 * units but no value, so every remaining unit is now worth a little less and a
 * later refund pays back exactly what was paid, never more.
 */
export const grantUnits: CommandSpec<typeof grantUnitsInput, BlockView> = {
  name: 'blocks.grantUnits',
  input: grantUnitsInput,
  allowed: ['staff', 'admin'],
  action: 'grant units',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { status } = ledger.block;
    if (status !== 'active' && status !== 'completed') {
      throw new SessionsError(
        'INVALID_TRANSITION',
        `Cannot grant units: a ${status} block is not in use. Grant units to an active or completed block.`,
        { from: status, to: 'active', action: 'grant units' },
      );
    }
    ledger.post({ kind: 'adjust', from: null, to: 'available', units: input.units, value: 0, reason: input.reason });
    if (status === 'completed') ledger.change({ status: 'active', closedAt: null });
    await ledger.save();
    ctx.emit(
      'block.units_granted',
      { type: 'block', id: ledger.block.id },
      {
        clientId: ledger.block.clientId,
        units: input.units,
        reason: input.reason,
      },
    );
    return ledger.view();
  },
};
