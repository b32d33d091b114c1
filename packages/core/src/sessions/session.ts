import type { ActorRef } from '../actor.js';
import type { CompletionSnapshot } from '../completion/completion-type.js';
import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

/** A session is scheduled while any attendance is; cancelled when every attendance was cancelled; else completed. */
export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Where one client's place in a session stands: open, or settled with a completion type's base status. */
export const ATTENDANCE_STATUSES = ['scheduled', 'completed', 'missed', 'cancelled'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/**
 * A session on the calendar: one practitioner, one service, a start and an
 * end, booked in an IANA zone. Who attends, and how each attendance is paid
 * for, lives in its attendances (one per client): an individual session has
 * one, a group session several.
 */
export interface Session extends RecordBase {
  readonly practitionerId: string;
  readonly serviceId: string;
  /** The start, an ISO UTC instant. */
  readonly startsAt: InstantString;
  /** The end, an ISO UTC instant, after the start. */
  readonly endsAt: InstantString;
  /** The zone it was booked in: its local date and time, and any wall-clock rule, are read there. */
  readonly timeZone: string;
  /** endsAt − startsAt, in minutes: what a minutes block is charged. */
  readonly durationMinutes: number;
  readonly location: string | null;
  /** Seen by everyone taking part: clients, practitioner, staff, admins. */
  readonly publicNote: string | null;
  /** Seen by the practice only, never by clients. */
  readonly privateNote: string | null;
  /** Most attendances the session takes: 1 for an individual session. */
  readonly capacity: number;
  /** Derived from the attendances and kept in step with them by every command. */
  readonly status: SessionStatus;
  /** Soft deletion: a deleted session has no effect on any block or account and `recover` brings it back. */
  readonly deletedAt: InstantString | null;
  /** The recurring series it belongs to, and the local date it was made for; null for a one-off. */
  readonly seriesId: string | null;
  readonly occurrenceDate: string | null;
  /** The class it belongs to (its series), whose enrolled clients attend it. */
  readonly classId: string | null;
  /** Shown in the public list of classes. */
  readonly displayed: boolean;
  readonly createdBy: ActorRef;
}

/** How a cancellation was decided: the policy tier that applied, if any. */
export interface CancellationRecord {
  /** Hours from the cancellation to the start (negative once it has started). */
  readonly hoursBefore: number;
  /** The tier that applied ("less than `withinHours` hours before") or null: cancelled in time. */
  readonly tier: { readonly withinHours: number; readonly completionTypeId: string } | null;
  /** Staff cancelled without applying the policy. */
  readonly waived: boolean;
  readonly reason: string | null;
}

/** A staff or admin decision to schedule despite the account mode's warning. */
export interface AccountOverride {
  readonly by: ActorRef;
  readonly reason: string;
  /** The mode that would have refused the session, and what was missing. */
  readonly mode: string;
  readonly missing: number;
  readonly unit: 'money' | 'units';
}

/**
 * One client's place in a session. It has exactly one live effect on money at
 * a time: on its block (a reserve while scheduled, then consume or release)
 * when linked, or on the client's account (a hold, then a charge or release)
 * when not. A deleted session's attendances have none.
 */
export interface Attendance extends RecordBase {
  readonly sessionId: string;
  readonly clientId: string;
  /** The session's start, kept in step on reschedule, so a client's or block's sessions sort by date. */
  readonly startsAt: InstantString;
  /** The block paying for it, or null: "unlinked", billed to the client's account. */
  readonly blockId: string | null;
  readonly status: AttendanceStatus;
  /** Minor units. While scheduled: what it is expected to cost; once settled: what it was charged. */
  readonly cost: number;
  /** Minor units. While scheduled: the practitioner's expected wage; once settled: the wage earned. */
  readonly wage: number;
  /** The completion type as it was when applied: later edits to the type never change it. */
  readonly completion: CompletionSnapshot | null;
  readonly cancellation: CancellationRecord | null;
  readonly override: AccountOverride | null;
  /** The invoice that bills it (unlinked attendances only). */
  readonly invoiceId: string | null;
  readonly settledAt: InstantString | null;
  readonly settledBy: ActorRef | null;
  /** The session's deletion, mirrored so queries over attendances can skip deleted sessions. */
  readonly deletedAt: InstantString | null;
  readonly createdBy: ActorRef;
}
