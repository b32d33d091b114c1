import { SessionsError } from '../errors.js';
import type { BlockStatus } from './block.js';

/**
 * The block state machine. Every status change goes through `assertTransition`,
 * so an illegal one is refused the same way everywhere:
 *
 *   draft ──invoice──▶ pending ──paid──▶ active ──all units used──▶ completed
 *     │  (unlock on invoice / creation) ─▶ active ──expiry──▶ expired ──extend──▶ active
 *     └──────────────▶ cancelled ◀────── pending, active, expired
 *   completed ──units granted or a hold returned──▶ active
 */
const ALLOWED: Readonly<Record<BlockStatus, readonly BlockStatus[]>> = {
  draft: ['pending', 'active', 'cancelled'],
  pending: ['active', 'cancelled'],
  active: ['completed', 'cancelled', 'expired'],
  completed: ['active'],
  expired: ['active', 'cancelled'],
  cancelled: [],
};

export function canTransition(from: BlockStatus, to: BlockStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertTransition(from: BlockStatus, to: BlockStatus, action: string, hint?: string): void {
  if (!canTransition(from, to)) throw invalidTransition(from, to, action, hint);
}

export function invalidTransition(from: BlockStatus, to: BlockStatus, action: string, hint?: string): SessionsError {
  return new SessionsError(
    'INVALID_TRANSITION',
    `Cannot ${action}: a ${from} block cannot become ${to}.${hint ? ` ${hint}` : ''}`,
    { from, to, action },
  );
}
