import {
  type AccountEntry,
  type AccountLedgerRepository,
  type Attendance,
  type AttendanceRepository,
  type Enrolment,
  type EnrolmentRepository,
  type InstantRange,
  type Page,
  type Session,
  type SessionRepository,
  SessionsError,
} from '@sessions/core';
import type { SqlQueryable } from './driver.js';
import { BY_START, SqlEntries, SqlRecords } from './repositories.js';

/**
 * Sessions: practitioner, start and series are columns beside the jsonb,
 * rewritten by every update, so a rescheduled, reassigned or re-seriesed
 * session is found where it is now.
 */
export class SqlSessions extends SqlRecords<Session> implements SessionRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_sessions', 'session', {
      practitioner_id: (s) => s.practitionerId,
      starts_at: (s) => s.startsAt,
      series_id: (s) => s.seriesId ?? null,
    });
  }
  listByPractitioner(practitionerId: string, range: InstantRange): Promise<Session[]> {
    return this.select(
      'practitioner_id = $2 AND starts_at >= $3 AND starts_at < $4',
      [practitionerId, range.from, range.to],
      BY_START,
    );
  }
  listStartingBetween(range: InstantRange): Promise<Session[]> {
    return this.select('starts_at >= $2 AND starts_at < $3', [range.from, range.to], BY_START);
  }
  listBySeries(seriesId: string): Promise<Session[]> {
    // Implies series_id IS NOT NULL: the partial index sessions_sessions_series serves it.
    return this.select('series_id = $2', [seriesId], BY_START);
  }
}

/**
 * Enrolments: class, client and status are columns, rewritten by every update;
 * both lists take every status, in creation order.
 */
export class SqlEnrolments extends SqlRecords<Enrolment> implements EnrolmentRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_enrolments', 'enrolment', {
      class_id: (e) => e.classId,
      client_id: (e) => e.clientId,
      status: (e) => e.status,
    });
  }
  listByClass(classId: string): Promise<Enrolment[]> {
    return this.select('class_id = $2', [classId]);
  }
  listByClient(clientId: string): Promise<Enrolment[]> {
    return this.select('client_id = $2', [clientId]);
  }
}

/**
 * Attendances: session, client, block, invoice and start are columns, rewritten
 * by every update, so an attendance moves between lists as it changes.
 */
export class SqlAttendances extends SqlRecords<Attendance> implements AttendanceRepository {
  constructor(db: SqlQueryable, tenantId: string) {
    super(db, tenantId, 'sessions_attendances', 'attendance', {
      session_id: (a) => a.sessionId,
      client_id: (a) => a.clientId,
      block_id: (a) => a.blockId,
      invoice_id: (a) => a.invoiceId,
      starts_at: (a) => a.startsAt,
    });
  }
  listBySession(sessionId: string): Promise<Attendance[]> {
    return this.select('session_id = $2', [sessionId]);
  }
  listByClient(clientId: string): Promise<Attendance[]> {
    return this.select('client_id = $2', [clientId], BY_START);
  }
  listByBlock(blockId: string): Promise<Attendance[]> {
    return this.select('block_id = $2', [blockId], BY_START);
  }
  listUnlinked(page?: Page): Promise<Attendance[]> {
    // The same predicate as the partial index sessions_attendances_unlinked.
    return this.select('block_id IS NULL AND invoice_id IS NULL', [], BY_START, page);
  }
}

/**
 * Clients' account ledgers: append-only, one statement per batch, like a
 * block's ledger. The invoice an entry names is a column beside it (007), so
 * the payments of many invoices are one grouped read.
 */
export class SqlAccountLedger implements AccountLedgerRepository {
  private readonly entries: SqlEntries<AccountEntry>;
  constructor(
    private readonly db: SqlQueryable,
    private readonly tenantId: string,
  ) {
    this.entries = new SqlEntries<AccountEntry>(
      db,
      tenantId,
      'sessions_account_ledger',
      'client_id',
      (e) => e.clientId,
      (entries) =>
        new SessionsError(
          'CONFLICT',
          'An account entry with this id, or this number in its client’s account, already exists.',
          { entity: 'account entry', ids: entries.map((e) => e.id) },
        ),
      { invoice_id: (e) => e.invoiceId ?? null },
    );
  }
  append(entries: readonly AccountEntry[]): Promise<void> {
    return this.entries.append(entries);
  }
  listByClient(clientId: string): Promise<AccountEntry[]> {
    return this.entries.list(clientId);
  }
  async paymentsFor(invoiceIds: readonly string[]): Promise<Map<string, number>> {
    if (invoiceIds.length === 0) return new Map();
    // One statement: the entries naming the invoices, read through sessions_account_ledger_invoice
    // (its predicate spelled out), the payments among them summed per invoice.
    const { rows } = await this.db.query<{ invoice_id: string; paid: string | number | bigint }>(
      `SELECT invoice_id, sum((data->>'amount')::bigint) AS paid FROM sessions_account_ledger
       WHERE tenant_id = $1 AND invoice_id IS NOT NULL AND invoice_id = ANY($2) AND data->>'kind' = 'payment'
       GROUP BY invoice_id`,
      [this.tenantId, [...new Set(invoiceIds)]],
    );
    return new Map(rows.map((r) => [r.invoice_id, Number(r.paid)]));
  }
}
