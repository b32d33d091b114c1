import { expect } from 'vitest';
import { Boom, freshTenant } from './fixtures.js';
import { copy, eventRecord as event, scribble } from './samples.js';
import { concern } from './suite.js';

export const outbox = concern('outbox', {
  async 'committed events are polled oldest first, up to the limit'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.outbox.append([event(tenantId, 'e1'), event(tenantId, 'e2')]));
    await store.transaction(tenantId, (tx) => tx.outbox.append([event(tenantId, 'e3')]));
    expect((await store.outbox.poll({ tenantId, limit: 2 })).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(await store.outbox.poll({ tenantId })).toEqual([
      event(tenantId, 'e1'),
      event(tenantId, 'e2'),
      event(tenantId, 'e3'),
    ]);
    expect((await raw.outbox(tenantId)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  },

  async 'polling without a tenant returns every tenant’s events, oldest first'({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, (tx) => tx.outbox.append([event(a, 'a1')]));
    await store.transaction(b, (tx) => tx.outbox.append([event(b, 'b1')]));
    await store.transaction(a, (tx) => tx.outbox.append([event(a, 'a2')]));
    const mine = (await store.outbox.poll({ limit: 10_000 })).filter((e) => e.tenantId === a || e.tenantId === b);
    expect(mine).toEqual([event(a, 'a1'), event(b, 'b1'), event(a, 'a2')]);
    expect(await store.outbox.poll({ limit: 1 })).toHaveLength(1);
  },

  async 'a stored event is not the object the caller appended or polled'({ store }) {
    const tenantId = freshTenant();
    const written = event(tenantId, 'e1');
    await store.transaction(tenantId, async (tx) => {
      await tx.outbox.append([written]);
      scribble(written); // before commit
    });
    scribble(await store.outbox.poll({ tenantId }));
    expect(await store.outbox.poll({ tenantId })).toEqual([copy(event(tenantId, 'e1'))]);
  },

  async 'events of a rolled-back transaction never appear'({ store, raw }) {
    const tenantId = freshTenant();
    await store
      .transaction(tenantId, async (tx) => {
        await tx.outbox.append([event(tenantId, 'lost')]);
        throw new Boom();
      })
      .catch(() => {});
    expect(await store.outbox.poll({ tenantId })).toEqual([]);
    expect(await raw.outbox(tenantId)).toEqual([]);
  },

  async 'acknowledged events are not polled again; unknown ids are ignored'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) =>
      tx.outbox.append([event(tenantId, 'e1'), event(tenantId, 'e2'), event(tenantId, 'e3')]),
    );
    await store.outbox.ack([
      { tenantId, id: 'e1' },
      { tenantId, id: 'e3' },
      { tenantId, id: 'never-existed' },
    ]);
    expect((await store.outbox.poll({ tenantId })).map((e) => e.id)).toEqual(['e2']);
    // Acknowledging keeps the event: it is marked handled, not deleted.
    expect((await raw.outbox(tenantId)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  },

  async "acknowledging an id in one tenant leaves another tenant's event alone"({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    await store.transaction(a, (tx) => tx.outbox.append([event(a, 'same-id')]));
    await store.transaction(b, (tx) => tx.outbox.append([event(b, 'same-id')]));
    await store.outbox.ack([{ tenantId: a, id: 'same-id' }]);
    expect(await store.outbox.poll({ tenantId: a })).toEqual([]);
    expect((await store.outbox.poll({ tenantId: b })).map((e) => e.tenantId)).toEqual([b]);
  },
});
