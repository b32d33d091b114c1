import type { SessionsApiErrorCode } from '../client/error.js';

/**
 * `sessions-error`: a call to the practice failed. The element shows the
 * message itself (and announces it); the event is for the host's logging or
 * its own handling (e.g. sending the visitor to sign in on `UNAUTHENTICATED`).
 * Bubbles and crosses shadow roots.
 */
export interface SessionsErrorDetail {
  readonly code: SessionsApiErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The HTTP status; 0 when there was no answer (or the client is in-process). */
  readonly status: number;
  /** What the element was doing: `load`, `book`, `preview-cancellation`, `cancel`, `enrol`, `drop`. */
  readonly action: string;
}

export type SessionsErrorEvent = CustomEvent<SessionsErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sessions-error': SessionsErrorEvent;
  }
}
