import { type Actor, actorSchema, isSessionsError, type Sessions } from '@sessions/core';
import { parseJsonBody, parseQuery } from './body.js';
import { type CorsOptions, CorsPolicy } from './cors.js';
import { describeError, HttpError, isInternal, methodNotAllowed, noRoute } from './errors.js';
import { withoutWages } from './redact.js';
import { jsonResponse, withoutBody } from './response.js';
import { Router } from './router.js';
import { type Route, routes } from './routes.js';

export interface HandlerOptions {
  /** The facade every request is served by: `createSessions({ store, ... })`. */
  sessions: Sessions;
  /**
   * The host's hook: who is asking. Return the `Actor` (`{ tenantId, kind, id }`)
   * built from the host's own session, token or API key, or `null` for
   * `401 UNAUTHENTICATED`. A `SessionsError` it throws answers as such; any
   * other throw (or a malformed actor) is a bug in the host: 500, and `onError`.
   */
  authenticate: (request: Request) => Actor | null | Promise<Actor | null>;
  /** Where the API is mounted, e.g. `/api/sessions`; default `""`. Paths outside it answer 404. */
  basePath?: string;
  /** Cross-origin browser access; without it no CORS headers are sent. */
  cors?: CorsOptions;
  /** Called with every error that answers `500 INTERNAL` (anything not a `SessionsError`), for logging. */
  onError?: (error: unknown, request: Request) => void;
}

/** A fetch-standard handler; `basePath` tells `toExpressMiddleware` which requests are its own. */
export interface SessionsHandler {
  (request: Request): Promise<Response>;
  readonly basePath: string;
}

const router = new Router<Route>(routes);

/**
 * The client-facing HTTP API over a `createSessions` facade, as one
 * `(request: Request) => Promise<Response>`: mount it in anything that
 * speaks fetch (Hono, Next.js route handlers, Bun, Deno), or in Node with
 * `toNodeListener` and `toExpressMiddleware`. Every request runs as the
 * actor `authenticate` returns, so core's rules decide what it may see and do.
 *
 * ```ts
 * const handler = createHandler({ sessions, basePath: '/api', authenticate: (req) => actorFromCookie(req) });
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export function createHandler(options: HandlerOptions): SessionsHandler {
  if (typeof options?.sessions?.settings?.get !== 'function') {
    throw new TypeError('createHandler needs { sessions }: the facade createSessions returns.');
  }
  if (typeof options.authenticate !== 'function') {
    throw new TypeError('createHandler needs { authenticate }: a function from the request to an Actor or null.');
  }
  const basePath = normaliseBasePath(options.basePath);
  const cors = new CorsPolicy(options.cors);
  const { sessions, authenticate, onError } = options;

  const report = (error: unknown, request: Request) => {
    if (!onError) return;
    try {
      onError(error, request);
    } catch {
      // A failing logger must not turn an answer into no answer.
    }
  };

  async function serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = localPath(url.pathname, basePath);
    if (path === null) throw noRoute(request.method, url.pathname);
    if (request.method === 'OPTIONS') {
      const allow = router.allowed(path);
      if (allow.length === 0) throw noRoute(request.method, url.pathname);
      const methods = [...allow, 'OPTIONS'];
      return new Response(null, {
        status: 204,
        headers: { allow: methods.join(', '), ...cors.preflightHeaders(request, methods) },
      });
    }
    const found = router.find(request.method, path);
    if ('allow' in found) {
      throw found.allow.length === 0
        ? noRoute(request.method, url.pathname)
        : methodNotAllowed(request.method, url.pathname, found.allow);
    }
    const { route, params } = found;
    if (route.method !== 'GET') cors.assertMayWrite(request);
    const actor = await authenticateRequest(request);
    const input =
      route.method === 'GET' ? parseQuery(route.schema, url.searchParams) : await parseJsonBody(route.schema, request);
    const key = request.headers.get('idempotency-key');
    const result = await route.run({
      sessions,
      actor,
      params,
      input: input as never,
      options: route.method === 'POST' && key !== null ? { idempotencyKey: key } : undefined,
    });
    return jsonResponse(200, actor.kind === 'client' ? withoutWages(result) : result);
  }

  async function authenticateRequest(request: Request): Promise<Actor> {
    let actor: unknown;
    try {
      actor = await authenticate(request);
    } catch (error) {
      if (isSessionsError(error)) throw error;
      throw new AuthenticateFailed('authenticate threw', error);
    }
    if (actor === null || actor === undefined) {
      throw new HttpError('UNAUTHENTICATED', 'Sign in to use this API: the request did not say who is asking.');
    }
    const parsed = actorSchema.safeParse(actor);
    if (!parsed.success) {
      throw new AuthenticateFailed(
        'authenticate returned something that is not an Actor { tenantId, kind, id }',
        actor,
      );
    }
    return parsed.data;
  }

  const handler = async (request: Request): Promise<Response> => {
    const origin = request.headers.get('origin');
    let response: Response;
    try {
      response = await serve(request);
    } catch (error) {
      if (isInternal(error)) report(error, request);
      const { status, body, headers } = describeError(error);
      response = jsonResponse(status, body, headers);
    }
    for (const [name, value] of Object.entries(cors.responseHeaders(origin))) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return request.method === 'HEAD' ? withoutBody(response) : response;
  };
  return Object.defineProperty(handler, 'basePath', { value: basePath, enumerable: true }) as SessionsHandler;
}

/** `authenticate` failed in a way only the host can fix; the client gets a generic 500. */
export class AuthenticateFailed extends Error {
  override readonly name = 'AuthenticateFailed';
  constructor(
    message: string,
    /** What was thrown, or what was returned instead of an actor. */
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  if (typeof basePath !== 'string' || !basePath.startsWith('/') || /[?#]/.test(basePath)) {
    throw new TypeError(`basePath must be a path starting with "/", like "/api" (got ${JSON.stringify(basePath)}).`);
  }
  return basePath.replace(/\/+$/, '');
}

/** The path below `basePath`, or null when the request is outside it. */
export function localPath(pathname: string, basePath: string): string | null {
  if (basePath === '') return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}
