import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { GENERIC_INTERNAL_MESSAGE } from './errors.js';
import { localPath } from './handler.js';
import { jsonResponse } from './response.js';

/** Any fetch-standard handler; a `basePath` (as `createHandler` sets) lets Express skip other paths. */
export type FetchHandler = ((request: Request) => Promise<Response>) & { readonly basePath?: string };

/** What `http.createServer` takes. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** An Express (or Connect) request: Node's, with the mount-independent URL and a body a parser may have read. */
export type ExpressRequest = IncomingMessage & { originalUrl?: string; body?: unknown; _body?: boolean };
export type ExpressMiddleware = (req: ExpressRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Serve a fetch handler from Node's `http.createServer`: the request (with
 * its body as a stream) becomes a `Request`, and the `Response` is written
 * back — status, headers (every `set-cookie` kept), and the body, streamed,
 * or none for HEAD.
 *
 * ```ts
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return (req, res) => {
    serveNode(handler, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else writeResponse(jsonResponse(500, internalBody()), res, false).catch(() => res.destroy());
    });
  };
}

/**
 * Serve a fetch handler as Express middleware. Requests outside the
 * handler's `basePath` go on to `next()`; inside it, the handler answers
 * everything, unknown routes included (404). The path is read from
 * `req.originalUrl`, so `app.use(mw)` and `app.use('/api', mw)` behave alike:
 * `basePath` is always the full public path. Mount it before body parsers;
 * a body `express.json()` already read is sent on re-encoded.
 */
export function toExpressMiddleware(handler: FetchHandler): ExpressMiddleware {
  const basePath = handler.basePath ?? '';
  return (req, res, next) => {
    const pathname = pathOf(req.originalUrl ?? req.url ?? '/');
    if (localPath(pathname, basePath) === null) {
      next();
      return;
    }
    serveNode(handler, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else next(error);
    });
  };
}

async function serveNode(handler: FetchHandler, req: ExpressRequest, res: ServerResponse): Promise<void> {
  const response = await handler(toRequest(req, res));
  // Answered before the whole body arrived (too large, refused unread): the connection
  // is closed after the answer, so the rest of the upload is never read as a next request.
  if (!req.complete) res.shouldKeepAlive = false;
  await writeResponse(response, res, req.method === 'HEAD');
}

function internalBody() {
  return { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE, details: {} };
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** The request as fetch sees it. Aborted when the client goes away before the answer is written. */
export function toRequest(req: ExpressRequest, res: ServerResponse): Request {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const target = req.originalUrl ?? req.url ?? '/';
  const url = new URL(
    `${originOf(encrypted ? 'https' : 'http', req.headers.host)}${target.startsWith('/') ? '' : '/'}${target}`,
  );
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    try {
      headers.append(name, raw[i + 1] as string);
    } catch {
      // A header fetch cannot carry is left out, as a proxy would.
    }
  }
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = alreadyParsedBody(req);
    if (parsed !== undefined) {
      init.body = parsed as RequestInit['body'];
      headers.delete('content-length');
    } else {
      init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/**
 * `scheme://host` from the Host header, or `localhost` when it is missing or
 * is not a plain host (so a crafted Host can never move the path).
 */
function originOf(scheme: string, host: string | undefined): string {
  if (host) {
    try {
      const url = new URL(`${scheme}://${host}`);
      if (url.host === host.toLowerCase() && url.pathname === '/' && url.search === '' && url.username === '') {
        return url.origin;
      }
    } catch {
      // fall through
    }
  }
  return `${scheme}://localhost`;
}

/** A body an Express parser already read off the stream, re-encoded; undefined when the stream is unread. */
function alreadyParsedBody(req: ExpressRequest): string | Uint8Array | undefined {
  if (req._body !== true && !req.readableEnded) return undefined;
  const body = req.body;
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return JSON.stringify(body);
}

/** Write a fetch `Response` to Node's response, keeping to backpressure. */
export async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (head || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } finally {
    reader.releaseLock();
  }
}
