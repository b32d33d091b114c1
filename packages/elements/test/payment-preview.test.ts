import type { BlockView } from '@sessions/core';
import { describe, expect, it } from 'vitest';
import { previewPayment } from '../src/components/booking/payment-preview.js';

function view(id: string, over: Partial<BlockView['block']> = {}, remaining = 3): BlockView {
  return {
    block: {
      id,
      name: id,
      status: 'active',
      expiresOn: null,
      coveredServiceIds: null,
      bookablePractitionerIds: null,
      deletedAt: null,
      createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
      ...over,
    },
    balance: { remaining },
  } as unknown as BlockView;
}

const booking = { serviceId: 'physio', practitionerId: 'jonas', day: '2026-03-10' };

describe('previewPayment: the block automatic linking will pick (the rule of docs/sessions.md)', () => {
  it('soonest expiry first, never-expiring last', () => {
    const picked = previewPayment(
      [view('never'), view('late', { expiresOn: '2026-12-31' }), view('soon', { expiresOn: '2026-04-01' })],
      booking,
    );
    expect(picked).toMatchObject({ kind: 'block', view: { block: { id: 'soon' } } });
  });

  it('skips blocks that cannot pay: used up, not active, not covering, not bookable, expired by the day', () => {
    const blocks = [
      view('empty', {}, 0),
      view('pending', { status: 'pending' }),
      view('other', { coveredServiceIds: ['massage'] }),
      view('someone', { bookablePractitionerIds: ['ada'] }),
      view('deleted', { deletedAt: '2026-01-01T00:00:00.000Z' }),
      view('ok', { coveredServiceIds: ['physio'], bookablePractitionerIds: ['jonas'] }),
    ];
    expect(previewPayment(blocks, booking)).toMatchObject({ kind: 'block', view: { block: { id: 'ok' } } });
    expect(previewPayment([view('dated', { expiresOn: '2026-03-09' })], booking)).toMatchObject({
      kind: 'expired',
      view: { block: { id: 'dated' } },
    });
  });

  it('an expired block is named; nothing at all is none', () => {
    expect(previewPayment([view('winter', { status: 'expired', expiresOn: '2026-02-01' })], booking).kind).toBe(
      'expired',
    );
    expect(previewPayment([], booking).kind).toBe('none');
  });
});
