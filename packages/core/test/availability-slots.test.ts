import { describe, expect, it } from 'vitest';
import { grid, setHours, slots, times } from './availability-helpers.js';
import { EUR, practice } from './helpers.js';
import { anotherClient, berlin, schedule } from './session-helpers.js';

// The practice is in Europe/Berlin (UTC+1 in early March); the clock starts on
// Sunday 1 March 2026, 10:00 in Berlin. 2 March 2026 is a Monday.
const range = (start: string, end: string) => ({ start, end });

describe('slots from weekly working hours', () => {
  it('start on the step grid from each range’s start, last the service’s length, and fit inside the range', async () => {
    const p = await practice();
    await setHours(p, {
      weekly: { MO: [range('09:00', '12:00')], WE: [range('09:00', '11:30'), range('13:10', '15:00')] },
      slotStepMinutes: 30,
    });
    const monday = await slots(p, { from: '2026-03-02' });
    expect(monday[0]).toEqual({
      start: '2026-03-02T09:00:00+01:00',
      end: '2026-03-02T10:00:00+01:00',
      startsAt: '2026-03-02T08:00:00.000Z',
    });
    expect(monday.map((s) => s.start.slice(11, 16))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    expect(await times(p, { from: '2026-03-03' })).toEqual([]); // Tuesday is not worked
    // 10:30 still fits before 11:30; the afternoon's grid starts at 13:10.
    expect(await times(p, { from: '2026-03-04' })).toEqual(['09:00', '09:30', '10:00', '10:30', '13:10', '13:40']);
    // A week, both dates included: every Monday and Wednesday slot, in order.
    const week = await slots(p, { from: '2026-03-02', to: '2026-03-08' });
    expect(week).toHaveLength(11);
    expect(week.map((s) => s.startsAt)).toEqual([...week.map((s) => s.startsAt)].sort());
  });

  it('use the step and the service’s duration as given: 45-minute steps, a 30-minute service', async () => {
    const p = await practice();
    await setHours(p, { weekly: { MO: [range('09:00', '12:00')] }, slotStepMinutes: 45 });
    expect(await times(p, { from: '2026-03-02' })).toEqual(['09:00', '09:45', '10:30']);
    const short = await p.sessions.services.create(p.staff, {
      name: 'Check-in',
      durationMinutes: 30,
      price: EUR(3000),
      wage: EUR(1500),
    });
    expect(await times(p, { from: '2026-03-02', serviceId: short.id })).toEqual(['09:00', '09:45', '10:30', '11:15']);
  });

  it('follow the defaults: a 15-minute grid through the whole range', async () => {
    const p = await practice();
    await setHours(p);
    expect(await times(p, { from: '2026-03-02' })).toEqual(grid('09:00', '16:00', 15));
  });
});

describe('date overrides', () => {
  it('replace a weekday’s hours, give a day off, add hours on a day not worked, and clear', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 30 });
    const override = (date: string, ranges: { start: string; end: string }[]) =>
      p.sessions.availability.setOverride(p.staff, { practitionerId: p.practitionerId, date, ranges });
    await override('2026-03-09', [range('14:00', '16:00')]);
    await override('2026-03-07', [range('10:00', '12:00')]); // a Saturday
    const record = await override('2026-03-10', []);
    expect(record.overrides.map((o) => o.date)).toEqual(['2026-03-07', '2026-03-09', '2026-03-10']);
    expect(await times(p, { from: '2026-03-09' })).toEqual(['14:00', '14:30', '15:00']);
    expect(await times(p, { from: '2026-03-07' })).toEqual(['10:00', '10:30', '11:00']);
    expect(await times(p, { from: '2026-03-10' })).toEqual([]);
    // Overriding a date again replaces its override.
    await override('2026-03-09', [range('08:00', '09:00')]);
    expect(await times(p, { from: '2026-03-09' })).toEqual(['08:00']);
    // Cleared, the date follows its weekday again; clearing a date with none changes nothing.
    await p.sessions.availability.clearOverride(p.staff, { practitionerId: p.practitionerId, date: '2026-03-09' });
    expect(await times(p, { from: '2026-03-09' })).toEqual(grid('09:00', '16:00', 30));
    const after = await p.sessions.availability.clearOverride(p.staff, {
      practitionerId: p.practitionerId,
      date: '2026-03-09',
    });
    expect(after.overrides.map((o) => o.date)).toEqual(['2026-03-07', '2026-03-10']);
    // Setting the weekly hours again keeps the overrides.
    await setHours(p, { slotStepMinutes: 60 });
    expect(await times(p, { from: '2026-03-10' })).toEqual([]);
    expect(await times(p, { from: '2026-03-11' })).toEqual(grid('09:00', '16:00', 60));
  });
});

