import { z } from 'zod';
import type { Block } from '../blocks/block.js';
import { idSchema } from '../blocks/schemas.js';
import type { Invoice } from '../invoices/invoice.js';
import { ownClientId, viewsOf } from '../queries/block-queries.js';
import type { QueryContext, QuerySpec } from '../runtime/runtime.js';
import { blockReminders, hasNewerLiveBlock, type ReminderClock, reminderClockAt } from './block-reminders.js';
import type { Reminder } from './reminder.js';
import { sessionReminders } from './session-reminders.js';

export type {
  Reminder,
  ReminderAction,
  ReminderType,
  UnlinkedSessionReminder,
  UnpaidSessionsInvoiceReminder,
} from './reminder.js';

export const remindersInput = z
  .object({
    clientId: idSchema.optional(),
    /** Blocks whose last day falls within this many days count as expiring. */
    expiringWithinDays: z.number().int().min(0).max(365).default(14),
  })
  .strict()
  .default({ expiringWithinDays: 14 });

export function reminderClock(ctx: Pick<QueryContext, 'now' | 'settings'>, expiringWithinDays: number): ReminderClock {
  return reminderClockAt(ctx.now, ctx.settings, expiringWithinDays);
}

/**
 * The reminders of some blocks, by block, with their balances and invoices
 * read in two calls. Whether a used-up or expired block was followed by a
 * newer live one is looked up (per client) only for those blocks, unless the
 * caller already holds every block of the clients (`known`).
 */
export async function remindersByBlock(
  ctx: QueryContext,
  blocks: readonly Block[],
  clock: ReminderClock,
  known?: readonly Block[],
): Promise<Map<string, Reminder[]>> {
  const open = blocks.filter((b) => b.deletedAt === null && b.status !== 'cancelled');
  const views = await viewsOf(ctx.tx, open);
  const invoiceIds = open.map((b) => b.invoiceId).filter((id): id is string => id !== null);
  const invoices = new Map<string, Invoice>((await ctx.tx.invoices.getMany(invoiceIds)).map((i) => [i.id, i]));
  const result = new Map<string, Reminder[]>();
  const overtakable: { block: Block; balance: (typeof views)[number]['balance']; invoice: Invoice | null }[] = [];
  for (const { block, balance } of views) {
    const invoice = block.invoiceId ? (invoices.get(block.invoiceId) ?? null) : null;
    const items = blockReminders(block, balance, invoice, clock, false);
    result.set(block.id, items);
    // Only a reminder to sell or extend can be overtaken by a newer block: check those.
    if (items.some((r) => r.type === 'last_unit_used' || r.type === 'expired'))
      overtakable.push({ block, balance, invoice });
  }
  if (overtakable.length > 0) {
    const theirs = known ?? (await ctx.tx.blocks.listByClients([...new Set(overtakable.map((o) => o.block.clientId))]));
    for (const { block, balance, invoice } of overtakable) {
      if (hasNewerLiveBlock(block, theirs)) result.set(block.id, blockReminders(block, balance, invoice, clock, true));
    }
  }
  return result;
}

/**
 * Everything that needs someone's attention, computed from the ledgers at
 * this moment (nothing is stored): blocks with a low balance, the last unit
 * used, expiring soon or expired, never invoiced, invoices not paid; sessions
 * no block pays for and no invoice bills ("unlinked"). Each item carries the
 * action that resolves it. Ordered by client: blocks first, then sessions.
 * For a whole practice, `remindersPage` does the same work a page at a time.
 */
export const reminders: QuerySpec<typeof remindersInput, Reminder[]> = {
  name: 'reminders.list',
  input: remindersInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read reminders',
  async run(ctx, input) {
    const clientId = ownClientId(ctx.actor, input.clientId);
    const blocks = clientId !== undefined ? await ctx.tx.blocks.listByClient(clientId) : await ctx.tx.blocks.list();
    const byBlock = await remindersByBlock(
      ctx,
      blocks,
      reminderClock(ctx, input.expiringWithinDays),
      clientId !== undefined ? blocks : undefined,
    );
    const items = blocks.flatMap((b) => byBlock.get(b.id) ?? []);
    items.push(...(await sessionReminders(ctx, clientId)));
    return items.sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  },
};
