/**
 * @sessions/http — the client-facing API of @sessions/core as one
 * fetch-standard `(request: Request) => Promise<Response>` handler, with thin
 * shims for Node's `http.createServer` and Express.
 */

export { MAX_BODY_BYTES } from './body.js';
export type { CorsOptions } from './cors.js';
export {
  type ErrorBody,
  HTTP_ERROR_CODES,
  type HttpErrorCode,
  type HttpOnlyErrorCode,
  STATUS_BY_CODE,
} from './errors.js';
export { AuthenticateFailed, createHandler, type HandlerOptions, type SessionsHandler } from './handler.js';
export {
  type ExpressMiddleware,
  type ExpressRequest,
  type FetchHandler,
  type NodeListener,
  toExpressMiddleware,
  toNodeListener,
} from './node.js';
