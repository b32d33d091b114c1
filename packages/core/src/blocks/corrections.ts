import { z } from 'zod';
import { SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import { BlockLedger, type BlockView, blockLocks } from './block-ledger.js';
import { idSchema } from './schemas.js';

export const reversePaymentInput = z
  .object({
    blockId: idSchema,
    /** The payment entry recorded by mistake. */
    entryId: idSchema,
    /** Why: a correction always says what went wrong. */
    reason: z.string().trim().min(1, { error: 'say why the payment is reversed' }).max(500),
  })
  .strict();

/**
 * Reverse a payment recorded by mistake (typed twice, wrong block). The ledger
 * is never edited: a new payment entry with the opposite amount names the
 * entry it corrects. What is owed rises again by that amount; the block keeps
 * its status (credits already unlocked stay usable), and the unpaid invoice
 * shows up in reminders.
 */
export const reversePayment: CommandSpec<typeof reversePaymentInput, BlockView> = {
  name: 'blocks.reversePayment',
  input: reversePaymentInput,
  allowed: ['staff', 'admin'],
  action: 'reverse a payment',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId, { history: true });
    const original = ledger.allEntries.find((e) => e.id === input.entryId);
    if (original?.kind !== 'payment' || original.amount <= 0) {
      throw new SessionsError('NOT_FOUND', `Block "${ledger.block.name}" has no payment entry "${input.entryId}".`, {
        entity: 'payment entry',
        id: input.entryId,
        issues: [{ path: ['entryId'], message: 'must be a payment entry of this block' }],
      });
    }
    const earlier = ledger.allEntries.find((e) => e.correctsEntryId === original.id);
    if (earlier) {
      throw new SessionsError('CONFLICT', `Payment "${original.id}" was already reversed (entry ${earlier.seq}).`, {
        entryId: original.id,
        reversedBy: earlier.id,
      });
    }
    if (ledger.totals.refunded > ledger.totals.paid - original.amount) {
      throw new SessionsError(
        'CONFLICT',
        'This payment cannot be reversed: money already refunded on the block would then exceed what was paid.',
        { entryId: original.id },
      );
    }
    ledger.post({
      kind: 'payment',
      from: null,
      to: null,
      amount: -original.amount,
      invoiceId: original.invoiceId,
      reason: input.reason,
      correctsEntryId: original.id,
    });
    await ledger.save();
    ctx.emit(
      'payment.reversed',
      { type: 'block', id: ledger.block.id },
      {
        clientId: ledger.block.clientId,
        entryId: original.id,
        amount: original.amount,
        unpaid: ledger.balance.unpaid.amount,
      },
    );
    return ledger.view();
  },
};
