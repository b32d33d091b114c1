import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, berlin, expectOneLiveEffectEach, schedule } from './session-helpers.js';

const day = (d: number) => berlin(`2026-03-${String(d).padStart(2, '0')}T09:00`);

const unlinked = (p: Practice, d: number, clientId = p.clientId) =>
  schedule(p, { clients: [{ clientId, blockId: null }], start: day(d) });

async function numbers(p: Practice, clientId = p.clientId) {
  const b = (await p.sessions.accounts.get(p.staff, { clientId })).balance;
  return { charges: b.charges.amount, balance: b.balance.amount, scheduled: b.scheduled.amount };
}

const attendanceOf = (s: { attendances: readonly { attendance: { id: string } }[] }) =>
  s.attendances[0]?.attendance.id as string;

/**
 * An active block (its invoice is INV-0001), then the client's sessions:
 * billed to the account — completed, missed, 50 %, cancelled free, still
 * scheduled — and one the block pays for, completed.
 */
async function sessionsOfAllKinds(p: Practice) {
  const { block } = await p.activeBlock();
  const half = await p.sessions.completionTypes.create(p.admin, {
    label: 'Late Cancel',
    baseStatus: 'cancelled',
    modifier: { kind: 'percentage', client: 50, wage: 50 },
  });
  const completed = await unlinked(p, 10);
  const missed = await unlinked(p, 11);
  const late = await unlinked(p, 12);
  const free = await unlinked(p, 13);
  const open = await unlinked(p, 14);
  const onBlock = await schedule(p, { start: day(15) });
  const complete = (s: { session: { id: string } }, type: string) =>
    p.sessions.sessions.complete(p.staff, { sessionId: s.session.id, type });
  await complete(completed, 'completed');
  await complete(missed, 'missed');
  await complete(late, half.id);
  await complete(free, 'cancelled');
  await complete(onBlock, 'completed');
  return { block, completed, missed, late, free, open, onBlock };
}

