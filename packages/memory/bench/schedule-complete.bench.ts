/**
 * Schedule + complete of a block-linked session per second on the memory
 * store, through the sessions layer (`sessions.schedule` linking the client's
 * block automatically, then `sessions.complete`), beside a baseline run in
 * the same process: the credits API's reserve + consume of the same units,
 * which is the ledger work underneath without the session and attendance
 * records, automatic linking, numbering and views.
 *
 *   pnpm bench            full run (figures for docs/performance.md)
 *   pnpm bench --quick    a smoke run for CI
 *
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { type Actor, createSessions, manualClock, money, sequentialIds } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

const quick = process.argv.includes('--quick');
const UNITS_PER_BLOCK = 10;
const BLOCKS = quick ? 100 : 1_000;
const ROUNDS = quick ? 1 : 5;
const CONCURRENCY = 16;
const staff: Actor = { tenantId: 'bench', kind: 'staff', id: 'bench' };
/** One local start per unit of a block: Mondays at 10:00 in Berlin, across the spring DST change. */
const STARTS = Array.from({ length: UNITS_PER_BLOCK }, (_, i) => {
  const day = new Date(Date.UTC(2026, 2, 2 + 7 * i)).toISOString().slice(0, 10);
  return `${day}T10:00[Europe/Berlin]`;
});

async function practice() {
  const sessions = createSessions({
    store: createMemoryStore(),
    clock: manualClock('2026-03-01T09:00:00Z'),
    ids: sequentialIds('b'),
    settings: {
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      unlockCreditsOn: 'creation',
      maxActiveBlocksPerClient: 100,
    },
  });
  const service = await sessions.services.create(staff, {
    name: 'Session',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const practitioner = await sessions.practitioners.create(staff, { name: 'P' });
  return { sessions, serviceId: service.id, practitionerId: practitioner.id };
}

interface Subject {
  readonly name: string;
  /** Book and settle every unit of `blocks` fresh blocks (one client each); returns pairs per second. */
  run(blocks: number): Promise<number>;
}

async function timed(
  blocks: number,
  pair: (client: string, block: string, unit: number) => Promise<void>,
  setup: () => Promise<{ client: string; block: string }>,
) {
  const owners: { client: string; block: string }[] = [];
  for (let i = 0; i < blocks; i++) owners.push(await setup());
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < owners.length) {
        const { client, block } = owners[next++] as { client: string; block: string };
        for (let unit = 0; unit < UNITS_PER_BLOCK; unit++) await pair(client, block, unit);
      }
    }),
  );
  return (blocks * UNITS_PER_BLOCK) / ((performance.now() - start) / 1000);
}

async function sessionsSubject(): Promise<Subject> {
  const { sessions, serviceId, practitionerId } = await practice();
  const setup = async () => {
    const client = await sessions.clients.create(staff, { name: 'Client' });
    const { block } = await sessions.blocks.create(staff, {
      clientId: client.id,
      quantity: UNITS_PER_BLOCK,
      price: { total: money(100_000, 'EUR') },
    });
    return { client: client.id, block: block.id };
  };
  return {
    name: 'sessions.schedule + sessions.complete',
    run: (blocks) =>
      timed(
        blocks,
        async (clientId, _block, unit) => {
          const { session } = await sessions.sessions.schedule(staff, {
            clients: [{ clientId }],
            practitionerId,
            serviceId,
            start: STARTS[unit] as string,
          });
          await sessions.sessions.complete(staff, { sessionId: session.id });
        },
        setup,
      ),
  };
}

async function creditsSubject(): Promise<Subject> {
  const { sessions, serviceId, practitionerId } = await practice();
  const setup = async () => {
    const client = await sessions.clients.create(staff, { name: 'Client' });
    const { block } = await sessions.blocks.create(staff, {
      clientId: client.id,
      quantity: UNITS_PER_BLOCK,
      price: { total: money(100_000, 'EUR') },
    });
    return { client: client.id, block: block.id };
  };
  return {
    name: 'baseline: credits.reserve + consume',
    run: (blocks) =>
      timed(
        blocks,
        async (_client, blockId, unit) => {
          const sessionId = `${blockId}-${unit}`;
          await sessions.credits.reserve(staff, {
            blockId,
            sessionId,
            serviceId,
            practitionerId,
            startsAt: '2026-03-02T09:00:00Z',
          });
          await sessions.credits.consume(staff, { blockId, sessionId });
        },
        setup,
      ),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const subject = await sessionsSubject();
const baseline = await creditsSubject();
await subject.run(Math.min(BLOCKS, 100)); // warm-up: JIT, zod schemas
await baseline.run(Math.min(BLOCKS, 100));
const rates: number[] = [];
const baseRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  rates.push(await subject.run(BLOCKS));
  baseRates.push(await baseline.run(BLOCKS));
}
const rate = median(rates);
const baseRate = median(baseRates);
console.log(
  `\nlinked session scheduled + completed per second, blocks of ${UNITS_PER_BLOCK}, ${BLOCKS} blocks, ${CONCURRENCY} workers, median of ${ROUNDS}`,
);
console.log(`  ${subject.name.padEnd(40)} ${fmt(rate).padStart(10)} /s  (${(1e6 / rate).toFixed(0)} µs each)`);
console.log(`  ${baseline.name.padEnd(40)} ${fmt(baseRate).padStart(10)} /s  (${(1e6 / baseRate).toFixed(0)} µs each)`);
console.log(`  ratio baseline / sessions: ${(baseRate / rate).toFixed(2)}×`);
