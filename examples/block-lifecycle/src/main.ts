// A block's whole life, printed from its ledger: run with `pnpm demo` at the repo root.
import {
  type Actor,
  type BlockBalance,
  createSessions,
  formatMoney,
  type LedgerEntry,
  type Money,
  manualClock,
  money,
} from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

const clock = manualClock('2026-03-02T08:00:00Z');
const sessions = createSessions({
  store: createMemoryStore(),
  clock,
  settings: { currency: 'EUR', timeZone: 'Europe/Dublin' },
});
const staff: Actor = { tenantId: 'riverside-physio', kind: 'staff', id: 'reception' };

const client = await sessions.clients.create(staff, { name: 'Aoife Byrne', email: 'aoife@example.com' });
const practitioner = await sessions.practitioners.create(staff, { name: 'Dr. Niamh Walsh' });
const service = await sessions.services.create(staff, {
  name: 'Physiotherapy, 60 min',
  durationMinutes: 60,
  price: money(9500, 'EUR'),
  wage: money(4500, 'EUR'),
});

// Six sessions for €500.00: 500.00 / 6 does not divide evenly, so the units are
// priced by allocation — 83.34, 83.34, 83.33, 83.33, 83.33, 83.33 — and always add up.
const { block } = await sessions.blocks.create(staff, {
  clientId: client.id,
  name: 'Six sessions of physio',
  quantity: 6,
  price: { total: money(50000, 'EUR') },
  coveredServiceIds: [service.id],
  expiresOn: '2026-06-30',
});
step('Block created', block.status);

const { invoice } = await sessions.blocks.issueInvoice(staff, { blockId: block.id });
step(`Invoice ${invoice.number} issued, due ${invoice.dueOn}`, 'pending');
for (const line of invoice.lines) {
  console.log(`    ${line.quantity} × ${line.description} @ ${eur(line.unitPrice)} = ${eur(line.amount)}`);
}

await sessions.blocks.recordPayment(staff, { blockId: block.id, amount: money(20000, 'EUR'), method: 'card' });
step('Paid €200.00 by card', (await sessions.blocks.get(staff, { blockId: block.id })).block.status);
await sessions.blocks.recordPayment(staff, { blockId: block.id, amount: money(30000, 'EUR'), method: 'bank transfer' });
step('Paid the remaining €300.00', (await sessions.blocks.get(staff, { blockId: block.id })).block.status);

const booking = (sessionId: string, startsAt: string) => ({
  blockId: block.id,
  sessionId,
  serviceId: service.id,
  practitionerId: practitioner.id,
  startsAt,
});

// Session 1: booked, then completed — the unit is used.
const booked = await sessions.credits.reserve(staff, booking('session-1', '2026-03-03T10:00:00Z'));
step(`Booked session ${booked.sessionNumber} of ${block.quantity}`, `${booked.balance.remaining} remaining`);
clock.set('2026-03-03T11:00:00Z');
await sessions.credits.consume(staff, { blockId: block.id, sessionId: 'session-1', reason: 'completed' });
step('Session 1 completed', 'unit used');

// Session 2: cancelled three hours before the start — inside the 24 h window, so it is charged.
await sessions.credits.reserve(staff, booking('session-2', '2026-03-10T10:00:00Z'));
clock.set('2026-03-10T07:00:00Z');
await sessions.credits.consume(staff, {
  blockId: block.id,
  sessionId: 'session-2',
  reason: 'late cancellation (< 24 h)',
});
step('Session 2 late-cancelled', 'unit used');

// Session 3: cancelled two days ahead — the unit goes back.
await sessions.credits.reserve(staff, booking('session-3', '2026-03-17T10:00:00Z'));
clock.set('2026-03-15T09:00:00Z');
await sessions.credits.release(staff, { blockId: block.id, sessionId: 'session-3', reason: 'cancelled in time' });
step('Session 3 cancelled in time', 'unit returned');

// The client moves away: refund two of the four unused sessions.
const quote = await sessions.blocks.quoteRefund(staff, { blockId: block.id, units: 2 });
step(
  `Refund quote for ${quote.units} units`,
  quote.unitPrices.map((run) => `${run.units} × ${eur(run.price.amount)}`).join(' + '),
);
const refunded = await sessions.blocks.refund(staff, { blockId: block.id, units: 2, reason: 'moving away' });
step(`Refunded ${eur(refunded.refund?.amount.amount ?? 0)}`, `${refunded.balance.remaining} remaining`);

const history = await sessions.blocks.history(staff, { blockId: block.id });
console.log('\nLedger');
console.log(row('#', 'entry', 'units', 'value', 'money', 'why'));
for (const entry of history) console.log(ledgerRow(entry));

const { balance } = await sessions.blocks.get(staff, { blockId: block.id });
printBalance(balance);

function step(what: string, result: string): void {
  console.log(`• ${what.padEnd(44)} ${result}`);
}

function eur(amount: number): string {
  return formatMoney({ amount, currency: 'EUR' }, 'en-IE');
}

function row(...cells: string[]): string {
  const widths = [3, 26, 6, 10, 10, 0];
  return cells
    .map((cell, i) => (i === 2 || i === 3 || i === 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
    .join('  ');
}

function ledgerRow(entry: LedgerEntry): string {
  const move = entry.from || entry.to ? `${entry.kind} ${entry.from ?? '·'}→${entry.to ?? '·'}` : entry.kind;
  const cash = entry.kind === 'payment' ? eur(entry.amount) : entry.kind === 'refund' ? `-${eur(entry.amount)}` : '';
  const value = entry.units > 0 ? eur(entry.value) : '';
  return row(String(entry.seq), move, entry.units > 0 ? String(entry.units) : '', value, cash, entry.reason ?? '');
}

function printBalance(b: BlockBalance): void {
  const m = (x: Money) => formatMoney(x, 'en-IE');
  console.log('\nBalance');
  console.log(
    `  units: ${b.purchased} purchased = ${b.consumed} used + ${b.reserved} booked + ${b.remaining} remaining + ${b.refunded} refunded`,
  );
  console.log(
    `  paid ${m(b.paid)} = used ${m(b.consumedValue)} + booked ${m(b.reservedValue)} + remaining ${m(b.remainingValue)} + refunded ${m(b.refundedAmount)}`,
  );
  const accounted =
    b.consumedValue.amount +
    b.reservedValue.amount +
    b.remainingValue.amount +
    b.forfeitedValue.amount +
    b.refundedAmount.amount;
  console.log(`  invariant holds to the cent: ${accounted === b.paid.amount + b.unpaid.amount}`);
}
