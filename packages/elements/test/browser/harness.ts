import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createHandler, toNodeListener } from '@sessions/http';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { bundleElements } from '../../scripts/bundle.mjs';
import { type Practice, seedPractice, TENANT } from './practice.js';

/** Debian's Chromium (`apt-get install -y chromium`), or another build named by CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_BROWSER = existsSync(CHROMIUM_PATH);

/**
 * Browser tests run wherever a Chromium is installed, and always under CI=true:
 * there a missing browser fails (in `startHarness`), it never skips.
 */
export function describeInBrowser(name: string, tests: () => void): void {
  // A browser test takes a few seconds alone; give a loaded CI machine (the whole suite in parallel) room.
  (HAS_BROWSER || process.env.CI ? describe : describe.skip)(name, { timeout: 60_000 }, tests);
}

const MISSING_BROWSER =
  `CI=true but no Chromium at ${CHROMIUM_PATH}: the browser tests of @sessions/elements need one. ` +
  "Install Debian's (`apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH to a Chromium binary.";

export interface PageOptions {
  /** The client the page is signed in as (a cookie the server's `authenticate` reads); none: signed out. */
  readonly as?: string;
  /** The page's body (the elements); the bundle is loaded in the head. */
  readonly body: string;
  readonly lang?: string;
}

export interface Harness {
  readonly practice: Practice;
  readonly origin: string;
  readonly browser: Browser;
  /** A new browser context (its own cookies, locale and zone). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Serve a page and open it in `context`; resolves once it has loaded. */
  open(context: BrowserContext, page: PageOptions): Promise<Page>;
  /** The URL a page is served at (for navigating to it yourself, e.g. to time it). */
  serve(page: PageOptions): string;
  /** Every request the API answered: method, path, status. */
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * The whole stack on localhost: the HTTP handler (`@sessions/http`) over a
 * memory store at /api, the production browser bundle at /elements.js, axe-core
 * at /axe.js, and test pages at /page/N; and Debian's Chromium driven by
 * playwright-core.
 */
export async function startHarness(): Promise<Harness> {
  if (!HAS_BROWSER) throw new Error(MISSING_BROWSER);
  const practice = await seedPractice();
  const { code } = await bundleElements({ sourcemap: false });
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const requests: Harness['requests'] = [];

  const handler = createHandler({
    sessions: practice.sessions,
    basePath: '/api',
    authenticate: (request) => {
      const id = /(?:^|;\s*)client=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return id ? { tenantId: TENANT, kind: 'client', id: decodeURIComponent(id) } : null;
    },
    onError: (error) => console.error('INTERNAL from the handler:', error),
  });
  const api = toNodeListener(handler);
  const pages: PageOptions[] = [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      res.on('finish', () => requests.push({ method: req.method ?? '', path: url.pathname, status: res.statusCode }));
      api(req, res);
      return;
    }
    if (url.pathname === '/elements.js' || url.pathname === '/axe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(url.pathname === '/axe.js' ? axe : code);
      return;
    }
    const match = /^\/page\/(\d+)$/.exec(url.pathname);
    const page = match ? pages[Number(match[1])] : undefined;
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    const cookie = page.as
      ? `client=${encodeURIComponent(page.as)}; Path=/; SameSite=Lax`
      : 'client=; Path=/; Max-Age=0';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': cookie,
      'cache-control': 'no-store',
    });
    res.end(`<!doctype html>
<html lang="${page.lang ?? 'en-GB'}">
<head>
<meta charset="utf-8">
<title>Practice page</title>
<script type="module" src="/elements.js"></script>
</head>
<body>
<main>
<h1>Book with us</h1>
${page.body}
</main>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  const serve = (page: PageOptions) => {
    pages.push(page);
    return `${origin}/page/${pages.length - 1}`;
  };

  return {
    practice,
    origin,
    browser,
    requests,
    serve,
    async context(options) {
      const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', ...options });
      // Fail a step with the locator it waited for, well inside the test's own timeout.
      context.setDefaultTimeout(10_000);
      return context;
    },
    async open(context, page) {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => console.error('page error:', error));
      await tab.goto(serve(page));
      return tab;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
