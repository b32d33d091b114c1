import type { SessionsErrorCode } from '@sessions/core';

/**
 * Every code the API answers with (docs/http.md), plus two the client adds:
 * `NETWORK_ERROR` (no answer at all: offline, DNS, CORS) and `BAD_RESPONSE`
 * (an answer that is not the API's JSON). Other strings are allowed so a
 * newer server's codes still type-check.
 */
export type SessionsApiErrorCode =
  | SessionsErrorCode
  | 'UNAUTHENTICATED'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | (string & {});

/** The body of every error answer: `{ code, message, details }`. */
export interface SessionsApiErrorBody {
  readonly code: SessionsApiErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A failed call: the API's `{ code, message, details }` and the HTTP status (0 when there was no answer). */
export class SessionsApiError extends Error implements SessionsApiErrorBody {
  override readonly name = 'SessionsApiError';
  readonly code: SessionsApiErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly status: number;

  constructor(
    status: number,
    code: SessionsApiErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toJSON(): SessionsApiErrorBody & { status: number } {
    return { code: this.code, message: this.message, details: this.details, status: this.status };
  }
}

export function isSessionsApiError(error: unknown, code?: SessionsApiErrorCode): error is SessionsApiError {
  return error instanceof SessionsApiError && (code === undefined || error.code === code);
}

/**
 * Whatever a `.client` threw, as a `SessionsApiError`: an in-process client may
 * throw core's `SessionsError` (same `code`, `message`, `details`, no status)
 * or anything else.
 */
export function toApiError(error: unknown): SessionsApiError {
  if (error instanceof SessionsApiError) return error;
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    const e = error as { code: string; message?: unknown; details?: unknown; status?: unknown };
    return new SessionsApiError(
      typeof e.status === 'number' ? e.status : 0,
      e.code,
      typeof e.message === 'string' ? e.message : e.code,
      typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {},
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SessionsApiError(0, 'INTERNAL', message, {}, { cause: error });
}
