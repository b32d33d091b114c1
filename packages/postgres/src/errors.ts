import { SessionsError } from '@sessions/core';

/** Postgres SQLSTATE codes the store reacts to. */
export const UNIQUE_VIOLATION = '23505';
export const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const UNAVAILABLE_CLASSES = ['08', '57P']; // connection exceptions, operator intervention (shutdown, terminated)

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A deadlock or serialization failure on every one of a command's attempts:
 * each rolled back, so nothing was changed, and trying again later may work.
 * CONFLICT (HTTP 409), not the driver's raw error, so hosts can switch on it.
 */
export function retriesExhausted(error: unknown, attempts: number): SessionsError {
  const state = sqlState(error);
  const what = state === '40P01' ? 'a deadlock' : 'a serialization failure';
  return new SessionsError(
    'CONFLICT',
    `The command met ${what} with other transactions on each of its ${attempts} attempt(s) and was rolled back each time; nothing was changed. Try again (createPostgresStore's maxAttempts sets how often the store retries).`,
    { sqlState: state, attempts },
  );
}

/** Connection-level failures become STORE_UNAVAILABLE; anything else passes through unchanged. */
export function translate(error: unknown): unknown {
  if (error instanceof SessionsError) return error;
  const state = sqlState(error);
  const network = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(state ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (
    network ||
    UNAVAILABLE_CLASSES.some((c) => state?.startsWith(c)) ||
    /Connection terminated|not connected|closed|after calling end/i.test(message)
  ) {
    return new SessionsError('STORE_UNAVAILABLE', `The database is unavailable: ${message}`, { sqlState: state });
  }
  if (state === '42P01') {
    return new SessionsError(
      'STORE_UNAVAILABLE',
      'The @sessions tables do not exist: run migrate(driver) from @sessions/postgres before using the store.',
      { sqlState: state },
    );
  }
  return error;
}
