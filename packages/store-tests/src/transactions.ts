import { expect } from 'vitest';
import { Boom, freshTenant, rejection } from './fixtures.js';
import {
  blockRecord,
  clientRecord,
  entryRecord,
  eventRecord,
  idempotencyRecord,
  invoiceRecord,
  practitionerRecord,
  serviceRecord,
  settingsRecord,
  templateRecord,
} from './samples.js';
import {
  accountEntryRecord,
  attendanceRecord,
  availabilityRecord,
  closureRecord,
  completionTypeRecord,
  enrolmentRecord,
  seriesRecord,
  sessionRecord,
} from './session-samples.js';
import { concern } from './suite.js';

export const transactions = concern('transactions', {
  async 'a transaction that throws leaves no trace and rethrows the same error'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c0')));
    const before = await raw.snapshot();
    const boom = new Boom('on purpose');
    const thrown = await store
      .transaction(tenantId, async (tx) => {
        await tx.settings.put(settingsRecord);
        await tx.clients.insert(clientRecord(tenantId, 'c1'));
        await tx.clients.update({ ...clientRecord(tenantId, 'c0'), name: 'changed' });
        await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1'));
        await tx.ledger.append([entryRecord(tenantId, 'b1', 1)]);
        await tx.sequences.next('invoice');
        await tx.idempotency.put(idempotencyRecord('k'));
        await tx.outbox.append([eventRecord(tenantId, 'e1')]);
        throw boom;
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(thrown).toBe(boom);
    expect(await raw.snapshot()).toBe(before);
    expect(await store.outbox.poll({ tenantId })).toEqual([]);
  },

  async 'a repository error rolls back the writes made before it'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c0')));
    const before = await raw.snapshot();
    const error = await rejection(
      store.transaction(tenantId, async (tx) => {
        await tx.clients.insert(clientRecord(tenantId, 'c1'));
        await tx.ledger.append([entryRecord(tenantId, 'b1', 1)]);
        await tx.outbox.append([eventRecord(tenantId, 'e1')]);
        await tx.clients.insert(clientRecord(tenantId, 'c0')); // CONFLICT
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(await raw.snapshot()).toBe(before);
    expect(await raw.records(tenantId, 'clients')).toEqual([clientRecord(tenantId, 'c0')]);
  },

  async 'a new tenant whose transaction only reads or rolls back leaves no trace'({ store, raw }) {
    const before = await raw.snapshot();
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.settings.get()).toBeNull();
      expect(await tx.clients.list()).toEqual([]);
      expect(await tx.blocks.listByStatus(['active'])).toEqual([]);
      expect(await tx.idempotency.get('k')).toBeNull();
    });
    await store
      .transaction(tenantId, async (tx) => {
        await tx.settings.put(settingsRecord);
        await tx.sequences.next('invoice');
        throw new Boom();
      })
      .catch(() => {});
    expect(await raw.snapshot()).toBe(before);
  },

  async 'the raw snapshot is stable, and every kind of committed write changes it'({ store, raw }) {
    const tenantId = freshTenant();
    let last = await raw.snapshot();
    expect(await raw.snapshot()).toBe(last);
    const writes: [string, () => Promise<unknown>][] = [
      ['settings.put', () => store.transaction(tenantId, (tx) => tx.settings.put(settingsRecord))],
      [
        'settings.put again',
        () => store.transaction(tenantId, (tx) => tx.settings.put({ ...settingsRecord, invoicePrefix: 'R-' })),
      ],
      ['clients.insert', () => store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c1')))],
      [
        'clients.update',
        () => store.transaction(tenantId, (tx) => tx.clients.update({ ...clientRecord(tenantId, 'c1'), phone: '1' })),
      ],
      [
        'practitioners.insert',
        () => store.transaction(tenantId, (tx) => tx.practitioners.insert(practitionerRecord(tenantId, 'p1'))),
      ],
      ['services.insert', () => store.transaction(tenantId, (tx) => tx.services.insert(serviceRecord(tenantId, 's1')))],
      [
        'templates.insert',
        () => store.transaction(tenantId, (tx) => tx.templates.insert(templateRecord(tenantId, 't1'))),
      ],
      ['blocks.insert', () => store.transaction(tenantId, (tx) => tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1')))],
      [
        'invoices.insert',
        () => store.transaction(tenantId, (tx) => tx.invoices.insert(invoiceRecord(tenantId, 'i1', 'b1', 'INV-1'))),
      ],
      ['ledger.append', () => store.transaction(tenantId, (tx) => tx.ledger.append([entryRecord(tenantId, 'b1', 1)]))],
      ['sessions.insert', () => store.transaction(tenantId, (tx) => tx.sessions.insert(sessionRecord(tenantId, 'x1')))],
      [
        'sessions.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.sessions.update(sessionRecord(tenantId, 'x1', { startsAt: '2026-03-11T09:00:00.000Z' })),
          ),
      ],
      [
        'attendances.insert',
        () => store.transaction(tenantId, (tx) => tx.attendances.insert(attendanceRecord(tenantId, 'a1', 'x1'))),
      ],
      [
        'attendances.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.attendances.update(attendanceRecord(tenantId, 'a1', 'x1', { blockId: 'b1' })),
          ),
      ],
      [
        'completionTypes.insert',
        () => store.transaction(tenantId, (tx) => tx.completionTypes.insert(completionTypeRecord(tenantId, 'ct1'))),
      ],
      [
        'completionTypes.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.completionTypes.update({ ...completionTypeRecord(tenantId, 'ct1'), enabled: false }),
          ),
      ],
      ['series.insert', () => store.transaction(tenantId, (tx) => tx.series.insert(seriesRecord(tenantId, 'r1')))],
      [
        'series.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.series.update(seriesRecord(tenantId, 'r1', { cancelledAt: '2026-03-02T09:00:00.000Z' })),
          ),
      ],
      [
        'sessions.update (series)',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.sessions.update(
              sessionRecord(tenantId, 'x1', {
                startsAt: '2026-03-11T09:00:00.000Z',
                seriesId: 'r1',
                occurrenceDate: '2026-03-11',
              }),
            ),
          ),
      ],
      [
        'enrolments.insert',
        () => store.transaction(tenantId, (tx) => tx.enrolments.insert(enrolmentRecord(tenantId, 'n1', 'r1'))),
      ],
      [
        'enrolments.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.enrolments.update(enrolmentRecord(tenantId, 'n1', 'r1', { status: 'dropped' })),
          ),
      ],
      ['closures.insert', () => store.transaction(tenantId, (tx) => tx.closures.insert(closureRecord(tenantId, 'z1')))],
      [
        'closures.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.closures.update({ ...closureRecord(tenantId, 'z1'), appliedAt: '2026-03-02T09:00:00.000Z' }),
          ),
      ],
      [
        'availability.insert',
        () => store.transaction(tenantId, (tx) => tx.availability.insert(availabilityRecord(tenantId, 'p1'))),
      ],
      [
        'availability.update',
        () =>
          store.transaction(tenantId, (tx) =>
            tx.availability.update({ ...availabilityRecord(tenantId, 'p1'), horizonDays: 7 }),
          ),
      ],
      [
        'accounts.append',
        () => store.transaction(tenantId, (tx) => tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)])),
      ],
      ['sequences.next', () => store.transaction(tenantId, (tx) => tx.sequences.next('invoice'))],
      ['sequences.next again', () => store.transaction(tenantId, (tx) => tx.sequences.next('invoice'))],
      ['idempotency.put', () => store.transaction(tenantId, (tx) => tx.idempotency.put(idempotencyRecord('k1')))],
      ['outbox.append', () => store.transaction(tenantId, (tx) => tx.outbox.append([eventRecord(tenantId, 'e1')]))],
      ['outbox.ack', () => store.outbox.ack([{ tenantId, id: 'e1' }])],
    ];
    for (const [what, write] of writes) {
      await write();
      const now = await raw.snapshot();
      expect(now, `raw.snapshot() did not change after ${what}`).not.toBe(last);
      expect(await raw.snapshot(), `raw.snapshot() is not stable after ${what}`).toBe(now);
      last = now;
    }
  },

  async 'writes are invisible to other transactions until commit, then visible'({ store }) {
    const tenantId = freshTenant();
    let releaseWriter!: () => void;
    const writerMayCommit = new Promise<void>((resolve) => {
      releaseWriter = resolve;
    });
    let written!: () => void;
    const hasWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(clientRecord(tenantId, 'c1'));
      written();
      await writerMayCommit;
    });
    await hasWritten;
    const seenBefore = await store.transaction(tenantId, (tx) => tx.clients.get('c1'));
    releaseWriter();
    await writer;
    const seenAfter = await store.transaction(tenantId, (tx) => tx.clients.get('c1'));
    expect(seenBefore).toBeNull();
    expect(seenAfter?.id).toBe('c1');
  },

  async 'a transaction sees its own writes'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(clientRecord(tenantId, 'c1'));
      expect((await tx.clients.get('c1'))?.id).toBe('c1');
      expect((await tx.clients.list()).map((c) => c.id)).toEqual(['c1']);
    });
  },

  async 'the value the callback resolves with is returned'({ store }) {
    const result = await store.transaction(freshTenant(), async () => ({ answer: 42 }));
    expect(result).toEqual({ answer: 42 });
  },
});
