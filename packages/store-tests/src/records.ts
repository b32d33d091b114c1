import { type Client, type Service, SessionsError } from '@sessions/core';
import { expect } from 'vitest';
import {
  blockRecord,
  clientRecord,
  freshTenant,
  invoiceRecord,
  rejection,
  settingsRecord as settings,
} from './fixtures.js';
import { concern } from './suite.js';

const service = (tenantId: string, id: string): Service => ({
  tenantId,
  id,
  name: 'Physio',
  durationMinutes: 60,
  price: 9500,
  wage: 4500,
  pricing: 'fixed',
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});

export const records = concern('records', {
  async 'settings are null until put, then read back equal'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.settings.get()).toBeNull();
      await tx.settings.put(settings);
    });
    const read = await store.transaction(tenantId, (tx) => tx.settings.get());
    expect(read).toEqual(settings);
    await store.transaction(tenantId, (tx) => tx.settings.put({ ...settings, invoicePrefix: 'R-' }));
    expect((await store.transaction(tenantId, (tx) => tx.settings.get()))?.invoicePrefix).toBe('R-');
  },

  async 'insert then get returns an equal record, in every record repository'({ store, raw }) {
    const tenantId = freshTenant();
    const client = clientRecord(tenantId, 'c1');
    await store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(client);
      await tx.practitioners.insert({ ...client, id: 'p1', timeZone: null } as never);
      await tx.services.insert(service(tenantId, 's1'));
      await tx.blocks.insert(blockRecord(tenantId, 'b1', 'c1'));
      await tx.invoices.insert(invoiceRecord(tenantId, 'i1', 'b1', 'INV-0001'));
    });
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.clients.get('c1')).toEqual(client);
      expect(await tx.services.get('s1')).toEqual(service(tenantId, 's1'));
      expect(await tx.blocks.get('b1')).toEqual(blockRecord(tenantId, 'b1', 'c1'));
      expect(await tx.invoices.get('i1')).toEqual(invoiceRecord(tenantId, 'i1', 'b1', 'INV-0001'));
      expect(await tx.clients.get('missing')).toBeNull();
    });
    // What was stored, read without the repositories.
    expect(await raw.records(tenantId, 'clients')).toEqual([client]);
    expect(await raw.records(tenantId, 'invoices')).toEqual([invoiceRecord(tenantId, 'i1', 'b1', 'INV-0001')]);
    expect(await raw.blocks(tenantId)).toEqual([blockRecord(tenantId, 'b1', 'c1')]);
  },

  async 'inserting an id that exists is a CONFLICT'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c1')));
    const error = await rejection(store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c1'))));
    expect(error.code).toBe('CONFLICT');
  },

  async 'updating a record that does not exist is NOT_FOUND'({ store }) {
    const tenantId = freshTenant();
    const error = await rejection(
      store.transaction(tenantId, (tx) => tx.clients.update(clientRecord(tenantId, 'nope'))),
    );
    expect(error.code).toBe('NOT_FOUND');
  },

  async 'update replaces the stored record'({ store, raw }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.clients.insert(clientRecord(tenantId, 'c1')));
    const changed: Client = { ...clientRecord(tenantId, 'c1'), name: 'Renamed', updatedAt: '2026-03-02T09:00:00.000Z' };
    await store.transaction(tenantId, (tx) => tx.clients.update(changed));
    expect(await raw.records(tenantId, 'clients')).toEqual([changed]);
  },

  async 'list orders by createdAt, then id'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.clients.insert(clientRecord(tenantId, 'b', '2026-03-02T00:00:00.000Z'));
      await tx.clients.insert(clientRecord(tenantId, 'c', '2026-03-01T00:00:00.000Z'));
      await tx.clients.insert(clientRecord(tenantId, 'a', '2026-03-02T00:00:00.000Z'));
    });
    const ids = await store.transaction(tenantId, async (tx) => (await tx.clients.list()).map((c) => c.id));
    expect(ids).toEqual(['c', 'a', 'b']);
  },

  async 'a stored record does not change when the caller mutates its object'({ store }) {
    const tenantId = freshTenant();
    const client = clientRecord(tenantId, 'c1') as { name: string };
    await store.transaction(tenantId, (tx) => tx.clients.insert(client as Client));
    client.name = 'Mutated afterwards';
    const read = await store.transaction(tenantId, (tx) => tx.clients.get('c1'));
    expect(read?.name).toBe('Client c1');
  },

  async 'invoices are found by number'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.invoices.insert(invoiceRecord(tenantId, 'i1', 'b1', 'INV-0001'));
      await tx.invoices.insert(invoiceRecord(tenantId, 'i2', 'b2', 'INV-0002'));
    });
    await store.transaction(tenantId, async (tx) => {
      expect((await tx.invoices.getByNumber('INV-0002'))?.id).toBe('i2');
      expect(await tx.invoices.getByNumber('INV-0003')).toBeNull();
    });
  },

  async 'sequences count 1, 2, 3 per name and per tenant'({ store }) {
    const a = freshTenant();
    const b = freshTenant();
    const values = await store.transaction(a, async (tx) => [
      await tx.sequences.next('invoice'),
      await tx.sequences.next('invoice'),
      await tx.sequences.next('other'),
    ]);
    expect(values).toEqual([1, 2, 1]);
    expect(await store.transaction(a, (tx) => tx.sequences.next('invoice'))).toBe(3);
    expect(await store.transaction(b, (tx) => tx.sequences.next('invoice'))).toBe(1);
  },

  async 'a sequence value taken by a rolled-back transaction is given out again'({ store }) {
    const tenantId = freshTenant();
    await rejection(
      store.transaction(tenantId, async (tx) => {
        await tx.sequences.next('invoice');
        throw new SessionsError('CONFLICT', 'rolled back on purpose');
      }),
    );
    expect(await store.transaction(tenantId, (tx) => tx.sequences.next('invoice'))).toBe(1);
  },
});
