/**
 * The store at practice scale: one tenant with 10,000 clients, 50,000 blocks
 * and 1,000,000 sessions, seeded with SQL (not through the facade: that would
 * take hours), then three reads measured through the facade beside a
 * hand-written SQL baseline over the same pool:
 *
 *   - reports.activePackages({ limit: 100 }): the first page, page 51, and pages at random;
 *   - reports.packageHistory({ clientId }) for random clients;
 *   - remindersPage({ limit: 50 }): the first page, and pages at random along a full walk.
 *
 * Every statement the store sends for those calls is run again under
 * EXPLAIN (ANALYZE, BUFFERS), with the parameters it was sent with (custom
 * plan) and as a prepared statement forced to its generic plan (what `pg`'s
 * named statements end up with), and the plans are summarised.
 *
 *   pnpm bench:pg:scale              (a throwaway server, or DATABASE_URL)
 *   pnpm bench:pg:scale -- --quick   (a 10× smaller seed, for a smoke run)
 *   BENCH_RUNS=200                   (timed runs per case, after a warm-up)
 *
 * A benchmark, not a test: it prints figures and asserts nothing. With
 * DATABASE_URL it replaces, then deletes, the tenants `scale-bench` and
 * `scale-ref` (pass --keep to leave them).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import {
  type Actor,
  createSessions,
  foldLedger,
  type LedgerEntry,
  manualClock,
  money,
  type Sessions,
  sequentialIds,
} from '@sessions/core';
import { createPostgresStore, migrate, pgDriver, type SqlDriver, type SqlQueryable } from '@sessions/postgres';
import pg from 'pg';
import { postgresBin, startServer } from '../test/pg-server.js';

const QUICK = process.argv.includes('--quick');
const KEEP = process.argv.includes('--keep');
const CLIENTS = QUICK ? 1_000 : 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = Math.max(10, Math.round(RUNS / 10));
const TARGET_MS = 25;
const TENANT = 'scale-bench';
const REF_TENANT = 'scale-ref';
/** "Now" for the seed and for the facade's clock: the reminders depend on it. */
const NOW = '2026-11-24T09:00:00.000Z';
const STAFF: Actor = { tenantId: TENANT, kind: 'staff', id: 'staff-1' };

const server = process.env.DATABASE_URL ? null : startServer(postgresBin() ?? fail('install postgresql'));
const url = process.env.DATABASE_URL ?? (server?.url as string);

