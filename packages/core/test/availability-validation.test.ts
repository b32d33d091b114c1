import { describe, expect, it } from 'vitest';
import { type OFFICE_HOURS, setHours, slots } from './availability-helpers.js';
import { expectRefused, practice } from './helpers.js';

const range = (start: string, end: string) => ({ start, end });

describe('setting working hours', () => {
  it('fills in the defaults and the zone: the practitioner’s own, else the practice’s', async () => {
    const p = await practice();
    const record = await setHours(p, { weekly: { MO: [range('09:00', '12:00')] } });
    expect(record).toEqual({
      tenantId: p.tenantId,
      id: p.practitionerId,
      practitionerId: p.practitionerId,
      timeZone: 'Europe/Berlin',
      weekly: { MO: [range('09:00', '12:00')], TU: [], WE: [], TH: [], FR: [], SA: [], SU: [] },
      overrides: [],
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      horizonDays: 60,
      slotStepMinutes: 15,
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(await p.sessions.availability.get(p.client, { practitionerId: p.practitionerId })).toEqual(record);
    await p.sessions.practitioners.update(p.staff, { id: p.practitionerId, timeZone: 'America/Chicago' });
    p.clock.advance({ minutes: 5 });
    const again = await setHours(p);
    expect(again).toMatchObject({ timeZone: 'America/Chicago', createdAt: record.createdAt });
    expect(again.updatedAt).toBe('2026-03-01T09:05:00.000Z');
    expect((await setHours(p, { timeZone: 'Asia/Kolkata' })).timeZone).toBe('Asia/Kolkata');
  });

  it('is for staff, admins, and a practitioner for themself', async () => {
    const p = await practice();
    await setHours(p, {}, p.admin);
    await setHours(p, {}, p.practitioner);
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ana Costa' });
    await expectRefused(p, 'FORBIDDEN', () => setHours(p, { practitionerId: other.id }, p.practitioner));
    await expectRefused(p, 'FORBIDDEN', () => setHours(p, {}, p.client));
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.availability.setOverride(p.practitioner, { practitionerId: other.id, date: '2026-03-02', ranges: [] }),
    );
    await expectRefused(p, 'NOT_FOUND', () => setHours(p, { practitionerId: 'nobody' }));
    // Overrides need hours first.
    const none = await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.availability.setOverride(p.staff, { practitionerId: other.id, date: '2026-03-02', ranges: [] }),
    );
    expect(none.message).toMatch(/has no working hours yet: set them with availability.set first/);
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.availability.get(p.client, { practitionerId: 'nobody' }));
  });

  it('refuses bad ranges at their path', async () => {
    const p = await practice();
    const bad = async (weekly: unknown) =>
      (await expectRefused(p, 'VALIDATION_FAILED', () => setHours(p, { weekly: weekly as typeof OFFICE_HOURS })))
        .details.issues;
    expect(await bad({ MO: [range('9:00', '12:00')] })).toEqual([
      { path: ['weekly', 'MO', 0, 'start'], message: 'must be a time of day like 09:00 (00:00 to 23:59)' },
    ]);
    expect(await bad({ TU: [range('09:00', '24:30')] })).toEqual([
      {
        path: ['weekly', 'TU', 0, 'end'],
        message: 'must be a time of day like 17:00 (24:00 for the end of the day)',
      },
    ]);
    expect(await bad({ WE: [range('12:00', '09:00')] })).toEqual([
      { path: ['weekly', 'WE', 0, 'end'], message: 'must be after the start (12:00)' },
    ]);
    expect(await bad({ TH: [range('09:00', '12:00'), range('11:00', '13:00')] })).toEqual([
      {
        path: ['weekly', 'TH', 1, 'start'],
        message:
          "must not be before the end of the range before it (12:00): a day's ranges are sorted and do not overlap",
      },
    ]);
    expect(await bad({ FR: [range('14:00', '16:00'), range('09:00', '12:00')] })).toHaveLength(1);
    expect(await bad({ MON: [range('09:00', '12:00')] })).toEqual([
      { path: ['weekly'], message: 'unknown weekday "MON": weekdays are MO, TU, WE, TH, FR, SA, SU' },
    ]);
    expect(await bad({ SA: [{ start: '09:00', end: '10:00', note: 'x' }] })).toHaveLength(1);
    // Touching ranges and an end at 24:00 are fine.
    await setHours(p, { weekly: { MO: [range('09:00', '12:00'), range('12:00', '24:00')] } });
  });

  it('refuses rules out of bounds, and says where', async () => {
    const p = await practice();
    const path = async (input: Record<string, unknown>) =>
      (await expectRefused(p, 'VALIDATION_FAILED', () => setHours(p, input))).details.issues?.map((i) => i.path);
    expect(await path({ slotStepMinutes: 0 })).toEqual([['slotStepMinutes']]);
    expect(await path({ slotStepMinutes: 7.5 })).toEqual([['slotStepMinutes']]);
    expect(await path({ bufferBeforeMinutes: -5 })).toEqual([['bufferBeforeMinutes']]);
    expect(await path({ bufferAfterMinutes: 24 * 60 + 1 })).toEqual([['bufferAfterMinutes']]);
    expect(await path({ minimumNoticeMinutes: 366 * 24 * 60 })).toEqual([['minimumNoticeMinutes']]);
    expect(await path({ horizonDays: 0 })).toEqual([['horizonDays']]);
    expect(await path({ horizonDays: 731 })).toEqual([['horizonDays']]);
    expect(await path({ timeZone: 'Mars/Olympus' })).toEqual([['timeZone']]);
    expect(await path({ colour: 'blue' })).toEqual([[]]);
    const override = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.availability.setOverride(p.staff, {
        practitionerId: p.practitionerId,
        date: '2026-02-30',
        ranges: [range('10:00', '09:00')],
      }),
    );
    expect(override.details.issues?.map((i) => i.path)).toEqual([['date'], ['ranges', 0, 'end']]);
  });
});

