import type { SessionsBookedDetail } from './sessions-booked.js';
import type { SessionsCancelledDetail } from './sessions-cancelled.js';
import type { SessionsErrorDetail } from './sessions-error.js';

/** Each event's name and its `detail`. */
export interface SessionsEventDetails {
  'sessions-booked': SessionsBookedDetail;
  'sessions-cancelled': SessionsCancelledDetail;
  'sessions-error': SessionsErrorDetail;
}

/** One of the elements' events: it bubbles and crosses shadow roots, so the host can listen on `document`. */
export function sessionsEvent<K extends keyof SessionsEventDetails>(
  type: K,
  detail: SessionsEventDetails[K],
): CustomEvent<SessionsEventDetails[K]> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}