/** The seed's ids: md5 of a name, written as a UUID (as `md5(name)::uuid::text` in SQL). */
function uid(name: string): string {
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function fail(why: string): never {
  throw new Error(why);
}

const TABLES = [
  'sessions_settings',
  'sessions_clients',
  'sessions_practitioners',
  'sessions_services',
  'sessions_templates',
  'sessions_blocks',
  'sessions_invoices',
  'sessions_ledger',
  'sessions_block_totals',
  'sessions_sequences',
  'sessions_idempotency',
  'sessions_outbox',
  'sessions_sessions',
  'sessions_attendances',
  'sessions_completion_types',
  'sessions_account_ledger',
  'sessions_series',
  'sessions_closures',
  'sessions_availability',
  'sessions_enrolments',
];
/** Tables whose rows number in the thousands or more here: a Seq Scan on one is a finding. */
const BIG_TABLES = new Set([
  'sessions_clients',
  'sessions_blocks',
  'sessions_invoices',
  'sessions_ledger',
  'sessions_block_totals',
  'sessions_sessions',
  'sessions_attendances',
  'sessions_account_ledger',
]);

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

/**
 * The seed, as SQL steps run on one connection. Every record is built as core
 * writes it (every field, instants as ISO strings with milliseconds and Z),
 * with the indexed columns beside it; ids are UUIDs made from md5 of a stable
 * name, so the seed is the same on every run.
 *
 * Per client c (0 ≤ c < CLIENTS) there are 100 session slots, one every 6
 * days, the last `f = c % 4` of them in the future, and 5 blocks of 20
 * sessions, one per 20 slots:
 *   - blocks 0–2 completed: all 20 slots linked and used (slot 7 missed);
 *   - block 3 expired (even c) or cancelled with a refund (odd c): the first
 *     10–16 slots linked (slot 3 cancelled in time), the rest unlinked, billed
 *     to the client's account and invoiced (paid) on an invoice of sessions;
 *   - block 4 active: the first u slots unlinked (bought after a gap), the rest
 *     linked (slot 11 cancelled in time), the last f still scheduled (reserved);
 *     its u unlinked sessions are not invoiced yet (c % 10 = 0), invoiced and
 *     unpaid (c % 10 = 1), or invoiced and paid. It expires in 1–120 days.
 * Each block has an invoice, paid in full an hour after it was issued; its
 * ledger is purchase, payment, then reserve and consume/release per linked
 * slot (expire or refund for block 3); its totals row is the sum of its entries.
 */
function seedSteps(n: number): [string, string][] {
  const T = `'${TENANT}'`;
  const staff = `'{"kind":"staff","id":"staff-1"}'::jsonb`;
  const completion = (label: string, base: string, pct: number) =>
    `jsonb_build_object('typeId', '${base}', 'label', '${label}', 'baseStatus', '${base}', 'modifier', jsonb_build_object('kind', 'percentage', 'client', ${pct}, 'wage', ${pct}), 'builtIn', true)`;
  return [
    [
      'helpers',
      `SET TIME ZONE 'UTC';
       SET work_mem = '256MB';
       SET maintenance_work_mem = '512MB';
       CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql STABLE
         AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
       CREATE FUNCTION pg_temp.day(t timestamptz) RETURNS text LANGUAGE sql STABLE
         AS $$ SELECT to_char(t AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD') $$;
       CREATE FUNCTION pg_temp.uid(k text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT md5(k)::uuid::text $$;
       CREATE FUNCTION pg_temp.entry(id text, block_id text, seq int, kind text, src text, dst text, units int,
           val bigint, amount bigint, session_id text, session_number int, invoice_id text, at timestamptz, reason text)
         RETURNS jsonb LANGUAGE sql STABLE AS $$
         SELECT jsonb_build_object('tenantId', ${T}, 'id', id, 'blockId', block_id, 'seq', seq, 'kind', kind,
           'from', src, 'to', dst, 'units', units, 'value', val, 'firstUnit', false, 'amount', amount, 'writeOff', 0,
           'sessionId', session_id, 'sessionNumber', session_number, 'invoiceId', invoice_id, 'actor', ${staff},
           'at', pg_temp.iso(at), 'reason', reason, 'correctsEntryId', null) $$;
       CREATE FUNCTION pg_temp.account_entry(id text, client_id text, kind text, amount bigint, held bigint,
           session_id text, attendance_id text, invoice_id text, at timestamptz, reason text)
         RETURNS jsonb LANGUAGE sql STABLE AS $$
         SELECT jsonb_build_object('tenantId', ${T}, 'id', id, 'clientId', client_id, 'seq', 0, 'kind', kind,
           'amount', amount, 'held', held, 'sessionId', session_id, 'attendanceId', attendance_id,
           'invoiceId', invoice_id, 'actor', ${staff}, 'at', pg_temp.iso(at), 'reason', reason, 'correctsEntryId', null) $$`,
    ],
    [
      'plan: clients, slots, blocks',
      `CREATE TEMP TABLE svc AS
         SELECT i, pg_temp.uid('service:' || i) AS id, name, minutes, price, wage
         FROM (VALUES (0, 'Physiotherapy', 60, 9000, 4000), (1, 'Sports massage', 45, 7000, 3000),
                      (2, 'Acupuncture', 60, 8000, 3500), (3, 'Follow-up', 30, 5000, 2500))
           AS v(i, name, minutes, price, wage);
       CREATE TEMP TABLE sc AS
         SELECT c, pg_temp.uid('client:' || c) AS client_id,
           c % 4 AS f,
           CASE WHEN c % 4 = 0 THEN 1 + (c * 7) % 15 ELSE (c * 7) % 16 END AS u,
           10 + c % 7 AS m,
           c % 2 = 0 AS k3_expired,
           (c / 4) % 4 AS svc,
           (c / 3) % 8 AS prac,
           c % 10 AS bill,
           greatest(1 + (c * 37) % 120, 6 * (c % 4) + 1) AS e_days,
           date_trunc('day', '${NOW}'::timestamptz) - interval '1 day'
             + make_interval(hours => 6 + c % 10, mins => (c % 4) * 15) AS base
         FROM generate_series(0, ${n - 1}) c;
       CREATE TEMP TABLE ss AS
         SELECT sc.c, sc.client_id, g, g / 20 AS k, g % 20 AS s, sc.f, sc.u, sc.m, sc.svc, sc.prac, sc.bill,
           sc.base + (g - 99 + sc.f) * interval '6 days' AS t,
           CASE WHEN g < 60 THEN true WHEN g < 80 THEN g % 20 < sc.m ELSE g % 20 >= sc.u END AS linked,
           g > 99 - sc.f AS future,
           pg_temp.uid('session:' || sc.c || ':' || g) AS session_id,
           pg_temp.uid('attendance:' || sc.c || ':' || g) AS attendance_id
         FROM sc CROSS JOIN generate_series(0, 99) g;
       CREATE TEMP TABLE sb AS
         SELECT sc.c, sc.client_id, k, sc.f, sc.u, sc.m,
           pg_temp.uid('block:' || sc.c || ':' || k) AS id,
           pg_temp.uid('invoice:' || sc.c || ':' || k) AS invoice_id,
           (ARRAY[8000, 9000, 10000])[1 + (sc.c + k) % 3] AS uv,
           created, created + interval '10 minutes' AS invoiced_at, created + interval '1 hour' AS paid_at,
           CASE WHEN k < 3 THEN 20 WHEN k = 3 THEN sc.m ELSE 20 - sc.u END AS linked,
           CASE WHEN k < 3 THEN 20 WHEN k = 3 THEN sc.m ELSE 20 - sc.u - sc.f END AS past,
           CASE WHEN k < 3 THEN 'completed' WHEN k = 3 AND sc.k3_expired THEN 'expired'
                WHEN k = 3 THEN 'cancelled' ELSE 'active' END AS status,
           last_settled,
           CASE WHEN k = 3 AND sc.k3_expired THEN pg_temp.day(last_settled + interval '3 days')
                WHEN k = 4 THEN to_char(date_trunc('day', '${NOW}'::timestamptz AT TIME ZONE 'Europe/Berlin')
                                       + sc.e_days * interval '1 day', 'YYYY-MM-DD')
                ELSE pg_temp.day(created + interval '180 days') END AS expires_on
         FROM sc CROSS JOIN generate_series(0, 4) k
         CROSS JOIN LATERAL (SELECT
           sc.base + ((CASE WHEN k < 4 THEN 20 * k ELSE 80 + sc.u END) - 99 + sc.f) * interval '6 days'
             - interval '2 days' AS created,
           sc.base + ((CASE WHEN k < 3 THEN 20 * k + 19 ELSE 60 + sc.m - 1 END) - 99 + sc.f) * interval '6 days'
             + interval '90 minutes' AS last_settled) x;
       ALTER TABLE sb ADD COLUMN end_at timestamptz;
       UPDATE sb SET end_at = CASE
         WHEN status = 'expired' THEN (expires_on::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin' + interval '1 hour'
         WHEN status = 'cancelled' THEN last_settled + interval '2 days' END;
       CREATE INDEX ON sb (c, k);
       -- Each slot's outcome, and when it was booked and settled.
       CREATE TEMP TABLE sl AS
         SELECT ss.*, b.id AS block_id, b.uv, b.past AS block_past, b.paid_at,
           CASE WHEN ss.k = 4 THEN ss.s - ss.u ELSE ss.s END AS j,
           CASE WHEN ss.future THEN 'scheduled'
                WHEN ss.linked AND ((ss.k = 3 AND ss.s = 3) OR (ss.k = 4 AND ss.s = 11)) THEN 'cancelled'
                WHEN ss.s = 7 THEN 'missed' ELSE 'completed' END AS outcome
         FROM ss JOIN sb b ON b.c = ss.c AND b.k = ss.k;
       ALTER TABLE sl ADD COLUMN booked_at timestamptz, ADD COLUMN settled_at timestamptz;
       UPDATE sl SET
         booked_at = CASE
           WHEN NOT linked THEN t - interval '6 days' + interval '91 minutes'
           WHEN future THEN t - (g - 99 + f) * interval '6 days' + interval '91 minutes' + (g - 100 + f) * interval '1 minute'
           ELSE greatest(paid_at, t - interval '6 days' + interval '91 minutes') END,
         settled_at = CASE outcome WHEN 'scheduled' THEN NULL WHEN 'cancelled' THEN t - interval '48 hours'
           ELSE t + interval '90 minutes' END;
       ANALYZE sc; ANALYZE ss; ANALYZE sb; ANALYZE sl`,
    ],
    [
      'invoices (blocks and sessions)',
      `CREATE TEMP TABLE si AS
         SELECT sl.c, sl.client_id, sl.k, pg_temp.uid('sessions-invoice:' || sl.c || ':' || sl.k) AS id,
           max(sl.t) + interval '1 day' AS issued_at,
           bool_and(sl.k = 3 OR sl.bill <> 1) AS paid,
           sum(v.price) AS total,
           jsonb_agg(sl.attendance_id ORDER BY sl.g) AS attendance_ids,
           jsonb_agg(jsonb_build_object(
             'description', v.name || ', ' || to_char(sl.t AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD HH24:MI')
               || ' (' || initcap(sl.outcome) || ')',
             'quantity', 1, 'unitPrice', v.price, 'amount', v.price) ORDER BY sl.g) AS lines
         FROM sl JOIN svc v ON v.i = sl.svc
         WHERE NOT sl.linked AND (sl.k = 3 OR sl.bill <> 0)
         GROUP BY sl.c, sl.client_id, sl.k;
       CREATE TEMP TABLE inv AS
         SELECT id, client_id, issued_at, block_id, total, attendance_ids, lines,
           row_number() OVER (ORDER BY issued_at, id) AS n
         FROM (
           SELECT invoice_id AS id, client_id, invoiced_at AS issued_at, id AS block_id, 20 * uv AS total,
             '[]'::jsonb AS attendance_ids,
             jsonb_build_array(jsonb_build_object('description', '20 sessions: session', 'quantity', 20,
               'unitPrice', uv, 'amount', 20 * uv)) AS lines
           FROM sb
           UNION ALL
           SELECT id, client_id, issued_at, NULL, total, attendance_ids, lines FROM si) x;
       INSERT INTO sessions_invoices (tenant_id, id, number, created_at, block_id, data)
         SELECT ${T}, id, number, pg_temp.iso(issued_at), block_id,
           jsonb_build_object('tenantId', ${T}, 'id', id, 'blockId', block_id, 'attendanceIds', attendance_ids,
             'clientId', client_id, 'number', number, 'lines', lines, 'total', total, 'currency', 'EUR',
             'issuedAt', pg_temp.iso(issued_at),
             'dueOn', to_char((issued_at AT TIME ZONE 'Europe/Berlin')::date + 14, 'YYYY-MM-DD'),
             'subject', null, 'message', null, 'createdAt', pg_temp.iso(issued_at), 'updatedAt', pg_temp.iso(issued_at))
         FROM (SELECT *, 'INV-' || CASE WHEN n < 10000 THEN lpad(n::text, 4, '0') ELSE n::text END AS number FROM inv) i
         ORDER BY issued_at, id;
       INSERT INTO sessions_sequences (tenant_id, name, value) SELECT ${T}, 'invoice', count(*) FROM inv`,
    ],
    [
      'settings, practitioners, services, clients',
      `INSERT INTO sessions_settings (tenant_id, data) VALUES (${T}, jsonb_build_object(
         'currency', 'EUR', 'timeZone', 'Europe/Berlin', 'unlockCreditsOn', 'payment', 'maxActiveBlocksPerClient', 1,
         'lowBalanceThresholdPercent', 20, 'invoiceDueDays', 14, 'invoicePrefix', 'INV-',
         'accountMode', jsonb_build_object('kind', 'open'),
         'cancellationPolicy', jsonb_build_object('clientsMayCancel', false, 'tiers', '[]'::jsonb)));
       INSERT INTO sessions_practitioners (tenant_id, id, created_at, data)
         SELECT ${T}, id, at, jsonb_build_object('tenantId', ${T}, 'id', id, 'name', name,
           'email', lower(split_part(name, ' ', 1)) || '@practice.example', 'timeZone', 'Europe/Berlin',
           'createdAt', at, 'updatedAt', at)
         FROM (SELECT pg_temp.uid('practitioner:' || i) AS id, pg_temp.iso((SELECT min(base) FROM sc)
                 - interval '700 days' + i * interval '1 hour') AS at,
                 (ARRAY['Maria Weber', 'Jonas Becker', 'Lea Hoffmann', 'Felix Wagner', 'Sofia Schulz',
                        'Noah Koch', 'Emma Richter', 'Paul Klein'])[i + 1] AS name
               FROM generate_series(0, 7) i) p;
       INSERT INTO sessions_services (tenant_id, id, created_at, data)
         SELECT ${T}, id, at, jsonb_build_object('tenantId', ${T}, 'id', id, 'name', name, 'durationMinutes', minutes,
           'price', price, 'wage', wage, 'pricing', 'fixed', 'createdAt', at, 'updatedAt', at)
         FROM (SELECT svc.*, pg_temp.iso((SELECT min(base) FROM sc) - interval '700 days' + i * interval '1 minute') AS at
               FROM svc) v;
       INSERT INTO sessions_clients (tenant_id, id, created_at, data)
         SELECT ${T}, client_id, at, jsonb_build_object('tenantId', ${T}, 'id', client_id, 'name', first || ' ' || last,
           'email', lower(first) || '.' || lower(last) || '.' || c || '@mail.example', 'phone', '+49 30 ' || lpad(c::text, 7, '0'),
           'canCancelSessions', false, 'accountMode', null, 'createdAt', at, 'updatedAt', at)
         FROM (SELECT c, client_id,
                 pg_temp.iso(base + (0 - 99 + f) * interval '6 days' - interval '3 days') AS at,
                 (ARRAY['Anna', 'Ben', 'Clara', 'David', 'Elif', 'Finn', 'Greta', 'Hannah', 'Ivan', 'Julia',
                        'Karim', 'Lina', 'Mats', 'Nora', 'Oskar', 'Paula', 'Rami', 'Selin', 'Tom', 'Vera'])[1 + c % 20] AS first,
                 (ARRAY['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Meyer', 'Wolf', 'Schröder', 'Neumann',
                        'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Werner',
                        'Krause', 'Lehmann', 'Köhler', 'Maier', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang'])[1 + (c / 20) % 25] AS last
               FROM sc) x
         ORDER BY at, client_id`,
    ],
    [
      'blocks',
      `INSERT INTO sessions_blocks (tenant_id, id, client_id, status, created_at, data)
         SELECT ${T}, id, client_id, status, pg_temp.iso(created), jsonb_build_object(
           'tenantId', ${T}, 'id', id, 'clientId', client_id, 'name', '20 sessions', 'description', null,
           'unitKind', 'sessions', 'quantity', 20, 'price', 20 * uv, 'firstUnitPrice', null, 'currency', 'EUR',
           'coveredServiceIds', null, 'bookablePractitionerIds', null, 'expiresOn', expires_on, 'templateId', null,
           'status', status, 'invoiceId', invoice_id, 'activatedAt', pg_temp.iso(paid_at),
           'closedAt', CASE status WHEN 'completed' THEN pg_temp.iso(last_settled) WHEN 'cancelled' THEN pg_temp.iso(end_at) END,
           'deletedAt', null, 'createdBy', ${staff}, 'createdAt', pg_temp.iso(created),
           'updatedAt', pg_temp.iso(CASE status WHEN 'completed' THEN last_settled WHEN 'active' THEN paid_at ELSE end_at END))
         FROM sb ORDER BY created, id`,
    ],
    [
      'sessions',
      `INSERT INTO sessions_sessions (tenant_id, id, practitioner_id, starts_at, created_at, series_id, data)
         SELECT ${T}, session_id, prac_id, pg_temp.iso(t), pg_temp.iso(booked_at), NULL, jsonb_build_object(
           'tenantId', ${T}, 'id', session_id, 'practitionerId', prac_id, 'serviceId', v.id,
           'startsAt', pg_temp.iso(t), 'endsAt', pg_temp.iso(t + v.minutes * interval '1 minute'),
           'timeZone', 'Europe/Berlin', 'durationMinutes', v.minutes, 'location', null, 'publicNote', null,
           'privateNote', null, 'capacity', 1,
           'status', CASE outcome WHEN 'scheduled' THEN 'scheduled' WHEN 'cancelled' THEN 'cancelled' ELSE 'completed' END,
           'deletedAt', null, 'seriesId', null, 'occurrenceDate', null, 'classId', null, 'displayed', true,
           'createdBy', ${staff}, 'createdAt', pg_temp.iso(booked_at), 'updatedAt', pg_temp.iso(coalesce(settled_at, booked_at)))
         FROM (SELECT sl.*, pg_temp.uid('practitioner:' || sl.prac) AS prac_id FROM sl) sl JOIN svc v ON v.i = sl.svc
         ORDER BY booked_at, session_id`,
    ],
    [
      'attendances',
      `INSERT INTO sessions_attendances
           (tenant_id, id, session_id, client_id, block_id, invoice_id, starts_at, created_at, data)
         SELECT ${T}, attendance_id, session_id, sl.client_id, bid, iid, pg_temp.iso(t), pg_temp.iso(booked_at),
           jsonb_build_object('tenantId', ${T}, 'id', attendance_id, 'sessionId', session_id, 'clientId', sl.client_id,
             'startsAt', pg_temp.iso(t), 'blockId', bid,
             'status', outcome,
             'cost', CASE WHEN outcome = 'cancelled' THEN 0 WHEN linked THEN uv ELSE v.price END,
             'wage', CASE WHEN outcome = 'cancelled' THEN 0 ELSE v.wage END,
             'completion', CASE outcome WHEN 'completed' THEN ${completion('Completed', 'completed', 100)}
               WHEN 'missed' THEN ${completion('Missed', 'missed', 100)}
               WHEN 'cancelled' THEN ${completion('Cancelled', 'cancelled', 0)} END,
             'cancellation', CASE WHEN outcome = 'cancelled' THEN jsonb_build_object('hoursBefore', 48, 'tier', null,
               'waived', false, 'reason', null) END,
             'override', null, 'invoiceId', iid, 'settledAt', pg_temp.iso(settled_at),
             'settledBy', CASE WHEN settled_at IS NOT NULL THEN ${staff} END, 'deletedAt', null,
             'createdBy', ${staff}, 'createdAt', pg_temp.iso(booked_at),
             'updatedAt', pg_temp.iso(coalesce(si.issued_at, settled_at, booked_at)))
         FROM (SELECT sl.*, CASE WHEN sl.linked THEN sl.block_id END AS bid FROM sl) sl
         JOIN svc v ON v.i = sl.svc
         LEFT JOIN si ON NOT sl.linked AND si.c = sl.c AND si.k = sl.k
         CROSS JOIN LATERAL (SELECT si.id AS iid) i
         ORDER BY booked_at, attendance_id`,
    ],
    [
      'block ledgers',
      `CREATE TEMP TABLE le AS
         SELECT id AS block_id, 1 AS seq, 'purchase' AS kind, NULL AS src, 'available' AS dst, 20 AS units,
           20 * uv AS val, 0 AS amount, NULL AS session_id, NULL::int AS session_number, NULL AS invoice_id,
           created AS at, NULL AS reason FROM sb
         UNION ALL
         SELECT id, 2, 'payment', NULL, NULL, 0, 0, 20 * uv, NULL, NULL, invoice_id, paid_at, 'card' FROM sb
         UNION ALL
         SELECT block_id, CASE WHEN future THEN 3 + 2 * block_past + (j - block_past) ELSE 3 + 2 * j END,
           'reserve', 'available', 'reserved', 1, uv, 0, attendance_id, j + 1, NULL, booked_at, NULL
         FROM sl WHERE linked
         UNION ALL
         SELECT block_id, 4 + 2 * j, CASE outcome WHEN 'cancelled' THEN 'release' ELSE 'consume' END,
           'reserved', CASE outcome WHEN 'cancelled' THEN 'available' ELSE 'consumed' END, 1, uv, 0,
           attendance_id, j + 1, NULL, settled_at,
           CASE outcome WHEN 'cancelled' THEN 'cancelled in time' ELSE outcome END
         FROM sl WHERE linked AND NOT future
         UNION ALL
         SELECT id, 3 + 2 * linked, CASE status WHEN 'expired' THEN 'expire' ELSE 'refund' END, 'available',
           CASE status WHEN 'expired' THEN 'forfeited' ELSE 'refunded' END, 21 - linked, (21 - linked) * uv,
           CASE status WHEN 'expired' THEN 0 ELSE (21 - linked) * uv END, NULL, NULL,
           CASE status WHEN 'expired' THEN NULL ELSE invoice_id END, end_at,
           CASE status WHEN 'expired' THEN 'expired at the end of ' || expires_on ELSE 'block cancelled' END
         FROM sb WHERE status IN ('expired', 'cancelled');
       INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
         SELECT ${T}, block_id, seq, id, session_id,
           pg_temp.entry(id, block_id, seq, kind, src, dst, units, val, amount, session_id, session_number,
             invoice_id, at, reason)
         FROM (SELECT le.*, pg_temp.uid('entry:' || block_id || ':' || seq) AS id FROM le) e
         ORDER BY at, block_id, seq`,
    ],
    [
      'block totals (sums of the entries)',
      // The same sums as migration 005 computes for existing ledgers.
      `INSERT INTO sessions_block_totals
       SELECT tenant_id, block_id, max(seq), count(DISTINCT session_id),
         ${['available', 'reserved', 'consumed', 'refunded', 'forfeited']
           .flatMap((b) =>
             ['u', 'v', 'f'].map(
               (x) =>
                 `sum(CASE WHEN data->>'to' = '${b}' THEN ${x} ELSE 0 END) - sum(CASE WHEN data->>'from' = '${b}' THEN ${x} ELSE 0 END)`,
             ),
           )
           .join(',\n         ')},
         sum(CASE WHEN data->>'from' IS NULL THEN u ELSE 0 END),
         sum(CASE WHEN data->>'from' IS NULL THEN v ELSE 0 END),
         sum(CASE WHEN data->>'kind' = 'payment' THEN a ELSE 0 END),
         sum(CASE WHEN data->>'kind' = 'refund' THEN a ELSE 0 END),
         sum(CASE WHEN data->>'kind' = 'refund' THEN w ELSE 0 END)
       FROM (
         SELECT tenant_id, block_id, seq, session_id, data,
           (data->>'units')::bigint AS u, (data->>'value')::bigint AS v,
           CASE WHEN (data->>'firstUnit')::boolean THEN 1 ELSE 0 END AS f,
           (data->>'amount')::bigint AS a, (data->>'writeOff')::bigint AS w
         FROM sessions_ledger WHERE tenant_id = ${T}
       ) e
       GROUP BY tenant_id, block_id`,
    ],
    [
      'account ledgers',
      `CREATE TEMP TABLE ae AS
         SELECT sl.client_id, sl.booked_at AS at, 1 AS ord, 'hold' AS kind, 0 AS amount, v.price AS held,
           sl.session_id, sl.attendance_id, NULL AS invoice_id, NULL AS reason
         FROM sl JOIN svc v ON v.i = sl.svc WHERE NOT sl.linked
         UNION ALL
         SELECT sl.client_id, sl.settled_at, 2, 'charge', -v.price, -v.price, sl.session_id, sl.attendance_id, NULL,
           sl.outcome
         FROM sl JOIN svc v ON v.i = sl.svc WHERE NOT sl.linked
         UNION ALL
         SELECT client_id, issued_at + interval '2 days', 3, 'payment', total, 0, NULL, NULL, id, 'bank transfer'
         FROM si WHERE paid;
       INSERT INTO sessions_account_ledger (tenant_id, client_id, seq, id, data)
         SELECT ${T}, client_id, seq, id, jsonb_set(
           pg_temp.account_entry(id, client_id, kind, amount, held, session_id, attendance_id, invoice_id, at, reason),
           '{seq}', to_jsonb(seq))
         FROM (SELECT ae.*, row_number() OVER (PARTITION BY client_id ORDER BY at, ord) AS seq FROM ae) x
         CROSS JOIN LATERAL (SELECT pg_temp.uid('account-entry:' || client_id || ':' || seq) AS id) i
         ORDER BY at, client_id`,
    ],
  ];
}

async function deleteTenants(db: SqlQueryable, tenants: string[]) {
  for (const table of TABLES) await db.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [tenants]);
}

