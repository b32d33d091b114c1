import { z } from 'zod';
import { creditAccount, recordAccountPayment, refundAccount } from './accounts/account-commands.js';
import { accountHistory, getAccount } from './accounts/account-queries.js';
import { clearOverride, getAvailability, setAvailability, setOverride } from './availability/availability-commands.js';
import { bookingForClientActor, bookSlot } from './availability/book.js';
import { listSlots } from './availability/slots.js';
import { reversePayment } from './blocks/corrections.js';
import { createBlock } from './blocks/create-block.js';
import { expireDueBlocks } from './blocks/expire-due.js';
import { expireBlock, extendExpiry } from './blocks/expiry.js';
import { issueInvoice, recordPayment } from './blocks/invoicing.js';
import { cancelBlock, quoteRefundQuery, refundUnits } from './blocks/refunds.js';
import { deleteBlock, grantUnits, restoreBlock } from './blocks/removal.js';
import { createClass, setClassDisplay } from './classes/class-commands.js';
import { getClass, listClasses } from './classes/class-queries.js';
import { drop, enrol } from './classes/enrolment-commands.js';
import {
  applyClosure,
  createClosure,
  deleteClosure,
  listClosures,
  previewClosure,
} from './closures/closure-commands.js';
import {
  createCompletionType,
  deleteCompletionType,
  listCompletionTypes,
  updateCompletionType,
} from './completion/completion-commands.js';
import { consumeCredit, releaseCredit, reserveCredit } from './credits/credits.js';
import { SessionsError } from './errors.js';
import type { DomainEvent } from './events/event.js';
import { issueSessionsInvoice } from './invoices/session-invoices.js';
import type { SessionsStore } from './ports/store.js';
import { blockHistory, getBlock, listBlocks } from './queries/block-queries.js';
import { getInvoice, listInvoices } from './queries/invoice-queries.js';
import { type RecordKind, recordCommands } from './records/crud.js';
import { clientKind, practitionerKind, serviceKind, templateKind } from './records/kinds.js';
import type { RecordBase } from './records/people.js';
import { createSeries, getSeries } from './recurrence/series-commands.js';
import { cancelSeries, updateSeries } from './recurrence/series-edits.js';
import { reminders } from './reminders/reminders.js';
import { remindersPage } from './reminders/reminders-page.js';
import { activePackages, clientBalances, deferredRevenue, packageHistory } from './reports/reports.js';
import { type IdGenerator, randomIds } from './runtime/ids.js';
import {
  type CommandOptions,
  type CommandSpec,
  type QuerySpec,
  type Runtime,
  runCommand,
  runQuery,
} from './runtime/runtime.js';
import { addClientToSession } from './sessions/add-client.js';
import { bulkActions } from './sessions/bulk.js';
import { cancelSession, previewCancellation } from './sessions/cancel.js';
import { completeSession } from './sessions/complete.js';
import { linkSession, unlinkSession } from './sessions/linking.js';
import { deleteSession, recoverSession } from './sessions/removal.js';
import { rescheduleSession, updateSession } from './sessions/reschedule.js';
import { scheduleSession } from './sessions/schedule.js';
import { getSession, listSessions } from './sessions/session-queries.js';
import { type TenantSettingsInput, tenantSettingsSchema } from './settings/settings.js';
import { assertModeCurrency, getSettings, updateSettings } from './settings/settings-commands.js';
import { type Clock, systemClock } from './time.js';
import { parseInput } from './validation.js';
import { wages } from './wages/wages.js';

const pollOptionsSchema = z
  .object({ limit: z.number().int().min(1).max(10_000).optional(), tenantId: z.string().min(1).optional() })
  .strict()
  .optional();
const ackSchema = z.array(z.object({ tenantId: z.string().min(1), id: z.string().min(1) })).max(10_000);

