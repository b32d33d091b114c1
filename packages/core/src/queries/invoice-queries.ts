import { z } from 'zod';
import { getVisibleBlock } from '../blocks/block-ledger.js';
import { idSchema } from '../blocks/schemas.js';
import { notFound } from '../errors.js';
import type { Invoice } from '../invoices/invoice.js';
import { balanceFromTotals } from '../ledger/balance.js';
import type { Money } from '../money.js';
import type { QueryContext, QuerySpec } from '../runtime/runtime.js';
import { todayIn } from '../time.js';
import { ownClientId } from './block-queries.js';

export const INVOICE_STATUSES = ['unpaid', 'partially_paid', 'paid', 'settled'] as const;
/** `settled`: nothing is owed because a refund wrote off what was unpaid. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** An invoice with what has been paid against it, read from the block's ledger. */
export interface InvoiceView {
  readonly invoice: Invoice;
  readonly paid: Money;
  readonly writtenOff: Money;
  readonly unpaid: Money;
  readonly status: InvoiceStatus;
  /** Unpaid after its due date (in the practice's zone). */
  readonly overdue: boolean;
}

const invoiceIdInput = z.object({ invoiceId: idSchema }).strict();

export const getInvoice: QuerySpec<typeof invoiceIdInput, InvoiceView> = {
  name: 'invoices.get',
  input: invoiceIdInput,
  allowed: ['client', 'staff', 'admin'],
  action: 'read an invoice',
  async run(ctx, { invoiceId }) {
    const invoice = await ctx.tx.invoices.get(invoiceId);
    if (!invoice || (ctx.actor.kind === 'client' && invoice.clientId !== ctx.actor.id))
      throw notFound('invoice', invoiceId);
    return invoiceView(ctx, invoice);
  },
};

export const listInvoicesInput = z
  .object({ clientId: idSchema.optional(), unpaidOnly: z.boolean().default(false) })
  .strict()
  .default({ unpaidOnly: false });

/** Invoices oldest first; a client sees only their own. */
export const listInvoices: QuerySpec<typeof listInvoicesInput, InvoiceView[]> = {
  name: 'invoices.list',
  input: listInvoicesInput,
  allowed: ['client', 'staff', 'admin'],
  action: 'list invoices',
  async run(ctx, input) {
    const clientId = ownClientId(ctx.actor, input.clientId);
    const invoices = (await ctx.tx.invoices.list()).filter((i) => clientId === undefined || i.clientId === clientId);
    const views = await Promise.all(invoices.map((invoice) => invoiceView(ctx, invoice)));
    return input.unpaidOnly ? views.filter((v) => v.unpaid.amount > 0) : views;
  },
};

export async function invoiceView(
  ctx: Pick<QueryContext, 'tx' | 'actor' | 'now' | 'settings'>,
  invoice: Invoice,
): Promise<InvoiceView> {
  const m = (amount: number): Money => ({ amount, currency: invoice.currency });
  let paid: Money;
  let writtenOff: Money;
  let unpaid: Money;
  if (invoice.blockId !== null) {
    const block = await getVisibleBlock(ctx.tx, ctx.actor, invoice.blockId);
    ({ paid, writtenOff, unpaid } = balanceFromTotals(block, (await ctx.tx.ledger.summary(block.id)).totals));
  } else {
    // An invoice of sessions is paid by account payments that name it.
    const entries = await ctx.tx.accounts.listByClient(invoice.clientId);
    const total = entries
      .filter((e) => e.kind === 'payment' && e.invoiceId === invoice.id)
      .reduce((sum, e) => sum + e.amount, 0);
    paid = m(total);
    writtenOff = m(0);
    unpaid = m(invoice.total - total);
  }
  const status: InvoiceStatus =
    unpaid.amount === 0 ? (writtenOff.amount > 0 ? 'settled' : 'paid') : paid.amount > 0 ? 'partially_paid' : 'unpaid';
  const today = todayIn(ctx.now, ctx.settings.timeZone).toString();
  return { invoice, paid, writtenOff, unpaid, status, overdue: unpaid.amount > 0 && invoice.dueOn < today };
}
