import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { expectOneLiveEffectEach } from './session-helpers.js';

type SeriesInput = Parameters<Practice['sessions']['series']['create']>[1];

/** A weekly series for the practice's client, Mondays and Thursdays at 09:00 Berlin time, from 2 March 2026. */
function createSeries(p: Practice, input: Partial<SeriesInput> = {}, as = p.staff) {
  return p.sessions.series.create(as, {
    clients: [{ clientId: p.clientId }],
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    startDate: '2026-03-02',
    startTime: '09:00',
    weekdays: ['MO', 'TH'],
    count: 6,
    ...input,
  });
}

describe('creating a series', () => {
  it('creates every session in one go, each linked to the block while units remain, and says which could not be', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    const result = await createSeries(p);
    expect(result.series).toMatchObject({
      kind: 'sessions',
      timeZone: 'Europe/Berlin',
      durationMinutes: 60,
      rule: { weekdays: ['MO', 'TH'], startTime: '09:00', count: 6, until: null, frequency: 'weekly', interval: 1 },
    });
    expect(result.sessions.map((s) => [s.date, s.local, s.startsAt, s.linking[0]?.blockId ?? null])).toEqual([
      ['2026-03-02', '2026-03-02T09:00', '2026-03-02T08:00:00.000Z', block.id],
      ['2026-03-05', '2026-03-05T09:00', '2026-03-05T08:00:00.000Z', block.id],
      ['2026-03-09', '2026-03-09T09:00', '2026-03-09T08:00:00.000Z', block.id],
      ['2026-03-12', '2026-03-12T09:00', '2026-03-12T08:00:00.000Z', block.id],
      ['2026-03-16', '2026-03-16T09:00', '2026-03-16T08:00:00.000Z', null],
      ['2026-03-19', '2026-03-19T09:00', '2026-03-19T08:00:00.000Z', null],
    ]);
    expect(result.unlinked.map((u) => [u.date, u.clientId])).toEqual([
      ['2026-03-16', p.clientId],
      ['2026-03-19', p.clientId],
    ]);
    expect(result.unlinked[0]?.reason).toBe('Block "4 sessions" has 0 sessions left but this booking needs 1 session.');
    const { balance } = await p.sessions.blocks.get(p.staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reserved: 4 });
    // Sessions are ordinary sessions: numbered in the block, listed, each with its series.
    const listed = await p.sessions.sessions.list(p.client);
    expect(listed).toHaveLength(6);
    expect(listed.map((v) => v.attendances[0]?.block?.sessionNumber ?? null)).toEqual([1, 2, 3, 4, null, null]);
    expect(listed[0]?.session).toMatchObject({ seriesId: result.series.id, occurrenceDate: '2026-03-02' });
    const events = (await p.sessions.events.poll({ limit: 200 })).filter((e) => e.type === 'series.created');
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        sessions: 6,
        unlinked: 2,
        first: '2026-03-02T08:00:00.000Z',
        last: '2026-03-19T08:00:00.000Z',
      }),
    ]);
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('weighs the account mode over every unlinked occurrence together; staff may override, practitioners may not', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    await p.activeBlock({ quantity: 4, price: { total: EUR(40000) } });
    const refused = await expectRefused(p, 'INSUFFICIENT_CREDIT', () => createSeries(p, {}, p.practitioner));
    expect(refused.message).toMatch(/no prepaid sessions for 2 of the sessions/);
    expect(refused.details.shortfalls).toEqual([expect.objectContaining({ mode: 'package', missing: 2, sessions: 2 })]);
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => createSeries(p));
    const overridden = await createSeries(p, { override: { reason: 'pays the rest in cash' } });
    const stored = await p.sessions.sessions.get(p.staff, { sessionId: overridden.sessions[5]?.sessionId as string });
    expect(stored.attendances[0]?.attendance.override).toMatchObject({
      reason: 'pays the rest in cash',
      mode: 'package',
      missing: 2,
    });
    const linked = await p.sessions.sessions.get(p.staff, { sessionId: overridden.sessions[0]?.sessionId as string });
    expect(linked.attendances[0]?.attendance.override).toBeNull();
  });

  it('a client may not create a series, and a practitioner only their own', async () => {
    const p = await practice();
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ada' });
    await expectRefused(p, 'FORBIDDEN', () => createSeries(p, {}, p.client));
    await expectRefused(p, 'FORBIDDEN', () => createSeries(p, { practitionerId: other.id }, p.practitioner));
    expect((await createSeries(p, {}, p.practitioner)).sessions).toHaveLength(6);
  });
});

