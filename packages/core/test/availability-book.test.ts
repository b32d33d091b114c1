import type { Session } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { book, setHours, slots, times } from './availability-helpers.js';
import { expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, expectOneLiveEffectEach } from './session-helpers.js';

// Berlin practice; the clock starts on Sunday 1 March 2026, 10:00 in Berlin.
// Weekdays 09:00–17:00 on an hourly grid; the service lasts 60 minutes.
const at = (local: string) => `${local}[Europe/Berlin]`;
const sessionsOf = (p: Practice) => p.store.raw.records(p.tenantId, 'sessions') as Session[];

describe('booking a slot', () => {
  it('books the client into the slot and links their block; the slot is no longer offered', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 5 });
    await setHours(p, { slotStepMinutes: 60 });
    const booked = await book(p, at('2026-03-02T10:00'));
    expect(booked.session).toMatchObject({
      practitionerId: p.practitionerId,
      serviceId: p.serviceId,
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T10:00:00.000Z',
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      status: 'scheduled',
      createdBy: { kind: 'client', id: p.clientId },
    });
    expect(booked.linking).toEqual([
      { clientId: p.clientId, blockId: block.id, blockName: '5 sessions', how: 'auto', reason: null },
    ]);
    expect(booked.attendances[0]?.block).toEqual({ id: block.id, name: '5 sessions', sessionNumber: 1, of: 5 });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({ reserved: 1 });
    expect(await times(p, { from: '2026-03-02' })).toEqual([
      '09:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    const events = await p.sessions.events.poll();
    expect(events.filter((e) => e.type === 'session.scheduled')).toHaveLength(1);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('takes a slot exactly as listed, in the caller’s zone; the session keeps that zone', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const [first] = await slots(p, { from: '2026-03-02', timeZone: 'Asia/Kolkata' });
    expect(first?.start).toBe('2026-03-02T13:30:00+05:30');
    const { session } = await book(p, `${first?.start}[Asia/Kolkata]`);
    expect(session).toMatchObject({
      startsAt: first?.startsAt,
      endsAt: '2026-03-02T09:00:00.000Z',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('books the second of a repeated hour when the offset says so', async () => {
    const p = await practice();
    await setHours(p, { timeZone: 'America/New_York', weekly: {}, slotStepMinutes: 60, horizonDays: 365 });
    await p.sessions.availability.setOverride(p.staff, {
      practitionerId: p.practitionerId,
      date: '2026-11-01',
      ranges: [{ start: '00:00', end: '04:00' }],
    });
    const ny = { from: '2026-11-01', timeZone: 'America/New_York' };
    const second = await book(p, '2026-11-01T01:00-05:00[America/New_York]');
    expect(second.session.startsAt).toBe('2026-11-01T06:00:00.000Z');
    // Without an offset, 01:00 is the earlier one (compatible), still free.
    const other = await anotherClient(p);
    const first = await book(p, '2026-11-01T01:00[America/New_York]', {}, other.actor);
    expect(first.session.startsAt).toBe('2026-11-01T05:00:00.000Z');
    expect((await slots(p, ny)).map((s) => s.start)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T03:00:00-05:00',
    ]);
  });

  it('lets staff and the practitioner book for a named client; refuses what they may not do', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const other = await anotherClient(p);
    const byStaff = await book(p, at('2026-03-02T09:00'), { clients: [{ clientId: other.id }] }, p.staff);
    expect(byStaff.attendances[0]?.attendance.clientId).toBe(other.id);
    const byPractitioner = await book(
      p,
      at('2026-03-02T10:00'),
      { clients: [{ clientId: p.clientId }] },
      p.practitioner,
    );
    expect(byPractitioner.session.createdBy).toEqual({ kind: 'practitioner', id: p.practitionerId });
    const e = await expectRefused(p, 'VALIDATION_FAILED', () => book(p, at('2026-03-02T11:00'), {}, p.staff));
    expect(e.details.issues).toEqual([{ path: ['clients'], message: 'name who attends' }]);
    await expectRefused(p, 'FORBIDDEN', () => book(p, at('2026-03-02T11:00'), { clients: [{ clientId: other.id }] }));
    await expectRefused(p, 'FORBIDDEN', () => book(p, at('2026-03-02T11:00'), { override: { reason: 'please' } }));
    const colleague = await p.sessions.practitioners.create(p.staff, { name: 'Ana Costa' });
    const asColleague = { tenantId: p.tenantId, kind: 'practitioner', id: colleague.id } as const;
    await expectRefused(p, 'FORBIDDEN', () =>
      book(p, at('2026-03-02T11:00'), { clients: [{ clientId: p.clientId }] }, asColleague),
    );
  });

  it('applies the account mode: a client with nothing to pay with is refused in package mode', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    await setHours(p, { slotStepMinutes: 60 });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => book(p, at('2026-03-02T09:00')));
    await p.activeBlock();
    expect((await book(p, at('2026-03-02T09:00'))).linking[0]?.how).toBe('auto');
  });

  it('repeats nothing for a repeated idempotency key', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const input = { practitionerId: p.practitionerId, serviceId: p.serviceId, start: at('2026-03-02T09:00') };
    const once = await p.sessions.availability.book(p.client, input, { idempotencyKey: 'k1' });
    const again = await p.sessions.availability.book(p.client, input, { idempotencyKey: 'k1' });
    expect(again).toEqual(once);
    expect(sessionsOf(p)).toHaveLength(1);
  });
});

