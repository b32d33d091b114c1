import { createSessions, manualClock, money, sequentialIds } from '@sessions/core';
import { createPostgresStore, type SqlDriver } from '@sessions/postgres';
import type pg from 'pg';
import { REF_TENANT, TENANT } from './config.js';

/** A small practice run through the facade: the records core writes, to check the seed's against. */
export async function writeReference(driver: SqlDriver) {
  const clock = manualClock('2026-01-05T08:00:00.000Z');
  const s = createSessions({ store: createPostgresStore({ driver }), clock, ids: sequentialIds('ref') });
  const admin = { tenantId: REF_TENANT, kind: 'admin', id: 'admin-1' } as const;
  await s.settings.update(admin, { currency: 'EUR', timeZone: 'Europe/Berlin' });
  const p = await s.practitioners.create(admin, { name: 'P', email: 'p@x.example', timeZone: 'Europe/Berlin' });
  const sv = await s.services.create(admin, {
    name: 'Physio',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const c = await s.clients.create(admin, { name: 'C', email: 'c@x.example', phone: '+49 1' });
  const schedule = (blockId: string | null, start: string) =>
    s.sessions.schedule(admin, {
      clients: [{ clientId: c.id, blockId }],
      practitionerId: p.id,
      serviceId: sv.id,
      start: `${start}[Europe/Berlin]`,
    });
  const paid = async (quantity: number, expiry: { expiresOn?: string; validForDays?: number } = {}) => {
    const { block } = await s.blocks.create(admin, {
      clientId: c.id,
      quantity,
      price: { total: money(quantity * 9000, 'EUR') },
      ...expiry,
    });
    await s.blocks.issueInvoice(admin, { blockId: block.id });
    await s.blocks.recordPayment(admin, { blockId: block.id, amount: money(quantity * 9000, 'EUR'), method: 'card' });
    return block.id;
  };
  // A block used up (one session missed), one expired, one cancelled with a refund, one active.
  const used = await paid(2, { validForDays: 90 });
  const first = await schedule(used, '2026-01-07T10:00');
  clock.set('2026-01-07T11:00:00.000Z');
  await s.sessions.complete(admin, { sessionId: first.session.id });
  await s.sessions.cancel(admin, { sessionId: (await schedule(used, '2026-01-14T10:00')).session.id });
  const missed = await schedule(used, '2026-01-15T10:00');
  clock.set('2026-01-15T10:00:00.000Z');
  await s.sessions.complete(admin, { sessionId: missed.session.id, type: 'missed' });
  const unlinked = await schedule(null, '2026-01-16T10:00');
  clock.set('2026-01-16T11:00:00.000Z');
  await s.sessions.complete(admin, { sessionId: unlinked.session.id });
  const invoice = await s.accounts.issueInvoice(admin, { clientId: c.id });
  await s.accounts.recordPayment(admin, {
    clientId: c.id,
    amount: money(9000, 'EUR'),
    invoiceId: invoice.id,
    method: 'bank transfer',
  });
  const expired = await paid(2, { expiresOn: '2026-01-20' });
  clock.set('2026-01-25T11:00:00.000Z');
  await s.blocks.expire(admin, { blockId: expired });
  await s.blocks.cancel(admin, { blockId: await paid(2) });
  const active = await paid(3, { expiresOn: '2026-06-30' });
  await schedule(active, '2026-02-10T10:00');
}

type Shape = Map<string, Set<string>>;

function collectShape(value: unknown, path: string, into: Shape) {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const types = into.get(path) ?? new Set<string>();
  into.set(path, types);
  types.add(type);
  if (Array.isArray(value)) for (const item of value) collectShape(item, `${path}[]`, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collectShape(v, path ? `${path}.${k}` : k, into);
}

/** Differences between the shapes of the seed's records and core's: missing or extra fields, other types. */
export async function compareShapes(pool: pg.Pool): Promise<string[]> {
  const problems: string[] = [];
  const tables = [
    'sessions_settings',
    'sessions_clients',
    'sessions_practitioners',
    'sessions_services',
    'sessions_blocks',
    'sessions_invoices',
    'sessions_ledger',
    'sessions_sessions',
    'sessions_attendances',
    'sessions_account_ledger',
  ];
  for (const table of tables) {
    const shape = async (tenant: string, limit: number) => {
      const order = table === 'sessions_settings' ? '' : 'ORDER BY id';
      const { rows } = await pool.query(`SELECT data FROM ${table} WHERE tenant_id = $1 ${order} LIMIT ${limit}`, [
        tenant,
      ]);
      const into: Shape = new Map();
      for (const r of rows) collectShape(r.data, '', into);
      return into;
    };
    const ref = await shape(REF_TENANT, 1000);
    const seeded = await shape(TENANT, 5000);
    for (const [path, types] of seeded) {
      const theirs = ref.get(path);
      if (!theirs) {
        problems.push(`${table}: ${path || '(root)'} is not in core's records`);
        continue;
      }
      const real = [...types].filter((t) => t !== 'null');
      const refReal = [...theirs].filter((t) => t !== 'null');
      if (refReal.length > 0 && real.some((t) => !refReal.includes(t)))
        problems.push(`${table}: ${path} is ${[...types]} here, ${[...theirs]} in core's records`);
    }
    for (const path of ref.keys())
      if (!seeded.has(path)) problems.push(`${table}: ${path} is missing from the seeded records`);
  }
  return problems;
}

/** Each indexed column equals the field of the record it copies. */
export async function compareColumns(pool: pg.Pool): Promise<string[]> {
  const checks: [string, string][] = [
    ['sessions_clients', `created_at <> data->>'createdAt' OR id <> data->>'id'`],
    [
      'sessions_blocks',
      `client_id <> data->>'clientId' OR status <> data->>'status' OR created_at <> data->>'createdAt' OR id <> data->>'id' OR closed_at IS DISTINCT FROM data->>'closedAt' OR expires_on IS DISTINCT FROM data->>'expiresOn'`,
    ],
    [
      'sessions_invoices',
      `number <> data->>'number' OR created_at <> data->>'createdAt' OR block_id IS DISTINCT FROM data->>'blockId'`,
    ],
    [
      'sessions_ledger',
      `block_id <> data->>'blockId' OR seq <> (data->>'seq')::int OR id <> data->>'id' OR session_id IS DISTINCT FROM data->>'sessionId'`,
    ],
    [
      'sessions_sessions',
      `practitioner_id <> data->>'practitionerId' OR starts_at <> data->>'startsAt' OR created_at <> data->>'createdAt' OR series_id IS DISTINCT FROM data->>'seriesId'`,
    ],
    [
      'sessions_attendances',
      `session_id <> data->>'sessionId' OR client_id <> data->>'clientId' OR block_id IS DISTINCT FROM data->>'blockId' OR invoice_id IS DISTINCT FROM data->>'invoiceId' OR starts_at <> data->>'startsAt' OR created_at <> data->>'createdAt'`,
    ],
    [
      'sessions_account_ledger',
      `client_id <> data->>'clientId' OR seq <> (data->>'seq')::int OR id <> data->>'id' OR invoice_id IS DISTINCT FROM data->>'invoiceId'`,
    ],
  ];
  const problems: string[] = [];
  for (const [table, differs] of checks) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1 AND (${differs})`, [
      TENANT,
    ]);
    if (rows[0].n > 0) problems.push(`${table}: ${rows[0].n} rows whose columns disagree with their data`);
  }
  return problems;
}
