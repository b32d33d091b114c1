import type { CancelResult, DropResult } from '../client/types.js';

/**
 * `sessions-cancelled`: a session was cancelled (`<sessions-booking>`) or a
 * class dropped (`<sessions-classes>`). Bubbles and crosses shadow roots.
 */
export type SessionsCancelledDetail =
  | {
      readonly kind: 'session';
      readonly sessionId: string;
      /** The session as it now is, and the policy's decision (`cancellation`). */
      readonly result: CancelResult;
    }
  | {
      readonly kind: 'class';
      readonly classId: string;
      readonly result: DropResult;
    };

export type SessionsCancelledEvent = CustomEvent<SessionsCancelledDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sessions-cancelled': SessionsCancelledEvent;
  }
}