describe('a slot that is taken', () => {
  it('is SLOT_TAKEN, and nothing changes — the same slot, an overlapping one, or one inside a buffer', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 30, bufferAfterMinutes: 30 });
    await book(p, at('2026-03-02T10:00'));
    const other = await anotherClient(p);
    for (const local of ['2026-03-02T10:00', '2026-03-02T10:30', '2026-03-02T09:30', '2026-03-02T11:00']) {
      const e = await expectRefused(p, 'SLOT_TAKEN', () => book(p, at(local), {}, other.actor));
      expect(e.message).toContain(`${local}:00+01:00[Europe/Berlin] is taken`);
      expect(e.details.issues).toEqual([{ path: ['start'], message: 'the slot is taken' }]);
    }
    // 11:30 is clear of the session and its 30 minutes after.
    expect((await book(p, at('2026-03-02T11:30'), {}, other.actor)).session.startsAt).toBe('2026-03-02T10:30:00.000Z');
  });

  it('goes to exactly one of two clients racing for it; the other gets SLOT_TAKEN', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const other = await anotherClient(p);
    const results = await Promise.allSettled([
      book(p, at('2026-03-02T09:00')),
      book(p, at('2026-03-02T09:00'), {}, other.actor),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'SLOT_TAKEN' });
    expect(sessionsOf(p)).toHaveLength(1);
    expect(p.store.raw.records(p.tenantId, 'attendances')).toHaveLength(1);
  });

  it('goes to exactly one of many racers, each billed to their own account', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const racers = await Promise.all(Array.from({ length: 8 }, (_, i) => anotherClient(p, `Racer ${i}`)));
    const results = await Promise.allSettled(racers.map((r) => book(p, at('2026-03-03T14:00'), {}, r.actor)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'SLOT_TAKEN' });
    expect(sessionsOf(p).map((s) => s.startsAt)).toEqual(['2026-03-03T13:00:00.000Z']);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('a start that is not a slot', () => {
  it('is SLOT_UNAVAILABLE, saying why, and nothing changes', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 15, minimumNoticeMinutes: 24 * 60, horizonDays: 14 });
    await p.sessions.availability.setOverride(p.staff, {
      practitionerId: p.practitionerId,
      date: '2026-03-10',
      ranges: [],
    });
    await p.sessions.closures.create(p.staff, { from: '2026-03-04', reason: 'Staff training' });
    const cases: [string, string, RegExp][] = [
      ['2026-02-27T09:00', 'past', /it is in the past/],
      ['2026-03-02T09:00', 'notice', /less than 1440 minutes from now \(the minimum notice\)/],
      ['2026-03-16T09:00', 'horizon', /more than 14 days ahead \(the booking horizon\)/],
      ['2026-03-04T09:00', 'closed', /falls on a closure \(2026-03-04: Staff training\)/],
      ['2026-03-07T09:00', 'day_off', /does not work on Saturday 2026-03-07 \(Europe\/Berlin\)/],
      ['2026-03-10T09:00', 'day_off', /does not work on Tuesday 2026-03-10/],
      [
        '2026-03-03T08:00',
        'outside_hours',
        /outside the practitioner's working hours on Tuesday 2026-03-03 \(09:00–17:00/,
      ],
      ['2026-03-03T16:30', 'ends_after_hours', /60 minutes would run past the end of the working hours 09:00–17:00/],
      ['2026-03-03T09:05', 'off_grid', /start every 15 minutes from 09:00/],
    ];
    for (const [local, reason, message] of cases) {
      const e = await expectRefused(p, 'SLOT_UNAVAILABLE', () => book(p, at(local)));
      expect(e.details.reason, local).toBe(reason);
      expect(e.message).toMatch(new RegExp(`^${local}:00\\+01:00\\[Europe/Berlin\\] is not a bookable slot: `));
      expect(e.message).toMatch(message);
      expect(e.details.issues?.[0]?.path).toEqual(['start']);
    }
    // Seconds off the grid are off the grid too.
    const e = await expectRefused(p, 'SLOT_UNAVAILABLE', () => book(p, at('2026-03-03T09:00:30')));
    expect(e.details.reason).toBe('off_grid');
  });

  it('is SLOT_UNAVAILABLE with a practitioner who has no hours; unknown ones are NOT_FOUND', async () => {
    const p = await practice();
    await expectRefused(p, 'SLOT_UNAVAILABLE', () => book(p, at('2026-03-02T09:00')));
    await setHours(p);
    await expectRefused(p, 'NOT_FOUND', () => book(p, at('2026-03-02T09:00'), { practitionerId: 'nobody' }));
    await expectRefused(p, 'NOT_FOUND', () => book(p, at('2026-03-02T09:00'), { serviceId: 'nothing' }));
  });
});
