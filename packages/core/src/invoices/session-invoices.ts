import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import type { CommandSpec } from '../runtime/runtime.js';
import type { Attendance } from '../sessions/session.js';
import { isCharged } from '../sessions/session-command.js';
import { plainDateSchema, todayIn } from '../time.js';
import type { Invoice, InvoiceLine } from './invoice.js';

export const issueSessionsInvoiceInput = z
  .object({
    clientId: idSchema,
    /** Which settled sessions to bill; every one not yet billed when omitted. */
    attendanceIds: z.array(idSchema).min(1).max(500).optional(),
    dueOn: plainDateSchema.optional(),
    subject: z.string().max(200).optional(),
    message: z.string().max(5000).optional(),
  })
  .strict();

/** Whether a place in a session can be billed on an invoice: settled at a cost, on no block, not yet billed. */
function billable(attendance: Attendance): boolean {
  return (
    attendance.blockId === null &&
    attendance.invoiceId === null &&
    attendance.deletedAt === null &&
    isCharged(attendance) &&
    attendance.cost > 0
  );
}

/**
 * Invoice a client's settled sessions that no block paid for (pay-as-you-go,
 * or a session forgotten when it was booked): one line per session at what it
 * was charged. Billed sessions leave the unlinked-session reminders; payments
 * naming the invoice (`accounts.recordPayment`) pay it.
 */
export const issueSessionsInvoice: CommandSpec<typeof issueSessionsInvoiceInput, Invoice> = {
  name: 'accounts.issueInvoice',
  input: issueSessionsInvoiceInput,
  allowed: ['staff', 'admin'],
  action: 'invoice sessions',
  locks: (_tx, input) => [`client:${input.clientId}`, 'sequence:invoice'],
  async run(ctx, input) {
    const { tx, settings } = ctx;
    if (!(await tx.clients.get(input.clientId))) throw notFound('client', input.clientId);
    const all = await tx.attendances.listByClient(input.clientId);
    let chosen: Attendance[];
    if (input.attendanceIds) {
      chosen = input.attendanceIds.map((id, index) => {
        const attendance = all.find((a) => a.id === id);
        if (!attendance) throw notFound('attendance', id);
        if (!billable(attendance)) {
          throw new SessionsError(
            'CONFLICT',
            `Session place "${id}" cannot be invoiced: only settled, charged sessions that no block pays for and no invoice bills can be.`,
            { issues: [{ path: ['attendanceIds', index], message: 'is not billable' }] },
          );
        }
        return attendance;
      });
    } else chosen = all.filter(billable);
    if (chosen.length === 0) {
      throw new SessionsError('CONFLICT', 'This client has no settled sessions waiting to be invoiced.', {
        clientId: input.clientId,
      });
    }
    const today = todayIn(ctx.now, settings.timeZone);
    const dueOn = input.dueOn ?? today.add({ days: settings.invoiceDueDays }).toString();
    if (dueOn < today.toString()) {
      throw new SessionsError('VALIDATION_FAILED', `Invalid invoice: dueOn: ${dueOn} is before today (${today}).`, {
        issues: [{ path: ['dueOn'], message: 'must be today or later' }],
      });
    }
    const lines: InvoiceLine[] = [];
    for (const attendance of chosen) {
      const session = await tx.sessions.get(attendance.sessionId);
      const service = session && (await tx.services.get(session.serviceId));
      const when = session
        ? Temporal.Instant.from(session.startsAt)
            .toZonedDateTimeISO(session.timeZone)
            .toPlainDateTime()
            .toString({ smallestUnit: 'minute' })
            .replace('T', ' ')
        : attendance.startsAt;
      lines.push({
        description: `${service?.name ?? 'Session'}, ${when} (${attendance.completion?.label ?? attendance.status})`,
        quantity: 1,
        unitPrice: attendance.cost,
        amount: attendance.cost,
      });
    }
    const number = `${settings.invoicePrefix}${String(await tx.sequences.next('invoice')).padStart(4, '0')}`;
    const invoice: Invoice = {
      tenantId: ctx.actor.tenantId,
      id: ctx.ids(),
      blockId: null,
      attendanceIds: chosen.map((a) => a.id),
      clientId: input.clientId,
      number,
      lines,
      total: lines.reduce((sum, line) => sum + line.amount, 0),
      currency: settings.currency,
      issuedAt: ctx.at,
      dueOn,
      subject: input.subject ?? null,
      message: input.message ?? null,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    await tx.invoices.insert(invoice);
    for (const attendance of chosen)
      await tx.attendances.update({ ...attendance, invoiceId: invoice.id, updatedAt: ctx.at });
    ctx.emit(
      'account.invoice_issued',
      { type: 'client', id: input.clientId },
      {
        invoiceId: invoice.id,
        number,
        total: invoice.total,
        dueOn,
        attendanceIds: invoice.attendanceIds,
      },
    );
    return invoice;
  },
};
