import type { Block } from '../blocks/block.js';
import { checkEligibility } from '../credits/eligibility.js';
import { isSessionsError } from '../errors.js';
import type { Invoice } from '../invoices/invoice.js';
import type { Money } from '../money.js';
import type { LedgerSummary } from '../ports/store.js';
import { References } from '../runtime/references.js';
import type { QueryContext } from '../runtime/runtime.js';
import { byExpiry } from '../sessions/placement.js';
import type { Attendance, Session } from '../sessions/session.js';
import { bookingOf, isCharged } from '../sessions/session-command.js';
import { todayIn } from '../time.js';
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
 * practitioner is reminded of their own sessions only. Everything the
 * attendances need is read at once — their sessions, their clients' blocks
 * and those blocks' summaries, each service and practitioner once — so a
 * page of them costs a handful of reads, not a few per attendance.
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
  if (due.length === 0) return [];
  const sessions = new Map(
    (await tx.sessions.getMany([...new Set(due.map((a) => a.sessionId))])).map((s) => [s.id, s]),
  );
  const blocks = (await tx.blocks.listByClients([...new Set(due.map((a) => a.clientId))]))
    .filter((b) => b.deletedAt === null && b.status === 'active')
    .sort(byExpiry);
  const summaries = await tx.ledger.summaries(blocks.map((b) => b.id));
  const lookups = { ...ctx, refs: new References(tx) };
  await lookups.refs.preload(
    [...sessions.values()].map((s) => s.serviceId),
    [...sessions.values()].map((s) => s.practitionerId),
  );
  const m = (amount: number): Money => ({ amount, currency: ctx.settings.currency });
  const items: Reminder[] = [];
  for (const attendance of due) {
    const session = sessions.get(attendance.sessionId);
    if (!session || (practitioner !== null && session.practitionerId !== practitioner)) continue;
    const theirs = blocks.filter((b) => b.clientId === attendance.clientId);
    items.push({
      type: 'unlinked_session',
      clientId: attendance.clientId,
      sessionId: session.id,
      attendanceId: attendance.id,
      startsAt: session.startsAt,
      status: attendance.status,
      cost: m(attendance.cost),
      action: await resolution(lookups, session, attendance, theirs, summaries),
    });
  }
  return items;
}

/** `unpaid_invoice` reminders for invoices of sessions not paid in full; their payments read in one call. */
export async function remindersOfSessionInvoices(ctx: QueryContext, invoices: readonly Invoice[]): Promise<Reminder[]> {
  const ofSessions = invoices.filter((i) => i.blockId === null);
  if (ofSessions.length === 0) return [];
  const paid = await ctx.tx.accounts.paymentsFor(ofSessions.map((i) => i.id));
  const today = todayIn(ctx.now, ctx.settings.timeZone).toString();
  const items: Reminder[] = [];
  for (const invoice of ofSessions) {
    const unpaid: Money = { amount: invoice.total - (paid.get(invoice.id) ?? 0), currency: invoice.currency };
    if (unpaid.amount <= 0) continue;
    items.push({
      type: 'unpaid_invoice',
      clientId: invoice.clientId,
      blockId: null,
      invoiceId: invoice.id,
      number: invoice.number,
      unpaid,
      dueOn: invoice.dueOn,
      overdue: invoice.dueOn < today,
      action: {
        kind: 'record_account_payment',
        command: 'accounts.recordPayment',
        clientId: invoice.clientId,
        invoiceId: invoice.id,
        due: unpaid,
      },
    });
  }
  return items;
}

/** Link to the first block that can pay; else invoice a settled place, or sell a block for a scheduled one. */
async function resolution(
  ctx: QueryContext & { refs: References },
  session: Session,
  attendance: Attendance,
  blocks: readonly Block[],
  summaries: ReadonlyMap<string, LedgerSummary>,
): Promise<ReminderAction> {
  const request = bookingOf(session, attendance);
  for (const block of blocks) {
    try {
      const { units } = await checkEligibility(ctx, block, request);
      if ((summaries.get(block.id)?.totals.buckets.available.units ?? 0) >= units) {
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
