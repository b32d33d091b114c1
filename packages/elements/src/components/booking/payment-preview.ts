import type { BlockView } from '../../client/types.js';

export type PaymentPreview =
  | { readonly kind: 'block'; readonly view: BlockView }
  | { readonly kind: 'expired'; readonly view: BlockView }
  | { readonly kind: 'none' };

/**
 * Which of the client's blocks the server's automatic linking will pick for a
 * booking, shown before the visitor confirms. The same rule as core's
 * (docs/sessions.md): active, not expired on the session's day, covering the
 * service, bookable with the practitioner, with units left; soonest expiry
 * first, never-expiring last, then the oldest. The server decides; this only
 * tells the visitor what to expect. `day` is the session's day on the
 * practice's calendar.
 */
export function previewPayment(
  blocks: readonly BlockView[],
  booking: { readonly serviceId: string; readonly practitionerId: string; readonly day: string },
): PaymentPreview {
  const fits = (view: BlockView) => {
    const { block } = view;
    return (
      (block.coveredServiceIds === null || block.coveredServiceIds.includes(booking.serviceId)) &&
      (block.bookablePractitionerIds === null || block.bookablePractitionerIds.includes(booking.practitionerId))
    );
  };
  const usable = blocks
    .filter(
      (view) =>
        view.block.status === 'active' &&
        view.block.deletedAt === null &&
        (view.block.expiresOn === null || view.block.expiresOn >= booking.day) &&
        view.balance.remaining > 0 &&
        fits(view),
    )
    .sort((a, b) => {
      const x = a.block.expiresOn;
      const y = b.block.expiresOn;
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : 1;
      }
      return a.block.createdAt < b.block.createdAt ? -1 : a.block.createdAt > b.block.createdAt ? 1 : 0;
    });
  const first = usable[0];
  if (first) return { kind: 'block', view: first };
  const expired = blocks.find(
    (view) =>
      view.block.deletedAt === null &&
      fits(view) &&
      (view.block.status === 'expired' ||
        (view.block.status === 'active' && view.block.expiresOn !== null && view.block.expiresOn < booking.day)),
  );
  return expired ? { kind: 'expired', view: expired } : { kind: 'none' };
}
