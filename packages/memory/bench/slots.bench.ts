/**
 * `availability.slots` for 90 days of a busy practitioner on the memory store:
 * weekly hours Monday to Saturday 07:00–19:00 in Berlin (across the March
 * daylight-saving change), a 15-minute grid, 5-minute buffers, and 1,000
 * existing 30-minute sessions spread over those 90 days; a 60-minute service,
 * asked for by a client in London. Target: under 10 ms per call. A second
 * practitioner with the same hours and no sessions shows the other extreme:
 * every grid time is a slot (thousands), so formatting dominates.
 *
 * Beside it, in the same process, a baseline: the same slots computed by a
 * plain loop over numbers prepared in advance — each day's UTC offset, the
 * sessions as sorted millisecond intervals — with no store, no transaction, no
 * validation, no zone rules and no formatting (it returns the UTC instants
 * only). It is the floor of the arithmetic; it checks it finds the very same
 * slots before it is timed.
 *
 *   pnpm bench            full run (figures for docs/performance.md)
 *   pnpm bench --quick    a smoke run for CI
 *
 * It runs the built packages (`dist`), as users do; the root `pnpm bench` builds first.
 * A benchmark, not a test: it prints figures and asserts nothing beyond the baseline's agreement.
 */
import { type Actor, createSessions, manualClock, money, sequentialIds, zoneRules } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 30 : 300;
const SESSIONS = 1_000;
const DAYS = 90;
const ZONE = 'Europe/Berlin';
const CALLER_ZONE = 'Europe/London';
const FIRST_DAY = Date.UTC(2026, 2, 2); // Monday 2 March 2026; Berlin changes to summer time on 29 March
const NOW = '2026-03-02T05:00:00Z';
const OPEN = 7 * 60;
const CLOSE = 19 * 60;
const STEP = 15;
const BUFFER = 5;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** `YYYY-MM-DD` of day `i` after the first, and whether it is a Sunday (not worked). */
const dateOf = (i: number) => new Date(FIRST_DAY + i * DAY).toISOString().slice(0, 10);
const isSunday = (i: number) => new Date(FIRST_DAY + i * DAY).getUTCDay() === 0;

const staff: Actor = { tenantId: 'bench', kind: 'staff', id: 'bench' };
const sessions = createSessions({
  store: createMemoryStore(),
  clock: manualClock(NOW),
  ids: sequentialIds('s'),
  settings: { currency: 'EUR', timeZone: ZONE },
});
const service = await sessions.services.create(staff, {
  name: 'Treatment',
  durationMinutes: 60,
  price: money(9000, 'EUR'),
  wage: money(4000, 'EUR'),
});
const short = await sessions.services.create(staff, {
  name: 'Check-in',
  durationMinutes: 30,
  price: money(4000, 'EUR'),
  wage: money(2000, 'EUR'),
});
const practitioner = await sessions.practitioners.create(staff, { name: 'Busy', timeZone: ZONE });
const free = await sessions.practitioners.create(staff, { name: 'Free', timeZone: ZONE });
const clients: { id: string }[] = [];
for (let i = 0; i < 20; i++) clients.push(await sessions.clients.create(staff, { name: `Client ${i}` }));
const hours = [{ start: '07:00', end: '19:00' }];
for (const { id } of [practitioner, free]) {
  await sessions.availability.set(staff, {
    practitionerId: id,
    weekly: { MO: hours, TU: hours, WE: hours, TH: hours, FR: hours, SA: hours },
    slotStepMinutes: STEP,
    bufferBeforeMinutes: BUFFER,
    bufferAfterMinutes: BUFFER,
    horizonDays: 120,
  });
}

