import type { StoreTransaction } from '../ports/store.js';
import type { Practitioner } from '../records/people.js';
import type { Service } from '../records/service.js';

/**
 * Services and practitioners a command reads, read once per command. A
 * command may read them before taking its locks (`CommandSpec.prepare`):
 * they are reference data no command's locks protect, so reading them first
 * changes nothing but how long the locks are held.
 */
export class References {
  private readonly services = new Map<string, Promise<Service | null>>();
  private readonly practitioners = new Map<string, Promise<Practitioner | null>>();

  constructor(private readonly tx: StoreTransaction) {}

  service(id: string): Promise<Service | null> {
    let found = this.services.get(id);
    if (!found) {
      found = this.tx.services.get(id);
      this.services.set(id, found);
    }
    return found;
  }

  practitioner(id: string): Promise<Practitioner | null> {
    let found = this.practitioners.get(id);
    if (!found) {
      found = this.tx.practitioners.get(id);
      this.practitioners.set(id, found);
    }
    return found;
  }
}