// ---------------------------------------------------------------------------------------------
// The shape reference: the same kinds of records written by core itself
// ---------------------------------------------------------------------------------------------

/** A small practice run through the facade: the records core writes, to check the seed's against. */
async function writeReference(driver: SqlDriver) {
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
  let types = into.get(path);
  if (!types) into.set(path, (types = new Set()));
  types.add(type);
  if (Array.isArray(value)) for (const item of value) collectShape(item, `${path}[]`, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collectShape(v, path ? `${path}.${k}` : k, into);
}

/** Differences between the shapes of the seed's records and core's: missing or extra fields, other types. */
async function compareShapes(pool: pg.Pool): Promise<string[]> {
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
      const order = table === 'sessions_settings' ? '' : `ORDER BY ${table.includes('ledger') ? 'id' : 'id'}`;
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
async function compareColumns(pool: pg.Pool): Promise<string[]> {
  const checks: [string, string][] = [
    ['sessions_clients', `created_at <> data->>'createdAt' OR id <> data->>'id'`],
    [
      'sessions_blocks',
      `client_id <> data->>'clientId' OR status <> data->>'status' OR created_at <> data->>'createdAt' OR id <> data->>'id'`,
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
    ['sessions_account_ledger', `client_id <> data->>'clientId' OR seq <> (data->>'seq')::int OR id <> data->>'id'`],
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

// ---------------------------------------------------------------------------------------------
// Consistency through the facade
// ---------------------------------------------------------------------------------------------

async function verify(sessions: Sessions, pool: pg.Pool): Promise<string[]> {
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

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

interface Stats {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { runs: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** Time `fn(i)` for i < runs, one call at a time, after `warmup` untimed calls; milliseconds. */
async function timed(runs: number, fn: (i: number) => Promise<unknown>, warmup = WARMUP): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** A small deterministic PRNG (mulberry32), so every run picks the same clients and pages. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A driver that records the statements sent through it while `on`. */
function recording(driver: SqlDriver) {
  const log = { on: false, statements: [] as { sql: string; params: unknown[] }[] };
  const wrap = (q: SqlQueryable): SqlQueryable => ({
    query: (sql, params) => {
      if (log.on) log.statements.push({ sql, params: params ? [...params] : [] });
      return q.query(sql, params);
    },
  });
  const wrapped: SqlDriver = {
    concurrent: driver.concurrent,
    query: wrap(driver).query,
    transaction: (fn) => driver.transaction((connection) => fn(wrap(connection))),
  };
  return { driver: wrapped, log };
}

interface FeedCursor {
  phase: string;
  after: { key: string; id: string } | null;
}
const decodeFeedCursor = (text: string | undefined): FeedCursor =>
  text ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) : { phase: 'draft', after: null };

// ---------------------------------------------------------------------------------------------
// Baselines: one hand-written statement per call, over the same pool, prepared like the store's
// ---------------------------------------------------------------------------------------------

function baselines(pool: pg.Pool) {
  const q = (name: string, text: string, values: unknown[]) => pool.query({ name, text, values });
  const ACTIVE = `SELECT b.data AS block, t.*, c.data->>'name' AS client_name
    FROM sessions_blocks b
    JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
    JOIN sessions_clients c ON c.tenant_id = b.tenant_id AND c.id = b.client_id
    WHERE b.tenant_id = $1 AND b.status = 'active'`;
  const BLOCK_PHASE = `SELECT b.data AS block, t.*, i.data AS invoice
    FROM sessions_blocks b
    JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
    LEFT JOIN sessions_invoices i ON i.tenant_id = b.tenant_id AND i.id = b.data->>'invoiceId'
    WHERE b.tenant_id = $1 AND b.status = $2 AND (b.created_at, b.id) > ($3, $4)
    ORDER BY b.created_at, b.id LIMIT $5`;
  return {
    activeFirst: (limit: number) =>
      q('base_active_first', `${ACTIVE} ORDER BY b.created_at, b.id LIMIT $2`, [TENANT, limit]),
    activeAfter: (after: { key: string; id: string }, limit: number) =>
      q('base_active_after', `${ACTIVE} AND (b.created_at, b.id) > ($2, $3) ORDER BY b.created_at, b.id LIMIT $4`, [
        TENANT,
        after.key,
        after.id,
        limit,
      ]),
    history: (clientId: string) =>
      q(
        'base_history',
        `SELECT c.data AS client, b.data AS block, t.*
         FROM sessions_clients c
         LEFT JOIN sessions_blocks b ON b.tenant_id = c.tenant_id AND b.client_id = c.id
         LEFT JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
         WHERE c.tenant_id = $1 AND c.id = $2
         ORDER BY b.created_at DESC, b.id DESC`,
        [TENANT, clientId],
      ),
    /**
     * What one call of the feed reads from `cursor`: up to four pages (200
     * records) of the cursor's phase, with what the reminders are computed
     * from — a block's totals and invoice; an unlinked place's session and the
     * client's active blocks with their units left; an invoice of sessions and
     * the payments naming it. The first call (draft and pending are empty here)
     * reads the first 100 active blocks, as the feed does.
     */
    feed: (cursor: FeedCursor, limit: number) => {
      const after = cursor.after ?? { key: '', id: '' };
      if (cursor.phase === 'draft' || cursor.phase === 'pending')
        return q('base_feed_block', BLOCK_PHASE, [TENANT, 'active', '', '', 2 * limit]);
      if (cursor.phase === 'unlinked')
        return q(
          'base_feed_unlinked',
          `SELECT a.data AS attendance, s.data AS session,
             (SELECT jsonb_agg(jsonb_build_object('block', b.data, 'available', t.available_units))
              FROM sessions_blocks b
              JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
              WHERE b.tenant_id = a.tenant_id AND b.client_id = a.client_id AND b.status = 'active') AS blocks
           FROM sessions_attendances a
           JOIN sessions_sessions s ON s.tenant_id = a.tenant_id AND s.id = a.session_id
           WHERE a.tenant_id = $1 AND a.block_id IS NULL AND a.invoice_id IS NULL AND (a.starts_at, a.id) > ($2, $3)
           ORDER BY a.starts_at, a.id LIMIT $4`,
          [TENANT, after.key, after.id, 4 * limit],
        );
      if (cursor.phase === 'invoices')
        return q(
          'base_feed_invoices',
          `SELECT i.data AS invoice,
             (SELECT coalesce(sum((e.data->>'amount')::bigint), 0) FROM sessions_account_ledger e
              WHERE e.tenant_id = i.tenant_id AND e.client_id = i.data->>'clientId'
                AND e.data->>'kind' = 'payment' AND e.data->>'invoiceId' = i.id) AS paid
           FROM sessions_invoices i
           WHERE i.tenant_id = $1 AND i.block_id IS NULL AND (i.created_at, i.id) > ($2, $3)
           ORDER BY i.created_at, i.id LIMIT $4`,
          [TENANT, after.key, after.id, 4 * limit],
        );
      return q('base_feed_block', BLOCK_PHASE, [TENANT, cursor.phase, after.key, after.id, 4 * limit]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN
// ---------------------------------------------------------------------------------------------

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Sort Method'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function walkPlan(node: PlanNode, visit: (n: PlanNode) => void) {
  visit(node);
  for (const child of node.Plans ?? []) walkPlan(child, visit);
}

function summarisePlan(plan: { Plan: PlanNode; 'Execution Time'?: number }) {
  const scans = new Set<string>();
  const flags: string[] = [];
  walkPlan(plan.Plan, (n) => {
    const rows = (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
    if (n['Index Name']) scans.add(`${n['Node Type'].replace(' Scan', '')} ${n['Index Name']}`);
    else if (n['Node Type'] === 'Seq Scan') {
      scans.add(`Seq Scan ${n['Relation Name']}`);
      if (BIG_TABLES.has(n['Relation Name'] ?? '')) flags.push(`Seq Scan on ${n['Relation Name']} (${rows} rows)`);
    } else if (n['Node Type'] === 'Sort') {
      scans.add(`Sort (${rows} rows${n['Sort Method'] ? `, ${n['Sort Method']}` : ''})`);
      if (rows > 1000) flags.push(`Sort of ${rows} rows`);
    } else if (['Merge Append', 'Nested Loop', 'Hash Join', 'Merge Join', 'Aggregate'].includes(n['Node Type']))
      scans.add(n['Node Type']);
  });
  return {
    scans: [...scans].join('; '),
    flags,
    ms: plan['Execution Time'] ?? Number.NaN,
    hit: plan.Plan['Shared Hit Blocks'] ?? 0,
    read: plan.Plan['Shared Read Blocks'] ?? 0,
  };
}

/** A parameter as an SQL literal of unknown type (so the prepared statement's inferred type applies). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = Array.isArray(value)
    ? `{${value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
    : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** The store's SQL, whitespace folded, as a label. */
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim();

async function explainAll(pool: pg.Pool, statements: { call: string; sql: string; params: unknown[] }[]) {
  const client = await pool.connect();
  const out: string[] = [];
  const flagged: string[] = [];
  try {
    let i = 0;
    for (const { call, sql, params } of statements) {
      i++;
      const custom = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)).rows[0][
        'QUERY PLAN'
      ][0];
      // The plan `pg`'s named statements settle on after five runs, if it is not costlier: the generic one.
      await client.query(`PREPARE scale_explain_${i} AS ${sql}`);
      await client.query('SET plan_cache_mode = force_generic_plan');
      // EXECUTE takes no bind parameters: its arguments are written as literals.
      const args = params.map(literal).join(', ');
      const generic = (
        await client.query(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE scale_explain_${i}${args ? `(${args})` : ''}`,
        )
      ).rows[0]['QUERY PLAN'][0];
      await client.query('RESET plan_cache_mode');
      await client.query(`DEALLOCATE scale_explain_${i}`);
      const c = summarisePlan(custom);
      const g = summarisePlan(generic);
      const text = label(sql);
      out.push(
        `[${call}] ${text.length > 150 ? `${text.slice(0, 147)}...` : text}\n` +
          `    custom : ${c.ms.toFixed(3)} ms, buffers hit ${c.hit} read ${c.read}: ${c.scans}\n` +
          `    generic: ${g.ms.toFixed(3)} ms, buffers hit ${g.hit} read ${g.read}: ${g.scans}`,
      );
      for (const f of [...c.flags.map((x) => `custom: ${x}`), ...g.flags.map((x) => `generic: ${x}`)])
        flagged.push(`[${call}] ${text.slice(0, 80)}…: ${f}`);
    }
  } finally {
    client.release();
  }
  return { out, flagged };
}

// ---------------------------------------------------------------------------------------------

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

async function main() {
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const driver = pgDriver(pool);
  await migrate(driver);
  const info = (
    await pool.query(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
         current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers,
         current_setting('work_mem') AS work_mem`,
    )
  ).rows[0];
  console.log(
    `PostgreSQL ${info.version} (fsync ${info.fsync}, synchronous_commit ${info.sync}, shared_buffers ${info.buffers}, work_mem ${info.work_mem}); node ${process.version}; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  // -- seed ------------------------------------------------------------------------------------
  await deleteTenants(driver, [TENANT, REF_TENANT]);
  await writeReference(driver);
  console.log(`\nseeding ${CLIENTS.toLocaleString('en-US')} clients${QUICK ? ' (--quick)' : ''} …`);
  const seedClient = await pool.connect();
  const seedTimes: [string, number][] = [];
  const seedStart = performance.now();
  try {
    await seedClient.query('BEGIN');
    for (const [name, sql] of seedSteps(CLIENTS)) {
      const t0 = performance.now();
      await seedClient.query(sql);
      seedTimes.push([name, (performance.now() - t0) / 1000]);
      console.log(`  ${name.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await seedClient.query('COMMIT');
  } finally {
    // Drop the connection: it holds the seed's temporary tables and functions.
    seedClient.release(true);
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const t1 = performance.now();
  for (const table of TABLES) await pool.query(`ANALYZE ${table}`);
  const analyzeSeconds = (performance.now() - t1) / 1000;
  console.log(`  ${'ANALYZE'.padEnd(44)} ${analyzeSeconds.toFixed(1)} s`);
  console.log(`  seed ${seedSeconds.toFixed(1)} s + ANALYZE ${analyzeSeconds.toFixed(1)} s`);

  const counts = (
    await pool.query(
      `SELECT
        (SELECT count(*) FROM sessions_clients WHERE tenant_id = $1) AS clients,
        (SELECT count(*) FROM sessions_blocks WHERE tenant_id = $1) AS blocks,
        (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) n FROM sessions_blocks WHERE tenant_id = $1 GROUP BY status) s) AS by_status,
        (SELECT count(*) FROM sessions_sessions WHERE tenant_id = $1) AS sessions,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1) AS attendances,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND block_id IS NULL) AS unlinked,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND block_id IS NULL AND invoice_id IS NULL) AS unbilled,
        (SELECT count(*) FROM sessions_attendances WHERE tenant_id = $1 AND data->>'status' = 'scheduled') AS scheduled,
        (SELECT count(*) FROM sessions_ledger WHERE tenant_id = $1) AS entries,
        (SELECT count(*) FROM sessions_account_ledger WHERE tenant_id = $1) AS account_entries,
        (SELECT count(*) FROM sessions_invoices WHERE tenant_id = $1) AS invoices,
        (SELECT count(*) FROM sessions_invoices WHERE tenant_id = $1 AND block_id IS NULL) AS session_invoices,
        (SELECT count(*) FROM sessions_blocks b JOIN sessions_block_totals t ON t.tenant_id = b.tenant_id AND t.block_id = b.id
          WHERE b.tenant_id = $1 AND b.status = 'active' AND t.available_units * 100 <= 20 * t.purchased) AS low,
        pg_size_pretty(pg_database_size(current_database())) AS size`,
      [TENANT],
    )
  ).rows[0];
  console.log(
    `  ${counts.clients} clients, ${counts.blocks} blocks ${JSON.stringify(counts.by_status)} (${counts.low} active ones low), ` +
      `${counts.sessions} sessions, ${counts.attendances} attendances (${counts.unlinked} unlinked, ${counts.unbilled} of them not invoiced; ` +
      `${counts.scheduled} scheduled), ${counts.entries} ledger entries, ${counts.account_entries} account entries, ` +
      `${counts.invoices} invoices (${counts.session_invoices} of sessions); database ${counts.size}`,
  );

  // -- checks ----------------------------------------------------------------------------------
  const clock = manualClock(NOW);
  const sessions = createSessions({ store: createPostgresStore({ driver }), clock, ids: sequentialIds('bench') });
  const shapeProblems = [...(await compareShapes(pool)), ...(await compareColumns(pool))];
  console.log(
    `\nshape check against core's own records: ${shapeProblems.length === 0 ? 'same fields and types' : shapeProblems.join('\n  ')}`,
  );
  const t2 = performance.now();
  const problems = await verify(sessions, pool);
  console.log(
    `consistency through the facade (100 blocks' balance = fold of their history, 30 sessions, 30 accounts and invoices, a booking): ${
      problems.length === 0 ? 'ok' : `\n  ${problems.join('\n  ')}`
    } (${((performance.now() - t2) / 1000).toFixed(1)} s)`,
  );

  // -- measure ---------------------------------------------------------------------------------
  const base = baselines(pool);
  const random = prng(42);
  const rows: { name: string; store: Stats; baseline: Stats; statements: number }[] = [];
  const loadBefore = loadavg();

  const rec = recording(driver);
  const captured = createSessions({
    store: createPostgresStore({ driver: rec.driver }),
    clock,
    ids: sequentialIds('cap'),
  });
  const captures: { call: string; sql: string; params: unknown[] }[] = [];
  /** Run `fn` once on the recording store: its statements, for EXPLAIN and the round-trip count. */
  await captured.settings.get(STAFF); // the store's one-off schema check, out of the way
  const capture = async (call: string, fn: (s: Sessions) => Promise<unknown>) => {
    rec.log.statements = [];
    rec.log.on = true;
    await fn(captured);
    rec.log.on = false;
    for (const s of rec.log.statements) captures.push({ call, ...s });
    return rec.log.statements.length + 2; // and BEGIN, COMMIT
  };

  // Active packages: walk every page once, keeping the cursors.
  const activeCursors: (string | undefined)[] = [];
  const walkTimes: number[] = [];
  let after: string | undefined;
  do {
    activeCursors.push(after);
    const t0 = performance.now();
    const page = await sessions.reports.activePackages(STAFF, { limit: 100, ...(after ? { after } : {}) });
    walkTimes.push(performance.now() - t0);
    after = page.next ?? undefined;
  } while (after);
  // The page after a full last page is empty: leave it out of the picks.
  if (activeCursors.length > 1) activeCursors.pop();
  const deepIndex = Math.min(50, activeCursors.length - 1);
  const deep = activeCursors[deepIndex] as string;
  const deepKey = JSON.parse(Buffer.from(deep, 'base64url').toString('utf8'));
  rows.push({
    name: 'activePackages, first page (100)',
    store: stats(await timed(RUNS, () => sessions.reports.activePackages(STAFF, { limit: 100 }))),
    baseline: stats(await timed(RUNS, () => base.activeFirst(100))),
    statements: await capture('activePackages p1', (s) => s.reports.activePackages(STAFF, { limit: 100 })),
  });
  rows.push({
    name: `activePackages, page ${deepIndex + 1}`,
    store: stats(await timed(RUNS, () => sessions.reports.activePackages(STAFF, { limit: 100, after: deep }))),
    baseline: stats(await timed(RUNS, () => base.activeAfter(deepKey, 100))),
    statements: await capture('activePackages p51', (s) =>
      s.reports.activePackages(STAFF, { limit: 100, after: deep }),
    ),
  });
  const pages = Array.from({ length: RUNS + WARMUP }, () => activeCursors[Math.floor(random() * activeCursors.length)]);
  rows.push({
    name: `activePackages, random page of ${activeCursors.length}`,
    store: stats(
      await timed(RUNS, (i) => {
        const cursor = pages[i];
        return sessions.reports.activePackages(STAFF, { limit: 100, ...(cursor ? { after: cursor } : {}) });
      }),
    ),
    baseline: stats(
      await timed(RUNS, (i) => {
        const cursor = pages[i];
        return cursor
          ? base.activeAfter(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')), 100)
          : base.activeFirst(100);
      }),
    ),
    statements: Number.NaN,
  });

  // Package history of random clients.
  const clientIds = (
    await pool.query('SELECT id FROM sessions_clients WHERE tenant_id = $1 ORDER BY id', [TENANT])
  ).rows.map((r) => r.id as string);
  const picks = Array.from(
    { length: RUNS + WARMUP },
    () => clientIds[Math.floor(random() * clientIds.length)] as string,
  );
  rows.push({
    name: 'packageHistory, random client (5 blocks)',
    store: stats(await timed(RUNS, (i) => sessions.reports.packageHistory(STAFF, { clientId: picks[i] as string }))),
    baseline: stats(await timed(RUNS, (i) => base.history(picks[i] as string))),
    statements: await capture('packageHistory', (s) =>
      s.reports.packageHistory(STAFF, { clientId: picks[0] as string }),
    ),
  });

  // The reminders feed: walk it all once (each call timed, by the phase it starts in), then random pages.
  const feed: { cursor: string | undefined; phase: string; ms: number; items: number }[] = [];
  const reminderTypes = new Map<string, number>();
  let next: string | undefined;
  const feedStart = performance.now();
  do {
    const t0 = performance.now();
    const page = await sessions.remindersPage(STAFF, { limit: 50, ...(next ? { after: next } : {}) });
    feed.push({
      cursor: next,
      phase: decodeFeedCursor(next).phase,
      ms: performance.now() - t0,
      items: page.items.length,
    });
    for (const item of page.items) reminderTypes.set(item.type, (reminderTypes.get(item.type) ?? 0) + 1);
    next = page.next ?? undefined;
  } while (next);
  const feedSeconds = (performance.now() - feedStart) / 1000;
  rows.push({
    name: 'remindersPage, first page (50)',
    store: stats(await timed(RUNS, () => sessions.remindersPage(STAFF, { limit: 50 }))),
    baseline: stats(await timed(RUNS, () => base.feed(decodeFeedCursor(undefined), 50))),
    statements: await capture('remindersPage p1', (s) => s.remindersPage(STAFF, { limit: 50 })),
  });
  const feedPicks = Array.from({ length: RUNS + WARMUP }, () => feed[Math.floor(random() * feed.length)]?.cursor);
  rows.push({
    name: `remindersPage, random page of ${feed.length}`,
    store: stats(
      await timed(RUNS, (i) => {
        const cursor = feedPicks[i];
        return sessions.remindersPage(STAFF, { limit: 50, ...(cursor ? { after: cursor } : {}) });
      }),
    ),
    baseline: stats(await timed(RUNS, (i) => base.feed(decodeFeedCursor(feedPicks[i]), 50))),
    statements: Number.NaN,
  });
  // Per phase, a page from the middle of it: repeated runs, and its statements for EXPLAIN.
  const phaseRows: { phase: string; calls: number; walk: Stats; items: number }[] = [];
  for (const phase of ['active', 'completed', 'expired', 'unlinked', 'invoices']) {
    const calls = feed.filter((f) => f.phase === phase);
    if (calls.length === 0) continue;
    phaseRows.push({
      phase,
      calls: calls.length,
      walk: stats(calls.map((f) => f.ms)),
      items: calls.reduce((n, f) => n + f.items, 0),
    });
    const middle = calls[Math.floor(calls.length / 2)]?.cursor as string;
    rows.push({
      name: `remindersPage, a ${phase} page`,
      store: stats(
        await timed(Math.min(RUNS, 100), () => sessions.remindersPage(STAFF, { limit: 50, after: middle }), 10),
      ),
      baseline: stats(await timed(Math.min(RUNS, 100), () => base.feed(decodeFeedCursor(middle), 50), 10)),
      statements: await capture(`remindersPage ${phase}`, (s) => s.remindersPage(STAFF, { limit: 50, after: middle })),
    });
  }
  const loadAfter = loadavg();

  // -- report ----------------------------------------------------------------------------------
  console.log(
    `\nlatency, ms, ${RUNS} runs per case after ${WARMUP} warm-up (phase pages: 100 after 10); one call at a time; ` +
      `load ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after`,
  );
  console.log(
    [
      'case'.padEnd(42),
      'stmts'.padStart(5),
      'p50'.padStart(7),
      'p95'.padStart(7),
      'p99'.padStart(7),
      'base p50'.padStart(9),
      'base p95'.padStart(9),
      'base p99'.padStart(9),
      `p95<${TARGET_MS}`.padStart(7),
    ].join(' '),
  );
  for (const r of rows)
    console.log(
      [
        r.name.padEnd(42),
        (Number.isNaN(r.statements) ? '' : String(r.statements)).padStart(5),
        ms(r.store.p50).padStart(7),
        ms(r.store.p95).padStart(7),
        ms(r.store.p99).padStart(7),
        ms(r.baseline.p50).padStart(9),
        ms(r.baseline.p95).padStart(9),
        ms(r.baseline.p99).padStart(9),
        (r.store.p95 < TARGET_MS ? 'yes' : 'NO').padStart(7),
      ].join(' '),
    );
  const walk = stats(walkTimes);
  console.log(
    `\nactivePackages, every page once (${walkTimes.length} pages): p50 ${ms(walk.p50)}, p95 ${ms(walk.p95)}, max ${ms(walk.max)} ms`,
  );
  console.log(
    `remindersPage, every page once: ${feed.length} calls in ${feedSeconds.toFixed(1)} s, ${[...reminderTypes]
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}`,
  );
  for (const p of phaseRows)
    console.log(
      `  ${p.phase.padEnd(10)} ${String(p.calls).padStart(4)} calls, ${String(p.items).padStart(5)} reminders: p50 ${ms(p.walk.p50)}, p95 ${ms(p.walk.p95)}, max ${ms(p.walk.max)} ms`,
    );

  // -- explain ---------------------------------------------------------------------------------
  const seen = new Set<string>();
  const unique = captures.filter((c) => {
    if (!/^\s*(SELECT|WITH)/i.test(c.sql) || seen.has(c.sql)) return false;
    seen.add(c.sql);
    return true;
  });
  const perCall = new Map<string, Map<string, number>>();
  for (const c of captures) {
    const m = perCall.get(c.call) ?? new Map<string, number>();
    const key = label(c.sql).slice(0, 70);
    m.set(key, (m.get(key) ?? 0) + 1);
    perCall.set(c.call, m);
  }
  console.log('\nstatements per call (besides BEGIN and COMMIT):');
  for (const [call, m] of perCall)
    console.log(
      `  ${call}: ${[...m]
        .sort((a, b) => b[1] - a[1])
        .map(([sql, n]) => `${n}× ${sql}`)
        .join('\n      ')}`,
    );
  const { out, flagged } = await explainAll(pool, unique);
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the ${unique.length} distinct statements:`);
  for (const line of out) console.log(line);
  console.log(
    `\nplan check: ${flagged.length === 0 ? 'every statement uses an index; no Seq Scan on a big table, no sort over 1,000 rows' : flagged.join('\n  ')}`,
  );

  if (process.env.DATABASE_URL && !KEEP) await deleteTenants(driver, [TENANT, REF_TENANT]);
  await pool.end();
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  server?.stop();
}
