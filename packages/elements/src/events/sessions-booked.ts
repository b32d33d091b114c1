import type { EnrolResult, ScheduleResult } from '../client/types.js';

/**
 * `sessions-booked`: a session was booked (`<sessions-booking>`) or a class
 * joined (`<sessions-classes>`). Bubbles and crosses shadow roots.
 */
export type SessionsBookedDetail =
  | {
      readonly kind: 'session';
      /** The new session, and which block pays for it (`linking`). */
      readonly result: ScheduleResult;
    }
  | {
      readonly kind: 'class';
      readonly classId: string;
      /** Enrolled or waitlisted, and each session booked. */
      readonly result: EnrolResult;
    };

export type SessionsBookedEvent = CustomEvent<SessionsBookedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sessions-booked': SessionsBookedEvent;
  }
}