// 1,000 sessions of 30 minutes: on each working day, up to 13 distinct half-hour starts
// drawn (seeded) from 07:00–18:30, until there are 1,000.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
let booked = 0;
for (let d = 0; d < DAYS && booked < SESSIONS; d++) {
  if (isSunday(d)) continue;
  const picks = new Set<number>();
  const want = Math.min(13, SESSIONS - booked);
  while (picks.size < want) picks.add(Math.floor(random() * 24));
  for (const pick of [...picks].sort((a, b) => a - b)) {
    const minutes = OPEN + pick * 30;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    await sessions.sessions.schedule(staff, {
      clients: [{ clientId: (clients[booked % clients.length] as { id: string }).id }],
      practitionerId: practitioner.id,
      serviceId: short.id,
      start: `${dateOf(d)}T${time}[${ZONE}]`,
    });
    booked++;
  }
}
const existing = await sessions.sessions.list(staff, { practitionerId: practitioner.id });
const query = (practitionerId: string) => ({
  practitionerId,
  serviceId: service.id,
  from: dateOf(0),
  to: dateOf(DAYS - 1),
  timeZone: CALLER_ZONE,
});
const client: Actor = { tenantId: 'bench', kind: 'client', id: (clients[0] as { id: string }).id };

// The baseline's inputs, prepared before any timing: each day's opening instant
// (Berlin changes at 02:00, never inside 07:00–19:00), the window, and the
// sessions as sorted busy intervals widened by the buffers.
const berlin = zoneRules(ZONE);
const opening = Array.from({ length: DAYS }, (_, d) =>
  isSunday(d) ? null : berlin.toInstant(FIRST_DAY + d * DAY + OPEN * MINUTE),
);
const earliest = Date.parse(NOW);
const until = zoneRules(CALLER_ZONE).startOfDay((FIRST_DAY + DAYS * DAY) / DAY);
const durationMs = service.durationMinutes * MINUTE;
const busy = existing
  .map((v) => [Date.parse(v.session.startsAt) - BUFFER * MINUTE, Date.parse(v.session.endsAt) + BUFFER * MINUTE])
  .sort((a, b) => (a[0] as number) - (b[0] as number));

/** The same slots from prepared numbers: the grid of each day, minus the busy intervals, inside the window. */
function baseline(busyStarts: number[], busyEnds: number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const open of opening) {
    if (open === null) continue;
    for (let m = OPEN; m + service.durationMinutes <= CLOSE; m += STEP) {
      const start = open + (m - OPEN) * MINUTE;
      if (start < earliest || start >= until) continue;
      const end = start + durationMs;
      // Every session lasts 30 minutes, so the busy intervals' ends are sorted too.
      while (j < busyEnds.length && (busyEnds[j] as number) <= start) j++;
      if (j < busyStarts.length && (busyStarts[j] as number) < end) continue;
      out.push(start);
    }
  }
  return out;
}

async function time(fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out.sort((a, b) => a - b);
}
const pick = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))] as number;
const ms = (n: number) => `${n.toFixed(3)} ms`;
const line = (name: string, xs: number[]) =>
  console.log(`  ${name.padEnd(44)} ${ms(pick(xs, 0.5)).padStart(10)}  (p95 ${ms(pick(xs, 0.95))})`);

for (const [who, intervals] of [
  [practitioner, busy],
  [free, []],
] as const) {
  const starts = intervals.map((b) => b[0] as number);
  const ends = intervals.map((b) => b[1] as number);
  const expected = (await sessions.availability.slots(client, query(who.id))).map((s) => Date.parse(s.startsAt));
  const got = baseline(starts, ends);
  if (got.length !== expected.length || got.some((t, i) => t !== expected[i])) {
    throw new Error(`the baseline disagrees with availability.slots: ${got.length} vs ${expected.length} slots`);
  }
  for (let i = 0; i < 20; i++) {
    await sessions.availability.slots(client, query(who.id)); // warm-up: JIT, zod schemas, zone rules
    baseline(starts, ends);
  }
  const real = await time(() => sessions.availability.slots(client, query(who.id)));
  const floor = await time(() => baseline(starts, ends));
  console.log(
    `\navailability.slots: ${DAYS} days, ${intervals.length} existing sessions, ${expected.length} slots, median of ${RUNS} (target < 10 ms)`,
  );
  line('availability.slots (memory store)', real);
  line('baseline: plain loop on prepared numbers', floor);
}