describe('editing a series: one, this and following, or all', () => {
  it('a new local time for all keeps 09:00 → 10:00 on the wall clock across the spring change', async () => {
    const p = await practice();
    const { series, sessions } = await createSeries(p, { weekdays: ['MO'], startDate: '2026-03-23', count: 3 });
    // 29 March: Berlin goes to summer time between the first and second Monday.
    const result = await p.sessions.series.update(p.staff, { seriesId: series.id, scope: 'all', startTime: '10:00' });
    expect(result.sessionIds).toEqual(sessions.map((s) => s.sessionId));
    const listed = await p.sessions.sessions.list(p.staff);
    expect(listed.map((v) => v.session.startsAt)).toEqual([
      '2026-03-23T09:00:00.000Z', // 10:00 CET
      '2026-03-30T08:00:00.000Z', // 10:00 CEST
      '2026-04-06T08:00:00.000Z',
    ]);
    expect(result.series.rule.startTime).toBe('10:00');
  });

  it('this and following moves the rest; one moves one; settled sessions stay and are reported', async () => {
    const p = await practice();
    const { series, sessions } = await createSeries(p, { count: 4, weekdays: ['MO'] });
    const [first, second, third, fourth] = sessions.map((s) => s.sessionId) as [string, string, string, string];
    await p.sessions.sessions.complete(p.staff, { sessionId: first });
    const following = await p.sessions.series.update(p.staff, {
      seriesId: series.id,
      scope: 'following',
      sessionId: second,
      location: 'Studio B',
      durationMinutes: 45,
    });
    expect(following.sessionIds).toEqual([second, third, fourth]);
    const one = await p.sessions.series.update(p.staff, {
      seriesId: series.id,
      scope: 'one',
      sessionId: third,
      startTime: '18:30',
    });
    expect(one.sessionIds).toEqual([third]);
    const all = await p.sessions.series.update(p.staff, {
      seriesId: series.id,
      scope: 'all',
      publicNote: 'Bring water',
    });
    expect(all.skipped).toEqual([first]);
    const view = async (id: string) => (await p.sessions.sessions.get(p.staff, { sessionId: id })).session;
    expect(await view(first)).toMatchObject({
      location: null,
      durationMinutes: 60,
      publicNote: null,
      status: 'completed',
    });
    expect(await view(second)).toMatchObject({ location: 'Studio B', durationMinutes: 45, publicNote: 'Bring water' });
    expect(await view(third)).toMatchObject({ startsAt: '2026-03-16T17:30:00.000Z', durationMinutes: 45 });
    expect(await view(fourth)).toMatchObject({ startsAt: '2026-03-23T08:00:00.000Z', location: 'Studio B' });
  });

  it('an edit a linked block cannot accept changes nothing', async () => {
    const p = await practice();
    await p.activeBlock({ expiresOn: '2026-03-31', bookablePractitionerIds: [p.practitionerId] });
    const other = await p.sessions.practitioners.create(p.staff, { name: 'Ada' });
    const { series } = await createSeries(p, { count: 3, weekdays: ['MO'] });
    await expectRefused(p, 'NOT_COVERED', () =>
      p.sessions.series.update(p.staff, { seriesId: series.id, scope: 'all', practitionerId: other.id }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.series.update(p.staff, { seriesId: series.id, scope: 'one', location: 'X' }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.series.update(p.staff, { seriesId: series.id, scope: 'all' }),
    );
  });
});

describe('cancelling a series', () => {
  it('one, following or all: free for the client, units back, the series closed when all go', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    const { series, sessions } = await createSeries(p, { count: 5, weekdays: ['MO'] });
    const ids = sessions.map((s) => s.sessionId);
    await p.sessions.series.cancel(p.staff, {
      seriesId: series.id,
      scope: 'one',
      sessionId: ids[1] as string,
      reason: 'holiday',
    });
    const following = await p.sessions.series.cancel(p.staff, {
      seriesId: series.id,
      scope: 'following',
      sessionId: ids[3] as string,
    });
    expect(following.sessionIds).toEqual([ids[3], ids[4]]);
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 2,
      remaining: 8,
    });
    const all = await p.sessions.series.cancel(p.staff, { seriesId: series.id, scope: 'all' });
    expect(all.sessionIds).toEqual([ids[0], ids[2]]);
    expect(all.series.cancelledAt).toBe('2026-03-01T09:00:00.000Z');
    const stored = await p.sessions.sessions.get(p.staff, { sessionId: ids[1] as string });
    expect(stored.session.status).toBe('cancelled');
    expect(stored.attendances[0]?.attendance.cancellation).toMatchObject({
      waived: true,
      reason: 'holiday',
      tier: null,
    });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 0,
      remaining: 10,
    });
    await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.series.update(p.staff, { seriesId: series.id, scope: 'all', location: 'Y' }),
    );
    expectOneLiveEffectEach(p.store, p.tenantId);
  });
});

describe('bad series input creates nothing', () => {
  it.each([
    ['a count and a last date together', { count: 4, until: '2026-04-30' }, ['until']],
    ['neither a count nor a last date', { count: undefined }, ['count']],
    ['a count of 0', { count: 0 }, ['count']],
    ['a count over the cap', { count: 521 }, ['count']],
    ['no weekdays', { weekdays: [] }, ['weekdays']],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, ['timeZone']],
    ['a last date before the start', { count: undefined, until: '2026-02-01' }, ['until']],
    ['a time of day that is not one', { startTime: '25:00' }, ['startTime']],
    ['an interval of 0', { interval: 0 }, ['interval']],
  ] as const)('%s', async (_name, change, path) => {
    const p = await practice();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () => createSeries(p, change as Partial<SeriesInput>));
    expect(error.details.issues?.map((i) => i.path)).toContainEqual(path);
  });
});