describe('closures', () => {
  it('remove whole days, practice-wide or the practitioner’s own; another practitioner’s or a deleted one do not', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ana Costa' });
    await p.sessions.closures.create(p.staff, { from: '2026-03-03', to: '2026-03-04', reason: 'Renovation' });
    await p.sessions.closures.create(p.staff, { practitionerId: p.practitionerId, from: '2026-03-06' });
    const theirs = await p.sessions.closures.create(p.staff, { practitionerId: other.id, from: '2026-03-02' });
    const week = await slots(p, { from: '2026-03-02', to: '2026-03-06' });
    expect([...new Set(week.map((s) => s.start.slice(0, 10)))]).toEqual(['2026-03-02', '2026-03-05']);
    expect(week).toHaveLength(16);
    // Deleted, a closure blocks nothing.
    const gone = await p.sessions.closures.create(p.staff, { from: '2026-03-05' });
    expect(await times(p, { from: '2026-03-05' })).toEqual([]);
    await p.sessions.closures.delete(p.staff, { closureId: gone.id });
    await p.sessions.closures.delete(p.staff, { closureId: theirs.id });
    expect(await times(p, { from: '2026-03-05' })).toEqual(grid('09:00', '16:00', 60));
  });

  it('are days on the practice’s calendar, even for a practitioner working in another zone', async () => {
    // Berlin is an hour ahead of London in March: the closed Thursday in Berlin
    // runs from 23:00 on Wednesday to 23:00 on Thursday in London.
    const p = await practice();
    await setHours(p, {
      timeZone: 'Europe/London',
      weekly: { WE: [range('21:00', '24:00')], TH: [range('21:00', '24:00')] },
      slotStepMinutes: 60,
    });
    await p.sessions.closures.create(p.staff, { from: '2026-03-05' });
    const london = await slots(p, { from: '2026-03-04', to: '2026-03-05', timeZone: 'Europe/London' });
    expect(london.map((s) => s.start)).toEqual([
      '2026-03-04T21:00:00+00:00',
      '2026-03-04T22:00:00+00:00',
      '2026-03-05T23:00:00+00:00',
    ]);
  });
});

