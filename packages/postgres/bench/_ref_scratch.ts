import { createSessions, manualClock, money, sequentialIds } from '@sessions/core';
import { createPostgresStore, migrate, pgDriver } from '@sessions/postgres';
import pg from 'pg';
import { postgresBin, startServer } from '../test/pg-server.js';

const server = startServer(postgresBin() as string);
const pool = new pg.Pool({ connectionString: server.url, max: 4 });
try {
  const driver = pgDriver(pool);
  await migrate(driver);
  const clock = manualClock('2026-01-05T08:00:00.000Z');
  const s = createSessions({ store: createPostgresStore({ driver }), clock, ids: sequentialIds('r') });
  const admin = { tenantId: 'ref', kind: 'admin', id: 'adm' } as const;
  await s.settings.update(admin, { currency: 'EUR', timeZone: 'Europe/Berlin', maxActiveBlocksPerClient: 3 });
  const p = await s.practitioners.create(admin, { name: 'P', email: 'p@x.de', timeZone: 'Europe/Berlin' });
  const sv = await s.services.create(admin, {
    name: 'Physio',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const c = await s.clients.create(admin, { name: 'C', email: 'c@x.de', phone: '+49 1' });
  const { block } = await s.blocks.create(admin, {
    clientId: c.id,
    quantity: 3,
    price: { total: money(27000, 'EUR') },
    validForDays: 90,
  });
  await s.blocks.issueInvoice(admin, { blockId: block.id });
  await s.blocks.recordPayment(admin, { blockId: block.id, amount: money(27000, 'EUR'), method: 'card' });
  const sch = await s.sessions.schedule(admin, {
    clients: [{ clientId: c.id, blockId: block.id }],
    practitionerId: p.id,
    serviceId: sv.id,
    start: '2026-01-07T10:00[Europe/Berlin]',
  });
  clock.set('2026-01-07T11:00:00.000Z');
  await s.sessions.complete(admin, { sessionId: sch.session.id });
  const sch2 = await s.sessions.schedule(admin, {
    clients: [{ clientId: c.id, blockId: block.id }],
    practitionerId: p.id,
    serviceId: sv.id,
    start: '2026-01-14T10:00[Europe/Berlin]',
  });
  await s.sessions.cancel(admin, { sessionId: sch2.session.id });
  const sch3 = await s.sessions.schedule(admin, {
    clients: [{ clientId: c.id, blockId: null }],
    practitionerId: p.id,
    serviceId: sv.id,
    start: '2026-01-15T10:00[Europe/Berlin]',
  });
  clock.set('2026-01-16T11:00:00.000Z');
  await s.sessions.complete(admin, { sessionId: sch3.session.id, type: 'missed' });
  const inv = await s.accounts.issueInvoice(admin, { clientId: c.id });
  await s.accounts.recordPayment(admin, { clientId: c.id, amount: money(9000, 'EUR'), invoiceId: inv.id });
  const { block: b2 } = await s.blocks.create(admin, {
    clientId: c.id,
    quantity: 2,
    price: { total: money(18000, 'EUR') },
    expiresOn: '2026-01-20',
  });
  await s.blocks.issueInvoice(admin, { blockId: b2.id });
  await s.blocks.recordPayment(admin, { blockId: b2.id, amount: money(18000, 'EUR') });
  clock.set('2026-01-25T11:00:00.000Z');
  await s.blocks.expire(admin, { blockId: b2.id });
  const { block: b3 } = await s.blocks.create(admin, {
    clientId: c.id,
    quantity: 2,
    price: { total: money(18000, 'EUR') },
  });
  await s.blocks.issueInvoice(admin, { blockId: b3.id });
  await s.blocks.recordPayment(admin, { blockId: b3.id, amount: money(18000, 'EUR') });
  await s.blocks.cancel(admin, { blockId: b3.id });
  for (const t of [
    'sessions_settings',
    'sessions_clients',
    'sessions_practitioners',
    'sessions_services',
    'sessions_blocks',
    'sessions_invoices',
    'sessions_ledger',
    'sessions_block_totals',
    'sessions_sessions',
    'sessions_attendances',
    'sessions_account_ledger',
    'sessions_sequences',
  ]) {
    const { rows } = await pool.query(`SELECT * FROM ${t}`);
    console.log(`== ${t}`);
    for (const r of rows) console.log(JSON.stringify(r));
  }
} finally {
  await pool.end();
  server.stop();
}
