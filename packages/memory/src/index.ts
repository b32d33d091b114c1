/** @sessions/memory — the in-memory store for @sessions/core. */
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type { MemoryRawView } from './raw-view.js';
