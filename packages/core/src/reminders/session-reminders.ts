import type { Block } from '../blocks/block.js';
import { checkEligibility } from '../credits/eligibility.js';
import { isSessionsError } from '../errors.js';
import type { Invoice } from '../invoices/invoice.js';
import type { Money } from '../money.js';
import { invoiceView } from '../queries/invoice-queries.js';
import type { QueryContext } from '../runtime/runtime.js';
import { byExpiry } from '../sessions/placement.js';
import type { Attendance, Session } from '../sessions/session.js';
import { bookingOf, isCharged } from '../sessions/session-command.js';
import type { Reminder, ReminderAction } from './reminder.js';

/**
 * Session reminders: every place no block pays for and no invoice bills (a
 * scheduled one, or one settled at a cost), with the action that resolves
 * it — link it to the client's block that can pay, invoice it, or sell a
 * block — and every invoice of sessions not yet paid.
 */
export async function sessionReminders(ctx: QueryContext, clientId: string | undefined): Promise<Reminder[]> {
  const { tx } = ctx;
  const unlinked =
    clientId !== undefined
      ? (await tx.attendances.listByClient(clientId)).filter((a) => a.blockId === null && a.invoiceId === null)
      : await tx.attendances.listUnlinked();
  const items = await remindersOfAttendances(ctx, unlinked);
  // Money owed is the practice's business: practitioners are not shown invoices.
  if (ctx.actor.kind === 'practitioner') return items;
  const invoices =
    clientId !== undefined
      ? (await tx.invoices.list()).filter((i) => i.blockId === null && i.clientId === clientId)
      : await tx.invoices.listForSessions();
  items.push(...(await remindersOfSessionInvoices(ctx, invoices)));
  return items;
}

/**
 * `unlinked_session` reminders for unlinked attendances: scheduled ones, and
 * settled ones that cost something (not cancelled free, not deleted). A
 * practitioner is reminded of their own sessions only.
 */
export async function remindersOfAttendances(
  ctx: QueryContext,
  attendances: readonly Attendance[],
): Promise<Reminder[]> {
  const { tx } = ctx;
  const practitioner = ctx.actor.kind === 'practitioner' ? ctx.actor.id : null;
  const due = attendances.filter(
    (a) =>
      a.blockId === null &&
      a.invoiceId === null &&
      a.deletedAt === null &&
      (a.status === 'scheduled' || (isCharged(a) && a.cost > 0)),
  );
  const sessions = new Map(
    (await tx.sessions.getMany([...new Set(due.map((a) => a.sessionId))])).map((s) => [s.id, s]),
  );
  const blocksOf = new Map<string, Promise<Block[]>>();
  const m = (amount: number): Money => ({ amount, currency: ctx.settings.currency });
  const items: Reminder[] = [];
  for (const attendance of due) {
    const session = sessions.get(attendance.sessionId);
    if (!session || (practitioner !== null && session.practitionerId !== practitioner)) continue;
    let blocks = blocksOf.get(attendance.clientId);
    if (!blocks) {
      blocks = tx.blocks
        .listByClient(attendance.clientId)
        .then((all) => all.filter((b) => b.deletedAt === null && b.status === 'active').sort(byExpiry));
      blocksOf.set(attendance.clientId, blocks);
    }
    items.push({
      type: 'unlinked_session',
      clientId: attendance.clientId,
      sessionId: session.id,
      attendanceId: attendance.id,
      startsAt: session.startsAt,
      status: attendance.status,
      cost: m(attendance.cost),
      action: await resolution(ctx, session, attendance, await blocks),
    });
  }
  return items;
}

/** `unpaid_invoice` reminders for invoices of sessions not paid in full. */
export async function remindersOfSessionInvoices(ctx: QueryContext, invoices: readonly Invoice[]): Promise<Reminder[]> {
  const items: Reminder[] = [];
  for (const invoice of invoices) {
    if (invoice.blockId !== null) continue;
    const view = await invoiceView(ctx, invoice);
    if (view.unpaid.amount <= 0) continue;
    items.push({
      type: 'unpaid_invoice',
      clientId: invoice.clientId,
      blockId: null,
      invoiceId: invoice.id,
      number: invoice.number,
      unpaid: view.unpaid,
      dueOn: invoice.dueOn,
      overdue: view.overdue,
      action: {
        kind: 'record_account_payment',
        command: 'accounts.recordPayment',
        clientId: invoice.clientId,
        invoiceId: invoice.id,
        due: view.unpaid,
      },
    });
  }
  return items;
}

/** Link to the first block that can pay; else invoice a settled place, or sell a block for a scheduled one. */
async function resolution(
  ctx: QueryContext,
  session: Session,
  attendance: Attendance,
  blocks: readonly Block[],
): Promise<ReminderAction> {
  const request = bookingOf(session, attendance);
  for (const block of blocks) {
    try {
      const { units } = await checkEligibility(ctx, block, request);
      if ((await ctx.tx.ledger.summary(block.id)).totals.buckets.available.units >= units) {
        return {
          kind: 'link_block',
          command: 'sessions.link',
          sessionId: session.id,
          clientId: attendance.clientId,
          blockId: block.id,
        };
      }
    } catch (error) {
      if (!isSessionsError(error)) throw error;
    }
  }
  if (attendance.status !== 'scheduled') {
    return {
      kind: 'invoice_sessions',
      command: 'accounts.issueInvoice',
      clientId: attendance.clientId,
      attendanceIds: [attendance.id],
    };
  }
  return { kind: 'sell_block', command: 'blocks.create', clientId: attendance.clientId };
}
