import { NOW, TENANT } from './config.js';

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
 * Each block has an invoice, paid in full within the hour of its creation; its
 * ledger is purchase, payment, then reserve and consume/release per linked
 * slot (expire or refund for block 3); its totals row is the sum of its entries.
 */
export function seedSteps(n: number): [string, string][] {
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
      `INSERT INTO sessions_blocks (tenant_id, id, client_id, status, created_at, closed_at, expires_on, data)
         SELECT ${T}, id, client_id, status, pg_temp.iso(created), closed_at, expires_on, jsonb_build_object(
           'tenantId', ${T}, 'id', id, 'clientId', client_id, 'name', '20 sessions', 'description', null,
           'unitKind', 'sessions', 'quantity', 20, 'price', 20 * uv, 'firstUnitPrice', null, 'currency', 'EUR',
           'coveredServiceIds', null, 'bookablePractitionerIds', null, 'expiresOn', expires_on, 'templateId', null,
           'status', status, 'invoiceId', invoice_id, 'activatedAt', pg_temp.iso(paid_at),
           'closedAt', closed_at,
           'deletedAt', null, 'createdBy', ${staff}, 'createdAt', pg_temp.iso(created),
           'updatedAt', pg_temp.iso(CASE status WHEN 'completed' THEN last_settled WHEN 'active' THEN paid_at ELSE end_at END))
         FROM (SELECT sb.*, CASE status WHEN 'completed' THEN pg_temp.iso(last_settled)
                 WHEN 'cancelled' THEN pg_temp.iso(end_at) END AS closed_at FROM sb) sb
         ORDER BY created, id`,
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
       INSERT INTO sessions_account_ledger (tenant_id, client_id, seq, id, invoice_id, data)
         SELECT ${T}, client_id, seq, id, invoice_id, jsonb_set(
           pg_temp.account_entry(id, client_id, kind, amount, held, session_id, attendance_id, invoice_id, at, reason),
           '{seq}', to_jsonb(seq))
         FROM (SELECT ae.*, row_number() OVER (PARTITION BY client_id ORDER BY at, ord) AS seq FROM ae) x
         CROSS JOIN LATERAL (SELECT pg_temp.uid('account-entry:' || client_id || ':' || seq) AS id) i
         ORDER BY at, client_id`,
    ],
  ];
}
