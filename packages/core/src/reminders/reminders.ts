import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { Block } from '../blocks/block.js';
import { expiryInstant } from '../blocks/expiry.js';
import { idSchema } from '../blocks/schemas.js';
import { isLowBalance } from '../credits/moves.js';
import type { BlockBalance } from '../ledger/balance.js';
import type { Money } from '../money.js';
import { ownClientId, viewOf } from '../queries/block-queries.js';
import { invoiceView } from '../queries/invoice-queries.js';
import type { QuerySpec } from '../runtime/runtime.js';
import { todayIn } from '../time.js';
import { sessionReminders } from './session-reminders.js';

/** The command that resolves a reminder, so a dashboard can offer it as a button. */
export type ReminderAction =
  | { readonly kind: 'issue_invoice'; readonly command: 'blocks.issueInvoice'; readonly blockId: string }
  | {
      readonly kind: 'record_payment';
      readonly command: 'blocks.recordPayment';
      readonly blockId: string;
      readonly due: Money;
    }
  | { readonly kind: 'sell_block'; readonly command: 'blocks.create'; readonly clientId: string }
  | { readonly kind: 'extend_expiry'; readonly command: 'blocks.extendExpiry'; readonly blockId: string }
  | {
      readonly kind: 'link_block';
      readonly command: 'sessions.link';
      readonly sessionId: string;
      readonly clientId: string;
      readonly blockId: string;
    }
  | {
      readonly kind: 'invoice_sessions';
      readonly command: 'accounts.issueInvoice';
      readonly clientId: string;
      readonly attendanceIds: readonly string[];
    }
  | {
      readonly kind: 'record_account_payment';
      readonly command: 'accounts.recordPayment';
      readonly clientId: string;
      readonly invoiceId: string;
      readonly due: Money;
    };

interface ReminderBase {
  readonly clientId: string;
  readonly blockId: string;
  readonly blockName: string;
  readonly action: ReminderAction;
}

/** A session place that no block pays for and no invoice bills: "unlinked". */
export interface UnlinkedSessionReminder {
  readonly type: 'unlinked_session';
  readonly clientId: string;
  readonly sessionId: string;
  readonly attendanceId: string;
  readonly startsAt: string;
  readonly status: string;
  /** What it costs (expected, while scheduled). */
  readonly cost: Money;
  readonly action: ReminderAction;
}

/** An invoice of sessions not yet paid in full. */
export interface UnpaidSessionsInvoiceReminder {
  readonly type: 'unpaid_invoice';
  readonly clientId: string;
  readonly blockId: null;
  readonly invoiceId: string;
  readonly number: string;
  readonly unpaid: Money;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly action: ReminderAction;
}

export type Reminder =
  | UnlinkedSessionReminder
  | UnpaidSessionsInvoiceReminder
  | (ReminderBase & { readonly type: 'low_balance'; readonly remaining: number; readonly purchased: number })
  | (ReminderBase & { readonly type: 'last_unit_used'; readonly purchased: number })
  | (ReminderBase & {
      readonly type: 'expiring';
      readonly expiresOn: string;
      readonly daysLeft: number;
      readonly remaining: number;
    })
  | (ReminderBase & { readonly type: 'expired'; readonly expiresOn: string; readonly forfeited: number })
  | (ReminderBase & { readonly type: 'uninvoiced' })
  | (ReminderBase & {
      readonly type: 'unpaid_invoice';
      readonly invoiceId: string;
      readonly number: string;
      readonly unpaid: Money;
      readonly dueOn: string;
      readonly overdue: boolean;
    });

export type ReminderType = Reminder['type'];

export const remindersInput = z
  .object({
    clientId: idSchema.optional(),
    /** Blocks whose last day falls within this many days count as expiring. */
    expiringWithinDays: z.number().int().min(0).max(365).default(14),
  })
  .strict()
  .default({ expiringWithinDays: 14 });