export interface CreateSessionsOptions {
  /** Where everything is kept: `createMemoryStore()` for tests, `@sessions/postgres` in production. */
  store: SessionsStore;
  /** Defaults to the system clock; tests pass `manualClock(...)`. */
  clock?: Clock;
  /** Defaults to random UUIDs. */
  ids?: IdGenerator;
  /**
   * Settings for every practice that has not stored its own with
   * `settings.update` (a single-practice app usually passes them here).
   */
  settings?: TenantSettingsInput;
}

/** A command as the facade exposes it: who acts, what they ask for, and an optional idempotency key. */
export type Command<S extends z.ZodType, O> = (
  actor: unknown,
  input: z.input<S>,
  options?: CommandOptions,
) => Promise<O>;
/** A read: who asks, and what for. */
export type Query<S extends z.ZodType, O> =
  undefined extends z.input<S>
    ? (actor: unknown, input?: z.input<S>) => Promise<O>
    : (actor: unknown, input: z.input<S>) => Promise<O>;

/**
 * The @sessions facade. Every method takes the acting `Actor` first
 * (`{ tenantId, kind, id }`), validates everything before touching the store,
 * and throws `SessionsError` with a stable `code` on failure — leaving the store
 * exactly as it was.
 *
 * ```ts
 * const sessions = createSessions({ store: createMemoryStore(), settings: { currency: 'EUR', timeZone: 'Europe/Berlin' } });
 * const { block } = await sessions.blocks.create(staff, { clientId, quantity: 10, price: { total: money(100000, 'EUR') } });
 * ```
 */
