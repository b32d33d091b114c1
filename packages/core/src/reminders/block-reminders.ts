import type { Temporal } from 'temporal-polyfill';
import type { Block } from '../blocks/block.js';
import { LIVE_STATUSES } from '../blocks/limits.js';
import { isLowBalance } from '../credits/moves.js';
import type { Invoice } from '../invoices/invoice.js';
import type { BlockBalance } from '../ledger/balance.js';
import type { TenantSettings } from '../settings/settings.js';
import { toInstantString } from '../time.js';
import type { Reminder } from './reminder.js';

/** What the block rules need to know about "now", computed once per call. */
export interface ReminderClock {
  readonly now: Temporal.Instant;
  /** Today on the practice's calendar, YYYY-MM-DD. */
  readonly today: string;
  readonly settings: TenantSettings;
  /** Blocks whose last day falls within this many days count as expiring. */
  readonly expiringWithinDays: number;
  /** The first day still "recent": an expiry on or after it is still reminded of. */
  readonly recentSince: string;
  /** The instant that day began: a block completed at or after it is still reminded of. */
  readonly recentSinceInstant: string;
}

/** A used-up or expired block is worth a reminder for this long: after that it is history. */
export const RECENT_DAYS = 30;

export function reminderClockAt(
  now: Temporal.Instant,
  settings: TenantSettings,
  expiringWithinDays: number,
): ReminderClock {
  const today = now.toZonedDateTimeISO(settings.timeZone).toPlainDate();
  const since = today.subtract({ days: RECENT_DAYS });
  return {
    now,
    today: today.toString(),
    settings,
    expiringWithinDays,
    recentSince: since.toString(),
    recentSinceInstant: toInstantString(since.toZonedDateTime({ timeZone: settings.timeZone }).toInstant()),
  };
}

/** Days from one calendar date to another: plain date arithmetic (UTC days, no zone involved). */
export function daysBetween(from: string, to: string): number {
  return (
    (Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) -
      Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) /
    86_400_000
  );
}

/**
 * The reminders one block calls for, from its record, its balance and its
 * invoice (nothing is read): never invoiced; invoice unpaid; expired (or past
 * its date before the sweep); last unit used; low balance; expiring soon. A
 * used-up or expired block is reminded of for `RECENT_DAYS`, and not at all
 * once the client has a newer live block — the reminder's action (sell a
 * block, extend) has then been taken or overtaken. Dates compare as strings
 * (ISO dates and UTC instants sort as they read): no zone work per block.
 */
export function blockReminders(
  block: Block,
  balance: BlockBalance,
  invoice: Invoice | null,
  clock: ReminderClock,
  clientHasNewerLiveBlock: boolean,
): Reminder[] {
  if (block.deletedAt !== null || block.status === 'cancelled') return [];
  const items: Reminder[] = [];
  const base = { clientId: block.clientId, blockId: block.id, blockName: block.name };
  const sell = { kind: 'sell_block', command: 'blocks.create', clientId: block.clientId } as const;
  const extend = { kind: 'extend_expiry', command: 'blocks.extendExpiry', blockId: block.id } as const;
  // A block is usable through the end of its expiry date: past it once that date is before today.
  const pastExpiry = block.expiresOn !== null && block.expiresOn < clock.today;

  if (block.status === 'draft' && block.invoiceId === null) {
    items.push({
      ...base,
      type: 'uninvoiced',
      action: { kind: 'issue_invoice', command: 'blocks.issueInvoice', blockId: block.id },
    });
  }
  if (invoice !== null && balance.unpaid.amount > 0) {
    items.push({
      ...base,
      type: 'unpaid_invoice',
      invoiceId: invoice.id,
      number: invoice.number,
      unpaid: balance.unpaid,
      dueOn: invoice.dueOn,
      overdue: invoice.dueOn < clock.today,
      action: { kind: 'record_payment', command: 'blocks.recordPayment', blockId: block.id, due: balance.unpaid },
    });
  }
  if (block.status === 'expired' || (pastExpiry && block.status === 'active')) {
    if (!clientHasNewerLiveBlock && (block.expiresOn ?? clock.today) >= clock.recentSince) {
      items.push({
        ...base,
        type: 'expired',
        expiresOn: block.expiresOn ?? '',
        forfeited: balance.forfeited > 0 ? balance.forfeited : balance.remaining,
        action: extend,
      });
    }
    return items;
  }
  if (block.status === 'completed' || (block.status === 'active' && balance.remaining === 0)) {
    if (!clientHasNewerLiveBlock && (block.closedAt ?? clock.recentSinceInstant) >= clock.recentSinceInstant) {
      items.push({ ...base, type: 'last_unit_used', purchased: balance.purchased, action: sell });
    }
  } else if (block.status === 'active' && isLowBalance(balance, clock.settings.lowBalanceThresholdPercent)) {
    items.push({
      ...base,
      type: 'low_balance',
      remaining: balance.remaining,
      purchased: balance.purchased,
      action: sell,
    });
  }
  if (block.expiresOn !== null && block.status !== 'completed') {
    const daysLeft = daysBetween(clock.today, block.expiresOn);
    if (daysLeft <= clock.expiringWithinDays) {
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
  return items;
}

/** Whether `block` has a newer live (draft, pending, active) block of the same client among `blocks`. */
export function hasNewerLiveBlock(block: Block, blocks: readonly Block[]): boolean {
  return blocks.some(
    (b) =>
      b.id !== block.id &&
      b.clientId === block.clientId &&
      b.deletedAt === null &&
      LIVE_STATUSES.includes(b.status) &&
      (b.createdAt > block.createdAt || (b.createdAt === block.createdAt && b.id > block.id)),
  );
}
