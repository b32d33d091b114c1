import { isSessionsError, type SessionsErrorCode, type ValidationIssue } from '@sessions/core';

/** Codes only the HTTP layer produces: who is asking, how the request was sent, and our own failures. */
export const HTTP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;
export type HttpOnlyErrorCode = (typeof HTTP_ERROR_CODES)[number];

/** Every `code` an error body may carry. */
export type HttpErrorCode = SessionsErrorCode | HttpOnlyErrorCode;

/** The JSON body of every error response. */
export interface ErrorBody {
  code: HttpErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The status of each code. A `Record` over core's codes, so a code added to
 * core without a status here fails the typecheck rather than answering 500.
 */
export const STATUS_BY_CODE: Readonly<Record<HttpErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  CURRENCY_MISMATCH: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_CREDIT: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  SLOT_TAKEN: 409,
  CLASS_FULL: 409,
  BLOCK_EXPIRED: 409,
  BLOCK_NOT_ACTIVE: 409,
  NOT_COVERED: 409,
  ACTIVE_BLOCK_LIMIT: 409,
  PAYMENT_EXCEEDS_DUE: 409,
  IDEMPOTENCY_MISMATCH: 409,
  DEADLINE_PASSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SLOT_UNAVAILABLE: 422,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  TENANT_NOT_CONFIGURED: 503,
};

/** A refusal raised by the HTTP layer itself (routing, authentication, the request's shape). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Extra response headers, such as `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A `VALIDATION_FAILED` naming each offending path, worded like core's own. */
export function validationFailed(what: string, issues: ValidationIssue[]): HttpError {
  const summary = issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
  return new HttpError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { issues });
}

/** An unknown path (or one outside `basePath`): 404, like a missing record. */
export function noRoute(method: string, pathname: string): HttpError {
  return new HttpError('NOT_FOUND', `There is no route ${method} ${pathname}; see the @sessions/http route table.`, {
    entity: 'route',
    method,
    path: pathname,
  });
}

/** A known path asked with another method: 405, with the `Allow` header. */
export function methodNotAllowed(method: string, pathname: string, allow: readonly string[]): HttpError {
  return new HttpError(
    'METHOD_NOT_ALLOWED',
    `${method} is not allowed on ${pathname}; use ${allow.join(' or ')}.`,
    { method, allow: [...allow] },
    { allow: allow.join(', ') },
  );
}

export const GENERIC_INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again later.';

/** What an error becomes on the wire; `internal` is true when it was not ours to explain (500, `onError`). */
export function describeError(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof HttpError) {
    return {
      status: STATUS_BY_CODE[error.code],
      body: { code: error.code, message: error.message, details: error.details },
      headers: { ...error.headers },
    };
  }
  if (isSessionsError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return { status, body: error.toJSON(), headers: {} };
  }
  return { status: 500, body: { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE, details: {} }, headers: {} };
}

/** True for errors the handler does not explain: they answer 500 and go to `onError`. */
export function isInternal(error: unknown): boolean {
  return !(error instanceof HttpError) && !isSessionsError(error);
}
