import type { Enrolment, Session, StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { freshTenant } from './fixtures.js';
import { byId, copy, scribble } from './samples.js';
import { enrolmentRecord, marchAt, occurrence, seriesRecord } from './session-samples.js';
import { concern } from './suite.js';

/**
 * Series, classes, closures and availability at repository level: a series'
 * sessions by start, a class's and a client's enrolments by creation, each
 * list following updates before and after commit. Tenancy, rollback and
 * unlocked races for these tables are in classes-isolation.ts; the CRUD rules
 * they share with every record repository are in `records`.
 */

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

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
    const deleted = occurrence(tenantId, 's4', 'r1', marchAt(17, 9), {
      status: 'cancelled',
      deletedAt: marchAt(16, 8),
    });
    const written = [
      occurrence(tenantId, 's3', 'r1', marchAt(24, 9)),
      occurrence(tenantId, 's2', 'r1', marchAt(10, 9)),
      occurrence(tenantId, 's1', 'r1', marchAt(10, 9)), // the same start as s2: the id breaks the tie
      deleted,
      occurrence(tenantId, 'other', 'r2', marchAt(12, 9)),
      occurrence(tenantId, 'class', 'r3', marchAt(11, 9), { classId: 'r3', displayed: true, capacity: 12 }),
      occurrence(tenantId, 'one-off', null, marchAt(10, 8)),
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
    const s1 = occurrence(tenantId, 's1', 'r1', marchAt(10, 9));
    const s2 = occurrence(tenantId, 's2', 'r1', marchAt(12, 9));
    const s3 = occurrence(tenantId, 's3', 'r1', marchAt(14, 9));
    const s4 = occurrence(tenantId, 's4', null, marchAt(11, 9));
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
    await update(movedTo(s1, marchAt(13, 9))); // one occurrence rescheduled
    expect(await lists()).toEqual({ r1: ['s2', 's1', 's3'], r2: [] });
    await update({ ...s2, seriesId: 'r2' }); // this and the following ones split off into a new series
    expect(await lists()).toEqual({ r1: ['s1', 's3'], r2: ['s2'] });
    await update({ ...s3, seriesId: null, occurrenceDate: null }); // detached: a one-off now
    expect(await lists()).toEqual({ r1: ['s1'], r2: ['s2'] });
    const joined = { ...s4, seriesId: 'r2', occurrenceDate: '2026-03-11' }; // a one-off joins a series
    await update(joined);
    expect(await lists()).toEqual({ r1: ['s1'], r2: ['s4', 's2'] });
    // Both at once, and before everything else in its new series.
    const final1 = movedTo(s1, marchAt(9, 9), { seriesId: 'r2', occurrenceDate: '2026-03-09' });
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
    const s1 = occurrence(tenantId, 's1', 'r1', marchAt(10, 9));
    const s2 = occurrence(tenantId, 's2', 'r1', marchAt(12, 9));
    const s3 = occurrence(tenantId, 's3', 'r2', marchAt(11, 9));
    await store.transaction(tenantId, async (tx) => {
      for (const session of [s1, s2, s3]) await tx.sessions.insert(session);
    });
    const lists = async (tx: StoreTransaction) => ({
      r1: ids(await tx.sessions.listBySeries('r1')),
      r2: ids(await tx.sessions.listBySeries('r2')),
    });
    const deleted = { ...s2, status: 'cancelled', deletedAt: marchAt(9, 9) } as const;
    const after = { r1: ['s5', 's3', 's4', 's2', 's1'], r2: [] };
    await store.transaction(tenantId, async (tx) => {
      expect(await lists(tx)).toEqual({ r1: ['s1', 's2'], r2: ['s3'] });
      // New sessions, and committed ones moved: each list shows where they are now, not where they were.
      await tx.sessions.insert(occurrence(tenantId, 's4', 'r1', marchAt(11, 9)));
      await tx.sessions.update(movedTo(s1, marchAt(13, 9)));
      await tx.sessions.update({ ...s3, seriesId: 'r1' }); // the same start as s4: before it, by id
      await tx.sessions.update(deleted); // deleted, still listed
      await tx.sessions.insert(occurrence(tenantId, 's5', 'r2', marchAt(20, 9)));
      await tx.sessions.update(occurrence(tenantId, 's5', 'r1', marchAt(9, 9))); // inserted here, then moved
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
      e('e3', 'k1', { clientId: 'c3', createdAt: marchAt(2, 9) }),
      e('e2', 'k1', {
        clientId: 'c2',
        status: 'waitlisted',
        enrolledAt: null,
        waitlistedAt: marchAt(1, 9),
        createdAt: marchAt(1, 9),
      }),
      // The same createdAt as e2: the id breaks the tie.
      e('e1', 'k1', { clientId: 'c1', status: 'dropped', droppedAt: marchAt(3, 9), createdAt: marchAt(1, 9) }),
      e('e4', 'k2', { clientId: 'c1', createdAt: marchAt(1, 8), override: null }),
      e('e5', 'k2', { clientId: 'c2', createdAt: marchAt(4, 9) }),
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
    const e1 = enrolmentRecord(tenantId, 'e1', 'k1', { clientId: 'c1', createdAt: marchAt(1, 9) });
    const e2 = enrolmentRecord(tenantId, 'e2', 'k1', {
      clientId: 'c2',
      status: 'waitlisted',
      enrolledAt: null,
      waitlistedAt: marchAt(1, 10),
      createdAt: marchAt(1, 10),
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
    const dropped = { ...e1, status: 'dropped', droppedAt: marchAt(2, 9), updatedAt: marchAt(2, 9) } as const;
    await update(dropped);
    expect(await lists()).toEqual({ k1: [dropped, e2], k2: [], c1: [dropped], c2: [e2] });
    const promoted = { ...e2, status: 'enrolled', enrolledAt: marchAt(2, 9), updatedAt: marchAt(2, 9) } as const;
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
    const e1 = enrolmentRecord(tenantId, 'e1', 'k1', { clientId: 'c1', createdAt: marchAt(1, 9) });
    const e2 = enrolmentRecord(tenantId, 'e2', 'k1', { clientId: 'c2', createdAt: marchAt(1, 10) });
    await store.transaction(tenantId, async (tx) => {
      await tx.enrolments.insert(e1);
      await tx.enrolments.insert(e2);
    });
    const e3 = enrolmentRecord(tenantId, 'e3', 'k1', {
      clientId: 'c1',
      status: 'waitlisted',
      enrolledAt: null,
      waitlistedAt: marchAt(1, 8),
      createdAt: marchAt(1, 8),
    });
    const dropped = { ...e1, status: 'dropped', droppedAt: marchAt(2, 9) } as const;
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
    const session = occurrence(tenantId, 's1', 'r1', marchAt(10, 9));
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
});
