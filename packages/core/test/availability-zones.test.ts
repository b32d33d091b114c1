import { describe, expect, it } from 'vitest';
import { grid, setHours, slots, starts } from './availability-helpers.js';
import { type Practice, practice } from './helpers.js';

// Working hours are read on the practitioner's wall clock, slots are written
// on the caller's, and `from`/`to` are the caller's days. The clock starts on
// Sunday 1 March 2026, 09:00 UTC; horizons are long enough for the dates used.
const range = (start: string, end: string) => ({ start, end });
const nineToFive = [range('09:00', '17:00')];

async function working(p: Practice, timeZone: string, weekly: Record<string, { start: string; end: string }[]>) {
  await setHours(p, { timeZone, weekly, slotStepMinutes: 60, horizonDays: 730 });
}
const override = (p: Practice, date: string, ranges: { start: string; end: string }[]) =>
  p.sessions.availability.setOverride(p.staff, { practitionerId: p.practitionerId, date, ranges });
/** `HH:MM±hh:mm` of each start: the wall-clock time and the offset in force. */
const clockAndOffset = (list: string[]) => list.map((s) => `${s.slice(11, 16)}${s.slice(19)}`);

describe('the caller’s zone and the practitioner’s', () => {
  it('a practitioner in London, a caller in Kolkata: the caller’s days, written at +05:30', async () => {
    const p = await practice();
    await p.sessions.practitioners.update(p.staff, { id: p.practitionerId, timeZone: 'Europe/London' });
    // No zone given: the practitioner's own.
    const record = await setHours(p, {
      weekly: { MO: [range('09:00', '11:00')], SU: [range('20:00', '22:00')] },
      slotStepMinutes: 60,
    });
    expect(record.timeZone).toBe('Europe/London');
    // Sunday evening in London is early Monday in Kolkata.
    expect(await starts(p, { from: '2026-03-02', timeZone: 'Asia/Kolkata' })).toEqual([
      '2026-03-02T01:30:00+05:30',
      '2026-03-02T02:30:00+05:30',
      '2026-03-02T14:30:00+05:30',
      '2026-03-02T15:30:00+05:30',
    ]);
    expect(await starts(p, { from: '2026-03-01', timeZone: 'Asia/Kolkata' })).toEqual([]);
    // After London moves to summer time (29 March) the same hours are an hour earlier in Kolkata.
    const after = await slots(p, { from: '2026-03-30', timeZone: 'Asia/Kolkata' });
    expect(after.map((s) => [s.start, s.startsAt])).toEqual([
      ['2026-03-30T00:30:00+05:30', '2026-03-29T19:00:00.000Z'],
      ['2026-03-30T01:30:00+05:30', '2026-03-29T20:00:00.000Z'],
      ['2026-03-30T13:30:00+05:30', '2026-03-30T08:00:00.000Z'],
      ['2026-03-30T14:30:00+05:30', '2026-03-30T09:00:00.000Z'],
    ]);
  });

  it('a practitioner in Kolkata (+05:30, no DST), a caller in London across London’s change', async () => {
    const p = await practice();
    await setHours(p, {
      timeZone: 'Asia/Kolkata',
      weekly: { FR: [range('09:00', '11:00')], MO: [range('09:00', '11:00')] },
      slotStepMinutes: 30,
    });
    expect(await starts(p, { from: '2026-03-27', to: '2026-03-30', timeZone: 'Europe/London' })).toEqual([
      '2026-03-27T03:30:00+00:00',
      '2026-03-27T04:00:00+00:00',
      '2026-03-27T04:30:00+00:00',
      '2026-03-30T04:30:00+01:00',
      '2026-03-30T05:00:00+01:00',
      '2026-03-30T05:30:00+01:00',
    ]);
    // Asked in Kolkata, the same slots read 09:00, 09:30, 10:00.
    expect(clockAndOffset(await starts(p, { from: '2026-03-30', timeZone: 'Asia/Kolkata' }))).toEqual([
      '09:00+05:30',
      '09:30+05:30',
      '10:00+05:30',
    ]);
  });
});

