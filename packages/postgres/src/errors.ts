import { SessionsError } from '@sessions/core';

/** Postgres SQLSTATE codes the store reacts to. */
export const UNIQUE_VIOLATION = '23505';
export const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const UNAVAILABLE_CLASSES = ['08', '57P']; // connection exceptions, operator intervention (shutdown, terminated)

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
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
