import { HttpError } from './errors.js';

/**
 * Which browser origins may call the API from another site. Without it, no
 * CORS headers are sent and browsers keep the API to its own origin.
 */
export interface CorsOptions {
  /** `'*'` (any site, never with credentials), one origin, a list, or a predicate: `https://clinic.example`. */
  origin: string | readonly string[] | ((origin: string) => boolean);
  /** Let browsers send cookies and HTTP auth (`access-control-allow-credentials: true`). */
  credentials?: boolean;
  /** Seconds a browser may cache a preflight answer (`access-control-max-age`). */
  maxAge?: number;
}

/** The CORS policy of one handler, checked when the handler is created. */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly test: (origin: string) => boolean;

  constructor(private readonly options: CorsOptions | undefined) {
    if (options === undefined) {
      this.anyOrigin = false;
      this.test = () => false;
      return;
    }
    const { origin, credentials, maxAge } = options;
    if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
      throw new TypeError('cors.maxAge must be a whole number of seconds, 0 or more.');
    }
    if (credentials !== undefined && typeof credentials !== 'boolean') {
      throw new TypeError('cors.credentials must be true or false.');
    }
    this.anyOrigin = origin === '*';
    if (this.anyOrigin && credentials) {
      throw new TypeError(
        "cors: origin '*' with credentials would let every website act as the signed-in client; list the origins instead.",
      );
    }
    if (typeof origin === 'function') this.test = (o) => origin(o) === true;
    else if (typeof origin === 'string') this.test = this.anyOrigin ? () => true : (o) => o === origin;
    else if (Array.isArray(origin) && origin.every((o) => typeof o === 'string' && o !== '*')) {
      const list = new Set(origin);
      this.test = (o) => list.has(o);
    } else {
      throw new TypeError("cors.origin must be '*', an origin, a list of origins (without '*'), or a function.");
    }
  }

  /** True when cross-origin requests from `origin` are allowed. */
  allows(origin: string | null): origin is string {
    return this.options !== undefined && origin !== null && this.test(origin);
  }

  /** Headers for an ordinary response to a request from `origin`; none when it is not allowed. */
  responseHeaders(origin: string | null): Record<string, string> {
    if (!this.allows(origin)) return {};
    const headers: Record<string, string> = this.anyOrigin
      ? { 'access-control-allow-origin': '*' }
      : { 'access-control-allow-origin': origin, vary: 'Origin' };
    if (this.options?.credentials) headers['access-control-allow-credentials'] = 'true';
    return headers;
  }

  /** Headers answering a preflight for a path that allows `methods`; none when the origin is not allowed. */
  preflightHeaders(request: Request, methods: readonly string[]): Record<string, string> {
    const origin = request.headers.get('origin');
    if (!this.allows(origin) || request.headers.get('access-control-request-method') === null) return {};
    const headers = this.responseHeaders(origin);
    headers['access-control-allow-methods'] = methods.join(', ');
    const asked = request.headers.get('access-control-request-headers');
    if (asked) headers['access-control-allow-headers'] = asked;
    headers.vary = 'Origin, Access-Control-Request-Headers';
    if (this.options?.maxAge !== undefined) headers['access-control-max-age'] = String(this.options.maxAge);
    return headers;
  }

  /**
   * Refuse a command sent by a browser from a site that is neither this
   * API's own host nor an allowed CORS origin (cross-site request forgery:
   * a form or `fetch` elsewhere riding on the client's cookies). Requests
   * without an `Origin` header (servers, curl) are not browsers' and pass.
   */
  assertMayWrite(request: Request): void {
    const origin = request.headers.get('origin');
    if (origin === null || this.allows(origin) || sameHost(origin, request.url)) return;
    throw new HttpError(
      'FORBIDDEN',
      `Requests from ${origin} may not change anything here: the origin is not allowed (configure cors.origin to allow it).`,
      { origin },
    );
  }
}

/** Same host and port; the scheme is left out, since a proxy in front often ends TLS. */
function sameHost(origin: string, url: string): boolean {
  try {
    return new URL(origin).host === new URL(url).host;
  } catch {
    return false;
  }
}