export function createSessions(options: CreateSessionsOptions) {
  if (typeof options?.store?.transaction !== 'function' || typeof options.store.outbox?.poll !== 'function') {
    throw new SessionsError(
      'VALIDATION_FAILED',
      'createSessions needs a store: pass { store: createMemoryStore() } or a Postgres store.',
      { issues: [{ path: ['store'], message: 'must be a SessionsStore' }] },
    );
  }
  const runtime: Runtime = {
    store: options.store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    defaultSettings: options.settings ? parseDefaults(options.settings) : null,
  };
  const command =
    <S extends z.ZodType, O>(spec: CommandSpec<S, O>): Command<S, O> =>
    (actor, input, commandOptions) =>
      runCommand(runtime, spec, actor, input, commandOptions);
  const query = <S extends z.ZodType, O>(spec: QuerySpec<S, O>): Query<S, O> =>
    ((actor: unknown, input?: unknown) => runQuery(runtime, spec, actor, input)) as Query<S, O>;
  const crud = <R extends RecordBase, C extends z.ZodType, P extends z.ZodType>(kind: RecordKind<R, C, P>) => {
    const specs = recordCommands(kind);
    return {
      create: command(specs.create),
      update: command(specs.update),
      get: query(specs.get),
      list: query(specs.list),
    };
  };

  return {
    settings: { get: query(getSettings), update: command(updateSettings) },
    clients: crud(clientKind),
    practitioners: crud(practitionerKind),
    services: crud(serviceKind),
    templates: crud(templateKind),
    blocks: {
      create: command(createBlock),
      issueInvoice: command(issueInvoice),
      recordPayment: command(recordPayment),
      /** Undo a payment recorded by mistake, with a correcting entry. */
      reversePayment: command(reversePayment),
      quoteRefund: query(quoteRefundQuery),
      refund: command(refundUnits),
      cancel: command(cancelBlock),
      expire: command(expireBlock),
      /** Expire every active block whose expiry date has passed; one result per block. */
      expireDue: (actor: unknown, input?: Record<string, never>) => expireDueBlocks(runtime, actor, input),
      extendExpiry: command(extendExpiry),
      grantUnits: command(grantUnits),
      delete: command(deleteBlock),
      restore: command(restoreBlock),
      get: query(getBlock),
      list: query(listBlocks),
      history: query(blockHistory),
    },
    invoices: { get: query(getInvoice), list: query(listInvoices) },
    /** Ways to close a session: the built-ins and the practice's own (admins change them). */
    completionTypes: {
      create: command(createCompletionType),
      update: command(updateCompletionType),
      delete: command(deleteCompletionType),
      list: query(listCompletionTypes),
    },
    /** Sessions on the calendar, each client's place paid by a block or billed to their account. */
    sessions: {
      schedule: command(scheduleSession),
      reschedule: command(rescheduleSession),
      update: command(updateSession),
      addClient: command(addClientToSession),
      link: command(linkSession),
      unlink: command(unlinkSession),
      complete: command(completeSession),
      /** What `cancel` would do now (or at `at`), without doing it. */
      previewCancellation: query(previewCancellation),
      cancel: command(cancelSession),
      delete: command(deleteSession),
      recover: command(recoverSession),
      get: query(getSession),
      list: query(listSessions),
      ...bulkActions(runtime),
    },
    /** Working hours, bookable slots, and booking a slot (re-checked in the transaction: SLOT_TAKEN, SLOT_UNAVAILABLE). */
    availability: {
      set: command(setAvailability),
      setOverride: command(setOverride),
      clearOverride: command(clearOverride),
      get: query(getAvailability),
      slots: query(listSlots),
      /** A client may leave out `clients`: they book themself. */
      book: bookingForClientActor(command(bookSlot)),
    },
    /** Recurring series: weekdays at a local time, weekly or monthly; edits reach one, following, or all. */
    series: {
      create: command(createSeries),
      update: command(updateSeries),
      cancel: command(cancelSeries),
      get: query(getSeries),
    },
    /** Classes: a series of group sessions clients enrol into together, with a waitlist. */
    classes: {
      create: command(createClass),
      setDisplay: command(setClassDisplay),
      enrol: command(enrol),
      drop: command(drop),
      list: query(listClasses),
      get: query(getClass),
    },
    /** Days the practice or a practitioner is closed, and cancelling the sessions they cover. */
    closures: {
      create: command(createClosure),
      delete: command(deleteClosure),
      list: query(listClosures),
      preview: query(previewClosure),
      apply: command(applyClosure),
    },
    /** Each client's account: money for sessions no block pays for. */
    accounts: {
      get: query(getAccount),
      history: query(accountHistory),
      recordPayment: command(recordAccountPayment),
      refund: command(refundAccount),
      credit: command(creditAccount),
      /** Invoice settled sessions that no block paid for. */
      issueInvoice: command(issueSessionsInvoice),
    },
    /** A practitioner's wages for a period, one item per settled place. */
    wages: query(wages),
    /** What the sessions layer calls: hold a unit, post it, or give it back. */
    credits: { reserve: command(reserveCredit), consume: command(consumeCredit), release: command(releaseCredit) },
    reminders: query(reminders),
    /** The practice's reminders a page at a time (bounded work per call), for a dashboard. */
    remindersPage: query(remindersPage),
    /** Reports over blocks and accounts; the paged ones return `{ items, next }`. */
    reports: {
      activePackages: query(activePackages),
      packageHistory: query(packageHistory),
      clientBalances: query(clientBalances),
      deferredRevenue: query(deferredRevenue),
      /** A practitioner's wages for a period (also `wages`). */
      wages: query(wages),
    },
    /** Domain events, committed with the commands that caused them. */
    events: {
      /** Committed, unacknowledged events, oldest first (a host's job, not an actor's: no actor is taken). */
      poll: async (pollOptions?: { limit?: number; tenantId?: string }): Promise<DomainEvent[]> =>
        runtime.store.outbox.poll(parseInput(pollOptionsSchema, pollOptions, 'events.poll options')),
      /** Mark events handled so `poll` never returns them again. */
      ack: async (events: readonly Pick<DomainEvent, 'tenantId' | 'id'>[]): Promise<void> =>
        runtime.store.outbox.ack(parseInput(ackSchema, events, 'events.ack input')),
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Default settings are checked as `settings.update` checks them: a threshold is in the practice's currency. */
function parseDefaults(input: TenantSettingsInput) {
  const settings = parseInput(tenantSettingsSchema, input, 'settings');
  assertModeCurrency(settings.accountMode, settings.currency, ['settings', 'accountMode', 'minimum']);
  return settings;
}