describe('invoices of sessions', () => {
  it('bill every settled, charged, unlinked session once, one line each, numbered from the shared sequence', async () => {
    const p = await practice();
    const s = await sessionsOfAllKinds(p);
    const invoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId });
    expect(invoice).toMatchObject({
      number: 'INV-0002',
      blockId: null,
      clientId: p.clientId,
      attendanceIds: [attendanceOf(s.completed), attendanceOf(s.missed), attendanceOf(s.late)],
      total: 23750,
      currency: 'EUR',
      dueOn: '2026-03-15',
    });
    expect(invoice.lines).toEqual([
      { description: 'Physio, 2026-03-10 09:00 (Completed)', quantity: 1, unitPrice: 9500, amount: 9500 },
      { description: 'Physio, 2026-03-11 09:00 (Missed)', quantity: 1, unitPrice: 9500, amount: 9500 },
      { description: 'Physio, 2026-03-12 09:00 (Late Cancel)', quantity: 1, unitPrice: 4750, amount: 4750 },
    ]);
    const billed = await p.sessions.sessions.get(p.staff, { sessionId: s.completed.session.id });
    expect(billed.attendances[0]?.attendance.invoiceId).toBe(invoice.id);
    const events = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'account.invoice_issued');
    expect(events.map((e) => e.payload)).toEqual([
      {
        invoiceId: invoice.id,
        number: 'INV-0002',
        total: 23750,
        dueOn: '2026-03-15',
        attendanceIds: invoice.attendanceIds,
      },
    ]);

    // Nothing is billed twice; the sequence goes on for blocks.
    await expectRefused(p, 'CONFLICT', () => p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId }));
    await p.sessions.settings.update(p.admin, { maxActiveBlocksPerClient: 2 });
    const { block } = await p.block();
    const next = await p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id });
    expect(next.invoice.number).toBe('INV-0003');
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('bill only the sessions named, and refuse one that is not billable', async () => {
    const p = await practice();
    const s = await sessionsOfAllKinds(p);
    const issue = (attendanceIds: string[]) =>
      p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId, attendanceIds });
    for (const notBillable of [s.free, s.open, s.onBlock]) {
      await expectRefused(p, 'CONFLICT', () => issue([attendanceOf(s.completed), attendanceOf(notBillable)]));
    }
    const other = await anotherClient(p);
    const theirs = await unlinked(p, 20, other.id);
    await p.sessions.sessions.complete(p.staff, { sessionId: theirs.session.id });
    await expectRefused(p, 'NOT_FOUND', () => issue([attendanceOf(theirs)]));

    const invoice = await issue([attendanceOf(s.missed)]);
    expect(invoice).toMatchObject({ number: 'INV-0002', total: 9500, attendanceIds: [attendanceOf(s.missed)] });
    await expectRefused(p, 'CONFLICT', () => issue([attendanceOf(s.missed)]));
    const rest = await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId });
    expect(rest).toMatchObject({ number: 'INV-0003', total: 14250 });
  });

  it('are paid down by payments naming them; over-paying is PAYMENT_EXCEEDS_DUE', async () => {
    const p = await practice();
    await sessionsOfAllKinds(p);
    const invoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId });
    const pay = (amount: number) =>
      p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(amount), invoiceId: invoice.id });
    expect(await p.sessions.invoices.get(p.staff, { invoiceId: invoice.id })).toMatchObject({
      paid: EUR(0),
      unpaid: EUR(23750),
      status: 'unpaid',
      overdue: false,
    });
    await pay(10000);
    expect(await p.sessions.invoices.get(p.client, { invoiceId: invoice.id })).toMatchObject({
      paid: EUR(10000),
      unpaid: EUR(13750),
      status: 'partially_paid',
    });
    const over = await expectRefused(p, 'PAYMENT_EXCEEDS_DUE', () => pay(13751));
    expect(over.details.due).toEqual(EUR(13750));
    await pay(13750);
    expect(await p.sessions.invoices.get(p.staff, { invoiceId: invoice.id })).toMatchObject({
      paid: EUR(23750),
      unpaid: EUR(0),
      status: 'paid',
    });
    await expectRefused(p, 'PAYMENT_EXCEEDS_DUE', () => pay(1));
    // Charged 23750, paid 23750; the session still scheduled holds its 9500.
    expect(await numbers(p)).toEqual({ charges: 23750, balance: 0, scheduled: 9500 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('shows unpaid once past its due date', async () => {
    const p = await practice();
    await sessionsOfAllKinds(p);
    const invoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId, dueOn: '2026-03-05' });
    p.clock.set('2026-03-06T12:00:00Z');
    expect(await p.sessions.invoices.get(p.staff, { invoiceId: invoice.id })).toMatchObject({
      unpaid: EUR(23750),
      overdue: true,
    });
  });

  it('take payments only for the client’s own invoices of sessions', async () => {
    const p = await practice();
    const s = await sessionsOfAllKinds(p);
    const other = await anotherClient(p);
    const theirs = await unlinked(p, 20, other.id);
    await p.sessions.sessions.complete(p.staff, { sessionId: theirs.session.id });
    const theirInvoice = await p.sessions.accounts.issueInvoice(p.staff, { clientId: other.id });
    const blockInvoiceId = (await p.sessions.blocks.get(p.staff, { blockId: s.block.id })).block.invoiceId as string;
    for (const invoiceId of [theirInvoice.id, blockInvoiceId, 'no-such-invoice']) {
      await expectRefused(p, 'NOT_FOUND', () =>
        p.sessions.accounts.recordPayment(p.staff, { clientId: p.clientId, amount: EUR(100), invoiceId }),
      );
    }
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.invoices.get(p.client, { invoiceId: theirInvoice.id }));
  });

  it('keep their sessions: an invoiced session is neither deleted nor linked', async () => {
    const p = await practice();
    const s = await sessionsOfAllKinds(p);
    await p.sessions.accounts.issueInvoice(p.staff, { clientId: p.clientId });
    const sessionId = s.completed.session.id;
    await expectRefused(p, 'CONFLICT', () => p.sessions.sessions.delete(p.staff, { sessionId }));
    await expectRefused(p, 'CONFLICT', () =>
      p.sessions.sessions.link(p.staff, { sessionId, clientId: p.clientId, blockId: s.block.id }),
    );
  });
});

