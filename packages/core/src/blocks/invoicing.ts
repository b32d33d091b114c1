import { z } from 'zod';
import { SessionsError } from '../errors.js';
import type { Invoice } from '../invoices/invoice.js';
import { formatMoney, positiveMoneySchema } from '../money.js';
import { invoiceLines } from '../pricing/block-pricing.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { plainDateSchema, todayIn } from '../time.js';
import { BlockLedger, type BlockView, blockLocks } from './block-ledger.js';
import { amountIn } from './create-block.js';
import { assertTransition, invalidTransition } from './lifecycle.js';
import { idSchema } from './schemas.js';

export const issueInvoiceInput = z
  .object({
    blockId: idSchema,
    /** Defaults to today + the tenant's `invoiceDueDays`. */
    dueOn: plainDateSchema.optional(),
    subject: z.string().max(200).optional(),
    message: z.string().max(5000).optional(),
  })
  .strict();

export interface InvoicedBlockView extends BlockView {
  readonly invoice: Invoice;
}

/** Issue the block's invoice: draft → pending (or → active when credits unlock on invoice). */
export const issueInvoice: CommandSpec<typeof issueInvoiceInput, InvoicedBlockView> = {
  name: 'blocks.issueInvoice',
  input: issueInvoiceInput,
  allowed: ['staff', 'admin'],
  action: 'issue an invoice',
  locks: async (tx, input) => [...(await blockLocks(tx, input.blockId)), 'sequence:invoice'],
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { block } = ledger;
    if (block.invoiceId) {
      throw new SessionsError('CONFLICT', `Block "${block.name}" already has an invoice; a block is invoiced once.`, {
        invoiceId: block.invoiceId,
      });
    }
    const { settings } = ctx;
    const today = todayIn(ctx.now, settings.timeZone);
    const dueOn = input.dueOn ?? today.add({ days: settings.invoiceDueDays }).toString();
    if (dueOn < today.toString()) {
      throw new SessionsError('VALIDATION_FAILED', `Invalid invoice: dueOn: ${dueOn} is before today (${today}).`, {
        issues: [{ path: ['dueOn'], message: 'must be today or later' }],
      });
    }
    // A draft moves on; a block whose credits unlocked at creation keeps its status.
    const next = block.status === 'draft' ? nextStatusOnInvoice(ctx, block.price) : block.status;
    if (block.status === 'draft') assertTransition(block.status, next, 'issue an invoice');
    else if (block.status === 'cancelled') throw invalidTransition(block.status, 'pending', 'issue an invoice');

    const number = `${settings.invoicePrefix}${String(await ctx.tx.sequences.next('invoice')).padStart(4, '0')}`;
    const invoice: Invoice = {
      tenantId: block.tenantId,
      id: ctx.ids(),
      blockId: block.id,
      attendanceIds: [],
      clientId: block.clientId,
      number,
      lines: invoiceLines(block.name, block.unitKind, block.quantity, block.price, block.firstUnitPrice),
      total: block.price,
      currency: block.currency,
      issuedAt: ctx.at,
      dueOn,
      subject: input.subject ?? null,
      message: input.message ?? null,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    await ctx.tx.invoices.insert(invoice);
    ledger.change({
      invoiceId: invoice.id,
      status: next,
      activatedAt: next === 'active' && block.status !== 'active' ? ctx.at : block.activatedAt,
    });
    await ledger.save();
    const aggregate = { type: 'block', id: block.id } as const;
    ctx.emit('invoice.issued', aggregate, { invoiceId: invoice.id, number, total: invoice.total, dueOn });
    if (next === 'active' && block.status !== 'active') {
      ctx.emit('block.activated', aggregate, { clientId: block.clientId, unlockedOn: 'invoice' });
    }
    return { ...ledger.view(), invoice };
  },
};

function nextStatusOnInvoice(ctx: CommandContext, price: number) {
  const unlock = ctx.settings.unlockCreditsOn;
  // A free block is paid in full the moment it is billed.
  return unlock === 'invoice' || price === 0 ? ('active' as const) : ('pending' as const);
}

export const recordPaymentInput = z
  .object({
    blockId: idSchema,
    amount: positiveMoneySchema,
    /** How it was paid ("card", "bank transfer"): kept as the entry's reason. */
    method: z.string().max(100).optional(),
  })
  .strict();

/** Record money received against the block's invoice; the block activates once paid in full (by default). */
export const recordPayment: CommandSpec<typeof recordPaymentInput, BlockView> = {
  name: 'blocks.recordPayment',
  input: recordPaymentInput,
  allowed: ['staff', 'admin'],
  action: 'record a payment',
  locks: (tx, input) => blockLocks(tx, input.blockId),
  async run(ctx, input) {
    const ledger = await BlockLedger.load(ctx, input.blockId);
    const { block } = ledger;
    if (!block.invoiceId) {
      throw new SessionsError(
        'CONFLICT',
        `Block "${block.name}" has no invoice yet: issue the invoice, then record payments against it.`,
        {
          blockId: block.id,
        },
      );
    }
    const amount = amountIn(input.amount, block.currency, ['amount']);
    const due = ledger.balance.unpaid;
    if (amount > due.amount) {
      throw new SessionsError(
        'PAYMENT_EXCEEDS_DUE',
        `A payment of ${formatMoney(input.amount)} is more than the ${formatMoney(due)} still due on this block.`,
        { due, attempted: input.amount },
      );
    }
    ledger.post({
      kind: 'payment',
      from: null,
      to: null,
      amount,
      invoiceId: block.invoiceId,
      reason: input.method ?? null,
    });
    const balance = ledger.balance;
    const activates =
      block.status === 'pending' && balance.unpaid.amount === 0 && ctx.settings.unlockCreditsOn === 'payment';
    if (activates) {
      assertTransition(block.status, 'active', 'record a payment');
      ledger.change({ status: 'active', activatedAt: ctx.at });
    }
    await ledger.save();
    const aggregate = { type: 'block', id: block.id } as const;
    ctx.emit('payment.recorded', aggregate, {
      invoiceId: block.invoiceId,
      amount,
      paid: balance.paid.amount,
      unpaid: balance.unpaid.amount,
    });
    if (activates) ctx.emit('block.activated', aggregate, { clientId: block.clientId, unlockedOn: 'payment' });
    return ledger.view();
  },
};
