/**
 * The entry of the self-contained browser bundle (`@sessions/elements/browser`,
 * dist/browser/sessions-elements.js): registers every element and exports what a
 * page without a bundler needs to configure them — `httpClient` for custom
 * headers (`el.client = httpClient('/api', { headers: { authorization } })`).
 */
export { isSessionsApiError, SessionsApiError } from './client/error.js';
export { httpClient } from './client/http-client.js';
export { SessionsBooking, SessionsClasses, SessionsPackage } from './define.js';
