/**
 * The @sessions demo: a practice's public page with <sessions-package>,
 * <sessions-booking> and <sessions-classes> over the HTTP handler, a short
 * practitioner view of the same data, and @sessions/postgres on PGlite
 * persisted in a data folder (DATABASE_URL switches to a real server).
 *
 *   pnpm demo                    (from the repository root; builds first)
 *   pnpm demo -- --port 8080 --data ./my-data
 *   pnpm --filter @sessions/example-demo smoke   (start, check every page, stop: CI)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Actor, createSessions } from '@sessions/core';
import { createHandler, toNodeListener } from '@sessions/http';
import { Temporal } from 'temporal-polyfill';
import { clientPage, practitionerPage } from './pages.js';
import { type DemoPeople, seed } from './seed.js';
import { openStore } from './store.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const smoke = args.includes('--smoke');
const dataDir = smoke ? mkdtempSync(join(tmpdir(), 'sessions-demo-')) : resolve(option('data') ?? 'data');
const port = smoke ? 0 : Number(option('port') ?? process.env.PORT ?? 3000);
const tenantId = 'harbour-physio';

const { store, where, close } = await openStore(join(dataDir, 'pglite'));
const practice = createSessions({ store });
const peopleFile = join(dataDir, 'people.json');
let people: DemoPeople;
if (existsSync(peopleFile)) people = JSON.parse(readFileSync(peopleFile, 'utf8')) as DemoPeople;
else {
  console.log('Seeding the demo practice…');
  people = await seed(practice, tenantId, Temporal.Now.instant());
  writeFileSync(peopleFile, JSON.stringify(people, null, 2));
}

/** Who is asking: the demo signs you in by a cookie you set with the links on the page. */
function actorOf(cookie: string | null): Actor {
  const as = /(?:^|;\s*)demo_as=(\w+)/.exec(cookie ?? '')?.[1] ?? 'mara';
  if (as === 'staff') return people.staff;
  const client = people.clients[as as keyof DemoPeople['clients']] ?? people.clients.mara;
  return { tenantId, kind: 'client', id: client.id };
}
const asOf = (cookie: string | undefined) => /(?:^|;\s*)demo_as=(\w+)/.exec(cookie ?? '')?.[1] ?? 'mara';

const api = toNodeListener(
  createHandler({
    sessions: practice,
    basePath: '/api',
    authenticate: (request) => actorOf(request.headers.get('cookie')),
  }),
);
const bundle = fileURLToPath(import.meta.resolve('@sessions/elements/browser'));

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    if (url.pathname.startsWith('/api/') || url.pathname === '/api') return void api(req, res);
    if (url.pathname === '/elements.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      return void res.end(readFileSync(bundle));
    }
    const as = /^\/as\/(\w+)$/.exec(url.pathname)?.[1];
    if (as) {
      res.writeHead(303, { location: '/', 'set-cookie': `demo_as=${as}; Path=/; SameSite=Lax` });
      return void res.end();
    }
    if (url.pathname === '/practitioner') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(await practitionerPage(practice, people));
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(clientPage(people, asOf(req.headers.cookie)));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  } catch (error) {
    console.error(error);
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Something went wrong; see the server log.');
  }
});

await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
const address = server.address();
const base = `http://localhost:${typeof address === 'object' && address ? address.port : port}`;

if (smoke) {
  // CI: every page answers, the API serves the signed-in client, then everything stops.
  const check = async (path: string, cookie = 'demo_as=mara') => {
    const response = await fetch(`${base}${path}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  };
  await check('/');
  await check('/practitioner');
  await check('/elements.js');
  const blocks = (await (await check('/api/me/blocks')).json()) as { block: { name: string } }[];
  const classes = (await (await check('/api/classes')).json()) as unknown[];
  if (blocks.length !== 1 || classes.length !== 1) throw new Error('the seeded practice is not what the demo expects');
  console.log(`demo smoke ok: ${blocks[0]?.block.name} for Mara, ${classes.length} class, store: ${where}`);
  server.close();
  await close();
  rmSync(dataDir, { recursive: true, force: true });
} else {
  console.log(`\n  @sessions demo: ${base}\n  practitioner view: ${base}/practitioner\n  store: ${where}\n`);
  const stop = async () => {
    server.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
