import type { Attendance, Session, StoreTransaction } from '@sessions/core';
import { expect } from 'vitest';
import { Boom, freshTenant, oneOfTwoCommits, rejection } from './fixtures.js';
import { byId, copy, scribble } from './samples.js';
import { accountEntryRecord, attendanceRecord, completionTypeRecord, sessionRecord } from './session-samples.js';
import { concern } from './suite.js';

/**
 * Sessions and attendances at repository level: their lists' ranges and
 * orders, and that every list follows updates (a new start, practitioner,
 * client, block or invoice), before and after commit. The CRUD rules they
 * share with every record repository are in `records`.
 */

/** An instant on a day of March 2026, at a whole hour (UTC). */
const at = (day: number, hour: number) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const dayOf = (day: number) => ({ from: at(day, 0), to: at(day + 1, 0) });
const MARCH = { from: at(1, 0), to: '2026-04-01T00:00:00.000Z' };
const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

export const sessions = concern('sessions', {
  async 'sessions are listed by practitioner in a half-open range, by start, then id, deleted ones included'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const s = (id: string, startsAt: string, overrides: Partial<Session> = {}) =>
      sessionRecord(tenantId, id, { startsAt, ...overrides });
    const deleted = s('s4', at(10, 12), { status: 'cancelled', deletedAt: at(9, 8) });
    const written = [
      s('s3', at(10, 11)),
      s('s2', at(10, 9)),
      s('s1', at(10, 9)), // the same start as s2: the id breaks the tie
      deleted,
      s('s5', '2026-03-10T12:59:59.999Z'), // just before `to`: in
      s('s0', '2026-03-10T08:59:59.999Z'), // just before `from`: out
      s('s6', at(10, 13)), // exactly at `to`: out
      s('other', at(10, 10), { practitionerId: 'p2' }),
    ];
    await store.transaction(tenantId, async (tx) => {
      for (const session of written) await tx.sessions.insert(session);
    });
    const range = { from: at(10, 9), to: at(10, 13) };
    await store.transaction(tenantId, async (tx) => {
      const listed = await tx.sessions.listByPractitioner('p1', range);
      expect(ids(listed)).toEqual(['s1', 's2', 's3', 's4', 's5']);
      expect(listed[3]).toEqual(deleted);
      expect(ids(await tx.sessions.listByPractitioner('p2', range))).toEqual(['other']);
      expect(await tx.sessions.listByPractitioner('p3', range)).toEqual([]);
      expect(await tx.sessions.listByPractitioner('p1', { from: at(10, 9), to: at(10, 9) })).toEqual([]);
      expect(ids(await tx.sessions.listByPractitioner('p1', dayOf(10)))).toEqual([
        's0',
        's1',
        's2',
        's3',
        's4',
        's5',
        's6',
      ]);
    });
    expect(byId(await raw.records(tenantId, 'sessions'))).toEqual(byId(written));
  },

  async 'sessions starting in a range are listed across practitioners, by start, then id, deleted ones included'({
    store,
  }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(sessionRecord(tenantId, 'b', { startsAt: at(10, 9), practitionerId: 'p2' }));
      await tx.sessions.insert(sessionRecord(tenantId, 'a', { startsAt: at(10, 9), deletedAt: at(9, 9) }));
      await tx.sessions.insert(sessionRecord(tenantId, 'c', { startsAt: at(10, 8), practitionerId: 'p3' }));
      await tx.sessions.insert(sessionRecord(tenantId, 'd', { startsAt: at(11, 8) }));
      await tx.sessions.insert(sessionRecord(tenantId, 'e', { startsAt: at(9, 23) }));
    });
    await store.transaction(tenantId, async (tx) => {
      expect(ids(await tx.sessions.listStartingBetween(dayOf(10)))).toEqual(['c', 'a', 'b']);
      expect(ids(await tx.sessions.listStartingBetween(MARCH))).toEqual(['e', 'c', 'a', 'b', 'd']);
      expect(ids(await tx.sessions.listStartingBetween({ from: at(10, 9), to: at(11, 8) }))).toEqual(['a', 'b']);
      expect(await tx.sessions.listStartingBetween(dayOf(12))).toEqual([]);
    });
  },

  async 'a rescheduled or reassigned session is listed by its new start and practitioner only'({ store, raw }) {
    const tenantId = freshTenant();
    const s1 = sessionRecord(tenantId, 's1', { startsAt: at(10, 9) });
    const s2 = sessionRecord(tenantId, 's2', { startsAt: at(10, 10) });
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(s1);
      await tx.sessions.insert(s2);
    });
    const rescheduled = { ...s1, startsAt: at(12, 9), endsAt: at(12, 10) };
    await store.transaction(tenantId, (tx) => tx.sessions.update(rescheduled));
    await store.transaction(tenantId, (tx) => tx.sessions.update({ ...s2, practitionerId: 'p2' }));
    const lists = () =>
      store.transaction(tenantId, async (tx) => ({
        p1day10: ids(await tx.sessions.listByPractitioner('p1', dayOf(10))),
        p1day12: ids(await tx.sessions.listByPractitioner('p1', dayOf(12))),
        p2day10: ids(await tx.sessions.listByPractitioner('p2', dayOf(10))),
        day10: ids(await tx.sessions.listStartingBetween(dayOf(10))),
        day12: ids(await tx.sessions.listStartingBetween(dayOf(12))),
      }));
    expect(await lists()).toEqual({ p1day10: [], p1day12: ['s1'], p2day10: ['s2'], day10: ['s2'], day12: ['s1'] });
    // Both at once, and back to the first day, now before s2.
    const moved = { ...rescheduled, startsAt: at(10, 8), endsAt: at(10, 9), practitionerId: 'p2' };
    await store.transaction(tenantId, (tx) => tx.sessions.update(moved));
    expect(await lists()).toEqual({ p1day10: [], p1day12: [], p2day10: ['s1', 's2'], day10: ['s1', 's2'], day12: [] });
    expect(await raw.records(tenantId, 'sessions')).toEqual([moved, { ...s2, practitionerId: 'p2' }]);
  },

  async 'attendances are listed by session in creation order, and by client and block by start, then id'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const a = (id: string, sessionId: string, overrides: Partial<Attendance>) =>
      attendanceRecord(tenantId, id, sessionId, overrides);
    const written = [
      a('ax1', 'sx', { clientId: 'c1', startsAt: at(10, 9), createdAt: at(1, 10) }),
      a('ax3', 'sx', { clientId: 'c3', startsAt: at(10, 9), createdAt: at(1, 9), blockId: 'b1' }),
      a('ax2', 'sx', { clientId: 'c2', startsAt: at(10, 9), createdAt: at(1, 9) }),
      a('ay1', 'sy', { clientId: 'c1', startsAt: at(8, 9), blockId: 'b1', deletedAt: at(7, 9) }),
      a('az1', 'sz', { clientId: 'c1', startsAt: at(10, 9), createdAt: at(1, 8) }),
    ];
    await store.transaction(tenantId, async (tx) => {
      for (const attendance of written) await tx.attendances.insert(attendance);
    });
    await store.transaction(tenantId, async (tx) => {
      expect(ids(await tx.attendances.listBySession('sx'))).toEqual(['ax2', 'ax3', 'ax1']);
      expect(await tx.attendances.listBySession('sy')).toEqual([written[3]]);
      expect(await tx.attendances.listBySession('none')).toEqual([]);
      expect(ids(await tx.attendances.listByClient('c1'))).toEqual(['ay1', 'ax1', 'az1']);
      expect(ids(await tx.attendances.listByClient('c2'))).toEqual(['ax2']);
      expect(await tx.attendances.listByClient('c9')).toEqual([]);
      expect(await tx.attendances.listByBlock('b1')).toEqual([written[3], written[1]]);
      expect(await tx.attendances.listByBlock('b9')).toEqual([]);
    });
    expect(byId(await raw.records(tenantId, 'attendances'))).toEqual(byId(written));
  },

  async 'unlinked attendances are those with neither a block nor an invoice, by start, then id'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      const a = (id: string, overrides: Partial<Attendance>) =>
        tx.attendances.insert(attendanceRecord(tenantId, id, `session-${id}`, overrides));
      await a('u2', { startsAt: at(10, 9), clientId: 'c2' });
      await a('u1', { startsAt: at(10, 9) });
      await a('u0', { startsAt: at(9, 9), deletedAt: at(8, 9), status: 'cancelled' });
      await a('block', { startsAt: at(8, 9), blockId: 'b1' });
      await a('invoiced', { startsAt: at(8, 9), invoiceId: 'i1' });
      await a('both', { startsAt: at(8, 9), blockId: 'b1', invoiceId: 'i1' });
    });
    expect(ids(await store.transaction(tenantId, (tx) => tx.attendances.listUnlinked()))).toEqual(['u0', 'u1', 'u2']);
    expect(await store.transaction(freshTenant(), (tx) => tx.attendances.listUnlinked())).toEqual([]);
  },

  async 'attendances follow a new start, block, invoice or client between lists'({ store, raw }) {
    const tenantId = freshTenant();
    const a1 = attendanceRecord(tenantId, 'a1', 's1', { startsAt: at(10, 9) });
    const a2 = attendanceRecord(tenantId, 'a2', 's2', { startsAt: at(11, 9) });
    await store.transaction(tenantId, async (tx) => {
      await tx.attendances.insert(a1);
      await tx.attendances.insert(a2);
    });
    const update = (attendance: Attendance) => store.transaction(tenantId, (tx) => tx.attendances.update(attendance));
    const lists = () =>
      store.transaction(tenantId, async (tx) => ({
        c1: ids(await tx.attendances.listByClient('c1')),
        c2: ids(await tx.attendances.listByClient('c2')),
        b1: ids(await tx.attendances.listByBlock('b1')),
        b2: ids(await tx.attendances.listByBlock('b2')),
        unlinked: ids(await tx.attendances.listUnlinked()),
      }));
    expect(await lists()).toEqual({ c1: ['a1', 'a2'], c2: [], b1: [], b2: [], unlinked: ['a1', 'a2'] });
    await update({ ...a1, startsAt: at(12, 9) });
    expect(await lists()).toEqual({ c1: ['a2', 'a1'], c2: [], b1: [], b2: [], unlinked: ['a2', 'a1'] });
    await update({ ...a1, startsAt: at(12, 9), blockId: 'b1' });
    await update({ ...a2, blockId: 'b1' });
    expect(await lists()).toEqual({ c1: ['a2', 'a1'], c2: [], b1: ['a2', 'a1'], b2: [], unlinked: [] });
    await update({ ...a1, startsAt: at(9, 9), blockId: 'b1' }); // rescheduled within its block
    expect(await lists()).toEqual({ c1: ['a1', 'a2'], c2: [], b1: ['a1', 'a2'], b2: [], unlinked: [] });
    await update({ ...a1, startsAt: at(9, 9), blockId: 'b2' });
    expect(await lists()).toEqual({ c1: ['a1', 'a2'], c2: [], b1: ['a2'], b2: ['a1'], unlinked: [] });
    const final1 = { ...a1, startsAt: at(9, 9), blockId: null };
    await update(final1); // unlinked again
    expect(await lists()).toEqual({ c1: ['a1', 'a2'], c2: [], b1: ['a2'], b2: [], unlinked: ['a1'] });
    await update({ ...a2, blockId: null, invoiceId: 'i1' }); // billed to the account: not unlinked
    expect(await lists()).toEqual({ c1: ['a1', 'a2'], c2: [], b1: [], b2: [], unlinked: ['a1'] });
    const final2 = { ...a2, invoiceId: 'i1', clientId: 'c2' };
    await update(final2);
    expect(await lists()).toEqual({ c1: ['a1'], c2: ['a2'], b1: [], b2: [], unlinked: ['a1'] });
    expect(await raw.records(tenantId, 'attendances')).toEqual([final1, final2]);
  },

  async "every list sees the transaction's own writes before commit"({ store }) {
    const tenantId = freshTenant();
    const s1 = sessionRecord(tenantId, 's1', { startsAt: at(10, 9) });
    const a1 = attendanceRecord(tenantId, 'a1', 's1', { startsAt: at(10, 9) });
    const a2 = attendanceRecord(tenantId, 'a2', 's0', { startsAt: at(11, 9) });
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(s1);
      await tx.attendances.insert(a1);
      await tx.attendances.insert(a2);
    });
    const lists = async (tx: StoreTransaction) => ({
      p1day10: ids(await tx.sessions.listByPractitioner('p1', dayOf(10))),
      p1day12: ids(await tx.sessions.listByPractitioner('p1', dayOf(12))),
      march: ids(await tx.sessions.listStartingBetween(MARCH)),
      s2: ids(await tx.attendances.listBySession('s2')),
      c1: ids(await tx.attendances.listByClient('c1')),
      b1: ids(await tx.attendances.listByBlock('b1')),
      unlinked: ids(await tx.attendances.listUnlinked()),
    });
    const after = {
      p1day10: ['s2'],
      p1day12: ['s1'],
      march: ['s2', 's1'],
      s2: ['a3'],
      c1: ['a3', 'a2', 'a1'],
      b1: ['a3', 'a1'],
      unlinked: [],
    };
    await store.transaction(tenantId, async (tx) => {
      expect(await lists(tx)).toEqual({
        p1day10: ['s1'],
        p1day12: [],
        march: ['s1'],
        s2: [],
        c1: ['a1', 'a2'],
        b1: [],
        unlinked: ['a1', 'a2'],
      });
      // New records, and committed ones moved: each list shows where they are now, not where they were.
      await tx.sessions.insert(sessionRecord(tenantId, 's2', { startsAt: at(10, 8) }));
      await tx.sessions.update({ ...s1, startsAt: at(12, 9), endsAt: at(12, 10) });
      await tx.attendances.insert(attendanceRecord(tenantId, 'a3', 's2', { startsAt: at(10, 8), blockId: 'b1' }));
      await tx.attendances.update({ ...a1, startsAt: at(12, 9), blockId: 'b1' });
      await tx.attendances.update({ ...a2, invoiceId: 'i1' });
      expect(await lists(tx)).toEqual(after);
    });
    expect(await store.transaction(tenantId, lists)).toEqual(after);
  },

  async 'records read through the lists are not the stored ones'({ store }) {
    const tenantId = freshTenant();
    const session = sessionRecord(tenantId, 's1', { startsAt: at(10, 9) });
    const attendance = attendanceRecord(tenantId, 'a1', 's1', { startsAt: at(10, 9), blockId: 'b1' });
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(session);
      await tx.attendances.insert(attendance);
      await tx.attendances.insert(attendanceRecord(tenantId, 'a2', 's1', { startsAt: at(10, 9) }));
    });
    await store.transaction(tenantId, async (tx) => {
      scribble(await tx.sessions.listByPractitioner('p1', dayOf(10)));
      scribble(await tx.sessions.listStartingBetween(dayOf(10)));
      scribble(await tx.attendances.listBySession('s1'));
      scribble(await tx.attendances.listByClient('c1'));
      scribble(await tx.attendances.listByBlock('b1'));
      scribble(await tx.attendances.listUnlinked());
    });
    expect(await store.transaction(tenantId, (tx) => tx.sessions.get('s1'))).toEqual(copy(session));
    expect(await store.transaction(tenantId, (tx) => tx.attendances.listByBlock('b1'))).toEqual([copy(attendance)]);
  },

  async 'a transaction that throws leaves none of its sessions, attendances, completion types or account entries'({
    store,
    raw,
  }) {
    const tenantId = freshTenant();
    const s1 = sessionRecord(tenantId, 's1', { startsAt: at(10, 9) });
    const a1 = attendanceRecord(tenantId, 'a1', 's1', { startsAt: at(10, 9) });
    const type = completionTypeRecord(tenantId, 'ct1');
    await store.transaction(tenantId, async (tx) => {
      await tx.sessions.insert(s1);
      await tx.attendances.insert(a1);
      await tx.completionTypes.insert(type);
      await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 1)]);
    });
    const before = await raw.snapshot();
    const boom = new Boom('on purpose');
    const thrown = await store
      .transaction(tenantId, async (tx) => {
        await tx.sessions.insert(sessionRecord(tenantId, 's2', { startsAt: at(10, 10) }));
        await tx.sessions.update({ ...s1, startsAt: at(12, 9), practitionerId: 'p2' });
        await tx.attendances.insert(attendanceRecord(tenantId, 'a2', 's2', { startsAt: at(10, 10), blockId: 'b1' }));
        await tx.attendances.update({ ...a1, blockId: 'b1', clientId: 'c2' });
        await tx.completionTypes.insert(completionTypeRecord(tenantId, 'ct2'));
        await tx.completionTypes.update({ ...type, enabled: false });
        await tx.accounts.append([accountEntryRecord(tenantId, 'c1', 2), accountEntryRecord(tenantId, 'c2', 1)]);
        throw boom;
      })
      .catch((error: unknown) => error);
    expect(thrown).toBe(boom);
    expect(await raw.snapshot()).toBe(before);
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.sessions.listByPractitioner('p1', dayOf(10))).toEqual([s1]);
      expect(await tx.sessions.listByPractitioner('p2', MARCH)).toEqual([]);
      expect(await tx.sessions.listStartingBetween(MARCH)).toEqual([s1]);
      expect(await tx.attendances.listByClient('c1')).toEqual([a1]);
      expect(await tx.attendances.listByClient('c2')).toEqual([]);
      expect(await tx.attendances.listByBlock('b1')).toEqual([]);
      expect(await tx.attendances.listUnlinked()).toEqual([a1]);
      expect(await tx.completionTypes.list()).toEqual([type]);
      expect(ids(await tx.accounts.listByClient('c1'))).toEqual(['c1-a1']);
      expect(await tx.accounts.listByClient('c2')).toEqual([]);
    });
    expect(await raw.records(tenantId, 'sessions')).toEqual([s1]);
    expect(await raw.records(tenantId, 'attendances')).toEqual([a1]);
    expect(await raw.records(tenantId, 'completionTypes')).toEqual([type]);
    expect(await raw.accountEntries(tenantId)).toEqual([accountEntryRecord(tenantId, 'c1', 1)]);
  },

  async 'another tenant sees none of the sessions, attendances or completion types, and may reuse their ids'({
    store,
    raw,
  }) {
    const a = freshTenant();
    const b = freshTenant();
    const inA = {
      session: sessionRecord(a, 's1', { startsAt: at(10, 9) }),
      linked: attendanceRecord(a, 'a1', 's1', { startsAt: at(10, 9), blockId: 'b1' }),
      unlinked: attendanceRecord(a, 'a2', 's1', { startsAt: at(10, 9), clientId: 'c2' }),
      type: completionTypeRecord(a, 'ct1'),
    };
    await store.transaction(a, async (tx) => {
      await tx.sessions.insert(inA.session);
      await tx.attendances.insert(inA.linked);
      await tx.attendances.insert(inA.unlinked);
      await tx.completionTypes.insert(inA.type);
    });
    await store.transaction(b, async (tx) => {
      expect(await tx.sessions.get('s1')).toBeNull();
      expect(await tx.sessions.list()).toEqual([]);
      expect(await tx.sessions.listByPractitioner('p1', MARCH)).toEqual([]);
      expect(await tx.sessions.listStartingBetween(MARCH)).toEqual([]);
      expect(await tx.attendances.get('a1')).toBeNull();
      expect(await tx.attendances.list()).toEqual([]);
      expect(await tx.attendances.listBySession('s1')).toEqual([]);
      expect(await tx.attendances.listByClient('c1')).toEqual([]);
      expect(await tx.attendances.listByBlock('b1')).toEqual([]);
      expect(await tx.attendances.listUnlinked()).toEqual([]);
      expect(await tx.completionTypes.get('ct1')).toBeNull();
      expect(await tx.completionTypes.list()).toEqual([]);
    });
    const update = await rejection(store.transaction(b, (tx) => tx.sessions.update(sessionRecord(b, 's1'))));
    expect(update.code).toBe('NOT_FOUND');
    // The same ids in tenant B: no CONFLICT, and A's records and lists are untouched.
    const inB = sessionRecord(b, 's1', { startsAt: at(10, 10), practitionerId: 'p9' });
    await store.transaction(b, async (tx) => {
      await tx.sessions.insert(inB);
      await tx.attendances.insert(attendanceRecord(b, 'a1', 's1', { clientId: 'c9' }));
      await tx.completionTypes.insert({ ...completionTypeRecord(b, 'ct1'), label: 'In B' });
    });
    await store.transaction(a, async (tx) => {
      expect(await tx.sessions.listStartingBetween(MARCH)).toEqual([inA.session]);
      expect(await tx.attendances.listBySession('s1')).toEqual([inA.linked, inA.unlinked]);
      expect(await tx.attendances.listByClient('c9')).toEqual([]);
    });
    expect(await raw.records(a, 'sessions')).toEqual([inA.session]);
    expect(await raw.records(b, 'sessions')).toEqual([inB]);
    expect(await raw.records(a, 'completionTypes')).toEqual([inA.type]);
    expect(await raw.records(a, 'attendances')).toEqual([inA.linked, inA.unlinked]);
  },

  async 'concurrent inserts of one attendance id without a lock: one commits, and only it is listed'({ store, raw }) {
    const tenantId = freshTenant();
    const clientId = await oneOfTwoCommits(
      store,
      tenantId,
      (tx, writer: string) => tx.attendances.insert(attendanceRecord(tenantId, 'a1', 's1', { clientId: writer })),
      ['c1', 'c2'],
    );
    const winner = attendanceRecord(tenantId, 'a1', 's1', { clientId });
    const loser = clientId === 'c1' ? 'c2' : 'c1';
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.attendances.listByClient(clientId)).toEqual([winner]);
      expect(await tx.attendances.listByClient(loser)).toEqual([]);
      expect(await tx.attendances.listBySession('s1')).toEqual([winner]);
      expect(await tx.attendances.listUnlinked()).toEqual([winner]);
    });
    expect(await raw.records(tenantId, 'attendances')).toEqual([winner]);
  },
});
