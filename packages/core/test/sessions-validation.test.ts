import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';
import { anotherClient, berlin, schedule } from './session-helpers.js';

/**
 * The issue's list of bad input: each is a SessionsError with a stable code, a
 * message a person can act on, the offending path, and the store unchanged
 * (`expectRefused` compares the whole store before and after).
 */
describe('bad input to sessions changes nothing', () => {
  it('an end before the start, or at it', async () => {
    const p = await practice();
    await p.activeBlock();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { start: berlin('2026-03-10T09:00'), end: berlin('2026-03-10T08:30') }),
    );
    expect(error.message).toMatchInlineSnapshot(`"Invalid sessions.schedule input: end: must be after the start"`);
    expect(error.details.issues).toEqual([{ path: ['end'], message: 'must be after the start' }]);
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { start: berlin('2026-03-10T09:00'), end: berlin('2026-03-10T09:00') }),
    );
    const both = await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { end: berlin('2026-03-10T10:00'), durationMinutes: 60 }),
    );
    expect(both.details.issues?.[0]?.path).toEqual(['durationMinutes']);
    const { session } = await schedule(p);
    const moved = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.reschedule(p.staff, {
        sessionId: session.id,
        start: berlin('2026-03-12T09:00'),
        end: berlin('2026-03-12T07:00'),
      }),
    );
    expect(moved.details.issues?.[0]?.path).toEqual(['end']);
  });

  it('a start without a zone, with an unknown zone, or with an offset the zone disagrees with', async () => {
    const p = await practice();
    const noZone = await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { start: '2026-03-10T09:00:00Z' }));
    expect(noZone.message).toMatchInlineSnapshot(
      `"Invalid sessions.schedule input: start: "2026-03-10T09:00:00Z" has no time zone: write it as 2026-03-10T09:00[Europe/Berlin]"`,
    );
    const unknown = await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { start: '2026-03-10T09:00[Mars/Olympus]' }),
    );
    expect(unknown.details.issues).toEqual([{ path: ['start'], message: 'unknown IANA time zone "Mars/Olympus"' }]);
    await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { start: '2026-03-10T09:00+05:00[Europe/Berlin]' }));
  });

  it('a completion type label of 16 characters', async () => {
    const p = await practice();
    const error = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.completionTypes.create(p.admin, {
        label: 'Late cancel (1h)',
        baseStatus: 'cancelled',
        modifier: { kind: 'percentage', client: 50, wage: 50 },
      }),
    );
    expect('Late cancel (1h)'.length).toBe(16);
    expect(error.details.issues).toEqual([{ path: ['label'], message: 'must be at most 15 characters' }]);
    // Fifteen is fine.
    await p.sessions.completionTypes.create(p.admin, {
      label: 'Late cancel 1 h',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
  });

  it('a modifier over 100 %, and a negative fixed amount', async () => {
    const p = await practice();
    const over = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.completionTypes.create(p.admin, {
        label: 'Double',
        baseStatus: 'completed',
        modifier: { kind: 'percentage', client: 101, wage: 100 },
      }),
    );
    expect(over.details.issues).toEqual([{ path: ['modifier', 'client'], message: 'must be at most 100 %' }]);
    const negative = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.completionTypes.create(p.admin, {
        label: 'Refund fee',
        baseStatus: 'cancelled',
        modifier: { kind: 'fixed', client: EUR(1000), wage: EUR(-500) },
      }),
    );
    expect(negative.details.issues).toEqual([
      { path: ['modifier', 'wage', 'amount'], message: 'must not be negative' },
    ]);
    const { id } = await p.sessions.completionTypes.create(p.admin, {
      label: 'Late Cancel',
      baseStatus: 'cancelled',
      modifier: { kind: 'percentage', client: 50, wage: 50 },
    });
    await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.completionTypes.update(p.admin, { id, modifier: { kind: 'percentage', client: 50, wage: 150 } }),
    );
    const cost = await expectRefused(p, 'VALIDATION_FAILED', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: 'any', type: 'cost_override', cost: EUR(-1), wage: EUR(0) }),
    );
    expect(cost.details.issues?.[0]?.path).toEqual(['cost', 'amount']);
  });

  it('cancelling a completed session', async () => {
    const p = await practice();
    await p.activeBlock();
    const { session } = await schedule(p);
    await p.sessions.sessions.complete(p.staff, { sessionId: session.id });
    const error = await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.sessions.cancel(p.staff, { sessionId: session.id }),
    );
    expect(error.message).toBe(
      'Cannot cancel: the session is already completed. Only a scheduled session can be cancelled.',
    );
    expect(error.details).toMatchObject({ from: 'completed', to: 'cancelled' });
    await expectRefused(p, 'INVALID_TRANSITION', () =>
      p.sessions.sessions.complete(p.staff, { sessionId: session.id, type: 'missed' }),
    );
  });

  it('a client cancelling another client’s session', async () => {
    const p = await practice({ cancellationPolicy: { clientsMayCancel: true, tiers: [] } });
    const other = await anotherClient(p, 'Lena Roth', { canCancelSessions: true });
    const { session } = await schedule(p);
    const error = await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.cancel(other.actor, { sessionId: session.id }),
    );
    // They learn nothing about it, not even that it exists.
    expect(error.message).toBe(`No session with id "${session.id}" exists in this practice.`);
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.sessions.previewCancellation(other.actor, { sessionId: session.id }),
    );
  });

  it('overriding the account mode as a client, or as a practitioner', async () => {
    const p = await practice({ accountMode: { kind: 'package' } });
    const asClient = await expectRefused(p, 'FORBIDDEN', () =>
      schedule(p, { override: { reason: 'I will pay later' } }, p.client),
    );
    expect(asClient.details.issues).toEqual([{ path: ['override'], message: 'only staff and admins may override' }]);
    await expectRefused(p, 'FORBIDDEN', () => schedule(p, { override: { reason: 'trust me' } }, p.practitioner));
    // Staff may, and an override needs a reason.
    await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { override: { reason: ' ' } }));
    const { attendances } = await schedule(p, { override: { reason: 'Pays cash today' } });
    expect(attendances[0]?.attendance.override).toMatchObject({
      reason: 'Pays cash today',
      mode: 'package',
      missing: 1,
    });
  });

  it('unknown records, duplicates and capacities are refused at their paths', async () => {
    const p = await practice();
    await expectRefused(p, 'NOT_FOUND', () => schedule(p, { serviceId: 'ghost' }));
    await expectRefused(p, 'NOT_FOUND', () => schedule(p, { practitionerId: 'ghost' }));
    await expectRefused(p, 'NOT_FOUND', () => schedule(p, { clients: [{ clientId: 'ghost' }] }));
    const twice = await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { clients: [{ clientId: p.clientId }, { clientId: p.clientId }] }),
    );
    expect(twice.details.issues).toEqual([{ path: ['clients'], message: 'a client is listed twice' }]);
    const other = await anotherClient(p);
    const small = await expectRefused(p, 'VALIDATION_FAILED', () =>
      schedule(p, { clients: [{ clientId: p.clientId }, { clientId: other.id }], capacity: 1 }),
    );
    expect(small.details.issues?.[0]?.path).toEqual(['capacity']);
    await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { clients: [] }));
    await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { durationMinutes: 0 }));
    await expectRefused(p, 'VALIDATION_FAILED', () => schedule(p, { surprise: true } as never));
  });
});
