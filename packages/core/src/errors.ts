/**
 * Every failure a caller can act on is a `SessionsError` with a stable `code`.
 * Codes are part of the public API: hosts switch on them, HTTP maps them to
 * statuses, and they never change meaning between releases.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'INVALID_TRANSITION',
  'INSUFFICIENT_CREDIT',
  'BLOCK_EXPIRED',
  'BLOCK_NOT_ACTIVE',
  'NOT_COVERED',
  'ACTIVE_BLOCK_LIMIT',
  'PAYMENT_EXCEEDS_DUE',
  'CURRENCY_MISMATCH',
  'CONFLICT',
  'SLOT_TAKEN',
  'SLOT_UNAVAILABLE',
  'DEADLINE_PASSED',
  'CLASS_FULL',
  'IDEMPOTENCY_MISMATCH',
  'TENANT_NOT_CONFIGURED',
  'STORE_UNAVAILABLE',
] as const;

export type SessionsErrorCode = (typeof ERROR_CODES)[number];

/** One problem with the input: where it is and what is wrong with it. */
export interface ValidationIssue {
  /** Path into the input, e.g. `['price', 'amount']`. Empty for the input as a whole. */
  path: (string | number)[];
  message: string;
}

export interface SessionsErrorDetails {
  issues?: ValidationIssue[];
  [key: string]: unknown;
}

export class SessionsError extends Error {
  override readonly name = 'SessionsError';
  readonly code: SessionsErrorCode;
  readonly details: SessionsErrorDetails;

  constructor(code: SessionsErrorCode, message: string, details: SessionsErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** A plain object for logs and HTTP bodies: `{ code, message, details }`. */
  toJSON(): { code: SessionsErrorCode; message: string; details: SessionsErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isSessionsError(error: unknown, code?: SessionsErrorCode): error is SessionsError {
  return error instanceof SessionsError && (code === undefined || error.code === code);
}

export function notFound(what: string, id: string): SessionsError {
  return new SessionsError('NOT_FOUND', `No ${what} with id "${id}" exists in this practice.`, {
    entity: what,
    id,
  });
}