describe('existing sessions and buffers', () => {
  it('block their time, widened by the buffer before and after', async () => {
    const p = await practice();
    await setHours(p, { weekly: { MO: [range('08:00', '13:00')] }, slotStepMinutes: 30 });
    await schedule(p, { start: berlin('2026-03-02T10:00') });
    expect(await times(p, { from: '2026-03-02' })).toEqual(['08:00', '08:30', '09:00', '11:00', '11:30', '12:00']);
    // 30 minutes kept free before every session and 15 after: the session blocks 09:30–11:15.
    await setHours(p, {
      weekly: { MO: [range('08:00', '13:00')] },
      slotStepMinutes: 30,
      bufferBeforeMinutes: 30,
      bufferAfterMinutes: 15,
    });
    expect(await times(p, { from: '2026-03-02' })).toEqual(['08:00', '08:30', '11:30', '12:00']);
  });

  it('do not block once cancelled or deleted, nor when they are another practitioner’s', async () => {
    const p = await practice();
    await setHours(p, { weekly: { MO: [range('09:00', '12:00')] }, slotStepMinutes: 60 });
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ana Costa' });
    const second = await anotherClient(p);
    await schedule(p, { start: berlin('2026-03-02T09:00'), practitionerId: other.id });
    const cancelled = await schedule(p, { start: berlin('2026-03-02T10:00') });
    const deleted = await schedule(p, {
      start: berlin('2026-03-02T11:00'),
      clients: [{ clientId: second.id }],
    });
    expect(await times(p, { from: '2026-03-02' })).toEqual(['09:00']);
    await p.sessions.sessions.cancel(p.staff, { sessionId: cancelled.session.id });
    await p.sessions.sessions.delete(p.staff, { sessionId: deleted.session.id });
    expect(await times(p, { from: '2026-03-02' })).toEqual(['09:00', '10:00', '11:00']);
  });

  it('block across midnight: a late session keeps the next morning’s buffer busy', async () => {
    const p = await practice();
    await setHours(p, {
      weekly: { MO: [range('22:00', '24:00')], TU: [range('00:00', '03:00')] },
      slotStepMinutes: 60,
      bufferAfterMinutes: 60,
    });
    await schedule(p, { start: berlin('2026-03-02T23:00') });
    expect(await times(p, { from: '2026-03-02', to: '2026-03-03' })).toEqual(['22:00', '01:00', '02:00']);
  });
});

describe('notice and horizon', () => {
  it('offer nothing sooner than now + the notice, nor later than now + the horizon (both inclusive)', async () => {
    // Monday 2 March, 09:00 in Berlin.
    const p = await practice({}, '2026-03-02T08:00:00Z');
    await setHours(p, { slotStepMinutes: 60, minimumNoticeMinutes: 60, horizonDays: 2 });
    const days = await slots(p, { from: '2026-03-02', to: '2026-03-06' });
    expect(days.map((s) => s.start.slice(5, 16))).toEqual([
      ...grid('10:00', '16:00', 60).map((t) => `03-02T${t}`),
      ...grid('09:00', '16:00', 60).map((t) => `03-03T${t}`),
      '03-04T09:00', // exactly now + 2 days
    ]);
    // Ten minutes later the 10:00 slot is too soon; Wednesday's 09:00 is still within the horizon.
    p.clock.advance({ minutes: 10 });
    const later = await slots(p, { from: '2026-03-02', to: '2026-03-06' });
    expect(later[0]?.start).toBe('2026-03-02T11:00:00+01:00');
    expect(later.at(-1)?.start).toBe('2026-03-04T09:00:00+01:00');
    // A day on, Thursday's first hour comes within reach.
    p.clock.advance({ hours: 24 });
    expect((await slots(p, { from: '2026-03-05', to: '2026-03-06' })).map((s) => s.start)).toEqual([
      '2026-03-05T09:00:00+01:00',
    ]);
  });

  it('never offer past slots; one starting right now is still offered with no notice', async () => {
    const p = await practice({}, '2026-03-04T12:00:00Z'); // 13:00 in Berlin
    await setHours(p, { slotStepMinutes: 60 });
    expect(await times(p, { from: '2026-03-02', to: '2026-03-03' })).toEqual([]);
    expect(await times(p, { from: '2026-03-04' })).toEqual(['13:00', '14:00', '15:00', '16:00']);
  });
});

describe('asking for slots', () => {
  it('gives none for a practitioner with no hours; refuses an unknown practitioner or service', async () => {
    const p = await practice();
    expect(await slots(p, { from: '2026-03-02' })).toEqual([]);
    expect(await p.sessions.availability.get(p.client, { practitionerId: p.practitionerId })).toBeNull();
    await expect(slots(p, { from: '2026-03-02', practitionerId: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await setHours(p);
    await expect(slots(p, { from: '2026-03-02', serviceId: 'nothing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('is open to every kind of actor', async () => {
    const p = await practice();
    await setHours(p, { slotStepMinutes: 60 });
    for (const actor of [p.client, p.practitioner, p.staff, p.admin]) {
      expect(await slots(p, { from: '2026-03-02' }, actor)).toHaveLength(8);
    }
  });
});
