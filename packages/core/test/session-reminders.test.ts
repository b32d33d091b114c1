import type { Reminder } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

const day = (d: number) => berlin(`2026-03-${String(d).padStart(2, '0')}T09:00`);

const unlinked = (p: Practice, d: number, clientId = p.clientId) =>
  schedule(p, { clients: [{ clientId, blockId: null }], start: day(d) });

const attendanceOf = (s: { attendances: readonly { attendance: { id: string } }[] }) =>
  s.attendances[0]?.attendance.id as string;

/** The session reminders only (unlinked sessions, unpaid invoices of sessions), as the actor sees them. */
async function sessionReminders(p: Practice, actor = p.staff, clientId?: string): Promise<Reminder[]> {
  const all = await p.sessions.reminders(actor, clientId === undefined ? {} : { clientId });
  return all.filter((r) => r.type === 'unlinked_session' || (r.type === 'unpaid_invoice' && r.blockId === null));
}

describe('unlinked_session reminders', () => {
  it('ask to sell a block for a scheduled session no block can pay; once one can, to link it; linking clears it', async () => {
    const p = await practice();
    const s = await unlinked(p, 10);
    const [reminder] = await sessionReminders(p);
    expect(await sessionReminders(p)).toEqual([
      {
        type: 'unlinked_session',
        clientId: p.clientId,
        sessionId: s.session.id,
        attendanceId: attendanceOf(s),
        startsAt: '2026-03-10T08:00:00.000Z',
        status: 'scheduled',
        cost: EUR(9500),
        action: { kind: 'sell_block', command: 'blocks.create', clientId: p.clientId },
      },
    ]);

    // Selling a block is the first step: a draft block cannot pay yet.
    const { block } = await p.sessions.blocks.create(p.staff, {
      clientId: reminder?.clientId as string,
      quantity: 10,
      price: { total: EUR(100000) },
    });
    expect((await sessionReminders(p)).map((r) => r.action.kind)).toEqual(['sell_block']);
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: block.id, amount: EUR(100000) });

    const [linkable] = await sessionReminders(p);
    expect(linkable?.action).toEqual({
      kind: 'link_block',
      command: 'sessions.link',
      sessionId: s.session.id,
      clientId: p.clientId,
      blockId: block.id,
    });
    if (linkable?.action.kind !== 'link_block') throw new Error('expected a link_block action');
    const { sessionId, clientId, blockId } = linkable.action;
    await p.sessions.sessions.link(p.staff, { sessionId, clientId, blockId });
    expect(await sessionReminders(p)).toEqual([]);
    expect(await p.sessions.reminders(p.staff)).toEqual([]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('ask to invoice a session settled at a cost; invoicing turns it into an unpaid invoice until paid', async () => {
    const p = await practice();
    const s = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.practitioner, { sessionId: s.session.id, type: 'missed' });
    const [reminder] = await sessionReminders(p);
    expect(reminder).toMatchObject({
      type: 'unlinked_session',
      attendanceId: attendanceOf(s),
      status: 'missed',
      cost: EUR(9500),
      action: {
        kind: 'invoice_sessions',
        command: 'accounts.issueInvoice',
        clientId: p.clientId,
        attendanceIds: [attendanceOf(s)],
      },
    });
    if (reminder?.action.kind !== 'invoice_sessions') throw new Error('expected an invoice_sessions action');
    const invoice = await p.sessions.accounts.issueInvoice(p.staff, {
      clientId: reminder.action.clientId,
      attendanceIds: [...reminder.action.attendanceIds],
    });

    const due = (amount: number) => ({
      type: 'unpaid_invoice',
      clientId: p.clientId,
      blockId: null,
      invoiceId: invoice.id,
      number: 'INV-0001',
      unpaid: EUR(amount),
      dueOn: '2026-03-15',
      overdue: false,
      action: {
        kind: 'record_account_payment',
        command: 'accounts.recordPayment',
        clientId: p.clientId,
        invoiceId: invoice.id,
        due: EUR(amount),
      },
    });
    expect(await sessionReminders(p)).toEqual([due(9500)]);
    await p.sessions.accounts.recordPayment(p.staff, {
      clientId: p.clientId,
      amount: EUR(4000),
      invoiceId: invoice.id,
    });
    expect(await sessionReminders(p)).toEqual([due(5500)]);
    p.clock.set('2026-03-16T12:00:00Z');
    expect(await sessionReminders(p)).toEqual([{ ...due(5500), overdue: true }]);
    await p.sessions.accounts.recordPayment(p.staff, {
      clientId: p.clientId,
      amount: EUR(5500),
      invoiceId: invoice.id,
    });
    expect(await p.sessions.reminders(p.staff)).toEqual([]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('ask to link a settled session when a block can pay for it, rather than invoice it', async () => {
    const p = await practice();
    const s = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: s.session.id });
    const { block } = await p.activeBlock();
    const [reminder] = await sessionReminders(p);
    expect(reminder).toMatchObject({
      status: 'completed',
      action: { kind: 'link_block', sessionId: s.session.id, clientId: p.clientId, blockId: block.id },
    });
    await p.sessions.sessions.link(p.staff, { sessionId: s.session.id, clientId: p.clientId, blockId: block.id });
    expect(await sessionReminders(p)).toEqual([]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('come back when a session is unlinked from its block', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const s = await schedule(p, { start: day(10) });
    expect(await sessionReminders(p)).toEqual([]);
    await p.sessions.sessions.unlink(p.staff, { sessionId: s.session.id, clientId: p.clientId });
    expect(await sessionReminders(p)).toEqual([
      expect.objectContaining({
        attendanceId: attendanceOf(s),
        status: 'scheduled',
        action: expect.objectContaining({ kind: 'link_block', blockId: block.id }),
      }),
    ]);
  });

  it('leave out sessions that cost nothing, deleted ones and the ones a block pays for', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    await p.activeBlock();
    const cancelled = await unlinked(p, 10);
    await p.sessions.sessions.cancel(p.staff, { sessionId: cancelled.session.id });
    const completedFree = await unlinked(p, 11);
    await p.sessions.sessions.complete(p.staff, { sessionId: completedFree.session.id, type: 'cancelled' });
    const zero = await unlinked(p, 12);
    await p.sessions.sessions.complete(p.staff, {
      sessionId: zero.session.id,
      type: 'cost_override',
      cost: EUR(0),
      wage: EUR(4500),
    });
    const deleted = await unlinked(p, 13);
    await p.sessions.sessions.delete(p.staff, { sessionId: deleted.session.id });
    const deletedSettled = await unlinked(p, 14);
    await p.sessions.sessions.complete(p.staff, { sessionId: deletedSettled.session.id });
    await p.sessions.sessions.delete(p.staff, { sessionId: deletedSettled.session.id });
    const onBlock = await schedule(p, { start: day(15) });
    const onBlockDone = await schedule(p, { start: day(16) });
    await p.sessions.sessions.complete(p.staff, { sessionId: onBlockDone.session.id });
    expect(onBlock.attendances[0]?.attendance.blockId).not.toBeNull();
    expect(await sessionReminders(p)).toEqual([]);
    expect(await sessionReminders(p, p.client)).toEqual([]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('include a late cancellation charged under the policy, at its cost', async () => {
    const p = await practice();
    const half = await p.sessions.completionTypes.create(p.admin, {
      label: 'Late Cancel',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    await p.sessions.settings.update(p.admin, {
      cancellationPolicy: { clientsMayCancel: true, tiers: [{ withinHours: 24, completionTypeId: half.id }] },
    });
    await p.sessions.clients.update(p.staff, { id: p.clientId, canCancelSessions: true });
    const s = await unlinked(p, 10);
    p.clock.set('2026-03-09T20:00:00Z'); // 12 hours before the start
    await p.sessions.sessions.cancel(p.client, { sessionId: s.session.id });
    expect(await sessionReminders(p, p.client)).toEqual([
      expect.objectContaining({
        attendanceId: attendanceOf(s),
        status: 'cancelled',
        cost: EUR(4750),
        action: expect.objectContaining({ kind: 'invoice_sessions', attendanceIds: [attendanceOf(s)] }),
      }),
    ]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('the block a link_block reminder names', () => {
  it('is the soonest-expiring block that can pay for the session', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 6 });
    const massage = await p.sessions.services.create(p.staff, {
      name: 'Massage',
      durationMinutes: 60,
      price: EUR(8000),
      wage: EUR(4000),
    });
    const never = await p.activeBlock({ name: 'Never expires' });
    const june = await p.activeBlock({ name: 'June', expiresOn: '2026-06-30' });
    const aprilFull = await p.activeBlock({
      name: 'April, used up',
      expiresOn: '2026-04-15',
      quantity: 1,
      price: { total: EUR(9500) },
    });
    await p.activeBlock({ name: 'Too early', expiresOn: '2026-03-08' });
    await p.activeBlock({ name: 'Massage', expiresOn: '2026-03-20', coveredServiceIds: [massage.id] });
    const may = await p.activeBlock({ name: 'May', expiresOn: '2026-05-31' });
    await schedule(p, { clients: [{ clientId: p.clientId, blockId: aprilFull.block.id }], start: day(9) });

    const s = await unlinked(p, 10);
    const actionOf = async () => (await sessionReminders(p)).find((r) => r.type === 'unlinked_session')?.action;
    expect(await actionOf()).toMatchObject({ kind: 'link_block', blockId: may.block.id });

    // Once May cannot pay (deleted), June is next, then the block that never expires.
    await p.sessions.blocks.delete(p.staff, { blockId: may.block.id, reason: 'sold by mistake' });
    expect(await actionOf()).toMatchObject({ kind: 'link_block', blockId: june.block.id });
    await p.sessions.blocks.delete(p.staff, { blockId: june.block.id, reason: 'sold by mistake' });
    expect(await actionOf()).toMatchObject({ kind: 'link_block', blockId: never.block.id });
    await p.sessions.sessions.link(p.staff, { sessionId: s.session.id, clientId: p.clientId, blockId: never.block.id });
    expect(await sessionReminders(p)).toEqual([]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('who sees session reminders', () => {
  it('a client sees only their own; staff see everyone’s, or one client’s when asked', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    const mine = await unlinked(p, 10);
    const theirs = await unlinked(p, 11, other.id);
    await p.sessions.sessions.complete(p.staff, { sessionId: theirs.session.id });
    const theirInvoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: other.id });

    const ids = (items: Reminder[]) =>
      items.map((r) =>
        r.type === 'unlinked_session' ? r.attendanceId : r.type === 'unpaid_invoice' ? r.invoiceId : r.type,
      );
    expect(ids(await sessionReminders(p, p.client))).toEqual([attendanceOf(mine)]);
    expect(ids(await sessionReminders(p, other.actor))).toEqual([theirInvoice.id]);
    expect(ids(await sessionReminders(p, p.staff, other.id))).toEqual([theirInvoice.id]);
    expect((await sessionReminders(p)).map((r) => r.clientId).sort()).toEqual([p.clientId, other.id].sort());
    await expectRefused(p, 'FORBIDDEN', () => p.sessions.reminders(p.client, { clientId: other.id }));
  });
});
