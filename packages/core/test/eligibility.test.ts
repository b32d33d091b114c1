import { describe, expect, it } from 'vitest';
import { EUR, expectRefused, practice } from './helpers.js';

describe('reserving credit checks the block first', () => {
  it('refuses a block whose credits have not unlocked: draft, pending or cancelled', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 3 });
    const draft = await p.block();
    const draftError = await expectRefused(p, 'BLOCK_NOT_ACTIVE', () =>
      p.sessions.credits.reserve(p.staff, p.booking(draft.block.id, 's1')),
    );
    expect(draftError.message).toMatch(/issue its invoice first/);
    const pending = await p.block();
    await p.sessions.blocks.issueInvoice(p.staff, { blockId: pending.block.id });
    await p.sessions.blocks.recordPayment(p.staff, { blockId: pending.block.id, amount: EUR(99999) });
    const pendingError = await expectRefused(p, 'BLOCK_NOT_ACTIVE', () =>
      p.sessions.credits.reserve(p.staff, p.booking(pending.block.id, 's1')),
    );
    expect(pendingError.message).toMatch(/paid in full/);
    expect(pendingError.details).toMatchObject({ status: 'pending' });
    await p.sessions.blocks.cancel(p.staff, { blockId: draft.block.id });
    await expectRefused(p, 'BLOCK_NOT_ACTIVE', () =>
      p.sessions.credits.reserve(p.staff, p.booking(draft.block.id, 's1')),
    );
  });

  it('books an active block for a covered service and practitioner, within its dates', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({
      expiresOn: '2026-03-20',
      coveredServiceIds: [p.serviceId],
      bookablePractitionerIds: [p.practitionerId],
    });
    const { entry, balance } = await p.sessions.credits.reserve(
      p.client,
      p.booking(block.id, 's1', '2026-03-20T22:59:00Z'), // 23:59 in Berlin on the last day
    );
    expect(entry).toMatchObject({ kind: 'reserve', units: 1, sessionId: 's1' });
    expect(balance).toMatchObject({ remaining: 9, reserved: 1 });
  });

  it('refuses an expired block, and a session after the expiry date', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ expiresOn: '2026-03-20' });
    await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 'late', '2026-03-21T09:00:00Z')),
    );
    p.clock.set('2026-03-21T00:00:00Z'); // 01:00 in Berlin on the 21st: past the end of the 20th
    await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-20T09:00:00Z')),
    );
    await p.sessions.blocks.expireDue(p.staff);
    const swept = await expectRefused(p, 'BLOCK_EXPIRED', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1', '2026-03-20T09:00:00Z')),
    );
    expect(swept.message).toMatch(/extend its expiry/);
  });

  it('refuses a service the block does not cover and a practitioner it cannot be booked with', async () => {
    const p = await practice();
    const other = await p.sessions.services.create(p.staff, {
      name: 'Massage',
      durationMinutes: 30,
      price: EUR(5000),
      wage: EUR(2000),
    });
    const colleague = await p.sessions.practitioners.create(p.staff, { name: 'Colleague' });
    const { block } = await p.activeBlock({
      coveredServiceIds: [p.serviceId],
      bookablePractitionerIds: [p.practitionerId],
    });
    await expectRefused(p, 'NOT_COVERED', () =>
      p.sessions.credits.reserve(p.staff, { ...p.booking(block.id, 's1'), serviceId: other.id }),
    );
    await expectRefused(p, 'NOT_COVERED', () =>
      p.sessions.credits.reserve(p.staff, { ...p.booking(block.id, 's1'), practitionerId: colleague.id }),
    );
  });

  it('refuses when the block has too little left, saying what is missing', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ unitKind: 'minutes', quantity: 30, price: { total: EUR(5000) } });
    const error = await expectRefused(p, 'INSUFFICIENT_CREDIT', () =>
      p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1')),
    );
    expect(error.details).toMatchObject({ needed: 60, remaining: 30, missing: 30 });
  });

  it('refuses a completed block as out of credit', async () => {
    const p = await practice();
    const { block } = await p.activeBlock({ quantity: 1, price: { total: EUR(9000) } });
    await p.sessions.credits.reserve(p.staff, p.booking(block.id, 's1'));
    await p.sessions.credits.consume(p.staff, { blockId: block.id, sessionId: 's1' });
    await expectRefused(p, 'INSUFFICIENT_CREDIT', () => p.sessions.credits.reserve(p.staff, p.booking(block.id, 's2')));
  });

  it('lets a client book only on their own block, and a practitioner only for themself', async () => {
    const p = await practice({ maxActiveBlocksPerClient: 2 });
    const other = await p.sessions.clients.create(p.staff, { name: 'Someone else' });
    const theirs = await p.activeBlock({ clientId: other.id });
    await expectRefused(p, 'NOT_FOUND', () => p.sessions.credits.reserve(p.client, p.booking(theirs.block.id, 's1')));
    const colleague = await p.sessions.practitioners.create(p.staff, { name: 'Colleague' });
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.credits.reserve(
        { tenantId: p.tenantId, kind: 'practitioner', id: colleague.id },
        p.booking(theirs.block.id, 's1'),
      ),
    );
    await expectRefused(p, 'FORBIDDEN', () =>
      p.sessions.credits.consume(p.client, { blockId: theirs.block.id, sessionId: 's1' }),
    );
    // The block's own client, and the practitioner booking for themself, may.
    await p.sessions.credits.reserve(
      { tenantId: p.tenantId, kind: 'client', id: other.id },
      p.booking(theirs.block.id, 'a'),
    );
    await p.sessions.credits.reserve(p.practitioner, p.booking(theirs.block.id, 'b'));
    const { balance } = await p.sessions.credits.consume(p.practitioner, { blockId: theirs.block.id, sessionId: 'b' });
    expect(balance).toMatchObject({ reserved: 1, consumed: 1 });
  });

  it('refuses an unknown service or practitioner as NOT_FOUND', async () => {
    const p = await practice();
    const { block } = await p.activeBlock();
    await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.credits.reserve(p.staff, { ...p.booking(block.id, 's1'), serviceId: 'ghost' }),
    );
    const error = await expectRefused(p, 'NOT_FOUND', () =>
      p.sessions.credits.reserve(p.staff, { ...p.booking(block.id, 's1'), practitionerId: 'ghost' }),
    );
    expect(error.message).toBe('No practitioner with id "ghost" exists in this practice.');
  });
});
