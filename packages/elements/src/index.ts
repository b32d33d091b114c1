/**
 * @sessions/elements — web components for a practice's public page.
 * Importing this module defines no tags: import `@sessions/elements/define`
 * (all of them) or `@sessions/elements/define/<tag>` for that.
 */

export {
  isSessionsApiError,
  SessionsApiError,
  type SessionsApiErrorBody,
  type SessionsApiErrorCode,
  toApiError,
} from './client/error.js';
export { type HttpClientOptions, httpClient } from './client/http-client.js';
export type {
  BlockDetail,
  BookingInput,
  PublicPractitioner,
  PublicSettings,
  RequestOptions,
  SessionsClient,
  SlotQuery,
} from './client/types.js';
export type { BookingStep } from './components/booking/booking-flow.js';
export { SessionsBooking } from './components/booking/sessions-booking.js';
export { SessionsClasses } from './components/classes/sessions-classes.js';
export { SessionsPackage } from './components/package/sessions-package.js';
export type { SessionsBookedDetail, SessionsBookedEvent } from './events/sessions-booked.js';
export type { SessionsCancelledDetail, SessionsCancelledEvent } from './events/sessions-cancelled.js';
export type { SessionsErrorDetail, SessionsErrorEvent } from './events/sessions-error.js';
export {
  addDays,
  dayIn,
  formatDateTime,
  formatDay,
  formatShortDateTime,
  formatTime,
  todayIn,
  visitorTimeZone,
  zonedDateTime,
} from './format/dates.js';
export { formatMoney, minorToDecimal } from './format/money.js';
export { defaultMessages, type Messages } from './internal/messages.js';
export { SessionsElement } from './internal/sessions-element.js';
