import { isSessionsError } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, type Practice, practice } from './helpers.js';
import { anotherClient, expectOneLiveEffectEach } from './session-helpers.js';

type ClassInput = Parameters<Practice['sessions']['classes']['create']>[1];

/** An 8-week yoga class, Tuesdays 18:00 Berlin from 3 March 2026, 10 seats; the service costs €95.00 a session. */
function createClass(p: Practice, input: Partial<ClassInput> = {}) {
  return p.sessions.classes.create(p.staff, {
    name: 'Yoga for backs',
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    startDate: '2026-03-03',
    startTime: '18:00',
    weekdays: ['TU'],
    count: 8,
    capacity: 10,
    ...input,
  });
}

describe('a class', () => {
  it('is a series of group sessions with seats, deadlines, a price per session and display flags', async () => {
    const p = await practice();
    const { series, sessions } = await createClass(p, { displayFirst: 2, description: 'Gentle' });
    expect(sessions).toHaveLength(8);
    expect(sessions.every((s) => s.capacity === 10 && s.classId === series.id && s.status === 'scheduled')).toBe(true);
    // Deadlines default to the first session's start.
    expect(series.class).toMatchObject({
      enrolmentDeadline: '2026-03-03T17:00:00.000Z',
      dropDeadline: '2026-03-03T17:00:00.000Z',
      waitlist: true,
    });
    const [listed] = await p.sessions.classes.list(p.client);
    expect(listed).toMatchObject({
      name: 'Yoga for backs',
      description: 'Gentle',
      capacity: 10,
      seatsLeft: 10,
      open: true,
      sessionCount: 8,
      pricePerSession: EUR(9500),
      total: EUR(76000),
      wagePerSession: EUR(4500),
      totalWages: EUR(36000),
    });
    // The public list shows the flagged sessions; the details show every one.
    expect(listed?.sessions.map((s) => s.startsAt)).toEqual(['2026-03-03T17:00:00.000Z', '2026-03-10T17:00:00.000Z']);
    const details = await p.sessions.classes.get(p.client, { classId: series.id });
    expect(details.sessions).toHaveLength(8);
    await p.sessions.classes.setDisplay(p.staff, {
      classId: series.id,
      sessionIds: [sessions[7]?.id as string],
      displayed: true,
    });
    expect((await p.sessions.classes.list(p.client))[0]?.sessions).toHaveLength(3);
  });

  it('enrolling books the client into every upcoming session, each linked to their block while it has units', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 5, price: { total: EUR(45000) } });
    const { series } = await createClass(p);
    const result = await p.sessions.classes.enrol(p.client, { classId: series.id });
    expect(result.status).toBe('enrolled');
    expect(result.sessions).toHaveLength(8);
    expect(result.sessions.map((s) => s.linking.blockId)).toEqual([...Array(5).fill(block.id), null, null, null]);
    expect(result.unlinked).toHaveLength(3);
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 5,
      remaining: 0,
    });
    expect((await p.sessions.accounts.get(p.staff, { clientId: p.clientId })).balance.scheduled).toEqual(EUR(3 * 9500));
    expect((await p.sessions.classes.get(p.staff, { classId: series.id })).enrolled).toBe(1);
    await expectRefused(p, 'CONFLICT', () => p.sessions.classes.enrol(p.client, { classId: series.id }));
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('in a prepaid mode the whole class must be covered; the refusal names what is missing', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    await p.activeBlock({ quantity: 5, price: { total: EUR(45000) } });
    const { series } = await createClass(p);
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.classes.enrol(p.client, { classId: series.id }),
    );
    expect(error.message).toMatch(/Mara Schulz has no prepaid sessions for 3 of the sessions/);
    expect(error.details.shortfalls).toEqual([expect.objectContaining({ mode: 'package', missing: 3, sessions: 3 })]);

    const q = await practice({ accountMode: { kind: 'available_credit' } });
    await q.sessions.accounts.recordPayment(q.staff, { clientId: q.clientId, amount: EUR(50000) });
    const other = await createClass(q);
    const short = await expectRefused(q, 'INSUFFICIENT_CREDIT', () =>
      q.sessions.classes.enrol(q.client, { classId: other.series.id }),
    );
    expect(short.message).toMatch(
      /€500\.00 of available credit but the 8 sessions no block covers cost €760\.00 \(€260\.00 missing\)/,
    );
    await q.sessions.accounts.recordPayment(q.staff, { clientId: q.clientId, amount: EUR(26000) });
    expect((await q.sessions.classes.enrol(q.client, { classId: other.series.id })).status).toBe('enrolled');
  });

  it('capacity holds under concurrency: 50 clients race for 10 seats, exactly 10 get in, the rest wait in order', async () => {
    const p = await practice();
    const { series } = await createClass(p);
    const clients = await Promise.all(Array.from({ length: 50 }, (_, i) => anotherClient(p, `Client ${i}`)));
    const results = await Promise.allSettled(
      clients.map((c) => p.sessions.classes.enrol(c.actor, { classId: series.id })),
    );
    const done = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(done.every((r) => r !== null)).toBe(true);
    expect(done.filter((r) => r?.status === 'enrolled')).toHaveLength(10);
    const waiting = done.filter((r) => r?.status === 'waitlisted');
    expect(waiting.map((r) => r?.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const view = await p.sessions.classes.get(p.staff, { classId: series.id });
    expect(view).toMatchObject({ enrolled: 10, seatsLeft: 0, waitlisted: 40 });
    // Every session holds exactly the ten who are in.
    const sessions = await p.sessions.sessions.list(p.staff);
    expect(sessions.every((s) => s.attendances.length === 10)).toBe(true);
  });

  it('without a waitlist a full class refuses with CLASS_FULL', async () => {
    const p = await practice();
    const { series } = await createClass(p, { capacity: 1, waitlist: false });
    await p.sessions.classes.enrol(p.client, { classId: series.id });
    const other = await anotherClient(p);
    await expectRefused(p, 'CLASS_FULL', () => p.sessions.classes.enrol(other.actor, { classId: series.id }));
  });
});