describe('linking later', () => {
  it('moves a completed session’s charge from the account to the block, and unlinking moves it back', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const { session, attendances } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    expect(await numbers(p)).toEqual({ charges: 9500, balance: -9500, scheduled: 0 });

    const linked = await p.sessions.sessions.link(p.practitioner, {
      sessionId: session.id,
      clientId: p.clientId,
      blockId: block.id,
    });
    expect(linked.attendances[0]?.attendance).toMatchObject({ blockId: block.id, status: 'completed', cost: 10000 });
    expect(linked.attendances[0]?.block).toMatchObject({ id: block.id, sessionNumber: 1, of: 10 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 9,
      reserved: 0,
      consumed: 1,
    });
    expect(await numbers(p)).toEqual({ charges: 0, balance: 0, scheduled: 0 });
    const history = await p.sessions.accounts.history(p.staff, { clientId: p.clientId });
    expect(history.map((e) => [e.kind, e.amount])).toEqual([
      ['hold', 0],
      ['charge', -9500],
      ['adjust', 9500],
    ]);
    expect(history[2]?.correctsEntryId).toBe(history[1]?.id);
    const events = (await p.sessions.events.poll({ limit: 1000 })).filter((e) => e.type === 'session.linked');
    expect(events.map((e) => e.payload)).toEqual([
      { attendanceId: attendances[0]?.attendance.id, clientId: p.clientId, blockId: block.id, status: 'completed' },
    ]);
    expectOneLiveEffectEach(p.store, p.tenantId);

    const back = await p.sessions.sessions.unlink(p.staff, { sessionId: session.id, clientId: p.clientId });
    expect(back.attendances[0]?.attendance).toMatchObject({ blockId: null, status: 'completed', cost: 9500 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 10,
      consumed: 0,
    });
    expect(await numbers(p)).toEqual({ charges: 9500, balance: -9500, scheduled: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('uses a whole unit for a 50 % session, and unlinking charges the account its half again', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const half = await p.sessions.completionTypes.create(p.admin, {
      label: 'Late Cancel',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    const { session } = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: half.id });
    expect(await numbers(p)).toEqual({ charges: 4750, balance: -4750, scheduled: 0 });
    const linked = await p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: p.clientId });
    expect(linked.attendances[0]?.attendance).toMatchObject({ blockId: block.id, cost: 10000 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance.consumed).toBe(1);
    expect(await numbers(p)).toEqual({ charges: 0, balance: 0, scheduled: 0 });
    await p.sessions.sessions.unlink(p.admin, { sessionId: session.id, clientId: p.clientId });
    expect(await numbers(p)).toEqual({ charges: 4750, balance: -4750, scheduled: 0 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance.consumed).toBe(0);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('before the session: the block holds a unit instead of the account', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const { session } = await unlinked(p, 10);
    expect(await numbers(p)).toEqual({ charges: 0, balance: 0, scheduled: 9500 });
    await p.sessions.sessions.link(p.staff, { sessionId: session.id, clientId: p.clientId });
    expect(await numbers(p)).toEqual({ charges: 0, balance: 0, scheduled: 0 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      remaining: 9,
      reserved: 1,
      consumed: 0,
    });
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 0,
      consumed: 1,
    });
    expect(await numbers(p)).toEqual({ charges: 0, balance: 0, scheduled: 0 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('refuses what cannot be linked, and who may not link', async () => {
    const p = await practice();
    const free = await unlinked(p, 10);
    await p.sessions.sessions.complete(p.staff, { sessionId: free.session.id, type: 'cancelled' });
    const open = await unlinked(p, 11);
    const link = (sessionId: string, actor = p.staff) =>
      p.sessions.sessions.link(actor, { sessionId, clientId: p.clientId });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => link(open.session.id)); // no block can pay
    await p.activeBlock();
    await expectRefused(p, 'CONFLICT', () => link(free.session.id)); // cancelled at no cost
    await expectRefused(p, 'FORBIDDEN', () => link(open.session.id, p.client));
    await link(open.session.id);
    await expectRefused(p, 'CONFLICT', () => link(open.session.id)); // already linked
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.sessions.unlink(p.practitioner, { sessionId: open.session.id, clientId: p.clientId }),
    );
  });
});
