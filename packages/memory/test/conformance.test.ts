import { createMemoryStore } from '@sessions/memory';
import { runStoreConformance } from '@sessions/store-tests';

runStoreConformance({
  name: 'memory',
  async createStore() {
    const store = createMemoryStore();
    const { raw } = store;
    return {
      store,
      // The memory store's raw view is synchronous; the suite's is async, for SQL stores.
      raw: {
        snapshot: async () => raw.snapshot(),
        blocks: async (tenantId) => raw.blocks(tenantId),
        ledgerEntries: async (tenantId, blockId) => raw.ledgerEntries(tenantId, blockId),
        outbox: async (tenantId) => raw.outbox(tenantId),
        records: async (tenantId, table) => raw.records(tenantId, table),
        accountEntries: async (tenantId, clientId) => raw.accountEntries(tenantId, clientId),
        idempotencyKeys: async (tenantId) => raw.idempotencyKeys(tenantId),
      },
      close: async () => {},
    };
  },
});
