/**
 * Reserve+consume pairs per second on the memory store, through the whole
 * @sessions/core command path (validation, locks, ledger fold, allocation,
 * events, commit), beside a baseline: a plain Map doing the same logical work
 * behind an async API with a per-key lock, in the same process.
 *
 *   pnpm bench            full run (figures for docs/performance.md)
 *   pnpm bench --quick    a smoke run for CI
 *
 * It runs the built packages (`dist`), as users do; the root `pnpm bench` builds first.
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { type Actor, createSessions, manualClock, money, sequentialIds } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

const quick = process.argv.includes('--quick');
const UNITS_PER_BLOCK = 10; // a typical block: ten sessions
const BLOCKS = quick ? 200 : 2_000;
const ROUNDS = quick ? 1 : 5;
const CONCURRENCY = 16;

const staff: Actor = { tenantId: 'bench', kind: 'staff', id: 'bench' };

interface Subject {
  name: string;
  /** Prepare `count` blocks of UNITS_PER_BLOCK units; returns their ids. */
  setup(count: number): Promise<string[]>;
  reserve(blockId: string, sessionId: string): Promise<unknown>;
  consume(blockId: string, sessionId: string): Promise<unknown>;
}

async function sessionsSubject(): Promise<Subject> {
  const sessions = createSessions({
    store: createMemoryStore(),
    clock: manualClock('2026-03-01T09:00:00Z'),
    ids: sequentialIds('b'),
    settings: { currency: 'EUR', timeZone: 'Europe/Berlin', unlockCreditsOn: 'creation' },
  });
  const service = await sessions.services.create(staff, {
    name: 'Session',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const practitioner = await sessions.practitioners.create(staff, { name: 'P' });
  return {
    name: '@sessions/core + memory store',
    async setup(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const client = await sessions.clients.create(staff, { name: `Client ${i}` });
        const { block } = await sessions.blocks.create(staff, {
          clientId: client.id,
          quantity: UNITS_PER_BLOCK,
          price: { total: money(100_000, 'EUR') },
        });
        ids.push(block.id);
      }
      return ids;
    },
    reserve: (blockId, sessionId) =>
      sessions.credits.reserve(staff, {
        blockId,
        sessionId,
        serviceId: service.id,
        practitionerId: practitioner.id,
        startsAt: '2026-03-02T10:00:00Z',
      }),
    consume: (blockId, sessionId) => sessions.credits.consume(staff, { blockId, sessionId, reason: 'completed' }),
  };
}

/** The baseline: the same moves on plain objects in a Map, serialised per block by an async lock. */
function mapSubject(): Subject {
  interface PlainBlock {
    available: number;
    reserved: number;
    consumed: number;
    entries: { kind: string; sessionId: string; units: number }[];
  }
  const blocks = new Map<string, PlainBlock>();
  const tails = new Map<string, Promise<void>>();
  async function withLock<T>(key: string, fn: () => T): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    try {
      return fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  }
  return {
    name: 'baseline: Map + per-key lock',
    async setup(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = `m${blocks.size + 1}`;
        blocks.set(id, { available: UNITS_PER_BLOCK, reserved: 0, consumed: 0, entries: [] });
        ids.push(id);
      }
      return ids;
    },
    reserve: (blockId, sessionId) =>
      withLock(blockId, () => {
        const block = blocks.get(blockId);
        if (!block || block.available < 1) throw new Error('insufficient credit');
        block.available -= 1;
        block.reserved += 1;
        block.entries.push({ kind: 'reserve', sessionId, units: 1 });
      }),
    consume: (blockId, sessionId) =>
      withLock(blockId, () => {
        const block = blocks.get(blockId);
        if (!block || block.reserved < 1) throw new Error('nothing held');
        block.reserved -= 1;
        block.consumed += 1;
        block.entries.push({ kind: 'consume', sessionId, units: 1 });
      }),
  };
}

/** Book and complete every unit of every block: CONCURRENCY workers, each taking whole blocks. */
async function run(subject: Subject): Promise<number> {
  const blockIds = await subject.setup(BLOCKS);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < blockIds.length) {
        const blockId = blockIds[next++] as string;
        for (let unit = 0; unit < UNITS_PER_BLOCK; unit++) {
          const sessionId = `${blockId}-s${unit}`;
          await subject.reserve(blockId, sessionId);
          await subject.consume(blockId, sessionId);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return (blockIds.length * UNITS_PER_BLOCK) / seconds;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const core = await sessionsSubject();
const baseline = mapSubject();
await run(core); // warm-up: JIT, zod schemas
await run(baseline);
const coreRates: number[] = [];
const baseRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  coreRates.push(await run(core));
  baseRates.push(await run(baseline));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const coreRate = median(coreRates);
const baseRate = median(baseRates);
console.log(
  `reserve+consume pairs/s, blocks of ${UNITS_PER_BLOCK}, ${BLOCKS} blocks, ${CONCURRENCY} workers, median of ${ROUNDS}`,
);
console.log(`  ${core.name.padEnd(34)} ${fmt(coreRate).padStart(12)} pairs/s`);
console.log(`  ${baseline.name.padEnd(34)} ${fmt(baseRate).padStart(12)} pairs/s`);
console.log(
  `  ratio baseline / core: ${(baseRate / coreRate).toFixed(2)}× (target ≤ 6×; core target ≥ 100,000 pairs/s)`,
);
console.log(`  node ${process.version}, ${process.platform}/${process.arch}`);
