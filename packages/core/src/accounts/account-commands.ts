import { z } from 'zod';
import { amountIn } from '../blocks/create-block.js';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import { formatMoney, positiveMoneySchema } from '../money.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import type { AccountEntryKind } from './account-entry.js';
import { AccountLedger } from './account-ledger.js';
import { type AccountView, accountView } from './account-queries.js';

const moneyMove = {
  clientId: idSchema,
  amount: positiveMoneySchema,
};

export const accountPaymentInput = z
  .object({
    ...moneyMove,
    /** How it was paid ("card", "bank transfer"). */
    method: z.string().max(100).optional(),
    /** The invoice of sessions it pays, if any; without one it is credit on the account. */
    invoiceId: idSchema.optional(),
  })
  .strict();

async function openAccount(ctx: CommandContext, clientId: string): Promise<AccountLedger> {
  if (!(await ctx.tx.clients.get(clientId))) throw notFound('client', clientId);
  return AccountLedger.load(ctx, clientId);
}

async function finish(
  ctx: CommandContext,
  account: AccountLedger,
  type: 'account.payment_recorded' | 'account.refunded' | 'account.credited',
  kind: AccountEntryKind,
  amount: number,
  extra: Record<string, unknown> = {},
): Promise<AccountView> {
  await account.save();
  const view = await accountView(ctx.tx, ctx.settings, account.clientId);
  ctx.emit(
    type,
    { type: 'client', id: account.clientId },
    { kind, amount, balance: view.balance.balance.amount, ...extra },
  );
  return view;
}

/**
 * Record money received on a client's account: against an invoice of
 * sessions, or as credit ahead of sessions (what the minimum-threshold and
 * available-credit modes count).
 */
export const recordAccountPayment: CommandSpec<typeof accountPaymentInput, AccountView> = {
  name: 'accounts.recordPayment',
  input: accountPaymentInput,
  allowed: ['staff', 'admin'],
  action: 'record a payment on an account',
  locks: (_tx, input) => [`client:${input.clientId}`],
  async run(ctx, input) {
    const account = await openAccount(ctx, input.clientId);
    const amount = amountIn(input.amount, ctx.settings.currency, ['amount']);
    if (input.invoiceId !== undefined) {
      const invoice = await ctx.tx.invoices.get(input.invoiceId);
      if (!invoice || invoice.clientId !== input.clientId || invoice.blockId !== null) {
        throw new SessionsError(
          'NOT_FOUND',
          `Client "${input.clientId}" has no invoice of sessions "${input.invoiceId}".`,
          {
            entity: 'invoice',
            id: input.invoiceId,
            issues: [{ path: ['invoiceId'], message: "must be one of the client's invoices of sessions" }],
          },
        );
      }
      const paid = account.allEntries
        .filter((e) => e.kind === 'payment' && e.invoiceId === invoice.id)
        .reduce((sum, e) => sum + e.amount, 0);
      const due = invoice.total - paid;
      if (amount > due) {
        const m = (value: number) => formatMoney({ amount: value, currency: invoice.currency });
        throw new SessionsError(
          'PAYMENT_EXCEEDS_DUE',
          `A payment of ${m(amount)} is more than the ${m(due)} still due on invoice ${invoice.number}.`,
          {
            due: { amount: due, currency: invoice.currency },
            attempted: input.amount,
          },
        );
      }
    }
    account.post({ kind: 'payment', amount, invoiceId: input.invoiceId ?? null, reason: input.method ?? null });
    return finish(ctx, account, 'account.payment_recorded', 'payment', amount, { invoiceId: input.invoiceId ?? null });
  },
};

export const accountRefundInput = z
  .object({ ...moneyMove, reason: z.string().trim().min(1, { error: 'say why the money is paid back' }).max(500) })
  .strict();

/** Pay back credit the client holds on their account; never more than the balance. */
export const refundAccount: CommandSpec<typeof accountRefundInput, AccountView> = {
  name: 'accounts.refund',
  input: accountRefundInput,
  allowed: ['staff', 'admin'],
  action: 'refund an account',
  locks: (_tx, input) => [`client:${input.clientId}`],
  async run(ctx, input) {
    const account = await openAccount(ctx, input.clientId);
    const amount = amountIn(input.amount, ctx.settings.currency, ['amount']);
    const { balance } = account.totals;
    if (amount > balance) {
      const m = (value: number) => formatMoney({ amount: Math.max(0, value), currency: ctx.settings.currency });
      throw new SessionsError(
        'INSUFFICIENT_CREDIT',
        `The account holds ${m(balance)} of credit; ${m(amount)} cannot be paid back.`,
        {
          needed: amount,
          remaining: Math.max(0, balance),
          missing: amount - Math.max(0, balance),
        },
      );
    }
    account.post({ kind: 'refund', amount: -amount, reason: input.reason });
    return finish(ctx, account, 'account.refunded', 'refund', amount, { reason: input.reason });
  },
};

export const accountCreditInput = z
  .object({ ...moneyMove, reason: z.string().trim().min(1, { error: 'say why the credit is given' }).max(500) })
  .strict();

/** Give a client credit (goodwill, a correction): it counts like a payment, with its reason. */
export const creditAccount: CommandSpec<typeof accountCreditInput, AccountView> = {
  name: 'accounts.credit',
  input: accountCreditInput,
  allowed: ['staff', 'admin'],
  action: 'credit an account',
  locks: (_tx, input) => [`client:${input.clientId}`],
  async run(ctx, input) {
    const account = await openAccount(ctx, input.clientId);
    const amount = amountIn(input.amount, ctx.settings.currency, ['amount']);
    account.post({ kind: 'credit', amount, reason: input.reason });
    return finish(ctx, account, 'account.credited', 'credit', amount, { reason: input.reason });
  },
};
