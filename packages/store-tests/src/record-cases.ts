import type { RecordRepository, StoreTransaction } from '@sessions/core';
import {
  blockRecord,
  clientRecord,
  invoiceRecord,
  practitionerRecord,
  serviceRecord,
  T0,
  templateRecord,
} from './samples.js';
import {
  attendanceRecord,
  availabilityRecord,
  classTerms,
  closureRecord,
  completionTypeRecord,
  enrolmentRecord,
  seriesRecord,
  sessionRecord,
} from './session-samples.js';
import type { ConformanceRawView, RawRecordTable } from './suite.js';

type AnyRecord = { id: string; createdAt: string };

/** One record repository, with a way to make a record for it, change one, and read its table raw. */
export interface RecordCase {
  readonly table: RawRecordTable | 'blocks';
  repo(tx: StoreTransaction): RecordRepository<AnyRecord>;
  make(tenantId: string, id: string, createdAt?: string): AnyRecord;
  /** The same record with some fields (nested ones included) changed, as an update writes it. */
  change(record: AnyRecord): AnyRecord;
  raw(view: ConformanceRawView, tenantId: string): Promise<unknown[]>;
}

const later = '2026-03-02T10:00:00.000Z';
const repo = <T extends AnyRecord>(r: RecordRepository<T>) => r as unknown as RecordRepository<AnyRecord>;

/** Every record repository of a transaction: the generic CRUD rules hold for each of them. */
export const RECORD_CASES: readonly RecordCase[] = [
  {
    table: 'clients',
    repo: (tx) => repo(tx.clients),
    make: clientRecord,
    change: (r) => ({ ...r, name: 'Renamed', email: 'new@example.com', updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'clients'),
  },
  {
    table: 'practitioners',
    repo: (tx) => repo(tx.practitioners),
    make: practitionerRecord,
    change: (r) => ({ ...r, timeZone: 'Europe/Vienna', updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'practitioners'),
  },
  {
    table: 'services',
    repo: (tx) => repo(tx.services),
    make: serviceRecord,
    change: (r) => ({ ...r, price: 11000, pricing: 'hourly', updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'services'),
  },
  {
    table: 'templates',
    repo: (tx) => repo(tx.templates),
    make: templateRecord,
    change: (r) => ({ ...r, coveredServiceIds: ['s3'], validForDays: null, updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'templates'),
  },
  {
    table: 'blocks',
    repo: (tx) => repo(tx.blocks),
    make: (tenantId, id, createdAt = T0) => blockRecord(tenantId, id, 'c1', { createdAt, updatedAt: createdAt }),
    change: (r) => ({ ...r, status: 'active', activatedAt: later, bookablePractitionerIds: null, updatedAt: later }),
    raw: (view, tenantId) => view.blocks(tenantId),
  },
  {
    table: 'invoices',
    repo: (tx) => repo(tx.invoices),
    make: (tenantId, id, createdAt = T0) => invoiceRecord(tenantId, id, `block-of-${id}`, `INV-${id}`, createdAt),
    change: (r) => ({ ...r, subject: 'Updated', lines: [], blockId: null, attendanceIds: ['a1'], updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'invoices'),
  },
  {
    table: 'sessions',
    repo: (tx) => repo(tx.sessions),
    make: (tenantId, id, createdAt = T0) => sessionRecord(tenantId, id, { createdAt, updatedAt: createdAt }),
    change: (r) => ({
      ...r,
      startsAt: '2026-03-11T14:00:00.000Z',
      endsAt: '2026-03-11T15:00:00.000Z',
      privateNote: 'Knee',
      status: 'completed',
      seriesId: 'series-1',
      occurrenceDate: '2026-03-11',
      classId: 'series-1',
      displayed: true,
      updatedAt: later,
    }),
    raw: (view, tenantId) => view.records(tenantId, 'sessions'),
  },
  {
    table: 'attendances',
    repo: (tx) => repo(tx.attendances),
    make: (tenantId, id, createdAt = T0) =>
      attendanceRecord(tenantId, id, 'session-1', { createdAt, updatedAt: createdAt }),
    change: (r) => ({
      ...r,
      status: 'cancelled',
      cost: 4750,
      wage: 2250,
      completion: {
        typeId: 'late-cancel',
        label: 'Late Cancel',
        baseStatus: 'cancelled',
        modifier: { kind: 'percentage', client: 50, wage: 50 },
        builtIn: false,
      },
      cancellation: {
        hoursBefore: 3.5,
        tier: { withinHours: 24, completionTypeId: 'late-cancel' },
        waived: false,
        reason: 'ill',
      },
      settledAt: later,
      settledBy: { kind: 'client', id: 'c1' },
      updatedAt: later,
    }),
    raw: (view, tenantId) => view.records(tenantId, 'attendances'),
  },
  {
    table: 'completionTypes',
    repo: (tx) => repo(tx.completionTypes),
    make: completionTypeRecord,
    change: (r) => ({
      ...r,
      label: 'Very late',
      modifier: { kind: 'fixed', client: 3000, wage: 1000 },
      enabled: false,
      updatedAt: later,
    }),
    raw: (view, tenantId) => view.records(tenantId, 'completionTypes'),
  },
  {
    table: 'series',
    repo: (tx) => repo(tx.series),
    make: (tenantId, id, createdAt = T0) => seriesRecord(tenantId, id, { createdAt, updatedAt: createdAt }),
    change: (r) => ({
      ...r,
      kind: 'class',
      class: classTerms,
      clientIds: [],
      capacity: 12,
      rule: {
        frequency: 'monthly',
        interval: 1,
        weekdays: ['WE'],
        startDate: '2026-03-11',
        startTime: '18:30',
        count: null,
        until: '2026-12-31',
        exceptions: [],
      },
      updatedAt: later,
    }),
    raw: (view, tenantId) => view.records(tenantId, 'series'),
  },
  {
    table: 'enrolments',
    repo: (tx) => repo(tx.enrolments),
    make: (tenantId, id, createdAt = T0) =>
      enrolmentRecord(tenantId, id, 'class-1', { createdAt, updatedAt: createdAt }),
    change: (r) => ({ ...r, status: 'dropped', droppedAt: later, override: null, updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'enrolments'),
  },
  {
    table: 'closures',
    repo: (tx) => repo(tx.closures),
    make: closureRecord,
    change: (r) => ({ ...r, practitionerId: 'p1', to: '2026-12-31', reason: null, appliedAt: later, updatedAt: later }),
    raw: (view, tenantId) => view.records(tenantId, 'closures'),
  },
  {
    table: 'availability',
    repo: (tx) => repo(tx.availability),
    make: availabilityRecord,
    change: (r) => ({
      ...r,
      timeZone: 'Europe/Vienna',
      weekly: { MO: [], TU: [], WE: [{ start: '07:00', end: '11:00' }], TH: [], FR: [], SA: [], SU: [] },
      overrides: [],
      horizonDays: 30,
      updatedAt: later,
    }),
    raw: (view, tenantId) => view.records(tenantId, 'availability'),
  },
];
