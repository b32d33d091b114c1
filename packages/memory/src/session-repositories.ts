import type { Attendance, AttendanceRepository, InstantRange, Page, Session, SessionRepository } from '@sessions/core';
import type { Overlay } from './overlay.js';
import { pageWithOwnWrites, withOwnWrites } from './own-writes.js';
import { RecordRepo } from './repositories.js';
import { rekey, reslot, type Slot } from './sorted-ids.js';
import { byCreation, byStart, type TenantState } from './tenant-state.js';

/**
 * Sessions and attendances: record repositories with lists read from the
 * tenant's indexes, with the transaction's own writes laid over them (see
 * `withOwnWrites`), so lists follow updates before commit too.
 */
export class SessionRepo extends RecordRepo<'sessions'> implements SessionRepository {
  constructor(overlay: Overlay) {
    super(overlay, 'sessions');
  }

  async listByPractitioner(practitionerId: string, { from, to }: InstantRange): Promise<Session[]> {
    const committed = this.overlay.state.sessionsByPractitioner.get(practitionerId)?.range(from, to) ?? [];
    return withOwnWrites(
      this.overlay,
      'sessions',
      committed,
      (s) => s.practitionerId === practitionerId && from <= s.startsAt && s.startsAt < to,
      byStart,
    );
  }

  async listStartingBetween({ from, to }: InstantRange): Promise<Session[]> {
    const committed = this.overlay.state.sessionsByStart.range(from, to);
    return withOwnWrites(this.overlay, 'sessions', committed, (s) => from <= s.startsAt && s.startsAt < to, byStart);
  }

  async listBySeries(seriesId: string): Promise<Session[]> {
    const committed = this.overlay.state.sessionsBySeries.get(seriesId)?.all() ?? [];
    return withOwnWrites(this.overlay, 'sessions', committed, (s) => s.seriesId === seriesId, byStart);
  }
}

export class AttendanceRepo extends RecordRepo<'attendances'> implements AttendanceRepository {
  constructor(overlay: Overlay) {
    super(overlay, 'attendances');
  }

  async listBySession(sessionId: string): Promise<Attendance[]> {
    const committed = this.overlay.state.attendancesBySession.get(sessionId) ?? [];
    return withOwnWrites(this.overlay, 'attendances', committed, (a) => a.sessionId === sessionId, byCreation, false);
  }

  async listByClient(clientId: string): Promise<Attendance[]> {
    const committed = this.overlay.state.attendancesByClient.get(clientId)?.all() ?? [];
    return withOwnWrites(this.overlay, 'attendances', committed, (a) => a.clientId === clientId, byStart);
  }

  async listByBlock(blockId: string): Promise<Attendance[]> {
    const committed = this.overlay.state.attendancesByBlock.get(blockId)?.all() ?? [];
    return withOwnWrites(this.overlay, 'attendances', committed, (a) => a.blockId === blockId, byStart);
  }

  async listUnlinked(page?: Page): Promise<Attendance[]> {
    const index = this.overlay.state.unlinkedAttendances;
    return pageWithOwnWrites(this.overlay, 'attendances', [index], isUnlinked, byStart, (a) => a.startsAt, page);
  }
}

const isUnlinked = (a: Attendance) => a.blockId === null && a.invoiceId === null;

/**
 * At commit, before the written sessions replace the stored ones: move each
 * from where its stored version is filed to where its new start,
 * practitioner and series belong.
 */
export function reindexSessions(state: TenantState, written: ReadonlyMap<string, Session> | undefined): void {
  for (const session of written?.values() ?? []) {
    const previous = state.records.sessions.get(session.id) ?? null;
    rekey(state.sessionsByStart, session.id, previous?.startsAt ?? null, session.startsAt);
    reslot(
      state.sessionsByPractitioner,
      session.id,
      previous && { owner: previous.practitionerId, key: previous.startsAt },
      { owner: session.practitionerId, key: session.startsAt },
    );
    reslot(state.sessionsBySeries, session.id, seriesSlot(previous), seriesSlot(session));
  }
}

const seriesSlot = (s: Session | null): Slot | null =>
  s?.seriesId != null ? { owner: s.seriesId, key: s.startsAt } : null;

/** The same for attendances: by session, client, block, and the unlinked set. */
export function reindexAttendances(state: TenantState, written: ReadonlyMap<string, Attendance> | undefined): void {
  const blockSlot = (a: Attendance | null): Slot | null =>
    a?.blockId != null ? { owner: a.blockId, key: a.startsAt } : null;
  for (const attendance of written?.values() ?? []) {
    const { id } = attendance;
    const previous = state.records.attendances.get(id) ?? null;
    if (previous && previous.sessionId !== attendance.sessionId) {
      const ids = state.attendancesBySession.get(previous.sessionId);
      ids?.delete(id);
      if (ids?.size === 0) state.attendancesBySession.delete(previous.sessionId);
    }
    const ids = state.attendancesBySession.get(attendance.sessionId);
    if (ids) ids.add(id);
    else state.attendancesBySession.set(attendance.sessionId, new Set([id]));
    reslot(state.attendancesByClient, id, previous && { owner: previous.clientId, key: previous.startsAt }, {
      owner: attendance.clientId,
      key: attendance.startsAt,
    });
    reslot(state.attendancesByBlock, id, blockSlot(previous), blockSlot(attendance));
    rekey(
      state.unlinkedAttendances,
      id,
      previous && isUnlinked(previous) ? previous.startsAt : null,
      isUnlinked(attendance) ? attendance.startsAt : null,
    );
  }
}