describe('deadlines, dropping and the waitlist', () => {
  it('dropping before the drop deadline releases every upcoming session; after it, refused unless staff override', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const { block } = await p.activeBlock();
    const { series } = await createClass(p, { dropDeadline: '2026-03-02T12:00[Europe/Berlin]' });
    await p.sessions.classes.enrol(p.client, { classId: series.id });
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance.reserved).toBe(8);
    p.clock.set('2026-03-02T11:00:01Z'); // a second after 12:00 Berlin: past the deadline
    const late = await expectRefused(p, 'DEADLINE_PASSED', () =>
      p.sessions.classes.drop(p.client, { classId: series.id }),
    );
    expect(late.message).toMatch(/drop deadline of this class passed/);
    await expectRefused(p, 'DEADLINE_PASSED', () =>
      p.sessions.classes.drop(p.staff, { classId: series.id, clientId: p.clientId }),
    );
    const dropped = await p.sessions.classes.drop(p.staff, {
      classId: series.id,
      clientId: p.clientId,
      override: { reason: 'injured' },
    });
    expect(dropped.released).toHaveLength(8);
    expect((await p.sessions.blocks.get(p.staff, { blockId: block.id })).balance).toMatchObject({
      reserved: 0,
      remaining: 10,
    });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('enrolling after the enrolment deadline is refused; only staff may override', async () => {
    const p = await practice();
    const { series } = await createClass(p, { enrolmentDeadline: '2026-03-01T10:00[Europe/Berlin]' });
    p.clock.set('2026-03-01T09:00:01Z');
    await expectRefused(p, 'DEADLINE_PASSED', () => p.sessions.classes.enrol(p.client, { classId: series.id }));
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.classes.enrol(p.client, { classId: series.id, override: { reason: 'please' } }),
    );
    const late = await p.sessions.classes.enrol(p.staff, {
      classId: series.id,
      clientId: p.clientId,
      override: { reason: 'asked nicely' },
    });
    expect(late.enrolment.override).toMatchObject({ reason: 'asked nicely', by: { kind: 'staff' } });
    expect(await p.sessions.classes.list(p.client)).toEqual([]); // closed classes leave the public list
  });

  it('a freed seat goes to the first on the waitlist who can pay; one who cannot is passed over, with events', async () => {
    const p = await practice({ accountMode: { kind: 'package' }, maxActiveBlocksPerClient: 2 });
    await p.activeBlock();
    const { series } = await createClass(p, { capacity: 1 });
    await p.sessions.classes.enrol(p.client, { classId: series.id });
    const broke = await anotherClient(p, 'No Block');
    const paid = await anotherClient(p, 'Has Block');
    await p.sessions.blocks
      .create(p.staff, { clientId: paid.id, quantity: 10, price: { total: EUR(0) } })
      .then(({ block }) => p.sessions.blocks.issueInvoice(p.staff, { blockId: block.id }));
    expect((await p.sessions.classes.enrol(broke.actor, { classId: series.id })).position).toBe(1);
    expect((await p.sessions.classes.enrol(paid.actor, { classId: series.id })).position).toBe(2);
    const result = await p.sessions.classes.drop(p.client, { classId: series.id });
    console.log(
      JSON.stringify(
        (await p.sessions.events.poll({ limit: 500 }))
          .filter((e) => e.type.startsWith('class.'))
          .map((e) => [e.type, e.payload]),
        null,
        1,
      ),
    );
    expect(result.promoted?.clientId).toBe(paid.id);
    const events = (await p.sessions.events.poll({ limit: 500 })).filter((e) => e.type.startsWith('class.'));
    expect(events.map((e) => [e.type, e.payload.clientId])).toEqual([
      ['class.created', undefined],
      ['class.enrolled', p.clientId],
      ['class.waitlisted', broke.id],
      ['class.waitlisted', paid.id],
      ['class.dropped', p.clientId],
      ['class.promotion_failed', broke.id],
      ['class.enrolled', paid.id],
      ['class.waitlist_promoted', paid.id],
    ]);
    const view = await p.sessions.classes.get(p.staff, { classId: series.id });
    expect(view).toMatchObject({ enrolled: 1, waitlisted: 1 });
    expectOneLiveEffectEach(p.store, p.tenantId);
  });

  it('a client enrols and drops only themself; capacity 0 is refused', async () => {
    const p = await practice();
    const other = await anotherClient(p);
    const { series } = await createClass(p);
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.classes.enrol(p.client, { classId: series.id, clientId: other.id }),
    );
    await expectRefused(p, 'VALIDATION_FAILED', () => p.sessions.classes.enrol(p.staff, { classId: series.id }));
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.classes.drop(p.client, { classId: series.id }));
    const zero = await expectRefused(p, 'VALIDATION_FAILED', () => createClass(p, { capacity: 0 }));
    expect(zero.details.issues).toEqual([{ path: ['capacity'], message: 'a class needs at least one seat' }]);
    const error = await p.sessions.classes.enrol(p.client, { classId: 'ghost' }).catch((e: unknown) => e);
    expect(isSessionsError(error, 'NOT_FOUND')).toBe(true);
  });
});
