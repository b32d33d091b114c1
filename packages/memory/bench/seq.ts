import { type Actor, createSessions, manualClock, money, sequentialIds } from '@sessions/core';
import { createMemoryStore } from '@sessions/memory';
const staff: Actor = { tenantId: 'bench', kind: 'staff', id: 'bench' };
const sessions = createSessions({ store: createMemoryStore(), clock: manualClock('2026-03-01T09:00:00Z'), ids: sequentialIds('b'),
  settings: { currency: 'EUR', timeZone: 'Europe/Berlin', unlockCreditsOn: 'creation', maxActiveBlocksPerClient: 100 } });
const service = await sessions.services.create(staff, { name: 'S', durationMinutes: 60, price: money(9000, 'EUR'), wage: money(4000, 'EUR') });
const p = await sessions.practitioners.create(staff, { name: 'P' });
async function round(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) { const c = await sessions.clients.create(staff, { name: 'c' }); ids.push((await sessions.blocks.create(staff, { clientId: c.id, quantity: 10, price: { total: money(100000, 'EUR') } })).block.id); }
  const t = performance.now();
  for (const blockId of ids) for (let u = 0; u < 10; u++) {
    const sessionId = `${blockId}-${u}`;
    await sessions.credits.reserve(staff, { blockId, sessionId, serviceId: service.id, practitionerId: p.id, startsAt: '2026-03-02T10:00:00Z' });
    await sessions.credits.consume(staff, { blockId, sessionId, reason: 'completed' });
  }
  return ((performance.now() - t) * 1000) / (n * 10);
}
await round(500);
for (let i = 0; i < 6; i++) console.log('µs/pair', (await round(1000)).toFixed(1));
