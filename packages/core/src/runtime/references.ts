import type { StoreTransaction } from '../ports/store.js';
import type { Practitioner } from '../records/people.js';
import type { Service } from '../records/service.js';

/**
 * Services and practitioners a command reads, read once per command (a
 * booking checks several rules against the same service). A command names
 * them in `CommandSpec.reads`, so a store can read them with its locks.
 */
export class References {
  private readonly services = new Map<string, Promise<Service | null>>();
  private readonly practitioners = new Map<string, Promise<Practitioner | null>>();

  constructor(private readonly tx: StoreTransaction) {}

  service(id: string): Promise<Service | null> {
    return once(this.services, id, () => this.tx.services.get(id));
  }

  practitioner(id: string): Promise<Practitioner | null> {
    return once(this.practitioners, id, () => this.tx.practitioners.get(id));
  }

  /**
   * Read the services and practitioners not read yet in one call each, for
   * work over many sessions (a page of reminders): one round trip per kind
   * instead of one per id.
   */
  async preload(serviceIds: Iterable<string>, practitionerIds: Iterable<string>): Promise<void> {
    // One after the other: a transaction is one connection.
    await fill(this.services, serviceIds, (ids) => this.tx.services.getMany(ids));
    await fill(this.practitioners, practitionerIds, (ids) => this.tx.practitioners.getMany(ids));
  }
}

/** The cached read of `id`, or `read()` remembered as it. */
function once<T>(cache: Map<string, Promise<T | null>>, id: string, read: () => Promise<T | null>): Promise<T | null> {
  let found = cache.get(id);
  if (!found) {
    found = read();
    cache.set(id, found);
  }
  return found;
}

async function fill<T extends { id: string }>(
  cache: Map<string, Promise<T | null>>,
  ids: Iterable<string>,
  read: (ids: string[]) => Promise<T[]>,
): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  const byId = new Map((await read(missing)).map((r) => [r.id, r]));
  for (const id of missing) if (!cache.has(id)) cache.set(id, Promise.resolve(byId.get(id) ?? null));
}