describe('asking for slots with bad input', () => {
  it('refuses a range backwards or too long, bad dates and zones, and unknown fields', async () => {
    const p = await practice();
    await setHours(p);
    const issues = async (input: Record<string, unknown>) =>
      (await expectRefused(p, 'VALIDATION_FAILED', () => slots(p, { from: '2026-03-02', ...input }))).details.issues;
    expect(await issues({ to: '2026-03-01' })).toEqual([
      { path: ['to'], message: 'must not be before from (2026-03-02)' },
    ]);
    expect(await issues({ to: '2026-06-03' })).toEqual([
      { path: ['to'], message: 'must be at most 93 days from from, both included (asked for 94)' },
    ]);
    expect(await slots(p, { from: '2026-03-02', to: '2026-06-02' })).not.toHaveLength(0); // 93 days
    expect((await issues({ from: '2026-13-01' }))?.[0]?.path).toEqual(['from']);
    expect(await issues({ timeZone: 'Mars/Olympus' })).toEqual([
      { path: ['timeZone'], message: 'unknown IANA time zone "Mars/Olympus"' },
    ]);
    expect((await issues({ timeZone: undefined }))?.[0]?.path).toEqual(['timeZone']);
    expect((await issues({ limit: 5 }))?.[0]?.path).toEqual([]);
  });

  it('refuses a booking’s start without a zone, and unknown fields', async () => {
    const p = await practice();
    await setHours(p);
    const book = (input: Record<string, unknown>) =>
      p.sessions.availability.book(p.client, {
        practitionerId: p.practitionerId,
        serviceId: p.serviceId,
        start: '2026-03-02T09:00[Europe/Berlin]',
        ...input,
      });
    const noZone = await expectRefused(p, 'VALIDATION_FAILED', () => book({ start: '2026-03-02T09:00:00Z' }));
    expect(noZone.details.issues?.[0]?.path).toEqual(['start']);
    const extra = await expectRefused(p, 'VALIDATION_FAILED', () => book({ privateNote: 'knee' }));
    expect(extra.details.issues?.[0]?.path).toEqual([]);
    const twice = await expectRefused(p, 'VALIDATION_FAILED', () =>
      book({ clients: [{ clientId: p.clientId }, { clientId: p.clientId }] }),
    );
    expect(twice.details.issues?.[0]?.path).toEqual(['clients']);
  });
});
