import { type Enrolment, isSessionsError, type Session, type StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { Boom, freshTenant, rejection, settled, tick } from './fixtures.js';
import { byId, copy, scribble } from './samples.js';
import {
  availabilityRecord,
  classTerms,
  closureRecord,
  enrolmentRecord,
  seriesRecord,
  sessionRecord,
} from './session-samples.js';
import { concern } from './suite.js';

/**
 * Series, classes, closures and availability at repository level: a series'
 * sessions by start, a class's and a client's enrolments by creation, each
 * list following updates before and after commit; tenancy, rollback and
 * unlocked races for the new tables. The CRUD rules they share with every
 * record repository are in `records`.
 */

/** An instant on a day of March 2026, at a whole hour (UTC). */
const at = (day: number, hour: number) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

/** A one-hour session of series `seriesId` (null: a one-off), made for the day it starts on. */
function occurrence(
  tenantId: string,
  id: string,
  seriesId: string | null,
  startsAt: string,
  more: Partial<Session> = {},
) {
  return sessionRecord(tenantId, id, {
    startsAt,
    seriesId,
    occurrenceDate: seriesId === null ? null : startsAt.slice(0, 10),
    ...more,
  });
}

/** The session moved to `startsAt`, its end following. */
const movedTo = (session: Session, startsAt: string, more: Partial<Session> = {}): Session => ({
  ...session,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
  ...more,
});

export const classes = concern('classes', {
  async 'sessions of a series are listed by start, then id, deleted ones included'({ store, raw }) {
    const tenantId = freshTenant();
    const deleted = occurrence(tenantId, 's4', 'r1', at(17, 9), { status: 'cancelled', deletedAt: at(16, 8) });
    const written = [
      occurrence(tenantId, 's3', 'r1', at(24, 9)),
      occurrence(tenantId, 's2', 'r1', at(10, 9)),
      occurrence(tenantId, 's1', 'r1', at(10, 9)), // the same start as s2: the id breaks the tie
      deleted,
      occurrence(tenantId, 'other', 'r2', at(12, 9)),
      occurrence(tenantId, 'class', 'r3', at(11, 9), { classId: 'r3', displayed: true, capacity: 12 }),
      occurrence(tenantId, 'one-off', null, at(10, 8)),
    ];
    await store.transaction(tenantId, async (tx) => {
      await tx.series.insert(seriesRecord(tenantId, 'r1'));
      for (const session of written) await tx.sessions.insert(session);
    });
    await store.transaction(tenantId, async (tx) => {
      const listed = await tx.sessions.listBySeries('r1');
      expect(ids(listed)).toEqual(['s1', 's2', 's4', 's3']);
      expect(listed[2]).toEqual(deleted);
      expect(ids(await tx.sessions.listBySeries('r2'))).toEqual(['other']);
      expect(await tx.sessions.listBySeries('r3')).toEqual([written[5]]);
      expect(await tx.sessions.listBySeries('none')).toEqual([]);
    });
    expect(byId(await raw.records(tenantId, 'sessions'))).toEqual(byId(written));
  },

  async 'a session moved in time or to another series is listed by its new start and series only'({ store, raw }) {
    const tenantId = freshTenant();
    const s1 = occurrence(tenantId, 's1', 'r1', at(10, 9));
    const s2 = occurrence(tenantId, 's2', 'r1', at(12, 9));
    const s3 = occurrence(tenantId, 's3', 'r1', at(14, 9));
    const s4 = occurrence(tenantId, 's4', null, at(11, 9));
    await store.transaction(tenantId, async (tx) => {
      for (const session of [s1, s2, s3, s4]) await tx.sessions.insert(session);
    });
    const update = (session: Session) => store.transaction(tenantId, (tx) => tx.sessions.update(session));
    const lists = () =>
      store.transaction(tenantId, async (tx) => ({
        r1: ids(await tx.sessions.listBySeries('r1')),
        r2: ids(await tx.sessions.listBySeries('r2')),
      }));
    expect(await lists()).toEqual({ r1: ['s1', 's2', 's3'], r2: [] });
    await update(movedTo(s1, at(13, 9))); // one occurrence rescheduled
    expect(await lists()).toEqual({ r1: ['s2', 's1', 's3'], r2: [] });
    await update({ ...s2, seriesId: 'r2' }); // this and the following ones split off into a new series
    expect(await lists()).toEqual({ r1: ['s1', 's3'], r2: ['s2'] });
    await update({ ...s3, seriesId: null, occurrenceDate: null }); // detached: a one-off now
    expect(await lists()).toEqual({ r1: ['s1'], r2: ['s2'] });
    const joined = { ...s4, seriesId: 'r2', occurrenceDate: '2026-03-11' }; // a one-off joins a series
    await update(joined);
    expect(await lists()).toEqual({ r1: ['s1'], r2: ['s4', 's2'] });
    // Both at once, and before everything else in its new series.
    const final1 = movedTo(s1, at(9, 9), { seriesId: 'r2', occurrenceDate: '2026-03-09' });
    await update(final1);
    expect(await lists()).toEqual({ r1: [], r2: ['s1', 's4', 's2'] });
    expect(await store.transaction(tenantId, (tx) => tx.sessions.listBySeries('r2'))).toEqual([
      final1,
      joined,
      { ...s2, seriesId: 'r2' },
    ]);
    expect(await raw.records(tenantId, 'sessions')).toEqual([
      final1,
      { ...s2, seriesId: 'r2' },
      { ...s3, seriesId: null, occurrenceDate: null },
      joined,
    ]);
  },

  async "a series' sessions are listed with the transaction's own writes before commit"({ store }) {
    const tenantId = freshTenant();
    const s1 = occurrence(tenantId, 's1', 'r1', at(10, 9));
    const s2 = occurrence(tenantId, 's2', 'r1', at(12, 9));
    const s3 = occurrence(tenantId, 's3', 'r2', at(11, 9));
    await store.transaction(tenantId, async (tx) => {
      for (const session of [s1, s2, s3]) await tx.sessions.insert(session);
    });
    const lists = async (tx: StoreTransaction) => ({
      r1: ids(await tx.sessions.listBySeries('r1')),
      r2: ids(await tx.sessions.listBySeries('r2')),
    });
    const deleted = { ...s2, status: 'cancelled', deletedAt: at(9, 9) } as const;
    const after = { r1: ['s5', 's3', 's4', 's2', 's1'], r2: [] };
    await store.transaction(tenantId, async (tx) => {
      expect(await lists(tx)).toEqual({ r1: ['s1', 's2'], r2: ['s3'] });
      // New sessions, and committed ones moved: each list shows where they are now, not where they were.
      await tx.sessions.insert(occurrence(tenantId, 's4', 'r1', at(11, 9)));
      await tx.sessions.update(movedTo(s1, at(13, 9)));
      await tx.sessions.update({ ...s3, seriesId: 'r1' }); // the same start as s4: before it, by id
      await tx.sessions.update(deleted); // deleted, still listed
      await tx.sessions.insert(occurrence(tenantId, 's5', 'r2', at(20, 9)));
      await tx.sessions.update(occurrence(tenantId, 's5', 'r1', at(9, 9))); // inserted here, then moved
      expect(await lists(tx)).toEqual(after);
      expect((await tx.sessions.listBySeries('r1'))[3]).toEqual(deleted);
    });
    expect(await store.transaction(tenantId, lists)).toEqual(after);
  },

  async 'enrolments are listed by class and by client, every status, by createdAt, then id'({ store, raw }) {
    const tenantId = freshTenant();
    const e = (id: string, classId: string, overrides: Partial<Enrolment>) =>
      enrolmentRecord(tenantId, id, classId, overrides);
    const written = [
      e('e3', 'k1', { clientId: 'c3', createdAt: at(2, 9) }),
      e('e2', 'k1', {
        clientId: 'c2',
        status: 'waitlisted',
        enrolledAt: null,
        waitlistedAt: at(1, 9),
        createdAt: at(1, 9),
      }),
      // The same createdAt as e2: the id breaks the tie.
      e('e1', 'k1', { clientId: 'c1', status: 'dropped', droppedAt: at(3, 9), createdAt: at(1, 9) }),
      e('e4', 'k2', { clientId: 'c1', createdAt: at(1, 8), override: null }),
      e('e5', 'k2', { clientId: 'c2', createdAt: at(4, 9) }),
    ];
    await store.transaction(tenantId, async (tx) => {
      for (const enrolment of written) await tx.enrolments.insert(enrolment);
    });
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.enrolments.listByClass('k1')).toEqual([written[2], written[1], written[0]]);
      expect(ids(await tx.enrolments.listByClass('k2'))).toEqual(['e4', 'e5']);
      expect(await tx.enrolments.listByClass('k9')).toEqual([]);
      expect(await tx.enrolments.listByClient('c1')).toEqual([written[3], written[2]]);
      expect(ids(await tx.enrolments.listByClient('c2'))).toEqual(['e2', 'e5']);
      expect(ids(await tx.enrolments.listByClient('c3'))).toEqual(['e3']);
      expect(await tx.enrolments.listByClient('c9')).toEqual([]);
    });
    expect(byId(await raw.records(tenantId, 'enrolments'))).toEqual(byId(written));
  },

  async 'an enrolment whose status, class or client changes is listed where it is now, as it is now'({ store, raw }) {
    const tenantId = freshTenant();
    const e1 = enrolmentRecord(tenantId, 'e1', 'k1', { clientId: 'c1', createdAt: at(1, 9) });
    const e2 = enrolmentRecord(tenantId, 'e2', 'k1', {
      clientId: 'c2',
      status: 'waitlisted',
      enrolledAt: null,
      waitlistedAt: at(1, 10),
      createdAt: at(1, 10),
    });
    await store.transaction(tenantId, async (tx) => {
      await tx.enrolments.insert(e1);
      await tx.enrolments.insert(e2);
    });
    const update = (enrolment: Enrolment) => store.transaction(tenantId, (tx) => tx.enrolments.update(enrolment));
    const lists = () =>
      store.transaction(tenantId, async (tx) => ({
        k1: await tx.enrolments.listByClass('k1'),
        k2: await tx.enrolments.listByClass('k2'),
        c1: await tx.enrolments.listByClient('c1'),
        c2: await tx.enrolments.listByClient('c2'),
      }));
    const dropped = { ...e1, status: 'dropped', droppedAt: at(2, 9), updatedAt: at(2, 9) } as const;
    await update(dropped);
    expect(await lists()).toEqual({ k1: [dropped, e2], k2: [], c1: [dropped], c2: [e2] });
    const promoted = { ...e2, status: 'enrolled', enrolledAt: at(2, 9), updatedAt: at(2, 9) } as const;
    await update(promoted);
    expect(await lists()).toEqual({ k1: [dropped, promoted], k2: [], c1: [dropped], c2: [promoted] });
    const moved = { ...dropped, classId: 'k2' };
    await update(moved);
    expect(await lists()).toEqual({ k1: [promoted], k2: [moved], c1: [moved], c2: [promoted] });
    const reassigned = { ...promoted, clientId: 'c1' };
    await update(reassigned);
    expect(await lists()).toEqual({ k1: [reassigned], k2: [moved], c1: [moved, reassigned], c2: [] });
    expect(await raw.records(tenantId, 'enrolments')).toEqual([moved, reassigned]);
  },

  async "enrolment lists see the transaction's own writes before commit"({ store }) {
    const tenantId = freshTenant();
    const e1 = enrolmentRecord(tenantId, 'e1', 'k1', { clientId: 'c1', createdAt: at(1, 9) });
    const e2 = enrolmentRecord(tenantId, 'e2', 'k1', { clientId: 'c2', createdAt: at(1, 10) });
    await store.transaction(tenantId, async (tx) => {
      await tx.enrolments.insert(e1);
      await tx.enrolments.insert(e2);
    });
    const e3 = enrolmentRecord(tenantId, 'e3', 'k1', {
      clientId: 'c1',
      status: 'waitlisted',
      enrolledAt: null,
      waitlistedAt: at(1, 8),
      createdAt: at(1, 8),
    });
    const dropped = { ...e1, status: 'dropped', droppedAt: at(2, 9) } as const;
    const moved = { ...e2, classId: 'k2', clientId: 'c1' };
    const lists = async (tx: StoreTransaction) => ({
      k1: await tx.enrolments.listByClass('k1'),
      k2: await tx.enrolments.listByClass('k2'),
      c1: await tx.enrolments.listByClient('c1'),
      c2: await tx.enrolments.listByClient('c2'),
    });
    const after = { k1: [e3, dropped], k2: [moved], c1: [e3, dropped, moved], c2: [] };
    await store.transaction(tenantId, async (tx) => {
      expect(await lists(tx)).toEqual({ k1: [e1, e2], k2: [], c1: [e1], c2: [e2] });
      await tx.enrolments.insert(e3);
      await tx.enrolments.update(dropped);
      await tx.enrolments.update(moved);
      expect(await lists(tx)).toEqual(after);
    });
    expect(await store.transaction(tenantId, lists)).toEqual(after);
  },

  async 'records read through the series and enrolment lists are not the stored ones'({ store }) {
    const tenantId = freshTenant();
    const session = occurrence(tenantId, 's1', 'r1', at(10, 9));
    const enrolment = enrolmentRecord(tenantId, 'e1', 'r1');
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(session);
      await tx.enrolments.insert(enrolment);
    });
    await store.transaction(tenantId, async (tx) => {
      scribble(await tx.sessions.listBySeries('r1'));
      scribble(await tx.enrolments.listByClass('r1'));
      scribble(await tx.enrolments.listByClient('c1'));
    });
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.sessions.listBySeries('r1')).toEqual([copy(session)]);
      expect(await tx.enrolments.listByClass('r1')).toEqual([copy(enrolment)]);
      expect(await tx.enrolments.listByClient('c1')).toEqual([copy(enrolment)]);
    });
  },

  async 'another tenant sees none of the series, enrolments, closures or availability, and may reuse their ids'({
    store,
    raw,
  }) {
    const a = freshTenant();
    const b = freshTenant();
    const inA = {
      series: seriesRecord(a, 'r1', { kind: 'class', class: classTerms, clientIds: [] }),
      session: occurrence(a, 's1', 'r1', at(10, 9), { classId: 'r1', displayed: true }),
      enrolment: enrolmentRecord(a, 'e1', 'r1'),
      closure: closureRecord(a, 'x1'),
      availability: availabilityRecord(a, 'p1'),
    };
    await store.transaction(a, async (tx) => {
      await tx.series.insert(inA.series);
      await tx.sessions.insert(inA.session);
      await tx.enrolments.insert(inA.enrolment);
      await tx.closures.insert(inA.closure);
      await tx.availability.insert(inA.availability);
    });
    await store.transaction(b, async (tx) => {
      expect(await tx.series.get('r1')).toBeNull();
      expect(await tx.series.list()).toEqual([]);
      expect(await tx.sessions.listBySeries('r1')).toEqual([]);
      expect(await tx.enrolments.get('e1')).toBeNull();
      expect(await tx.enrolments.list()).toEqual([]);
      expect(await tx.enrolments.listByClass('r1')).toEqual([]);
      expect(await tx.enrolments.listByClient('c1')).toEqual([]);
      expect(await tx.closures.get('x1')).toBeNull();
      expect(await tx.closures.list()).toEqual([]);
      expect(await tx.availability.get('p1')).toBeNull();
      expect(await tx.availability.list()).toEqual([]);
    });
    for (const write of [
      (tx: StoreTransaction) => tx.series.update(seriesRecord(b, 'r1')),
      (tx: StoreTransaction) => tx.enrolments.update(enrolmentRecord(b, 'e1', 'r1')),
      (tx: StoreTransaction) => tx.closures.update(closureRecord(b, 'x1')),
      (tx: StoreTransaction) => tx.availability.update(availabilityRecord(b, 'p1')),
    ]) {
      expect((await rejection(store.transaction(b, write))).code).toBe('NOT_FOUND');
    }
    // The same ids in tenant B: no CONFLICT, and A's records and lists are untouched.
    const inB = {
      series: seriesRecord(b, 'r1', { practitionerId: 'p9' }),
      session: occurrence(b, 's1', 'r1', at(11, 9)),
      enrolment: enrolmentRecord(b, 'e1', 'r1', { status: 'dropped', droppedAt: at(2, 9) }),
      closure: { ...closureRecord(b, 'x1'), reason: 'In B' },
      availability: { ...availabilityRecord(b, 'p1'), horizonDays: 7 },
    };
    await store.transaction(b, async (tx) => {
      await tx.series.insert(inB.series);
      await tx.sessions.insert(inB.session);
      await tx.enrolments.insert(inB.enrolment);
      await tx.closures.insert(inB.closure);
      await tx.availability.insert(inB.availability);
    });
    await store.transaction(a, async (tx) => {
      expect(await tx.sessions.listBySeries('r1')).toEqual([inA.session]);
      expect(await tx.enrolments.listByClass('r1')).toEqual([inA.enrolment]);
      expect(await tx.enrolments.listByClient('c1')).toEqual([inA.enrolment]);
      expect(await tx.availability.get('p1')).toEqual(inA.availability);
    });
    for (const [tenantId, records] of [
      [a, inA],
      [b, inB],
    ] as const) {
      expect(await raw.records(tenantId, 'series')).toEqual([records.series]);
      expect(await raw.records(tenantId, 'sessions')).toEqual([records.session]);
      expect(await raw.records(tenantId, 'enrolments')).toEqual([records.enrolment]);
      expect(await raw.records(tenantId, 'closures')).toEqual([records.closure]);
      expect(await raw.records(tenantId, 'availability')).toEqual([records.availability]);
    }
  },

  async 'a transaction that throws leaves none of its series, enrolments, closures or availability'({ store, raw }) {
    const tenantId = freshTenant();
    const series = seriesRecord(tenantId, 'r1');
    const s1 = occurrence(tenantId, 's1', 'r1', at(10, 9));
    const e1 = enrolmentRecord(tenantId, 'e1', 'r1');
    const closure = closureRecord(tenantId, 'x1');
    const hours = availabilityRecord(tenantId, 'p1');
    await store.transaction(tenantId, async (tx) => {
      await tx.series.insert(series);
      await tx.sessions.insert(s1);
      await tx.enrolments.insert(e1);
      await tx.closures.insert(closure);
      await tx.availability.insert(hours);
    });
    const before = await raw.snapshot();
    const boom = new Boom('on purpose');
    const thrown = await store
      .transaction(tenantId, async (tx) => {
        await tx.series.insert(seriesRecord(tenantId, 'r2'));
        await tx.series.update({ ...series, cancelledAt: at(9, 9) });
        await tx.sessions.insert(occurrence(tenantId, 's2', 'r1', at(9, 9)));
        await tx.sessions.update({ ...s1, seriesId: 'r2' });
        await tx.enrolments.insert(enrolmentRecord(tenantId, 'e2', 'r1', { clientId: 'c2' }));
        await tx.enrolments.update({ ...e1, classId: 'r2', status: 'dropped', droppedAt: at(9, 9) });
        await tx.closures.insert(closureRecord(tenantId, 'x2'));
        await tx.closures.update({ ...closure, appliedAt: at(9, 9) });
        await tx.availability.insert(availabilityRecord(tenantId, 'p2'));
        await tx.availability.update({ ...hours, overrides: [] });
        throw boom;
      })
      .catch((error: unknown) => error);
    expect(thrown).toBe(boom);
    expect(await raw.snapshot()).toBe(before);
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.series.list()).toEqual([series]);
      expect(await tx.sessions.listBySeries('r1')).toEqual([s1]);
      expect(await tx.sessions.listBySeries('r2')).toEqual([]);
      expect(await tx.enrolments.listByClass('r1')).toEqual([e1]);
      expect(await tx.enrolments.listByClass('r2')).toEqual([]);
      expect(await tx.enrolments.listByClient('c2')).toEqual([]);
      expect(await tx.closures.list()).toEqual([closure]);
      expect(await tx.availability.list()).toEqual([hours]);
    });
    expect(await raw.records(tenantId, 'series')).toEqual([series]);
    expect(await raw.records(tenantId, 'sessions')).toEqual([s1]);
    expect(await raw.records(tenantId, 'enrolments')).toEqual([e1]);
    expect(await raw.records(tenantId, 'closures')).toEqual([closure]);
    expect(await raw.records(tenantId, 'availability')).toEqual([hours]);
  },

  async 'concurrent inserts of one enrolment id without a lock: one commits, and only it is listed'({ store, raw }) {
    const tenantId = freshTenant();
    const writer = (clientId: string) =>
      store.transaction(tenantId, async (tx) => {
        await tx.enrolments.insert(enrolmentRecord(tenantId, 'e1', 'k1', { clientId }));
        await tick(5);
        return clientId;
      });
    const { values, reasons } = settled(await Promise.allSettled([writer('c1'), writer('c2')]));
    expect(values).toHaveLength(1);
    expect(reasons).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'CONFLICT')).toBe(true);
    const winner = enrolmentRecord(tenantId, 'e1', 'k1', { clientId: values[0] });
    const loser = values[0] === 'c1' ? 'c2' : 'c1';
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.enrolments.listByClient(values[0] as string)).toEqual([winner]);
      expect(await tx.enrolments.listByClient(loser)).toEqual([]);
      expect(await tx.enrolments.listByClass('k1')).toEqual([winner]);
    });
    expect(await raw.records(tenantId, 'enrolments')).toEqual([winner]);
  },

  async "concurrent first saves of one practitioner's availability without a lock: one commits"({ store, raw }) {
    const tenantId = freshTenant();
    const writer = (horizonDays: number) =>
      store.transaction(tenantId, async (tx) => {
        await tx.availability.insert({ ...availabilityRecord(tenantId, 'p1'), horizonDays });
        await tick(5);
        return horizonDays;
      });
    const { values, reasons } = settled(await Promise.allSettled([writer(30), writer(90)]));
    expect(values).toHaveLength(1);
    expect(isSessionsError(reasons[0], 'CONFLICT')).toBe(true);
    const winner = { ...availabilityRecord(tenantId, 'p1'), horizonDays: values[0] as number };
    expect(await store.transaction(tenantId, (tx) => tx.availability.list())).toEqual([winner]);
    expect(await raw.records(tenantId, 'availability')).toEqual([winner]);
  },
});
