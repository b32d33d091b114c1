import type { CommandContext } from '../runtime/runtime.js';
import type { BlockLedger } from './block-ledger.js';
import { assertTransition } from './lifecycle.js';

/**
 * After units move, an active block with nothing left to book and nothing
 * held is completed; a completed block that gets units back (a grant, a
 * correction) is active again. Returns the new status if it changed.
 */
export function settleStatus(ctx: CommandContext, ledger: BlockLedger): 'completed' | 'active' | null {
  const { block } = ledger;
  const { remaining, reserved } = ledger.balance;
  const aggregate = { type: 'block', id: block.id } as const;
  if (block.status === 'active' && remaining === 0 && reserved === 0) {
    assertTransition('active', 'completed', 'complete the block');
    ledger.change({ status: 'completed', closedAt: ctx.at });
    ctx.emit('block.completed', aggregate, { clientId: block.clientId });
    return 'completed';
  }
  if (block.status === 'completed' && (remaining > 0 || reserved > 0)) {
    assertTransition('completed', 'active', 'reopen the block');
    ledger.change({ status: 'active', closedAt: null });
    return 'active';
  }
  return null;
}
