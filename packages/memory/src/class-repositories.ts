import type { Enrolment, EnrolmentRepository } from '@sessions/core';
import type { Overlay } from './overlay.js';
import { withOwnWrites } from './own-writes.js';
import { RecordRepo } from './repositories.js';
import { reslot, type Slot } from './sorted-ids.js';
import { byCreation, type TenantState } from './tenant-state.js';

/**
 * Enrolments: a record repository whose lists, by class and by client, are
 * read from indexes kept in creation order, with the transaction's own writes
 * laid over them. Every status is listed; a changed enrolment is listed as it
 * is now, where it is now. (Series, closures and availability need no more
 * than the plain `RecordRepo`.)
 */
export class EnrolmentRepo extends RecordRepo<'enrolments'> implements EnrolmentRepository {
  constructor(overlay: Overlay) {
    super(overlay, 'enrolments');
  }

  async listByClass(classId: string): Promise<Enrolment[]> {
    const committed = this.overlay.state.enrolmentsByClass.get(classId)?.all() ?? [];
    return withOwnWrites(this.overlay, 'enrolments', committed, (e) => e.classId === classId, byCreation);
  }

  async listByClient(clientId: string): Promise<Enrolment[]> {
    const committed = this.overlay.state.enrolmentsByClient.get(clientId)?.all() ?? [];
    return withOwnWrites(this.overlay, 'enrolments', committed, (e) => e.clientId === clientId, byCreation);
  }
}

/**
 * At commit, before the written enrolments replace the stored ones: move each
 * from where its stored version is filed to where its class and client are now.
 */
export function reindexEnrolments(state: TenantState, written: ReadonlyMap<string, Enrolment> | undefined): void {
  const slot = (owner: string, e: Enrolment): Slot => ({ owner, key: e.createdAt });
  for (const enrolment of written?.values() ?? []) {
    const previous = state.records.enrolments.get(enrolment.id) ?? null;
    reslot(
      state.enrolmentsByClass,
      enrolment.id,
      previous && slot(previous.classId, previous),
      slot(enrolment.classId, enrolment),
    );
    reslot(
      state.enrolmentsByClient,
      enrolment.id,
      previous && slot(previous.clientId, previous),
      slot(enrolment.clientId, enrolment),
    );
  }
}
