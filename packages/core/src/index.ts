/**
 * @sessions/core — prepaid blocks of sessions on an exact credit ledger.
 * Everything public is named here; nothing else is part of the API.
 */

// Actors and settings
export {
  ACCOUNT_ENTRY_KINDS,
  type AccountEntry,
  type AccountEntryKind,
} from './accounts/account-entry.js';
export type { AccountBalance } from './accounts/account-ledger.js';
export {
  ACCOUNT_MODE_KINDS,
  type AccountMode,
  type AccountModeKind,
  accountModeSchema,
} from './accounts/account-mode.js';
export type { AccountView } from './accounts/account-queries.js';
export type { Shortfall } from './accounts/enforcement.js';
export { ACTOR_KINDS, type Actor, type ActorKind, type ActorRef, actorSchema } from './actor.js';
export type { Availability, DateOverride, TimeRange } from './availability/availability.js';
export type { UnavailableReason } from './availability/book.js';
export { AVAILABILITY_DEFAULTS, AVAILABILITY_LIMITS } from './availability/schemas.js';
export type { Slot } from './availability/slots.js';
// Blocks
export {
  BLOCK_STATUSES,
  type Block,
  type BlockStatus,
  type BlockTemplate,
  UNIT_KINDS,
  type UnitKind,
} from './blocks/block.js';
export { type BlockView, summaryOf } from './blocks/block-ledger.js';
export { type CreateBlockInput, createBlockInput } from './blocks/create-block.js';
export type { ExpireDueItem } from './blocks/expire-due.js';
export type { InvoicedBlockView } from './blocks/invoicing.js';
export { canTransition } from './blocks/lifecycle.js';
export type { RefundedBlockView } from './blocks/refunds.js';
export type { CancellationDecision, CancellationOutcome } from './cancellation/decide.js';
export {
  type CancellationPolicy,
  type CancellationTier,
  cancellationPolicySchema,
} from './cancellation/policy.js';
export type { LocalFields } from './civil-time.js';
export type { ClassSessionView, ClassView } from './classes/class-queries.js';
export { ENROLMENT_STATUSES, type Enrolment, type EnrolmentStatus } from './classes/enrolment.js';
export type { DropResult, EnrolResult } from './classes/enrolment-commands.js';
export type { Closure } from './closures/closure.js';
export type { AffectedSession } from './closures/closure-commands.js';
export type { CompletionTypeView } from './completion/completion-commands.js';
// Completion types
export {
  BASE_STATUSES,
  type BaseStatus,
  BUILT_IN_COMPLETION_TYPE_IDS,
  type BuiltInCompletionTypeId,
  type CompletionSnapshot,
  type CompletionType,
  type Modifier,
} from './completion/completion-type.js';
export type { CreditResult } from './credits/credits.js';
// Errors
export {
  ERROR_CODES,
  isSessionsError,
  SessionsError,
  type SessionsErrorCode,
  type SessionsErrorDetails,
  type ValidationIssue,
} from './errors.js';
export { type DomainEvent, EVENT_TYPES, type EventType } from './events/event.js';
export type { Invoice, InvoiceLine } from './invoices/invoice.js';
export { type BlockBalance, blockBalance } from './ledger/balance.js';
// The ledger and pricing
export {
  BUCKETS,
  type Bucket,
  ENTRY_KINDS,
  type EntryKind,
  type LedgerEntry,
} from './ledger/entry.js';
export { foldLedger, type LedgerTotals, type SessionEffect, sessionEffects } from './ledger/totals.js';
// Money and time
export {
  allocateAmount,
  currencyCodeSchema,
  formatMoney,
  isKnownCurrency,
  type Money,
  money,
  moneySchema,
  moneyToDecimal,
  type PriceRun,
  parseMoney,
} from './money.js';
// The storage contract, for store authors
export type {
  AccountLedgerRepository,
  AttendanceRepository,
  BlockRepository,
  EnrolmentRepository,
  IdempotencyRecord,
  IdempotencyRepository,
  InstantRange,
  InvoiceRepository,
  LedgerRepository,
  LedgerSummary,
  LockKey,
  LockReads,
  OpenedBlock,
  OutboxReader,
  OutboxWriter,
  Page,
  RecordRepository,
  SequenceRepository,
  SessionRepository,
  SessionsStore,
  SettingsRepository,
  StoreTransaction,
} from './ports/store.js';
export type { RefundQuote } from './pricing/refund-quote.js';
export { INVOICE_STATUSES, type InvoiceStatus, type InvoiceView } from './queries/invoice-queries.js';
export { templateInputSchema, templatePatchSchema } from './records/kinds.js';
// Records
export type { Client, Practitioner, RecordBase } from './records/people.js';
export {
  clientInputSchema,
  clientPatchSchema,
  practitionerInputSchema,
  practitionerPatchSchema,
} from './records/people.js';
export type { Service } from './records/service.js';
export { serviceInputSchema, servicePatchSchema } from './records/service.js';
// Recurrence and classes
export type { SeriesOccurrenceResult, SeriesResult, UnlinkedOccurrence } from './recurrence/create-series.js';
export { expandRule, MAX_OCCURRENCES, type Occurrence } from './recurrence/expand.js';
export { type ClassTerms, type RecurrenceRule, type Series, WEEKDAYS, type Weekday } from './recurrence/series.js';
export type { SeriesEditResult } from './recurrence/series-edits.js';
// Reminders and events
export type {
  Reminder,
  ReminderAction,
  ReminderType,
  UnlinkedSessionReminder,
  UnpaidSessionsInvoiceReminder,
} from './reminders/reminders.js';
export type { RemindersPage } from './reminders/reminders-page.js';
export type {
  ActivePackage,
  ClientBalance,
  DeferredRevenue,
  PackageHistory,
  ReportPage,
} from './reports/reports.js';
export { type IdGenerator, randomIds, sequentialIds } from './runtime/ids.js';
export type { CommandOptions } from './runtime/runtime.js';
export type { AddClientResult } from './sessions/add-client.js';
export type { BulkItem } from './sessions/bulk.js';
export type { CancelResult } from './sessions/cancel.js';
export type { LinkOutcome } from './sessions/placement.js';
export type { ScheduleResult } from './sessions/schedule.js';
// Sessions
export {
  type AccountOverride,
  ATTENDANCE_STATUSES,
  type Attendance,
  type AttendanceStatus,
  type CancellationRecord,
  SESSION_STATUSES,
  type Session,
  type SessionStatus,
} from './sessions/session.js';
export type { AttendanceView, SessionView } from './sessions/session-view.js';
// The facade
export { type Command, type CreateSessionsOptions, createSessions, type Query, type Sessions } from './sessions.js';
export {
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsPatchSchema,
  tenantSettingsSchema,
  UNLOCK_MOMENTS,
  type UnlockMoment,
} from './settings/settings.js';
export {
  type Clock,
  endOfDayInstant,
  type InstantString,
  type ManualClock,
  manualClock,
  systemClock,
  timeZoneSchema,
} from './time.js';
export type { WageItem, WageReport } from './wages/wages.js';
export { type LocalResolution, ZoneRules, zoneRules } from './zone-rules.js';
