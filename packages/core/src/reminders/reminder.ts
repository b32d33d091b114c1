import type { Money } from '../money.js';

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
