import { HttpError } from './errors.js';

/** The methods a route may answer; HEAD is answered wherever GET is. */
export type RouteMethod = 'GET' | 'POST';

/** One entry of a route table: a method and a path pattern such as `/me/blocks/:blockId`. */
export interface RouteShape {
  readonly method: RouteMethod;
  readonly path: string;
}

export type Params = Readonly<Record<string, string>>;

/** The route a request reached, with its decoded path parameters. */
export interface Match<R extends RouteShape> {
  readonly route: R;
  readonly params: Params;
}

type Segment = { readonly literal: string } | { readonly param: string };

interface Compiled<R extends RouteShape> {
  readonly route: R;
  readonly segments: readonly Segment[];
}

/**
 * A small router: literal segments and `:name` parameters, nothing else.
 * `find` tells three outcomes apart — a route for this method, a known path
 * with other methods (the handler's 405 with `Allow`), or no such path (404).
 */
export class Router<R extends RouteShape> {
  private readonly compiled: Compiled<R>[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map((route) => ({ route, segments: compile(route.path) }));
    const seen = new Set<string>();
    for (const { route, segments } of this.compiled) {
      const key = `${route.method} ${segments.map((s) => ('literal' in s ? s.literal : ':')).join('/')}`;
      if (seen.has(key)) throw new TypeError(`Two routes for ${route.method} ${route.path}`);
      seen.add(key);
    }
  }

  /** The methods a path answers (with HEAD beside GET), or an empty list for an unknown path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const c of this.compiled) if (matchSegments(c.segments, path) !== null) methods.add(c.route.method);
    if (methods.has('GET')) methods.add('HEAD');
    return ['GET', 'HEAD', 'POST'].filter((m) => methods.has(m));
  }

  /**
   * The route for `method` on `path` (HEAD finds the GET route), or, when
   * there is none, the methods the path does answer: none for an unknown path.
   */
  find(method: string, path: string): Match<R> | { readonly allow: string[] } {
    const lookup = method === 'HEAD' ? 'GET' : method;
    for (const c of this.compiled) {
      if (c.route.method !== lookup) continue;
      const params = matchSegments(c.segments, path);
      if (params !== null) return { route: c.route, params: decodeParams(params) };
    }
    return { allow: this.allowed(path) };
  }
}

function compile(path: string): Segment[] {
  if (!path.startsWith('/')) throw new TypeError(`A route path starts with "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((part) => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part }));
}

/** The raw (still percent-encoded) parameters when `path` fits the pattern, else null. */
function matchSegments(segments: readonly Segment[], path: string): Record<string, string> | null {
  if (!path.startsWith('/')) return null;
  const parts = path.slice(1).split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    const part = parts[i] as string;
    if ('literal' in segment) {
      if (part !== segment.literal) return null;
    } else {
      if (part === '') return null;
      params[segment.param] = part;
    }
  }
  return params;
}

function decodeParams(raw: Record<string, string>): Params {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new HttpError('VALIDATION_FAILED', `Invalid path: ${name}: is not a valid percent-encoded id.`, {
        issues: [{ path: [name], message: 'is not a valid percent-encoded id' }],
      });
    }
  }
  return params;
}