/**
 * Everything that needs someone's attention, computed from the ledgers at
 * this moment (nothing is stored): blocks with a low balance, the last unit
 * used, expiring soon or expired, never invoiced, invoices not paid; sessions
 * no block pays for and no invoice bills ("unlinked"). Each item carries the
 * action that resolves it. Ordered by client: blocks first, then sessions.
 */
export const reminders: QuerySpec<typeof remindersInput, Reminder[]> = {
  name: 'reminders.list',
  input: remindersInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read reminders',
  async run(ctx, input) {
    const clientId = ownClientId(ctx.actor, input.clientId);
    const blocks = clientId !== undefined ? await ctx.tx.blocks.listByClient(clientId) : await ctx.tx.blocks.list();
    const today = todayIn(ctx.now, ctx.settings.timeZone);
    const items: Reminder[] = [];
    for (const block of blocks) {
      if (block.deletedAt !== null || block.status === 'cancelled') continue;
      const { balance } = await viewOf(ctx.tx, block);
      const base = { clientId: block.clientId, blockId: block.id, blockName: block.name };
      const sell = { kind: 'sell_block', command: 'blocks.create', clientId: block.clientId } as const;
      const extend = { kind: 'extend_expiry', command: 'blocks.extendExpiry', blockId: block.id } as const;
      const expired = isPastExpiry(block, ctx.now, ctx.settings.timeZone);

      if (block.status === 'draft' && block.invoiceId === null) {
        items.push({
          ...base,
          type: 'uninvoiced',
          action: { kind: 'issue_invoice', command: 'blocks.issueInvoice', blockId: block.id },
        });
      }
      if (block.invoiceId !== null) {
        const invoice = await ctx.tx.invoices.get(block.invoiceId);
        if (invoice) {
          const view = await invoiceView(ctx, invoice);
          if (view.unpaid.amount > 0) {
            items.push({
              ...base,
              type: 'unpaid_invoice',
              invoiceId: invoice.id,
              number: invoice.number,
              unpaid: view.unpaid,
              dueOn: invoice.dueOn,
              overdue: view.overdue,
              action: { kind: 'record_payment', command: 'blocks.recordPayment', blockId: block.id, due: view.unpaid },
            });
          }
        }
      }
      if (block.status === 'expired' || (expired && block.status === 'active')) {
        items.push({
          ...base,
          type: 'expired',
          expiresOn: block.expiresOn ?? '',
          forfeited: forfeitedOrRemaining(balance),
          action: extend,
        });
        continue;
      }
      if (block.status === 'completed' || (block.status === 'active' && balance.remaining === 0)) {
        items.push({ ...base, type: 'last_unit_used', purchased: balance.purchased, action: sell });
      } else if (block.status === 'active' && isLowBalance(balance, ctx.settings.lowBalanceThresholdPercent)) {
        items.push({
          ...base,
          type: 'low_balance',
          remaining: balance.remaining,
          purchased: balance.purchased,
          action: sell,
        });
      }
      if (block.expiresOn !== null && block.status !== 'completed') {
        const daysLeft = today.until(Temporal.PlainDate.from(block.expiresOn), { largestUnit: 'days' }).days;
        if (daysLeft <= input.expiringWithinDays) {
          items.push({
            ...base,
            type: 'expiring',
            expiresOn: block.expiresOn,
            daysLeft,
            remaining: balance.remaining,
            action: extend,
          });
        }
      }
    }
    items.push(...(await sessionReminders(ctx, clientId)));
    return items.sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  },
};

function isPastExpiry(block: Block, now: Temporal.Instant, timeZone: string): boolean {
  const expiry = expiryInstant(block, timeZone);
  return expiry !== null && Temporal.Instant.compare(now, expiry) >= 0;
}

/** An expired block shows what it forfeited; one not yet swept shows what it will forfeit. */
function forfeitedOrRemaining(balance: BlockBalance): number {
  return balance.forfeited > 0 ? balance.forfeited : balance.remaining;
}
