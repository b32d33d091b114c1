import type { StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { Boom, freshTenant, oneOfTwoCommits, rejection } from './fixtures.js';
import {
  availabilityRecord,
  classTerms,
  closureRecord,
  enrolmentRecord,
  marchAt,
  occurrence,
  seriesRecord,
} from './session-samples.js';
import { concern } from './suite.js';

/**
 * The tables of series, classes, closures and availability kept apart and
 * whole: another tenant sees none of their rows, a transaction that throws
 * leaves none, and unlocked inserts of one id race to exactly one. (Part of
 * the `classes` concern; the lists are in classes.ts.)
 */
export const classIsolation = concern('classes', {
  async 'another tenant sees none of the series, enrolments, closures or availability, and may reuse their ids'({
    store,
    raw,
  }) {
    const a = freshTenant();
    const b = freshTenant();
    const inA = {
      series: seriesRecord(a, 'r1', { kind: 'class', class: classTerms, clientIds: [] }),
      session: occurrence(a, 's1', 'r1', marchAt(10, 9), { classId: 'r1', displayed: true }),
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
      session: occurrence(b, 's1', 'r1', marchAt(11, 9)),
      enrolment: enrolmentRecord(b, 'e1', 'r1', { status: 'dropped', droppedAt: marchAt(2, 9) }),
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
    const s1 = occurrence(tenantId, 's1', 'r1', marchAt(10, 9));
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
        await tx.series.update({ ...series, cancelledAt: marchAt(9, 9) });
        await tx.sessions.insert(occurrence(tenantId, 's2', 'r1', marchAt(9, 9)));
        await tx.sessions.update({ ...s1, seriesId: 'r2' });
        await tx.enrolments.insert(enrolmentRecord(tenantId, 'e2', 'r1', { clientId: 'c2' }));
        await tx.enrolments.update({ ...e1, classId: 'r2', status: 'dropped', droppedAt: marchAt(9, 9) });
        await tx.closures.insert(closureRecord(tenantId, 'x2'));
        await tx.closures.update({ ...closure, appliedAt: marchAt(9, 9) });
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
    const clientId = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, writer: string) => tx.enrolments.insert(enrolmentRecord(tenantId, 'e1', 'k1', { clientId: writer })),
      ['c1', 'c2'],
    );
    const winner = enrolmentRecord(tenantId, 'e1', 'k1', { clientId });
    const loser = clientId === 'c1' ? 'c2' : 'c1';
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.enrolments.listByClient(clientId)).toEqual([winner]);
      expect(await tx.enrolments.listByClient(loser)).toEqual([]);
      expect(await tx.enrolments.listByClass('k1')).toEqual([winner]);
    });
    expect(await raw.records(tenantId, 'enrolments')).toEqual([winner]);
  },

  async "concurrent first saves of one practitioner's availability without a lock: one commits"({ store, raw }) {
    const tenantId = freshTenant();
    const horizonDays = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, days: number) => tx.availability.insert({ ...availabilityRecord(tenantId, 'p1'), horizonDays: days }),
      [30, 90],
    );
    const winner = { ...availabilityRecord(tenantId, 'p1'), horizonDays };
    expect(await store.transaction(tenantId, (tx) => tx.availability.list())).toEqual([winner]);
    expect(await raw.records(tenantId, 'availability')).toEqual([winner]);
  },
});
