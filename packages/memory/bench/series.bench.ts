/**
 * Create a two-year, twice-weekly recurring series (208 sessions) on the
 * memory store, through `series.create`: the rule expanded with rrule in
 * floating time and zoned with Temporal, every session and attendance
 * written, each place linked to the client's block while it has units, all
 * in one transaction. Beside it, in the same process: the expansion alone
 * (`expandRule`), and the same 208 sessions booked one call at a time with
 * `sessions.schedule`. Target: series < 20 ms.
 *
 *   pnpm bench            full run (figures for docs/performance.md)
 *   pnpm bench --quick    a smoke run for CI
 */
import { type Actor, createSessions, expandRule, manualClock, money, sequentialIds } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 30;
const staff: Actor = { tenantId: 'bench', kind: 'staff', id: 'bench' };
const RULE = {
  startDate: '2026-01-05',
  startTime: '09:00',
  weekdays: ['MO', 'TH'] as ('MO' | 'TH')[],
  count: 208,
};

async function practice() {
  const sessions = createSessions({
    store: createMemoryStore(),
    clock: manualClock('2026-01-01T09:00:00Z'),
    ids: sequentialIds('s'),
    settings: { currency: 'EUR', timeZone: 'Europe/London', unlockCreditsOn: 'creation', maxActiveBlocksPerClient: 1 },
  });
  const service = await sessions.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const practitioner = await sessions.practitioners.create(staff, { name: 'P' });
  return { sessions, serviceId: service.id, practitionerId: practitioner.id };
}

/** A fresh client with a 50-session block: the first 50 occurrences link to it, the rest go to the account. */
async function client(p: Awaited<ReturnType<typeof practice>>) {
  const c = await p.sessions.clients.create(staff, { name: 'Client' });
  await p.sessions.blocks.create(staff, { clientId: c.id, quantity: 50, price: { total: money(400_000, 'EUR') } });
  return c.id;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const p = await practice();
const seriesTimes: number[] = [];
const expandTimes: number[] = [];
const oneByOne: number[] = [];
for (let run = 0; run < RUNS + 1; run++) {
  const a = await client(p);
  const s = await time(() =>
    p.sessions.series.create(staff, {
      clients: [{ clientId: a }],
      practitionerId: p.practitionerId,
      serviceId: p.serviceId,
      ...RULE,
    }),
  );
  const e = await time(async () =>
    expandRule({ frequency: 'weekly', interval: 1, until: null, exceptions: [], ...RULE }, 'Europe/London'),
  );
  const b = await client(p);
  const occurrences = expandRule(
    { frequency: 'weekly', interval: 1, until: null, exceptions: [], ...RULE },
    'Europe/London',
  );
  const o = await time(async () => {
    for (const occurrence of occurrences) {
      await p.sessions.sessions.schedule(staff, {
        clients: [{ clientId: b }],
        practitionerId: p.practitionerId,
        serviceId: p.serviceId,
        start: `${occurrence.local.toString({ smallestUnit: 'minute' })}[Europe/London]`,
      });
    }
  });
  if (run === 0) continue; // warm-up
  seriesTimes.push(s);
  expandTimes.push(e);
  oneByOne.push(o);
}
const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
console.log(
  `\na 2-year twice-weekly series (208 sessions, the first 50 linked to a block), memory store, median of ${RUNS}`,
);
console.log(`  series.create, one transaction                ${fmt(median(seriesTimes))}   (target < 20 ms)`);
console.log(`  baseline: expandRule alone (rrule + Temporal)  ${fmt(median(expandTimes))}`);
console.log(`  baseline: 208 × sessions.schedule, one by one  ${fmt(median(oneByOne))}`);
