import { SessionsApiError } from './error.js';
import type { RequestOptions, SessionsClient } from './types.js';

export interface HttpClientOptions {
  /** The fetch to use: a test double, or one that adds auth. Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Sent with every request (e.g. `Authorization`); a function is called per request. */
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** The request's credentials mode: `include` sends cookies to an API on another origin. Default `same-origin`. */
  readonly credentials?: RequestCredentials;
}

type Query = Readonly<Record<string, string | boolean | undefined>>;

const FALLBACK_CODES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
};

const segment = (id: string) => encodeURIComponent(id);

function search(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(body: unknown): body is { code: string; message: string; details?: Record<string, unknown> } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

/**
 * A `SessionsClient` over the HTTP API (`@sessions/http`) at `baseUrl` — absolute
 * (`https://practice.example/api`) or, in a browser, relative to the page (`/api`).
 *
 * ```ts
 * const client = httpClient('/api', { credentials: 'include' });
 * document.querySelector('sessions-booking')!.client = client;
 * ```
 */
export function httpClient(baseUrl: string, options: HttpClientOptions = {}): SessionsClient {
  const base = baseUrl.replace(/\/+$/, '');

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    init: { query?: Query; body?: unknown; request?: RequestOptions | undefined } = {},
  ): Promise<T> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const headers = new Headers(
      typeof options.headers === 'function' ? await options.headers() : (options.headers ?? undefined),
    );
    headers.set('accept', 'application/json');
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    if (init.request?.idempotencyKey) headers.set('idempotency-key', init.request.idempotencyKey);

    let response: Response;
    try {
      response = await doFetch(`${base}${path}${search(init.query)}`, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(init.request?.signal ? { signal: init.request.signal } : {}),
      });
    } catch (error) {
      if (init.request?.signal?.aborted) throw error;
      throw new SessionsApiError(
        0,
        'NETWORK_ERROR',
        `The practice's server could not be reached (${method} ${path}).`,
        {},
        {
          cause: error,
        },
      );
    }

    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (response.ok) {
        throw new SessionsApiError(
          response.status,
          'BAD_RESPONSE',
          `${method} ${path} did not answer JSON.`,
          {},
          {
            cause: error,
          },
        );
      }
    }
    if (!response.ok) {
      if (isErrorBody(body)) {
        throw new SessionsApiError(response.status, body.code, body.message, body.details ?? {});
      }
      const code = FALLBACK_CODES[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE');
      throw new SessionsApiError(response.status, code, `${method} ${path} failed with status ${response.status}.`);
    }
    return body as T;
  }

  return {
    getSettings: (request) => call('GET', '/settings', { request }),
    listServices: (request) => call('GET', '/services', { request }),
    listPractitioners: (request) => call('GET', '/practitioners', { request }),
    listBlocks: (query, request) =>
      call('GET', '/me/blocks', { query: { includeClosed: query?.includeClosed ? true : undefined }, request }),
    getBlock: (blockId, request) => call('GET', `/me/blocks/${segment(blockId)}`, { request }),
    listSessions: (query, request) => call('GET', '/me/sessions', { query: { ...query }, request }),
    listReminders: (request) => call('GET', '/me/reminders', { request }),
    listSlots: (query, request) => call('GET', '/availability', { query: { ...query }, request }),
    book: (input, request) => call('POST', '/bookings', { body: input, request }),
    previewCancellation: (sessionId, query, request) =>
      call('GET', `/sessions/${segment(sessionId)}/cancellation`, { query: { ...query }, request }),
    cancel: (sessionId, input, request) =>
      call('POST', `/sessions/${segment(sessionId)}/cancel`, { body: { ...input }, request }),
    listClasses: (request) => call('GET', '/classes', { request }),
    getClass: (classId, request) => call('GET', `/classes/${segment(classId)}`, { request }),
    enrol: (classId, input, request) =>
      call('POST', `/classes/${segment(classId)}/enrol`, { body: { ...input }, request }),
    drop: (classId, request) => call('POST', `/classes/${segment(classId)}/drop`, { body: {}, request }),
    listClosures: (query, request) => call('GET', '/closures', { query: { ...query }, request }),
  };
}
