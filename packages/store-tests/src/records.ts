import { expect } from 'vitest';
import { Boom, freshTenant, rejection } from './fixtures.js';
import { RECORD_CASES, type RecordCase } from './record-cases.js';
import { byId, copy, invoiceRecord, scribble, settingsRecord as settings } from './samples.js';
import { concern } from './suite.js';

const each = async (fn: (c: RecordCase) => Promise<void>) => {
  for (const c of RECORD_CASES) {
    try {
      await fn(c);
    } catch (error) {
      // Say which repository broke the rule.
      if (error instanceof Error) error.message = `[${c.table}] ${error.message}`;
      throw error;
    }
  }
};

export const records = concern('records', {
  async 'settings are null until put, then read back equal, and put replaces them'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.settings.get()).toBeNull();
      await tx.settings.put(settings);
      expect(await tx.settings.get()).toEqual(settings);
    });
    expect(await store.transaction(tenantId, (tx) => tx.settings.get())).toEqual(settings);
    const changed = { ...settings, invoicePrefix: 'R-', maxActiveBlocksPerClient: 3 };
    await store.transaction(tenantId, (tx) => tx.settings.put(changed));
    expect(await store.transaction(tenantId, (tx) => tx.settings.get())).toEqual(changed);
  },

  async 'every record repository: insert then get returns an equal record, and raw reads show it'({ store, raw }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      const a = c.make(tenantId, 'a');
      const b = c.make(tenantId, 'b', '2026-02-01T08:00:00.000Z');
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).insert(a);
        await c.repo(tx).insert(b);
      });
      await store.transaction(tenantId, async (tx) => {
        expect(await c.repo(tx).get('a')).toEqual(a);
        expect(await c.repo(tx).get('b')).toEqual(b);
        expect(await c.repo(tx).get('missing')).toBeNull();
      });
      // What was stored, read without the repositories.
      expect(byId(await c.raw(raw, tenantId))).toEqual([a, b]);
    });
  },

  async 'every record repository: update replaces the stored record'({ store, raw }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      const a = c.make(tenantId, 'a');
      const b = c.make(tenantId, 'b');
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).insert(a);
        await c.repo(tx).insert(b);
      });
      const changed = c.change(a);
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).update(changed);
        expect(await c.repo(tx).get('a')).toEqual(changed);
      });
      expect(await store.transaction(tenantId, (tx) => c.repo(tx).get('a'))).toEqual(changed);
      expect(byId(await c.raw(raw, tenantId))).toEqual([changed, b]);
    });
  },

  async 'every record repository: list orders by createdAt, then id'({ store }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).insert(c.make(tenantId, 'b', '2026-03-02T00:00:00.000Z'));
        await c.repo(tx).insert(c.make(tenantId, 'd', '2026-03-01T00:00:00.000Z'));
        await c.repo(tx).insert(c.make(tenantId, 'a', '2026-03-02T00:00:00.000Z'));
        await c.repo(tx).insert(c.make(tenantId, 'c', '2026-03-03T00:00:00.000Z'));
      });
      const ids = await store.transaction(tenantId, async (tx) => (await c.repo(tx).list()).map((r) => r.id));
      expect(ids).toEqual(['d', 'a', 'b', 'c']);
      // A transaction's own insert takes its place in the order.
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).insert(c.make(tenantId, 'e', '2026-03-01T12:00:00.000Z'));
        expect((await c.repo(tx).list()).map((r) => r.id)).toEqual(['d', 'e', 'a', 'b', 'c']);
      });
      expect(await store.transaction(freshTenant(), (tx) => c.repo(tx).list())).toEqual([]);
    });
  },

  async 'every record repository: inserting an id that exists is a CONFLICT'({ store, raw }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      const original = c.make(tenantId, 'a');
      await store.transaction(tenantId, (tx) => c.repo(tx).insert(original));
      const again = c.change(original);
      const committed = await rejection(store.transaction(tenantId, (tx) => c.repo(tx).insert(again)));
      expect(committed.code).toBe('CONFLICT');
      // The same id twice in one transaction, too.
      const other = freshTenant();
      const inOne = await rejection(
        store.transaction(other, async (tx) => {
          await c.repo(tx).insert(c.make(other, 'x'));
          await c.repo(tx).insert(c.make(other, 'x'));
        }),
      );
      expect(inOne.code).toBe('CONFLICT');
      expect(await c.raw(raw, tenantId)).toEqual([original]);
      expect(await c.raw(raw, other)).toEqual([]);
    });
  },

  async 'every record repository: updating a record that does not exist is NOT_FOUND'({ store, raw }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      await store.transaction(tenantId, (tx) => c.repo(tx).insert(c.make(tenantId, 'a')));
      const error = await rejection(store.transaction(tenantId, (tx) => c.repo(tx).update(c.make(tenantId, 'nope'))));
      expect(error.code).toBe('NOT_FOUND');
      expect(byId(await c.raw(raw, tenantId))).toEqual([c.make(tenantId, 'a')]);
    });
  },

  async 'every record repository: stored records are not the objects callers wrote or read'({ store }) {
    await each(async (c) => {
      const tenantId = freshTenant();
      const written = c.make(tenantId, 'a');
      const expected = copy(written);
      await store.transaction(tenantId, async (tx) => {
        await c.repo(tx).insert(written);
        scribble(written); // after insert, before commit
      });
      scribble(written);
      await store.transaction(tenantId, async (tx) => {
        scribble(await c.repo(tx).get('a'));
        scribble(await c.repo(tx).list());
      });
      expect(await store.transaction(tenantId, (tx) => c.repo(tx).get('a'))).toEqual(expected);
      const updated = c.change(expected);
      const updatedCopy = copy(updated);
      await store.transaction(tenantId, (tx) => c.repo(tx).update(updated));
      scribble(updated);
      expect(await store.transaction(tenantId, (tx) => c.repo(tx).get('a'))).toEqual(updatedCopy);
    });
  },

  async 'invoices are found by number, also after an update'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, async (tx) => {
      await tx.invoices.insert(invoiceRecord(tenantId, 'i1', 'b1', 'INV-0001'));
      await tx.invoices.insert(invoiceRecord(tenantId, 'i2', 'b2', 'INV-0002'));
      expect((await tx.invoices.getByNumber('INV-0001'))?.id).toBe('i1');
    });
    await store.transaction(tenantId, async (tx) => {
      expect(await tx.invoices.getByNumber('INV-0002')).toEqual(invoiceRecord(tenantId, 'i2', 'b2', 'INV-0002'));
      expect(await tx.invoices.getByNumber('INV-0003')).toBeNull();
    });
    await store.transaction(tenantId, (tx) =>
      tx.invoices.update({ ...invoiceRecord(tenantId, 'i2', 'b2', 'INV-0002'), number: 'INV-0099' }),
    );
    await store.transaction(tenantId, async (tx) => {
      expect((await tx.invoices.getByNumber('INV-0099'))?.id).toBe('i2');
      expect(await tx.invoices.getByNumber('INV-0002')).toBeNull();
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
    expect(await store.transaction(a, (tx) => tx.sequences.next('other'))).toBe(2);
    expect(await store.transaction(b, (tx) => tx.sequences.next('invoice'))).toBe(1);
  },

  async 'a sequence value taken by a rolled-back transaction is given out again'({ store }) {
    const tenantId = freshTenant();
    await store.transaction(tenantId, (tx) => tx.sequences.next('invoice'));
    const thrown = await store
      .transaction(tenantId, async (tx) => {
        expect(await tx.sequences.next('invoice')).toBe(2);
        throw new Boom('rolled back on purpose');
      })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Boom);
    expect(await store.transaction(tenantId, (tx) => tx.sequences.next('invoice'))).toBe(2);
  },
});
