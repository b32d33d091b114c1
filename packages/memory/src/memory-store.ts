import { type DomainEvent, type OutboxReader, SessionsError, type SessionsStore } from '@sessions/core';
import { KeyedMutex } from './keyed-mutex.js';
import { createRawView, type MemoryRawView } from './raw-view.js';
import { emptyTenant, type TenantState } from './tenant-state.js';
import { MemoryTransaction } from './transaction.js';

export type MemoryStoreOptions = Record<string, never>;

/** The in-memory store, with a `raw` view of what it holds for tests. */
export interface MemoryStore extends SessionsStore {
  /** Direct reads of committed state, bypassing the repositories: for conformance tests and debugging. */
  readonly raw: MemoryRawView;
}

/** One committed event and whether a host has acknowledged it. */
export interface OutboxSlot {
  readonly event: DomainEvent;
  acked: boolean;
}

/**
 * The reference implementation of the storage contract, kept in process
 * memory: every tenant's data in Maps of frozen records, one overlay per
 * transaction, FIFO locks per key. Fast and honest — it passes the same
 * conformance suite as the Postgres store — but nothing survives a restart.
 */
export function createMemoryStore(_options: MemoryStoreOptions = {}): MemoryStore {
  const tenants = new Map<string, TenantState>();
  const outbox: OutboxSlot[] = [];
  /** Unacknowledged events by tenant, then id, for `ack`. */
  const open = new Map<string, Map<string, OutboxSlot>>();
  const mutex = new KeyedMutex();
  let closed = false;
  /** Index of the oldest event that may still be unacknowledged, so polls skip the handled past. */
  let firstOpen = 0;

  // A tenant's state is registered when its first transaction commits, so a
  // read (or a refused command) for an unknown tenant leaves no trace.
  // Until then every transaction of the new tenant shares one draft state, so
  // concurrent first commands see each other's commits like any others.
  const drafts = new Map<string, TenantState>();
  /** Open transactions per draft tenant: a draft nobody uses any more is dropped, not kept forever. */
  const draftUsers = new Map<string, number>();
  const tenant = (tenantId: string): TenantState => {
    const state = tenants.get(tenantId) ?? drafts.get(tenantId);
    if (state) return state;
    const draft = emptyTenant();
    drafts.set(tenantId, draft);
    return draft;
  };

  const reader: OutboxReader = {
    async poll(options = {}) {
      const limit = options.limit ?? 100;
      const events: DomainEvent[] = [];
      while (firstOpen < outbox.length && outbox[firstOpen]?.acked) firstOpen++;
      for (let i = firstOpen; i < outbox.length && events.length < limit; i++) {
        const slot = outbox[i] as OutboxSlot;
        if (slot.acked || (options.tenantId !== undefined && slot.event.tenantId !== options.tenantId)) continue;
        events.push(slot.event);
      }
      return events;
    },
    async ack(events) {
      for (const { tenantId, id } of events) {
        const byId = open.get(tenantId);
        const slot = byId?.get(id);
        if (slot) {
          slot.acked = true;
          byId?.delete(id);
        }
      }
    },
  };

  return {
    async transaction(tenantId, fn) {
      if (closed) throw new SessionsError('STORE_UNAVAILABLE', 'The memory store was closed.');
      if (typeof tenantId !== 'string' || tenantId.length === 0) {
        throw new SessionsError('VALIDATION_FAILED', 'A transaction needs a tenant id.', {
          issues: [{ path: ['tenantId'], message: 'is required' }],
        });
      }
      const state = tenant(tenantId);
      const draft = drafts.get(tenantId) === state;
      if (draft) draftUsers.set(tenantId, (draftUsers.get(tenantId) ?? 0) + 1);
      const tx = new MemoryTransaction(tenantId, state, mutex);
      try {
        const result = await fn(tx);
        const events = tx.commit();
        if (!tenants.has(tenantId) && tx.wrote) {
          tenants.set(tenantId, state);
          drafts.delete(tenantId);
        }
        if (events.length > 0) {
          let byId = open.get(tenantId);
          if (!byId) {
            byId = new Map();
            open.set(tenantId, byId);
          }
          for (const event of events) {
            const slot = { event, acked: false };
            outbox.push(slot);
            byId.set(event.id, slot);
          }
        }
        return result;
      } finally {
        tx.end();
        if (draft) {
          const users = (draftUsers.get(tenantId) ?? 1) - 1;
          if (users > 0) draftUsers.set(tenantId, users);
          else {
            draftUsers.delete(tenantId);
            drafts.delete(tenantId);
          }
        }
      }
    },
    outbox: reader,
    raw: createRawView(tenants, outbox),
    async close() {
      closed = true;
    },
  };
}
