import type {
  BlockView,
  CancellationDecision,
  CancellationTier,
  CancelResult,
  ClassView,
  Closure,
  DropResult,
  EnrolResult,
  Reminder,
  ScheduleResult,
  Service,
  SessionView,
  Slot,
} from '@sessions/core';

/**
 * The wire types of the HTTP API (docs/http.md). The records are core's own
 * types, which are plain JSON already: instants are ISO strings, money is
 * `{ amount, currency }` in minor units. Imported as types only: nothing of
 * core (Temporal, zod, dinero.js) reaches the browser.
 */
export type {
  BlockView,
  CancellationDecision,
  CancelResult,
  ClassView,
  Closure,
  DropResult,
  EnrolResult,
  Reminder,
  ScheduleResult,
  Service,
  SessionView,
  Slot,
};

/** `GET /settings`: the public part of the practice's settings. */
export interface PublicSettings {
  /** ISO 4217 code of every amount in the practice. */
  readonly currency: string;
  /** The practice's IANA zone: expiry dates are days on its calendar. */
  readonly timeZone: string;
  readonly cancellation: {
    readonly clientsMayCancel: boolean;
    readonly tiers: readonly CancellationTier[];
  };
}

/** `GET /practitioners`: who can be booked. */
export interface PublicPractitioner {
  readonly id: string;
  readonly name: string;
  /** Their own zone for working hours; null: the practice's. */
  readonly timeZone: string | null;
}

/** `GET /me/blocks/:blockId`: a block, its balance, and every session linked to it (its history). */
export interface BlockDetail extends BlockView {
  readonly sessions: readonly SessionView[];
}

/** `GET /availability`: `from` and `to` are days (`YYYY-MM-DD`) in `timeZone`, the visitor's zone. */
export interface SlotQuery {
  readonly practitionerId: string;
  readonly serviceId: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
}

/** `POST /bookings`. Leave `blockId` out and the client's block is linked automatically. */
export interface BookingInput {
  readonly practitionerId: string;
  readonly serviceId: string;
  /** A zoned date-time: `2026-03-10T09:00[Europe/Berlin]`, optionally with its offset. */
  readonly start: string;
  readonly blockId?: string;
  readonly publicNote?: string;
}

/** Passed to every method: an abort signal, and for commands an idempotency key (a repeat returns the first result). */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly idempotencyKey?: string;
}

/**
 * Everything the elements ask of the practice: one method per route of the
 * HTTP API. `httpClient(baseUrl)` implements it over fetch; a host running
 * core in the same process may implement it directly and set an element's
 * `.client`. Failures reject with a `SessionsApiError` (`code`, `message`,
 * `details`, `status`).
 */
export interface SessionsClient {
  /** `GET /settings` */
  getSettings(options?: RequestOptions): Promise<PublicSettings>;
  /** `GET /services` */
  listServices(options?: RequestOptions): Promise<Service[]>;
  /** `GET /practitioners` */
  listPractitioners(options?: RequestOptions): Promise<PublicPractitioner[]>;
  /** `GET /me/blocks` — the signed-in client's blocks; closed ones (completed, cancelled, expired) with `includeClosed`. */
  listBlocks(query?: { readonly includeClosed?: boolean }, options?: RequestOptions): Promise<BlockView[]>;
  /** `GET /me/blocks/:blockId` */
  getBlock(blockId: string, options?: RequestOptions): Promise<BlockDetail>;
  /** `GET /me/sessions` — `from`/`to` are instants. */
  listSessions(
    query?: { readonly from?: string; readonly to?: string },
    options?: RequestOptions,
  ): Promise<SessionView[]>;
  /** `GET /me/reminders` */
  listReminders(options?: RequestOptions): Promise<Reminder[]>;
  /** `GET /availability` */
  listSlots(query: SlotQuery, options?: RequestOptions): Promise<Slot[]>;
  /** `POST /bookings` */
  book(input: BookingInput, options?: RequestOptions): Promise<ScheduleResult>;
  /** `GET /sessions/:sessionId/cancellation` — what cancelling would do, without doing it. */
  previewCancellation(
    sessionId: string,
    query?: { readonly at?: string },
    options?: RequestOptions,
  ): Promise<CancellationDecision>;
  /** `POST /sessions/:sessionId/cancel` */
  cancel(sessionId: string, input?: { readonly reason?: string }, options?: RequestOptions): Promise<CancelResult>;
  /** `GET /classes` — the public list: only sessions flagged for display. */
  listClasses(options?: RequestOptions): Promise<ClassView[]>;
  /** `GET /classes/:classId` — every session. */
  getClass(classId: string, options?: RequestOptions): Promise<ClassView>;
  /** `POST /classes/:classId/enrol` */
  enrol(classId: string, input?: { readonly blockId?: string | null }, options?: RequestOptions): Promise<EnrolResult>;
  /** `POST /classes/:classId/drop` */
  drop(classId: string, options?: RequestOptions): Promise<DropResult>;
  /** `GET /closures` — `from`/`to` are days. */
  listClosures(query?: { readonly from?: string; readonly to?: string }, options?: RequestOptions): Promise<Closure[]>;
}
