import { foldLedger, type LedgerEntry, type Sessions } from '@sessions/core';
import type pg from 'pg';
import { STAFF, TENANT, uid } from './config.js';

/**
 * The seed read back through the facade: balances equal the fold of each
 * block's history, sessions and accounts read as the seed meant them, and a
 * booking on a seeded block works. Returns what disagrees.
 */
export async function verify(sessions: Sessions, pool: pg.Pool): Promise<string[]> {
  const problems: string[] = [];
  const pick = async (sql: string, n: number) =>
    (await pool.query(`${sql} ORDER BY id LIMIT ${n}`, [TENANT])).rows.map((r) => r.id as string);
  // Blocks of every status: the balance core reports equals the fold of the block's history.
  const blocks = [
    ...(await pick(`SELECT id FROM sessions_blocks WHERE tenant_id = $1 AND status = 'active'`, 40)),
    ...(await pick(`SELECT id FROM sessions_blocks WHERE tenant_id = $1 AND status = 'completed'`, 20)),
    ...(await pick(`SELECT id FROM sessions_blocks WHERE tenant_id = $1 AND status = 'expired'`, 20)),
    ...(await pick(`SELECT id FROM sessions_blocks WHERE tenant_id = $1 AND status = 'cancelled'`, 20)),
  ];
  for (const blockId of blocks) {
    const { block, balance } = await sessions.blocks.get(STAFF, { blockId });
    const history: LedgerEntry[] = await sessions.blocks.history(STAFF, { blockId });
    const t = foldLedger(history);
    const seqs = history.map((e) => e.seq).join(',');
    const expected = {
      purchased: t.purchased,
      remaining: t.buckets.available.units,
      reserved: t.buckets.reserved.units,
      consumed: t.buckets.consumed.units,
      refunded: t.buckets.refunded.units,
      forfeited: t.buckets.forfeited.units,
      paid: t.paid,
      unpaid: t.purchasedValue - t.paid - t.writtenOff,
      consumedValue: t.buckets.consumed.value,
      remainingValue: t.buckets.available.value,
    };
    const got = {
      purchased: balance.purchased,
      remaining: balance.remaining,
      reserved: balance.reserved,
      consumed: balance.consumed,
      refunded: balance.refunded,
      forfeited: balance.forfeited,
      paid: balance.paid.amount,
      unpaid: balance.unpaid.amount,
      consumedValue: balance.consumedValue.amount,
      remainingValue: balance.remainingValue.amount,
    };
    if (JSON.stringify(got) !== JSON.stringify(expected))
      problems.push(
        `block ${blockId}: balance ${JSON.stringify(got)} but its history folds to ${JSON.stringify(expected)}`,
      );
    if (seqs !== history.map((_, i) => i + 1).join(',')) problems.push(`block ${blockId}: seqs ${seqs}`);
    const live = balance.remaining + balance.reserved > 0;
    if ((block.status === 'active') !== live && block.status !== 'cancelled' && block.status !== 'expired')
      problems.push(
        `block ${blockId}: ${block.status} with ${balance.remaining} remaining, ${balance.reserved} reserved`,
      );
    if (balance.unpaid.amount !== 0) problems.push(`block ${blockId}: ${balance.unpaid.amount} unpaid`);
  }
  // Sessions and their attendances read back.
  for (const sessionId of await pick(`SELECT id FROM sessions_sessions WHERE tenant_id = $1`, 30)) {
    const view = await sessions.sessions.get(STAFF, { sessionId });
    if (view.session.id !== sessionId || view.attendances.length !== 1) problems.push(`session ${sessionId}: ${view}`);
  }
  // Clients' accounts: nothing held; what is owed is the unlinked sessions of the active block's
  // period when they are not invoiced yet (c % 10 = 0) or invoiced and unpaid (c % 10 = 1).
  const prices = [9000, 7000, 8000, 5000];
  for (let c = 0; c < 30; c++) {
    const clientId = uid(`client:${c}`);
    const u = c % 4 === 0 ? 1 + ((c * 7) % 15) : (c * 7) % 16;
    const owed = c % 10 <= 1 ? u * (prices[Math.floor(c / 4) % 4] as number) : 0;
    const { balance } = await sessions.accounts.get(STAFF, { clientId });
    if (balance.scheduled.amount !== 0 || balance.balance.amount !== -owed)
      problems.push(`client ${c}: account ${JSON.stringify(balance)}, expected ${-owed}`);
    const invoice = await sessions.invoices.get(STAFF, { invoiceId: uid(`sessions-invoice:${c}:3`) });
    if (invoice.status !== 'paid') problems.push(`client ${c}: invoice of sessions ${invoice.status}`);
  }
  // A command on the seeded data: book and complete a linked session on an active block.
  const { rows } = await pool.query(
    `SELECT b.id, b.client_id, t.available_units FROM sessions_blocks b
     JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
     WHERE b.tenant_id = $1 AND b.status = 'active' AND t.available_units >= 2 ORDER BY b.id LIMIT 1`,
    [TENANT],
  );
  const target = rows[0];
  const before = (await sessions.blocks.get(STAFF, { blockId: target.id })).balance;
  const [service] = (await sessions.services.list(STAFF)) as { id: string }[];
  const [practitioner] = (await sessions.practitioners.list(STAFF)) as { id: string }[];
  const booked = await sessions.sessions.schedule(STAFF, {
    clients: [{ clientId: target.client_id, blockId: target.id }],
    practitionerId: practitioner?.id as string,
    serviceId: service?.id as string,
    start: '2026-11-23T15:00[Europe/Berlin]',
  });
  await sessions.sessions.complete(STAFF, { sessionId: booked.session.id });
  const after = (await sessions.blocks.get(STAFF, { blockId: target.id })).balance;
  if (after.remaining !== before.remaining - 1 || after.consumed !== before.consumed + 1)
    problems.push(`booking on seeded block ${target.id}: ${JSON.stringify({ before, after })}`);
  return problems;
}