describe('daylight-saving change days', () => {
  it('New York: a 09:00–17:00 Sunday gives 09:00–16:00 local slots on both change days', async () => {
    const p = await practice();
    await working(p, 'America/New_York', { SU: nineToFive });
    const ask = (from: string) => starts(p, { from, timeZone: 'America/New_York' });
    expect(clockAndOffset(await ask('2026-03-01'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}-05:00`));
    expect(clockAndOffset(await ask('2026-03-08'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}-04:00`));
    expect(clockAndOffset(await ask('2026-11-01'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}-05:00`));
    // The same local time is an hour earlier in UTC after the spring change.
    const [before] = await slots(p, { from: '2026-03-01', timeZone: 'America/New_York' });
    const [after] = await slots(p, { from: '2026-03-08', timeZone: 'America/New_York' });
    expect([before?.startsAt, after?.startsAt]).toEqual(['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('New York: an hour skipped inside a working range gives one slot less, an hour repeated one more', async () => {
    const p = await practice();
    await working(p, 'America/New_York', {});
    await override(p, '2026-03-08', [range('00:00', '06:00')]);
    await override(p, '2026-11-01', [range('00:00', '04:00')]);
    const spring = await slots(p, { from: '2026-03-08', timeZone: 'America/New_York' });
    // 02:00 does not exist; the 01:00 slot lasts its hour and ends at 03:00 on the clock.
    expect(clockAndOffset(spring.map((s) => s.start))).toEqual([
      '00:00-05:00',
      '01:00-05:00',
      '03:00-04:00',
      '04:00-04:00',
      '05:00-04:00',
    ]);
    expect(spring[1]?.end).toBe('2026-03-08T03:00:00-04:00');
    const autumn = await starts(p, { from: '2026-11-01', timeZone: 'America/New_York' });
    // 01:00 comes twice: once in daylight time, once in standard time. Five hours of work, five slots.
    expect(clockAndOffset(autumn)).toEqual(['00:00-04:00', '01:00-04:00', '01:00-05:00', '02:00-05:00', '03:00-05:00']);
  });

  it('London: working days keep their hours; a night range loses 01:00 in March and repeats it in October', async () => {
    const p = await practice();
    await working(p, 'Europe/London', { SU: nineToFive });
    const ask = (from: string) => starts(p, { from, timeZone: 'Europe/London' });
    expect(clockAndOffset(await ask('2026-03-29'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}+01:00`));
    expect(clockAndOffset(await ask('2026-10-25'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}+00:00`));
    await override(p, '2026-03-29', [range('00:00', '04:00')]);
    await override(p, '2026-10-25', [range('00:00', '04:00')]);
    expect(clockAndOffset(await ask('2026-03-29'))).toEqual(['00:00+00:00', '02:00+01:00', '03:00+01:00']);
    expect(clockAndOffset(await ask('2026-10-25'))).toEqual([
      '00:00+01:00',
      '01:00+01:00',
      '01:00+00:00',
      '02:00+00:00',
      '03:00+00:00',
    ]);
  });

  it('Sydney: southern-hemisphere changes in April (03:00 → 02:00) and October (02:00 → 03:00)', async () => {
    const p = await practice();
    await working(p, 'Australia/Sydney', { SU: nineToFive });
    const ask = (from: string) => starts(p, { from, timeZone: 'Australia/Sydney' });
    expect(clockAndOffset(await ask('2026-04-05'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}+10:00`));
    expect(clockAndOffset(await ask('2026-10-04'))).toEqual(grid('09:00', '16:00', 60).map((t) => `${t}+11:00`));
    // Seen from Kolkata, that April Sunday's 09:00–16:00 (+10:00) is 04:30–11:30.
    expect(clockAndOffset(await starts(p, { from: '2026-04-05', timeZone: 'Asia/Kolkata' }))).toEqual(
      grid('04:30', '11:30', 60).map((t) => `${t}+05:30`),
    );
    await override(p, '2026-04-05', [range('00:00', '04:00')]);
    await override(p, '2026-10-04', [range('00:00', '04:00')]);
    expect(clockAndOffset(await ask('2026-04-05'))).toEqual([
      '00:00+11:00',
      '01:00+11:00',
      '02:00+11:00',
      '02:00+10:00',
      '03:00+10:00',
    ]);
    expect(clockAndOffset(await ask('2026-10-04'))).toEqual(['00:00+10:00', '01:00+10:00', '03:00+11:00']);
  });

  it('Lord Howe: a half-hour change inside a range skips only the missing half hour', async () => {
    const p = await practice();
    await working(p, 'Australia/Lord_Howe', {});
    await override(p, '2026-10-04', [range('01:00', '04:00')]);
    const list = await slots(p, { from: '2026-10-04', timeZone: 'Australia/Lord_Howe' });
    // 02:00 does not exist (clocks go from 02:00 to 02:30); 01:00 lasts 60 minutes and ends at 02:30.
    expect(list.map((s) => [s.start, s.end])).toEqual([
      ['2026-10-04T01:00:00+10:30', '2026-10-04T02:30:00+11:00'],
      ['2026-10-04T03:00:00+11:00', '2026-10-04T04:00:00+11:00'],
    ]);
  });

  it('a caller whose day starts mid-range sees only that part: the dates are the caller’s', async () => {
    const p = await practice();
    await working(p, 'America/New_York', { SU: nineToFive });
    // 09:00–16:00 New York on 8 March (EDT, −04:00) is 22:00 Sunday to 05:00 Monday in Tokyo.
    const tokyo = await starts(p, { from: '2026-03-09', timeZone: 'Asia/Tokyo' });
    expect(clockAndOffset(tokyo)).toEqual(grid('00:00', '05:00', 60).map((t) => `${t}+09:00`));
    expect(clockAndOffset(await starts(p, { from: '2026-03-08', timeZone: 'Asia/Tokyo' }))).toEqual([
      '22:00+09:00',
      '23:00+09:00',
    ]);
  });
});
