import { actorRef } from '../actor.js';
import type { Money } from '../money.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { AccountEntry, AccountEntryKind } from './account-entry.js';

/** A client's account, summed from its entries. */
export interface AccountTotals {
  /** Money received. */
  readonly payments: number;
  /** Credit granted by the practice, and charges reversed. */
  readonly credits: number;
  /** Costs of settled sessions billed to the account. */
  readonly charges: number;
  /** Money paid back. */
  readonly refunds: number;
  /** payments + credits − charges − refunds: what the client has in credit (negative: what they owe). */
  readonly balance: number;
  /** Expected costs of scheduled sessions billed to the account. */
  readonly held: number;
}

/** Fold a client's entries into totals: the only place an account's numbers come from. */
export function foldAccount(entries: readonly AccountEntry[]): AccountTotals {
  let payments = 0;
  let credits = 0;
  let charges = 0;
  let refunds = 0;
  let balance = 0;
  let held = 0;
  for (const entry of entries) {
    balance += entry.amount;
    held += entry.held;
    if (entry.kind === 'payment') payments += entry.amount;
    else if (entry.kind === 'credit') credits += entry.amount;
    else if (entry.kind === 'charge') charges -= entry.amount;
    else if (entry.kind === 'refund') refunds -= entry.amount;
    // Adjustments correct charges: reversing a charge (amount > 0) lowers what was charged.
    else if (entry.kind === 'adjust') charges -= entry.amount;
  }
  return { payments, credits, charges, refunds, balance, held };
}

/** The numbers a host shows for a client's account, as money. */
export interface AccountBalance {
  readonly clientId: string;
  readonly payments: Money;
  readonly credits: Money;
  readonly charges: Money;
  readonly refunds: Money;
  /** payments + credits − charges − refunds. */
  readonly balance: Money;
  /** Expected costs of scheduled sessions not paid by a block. */
  readonly scheduled: Money;
  /** balance − scheduled: what the client can still spend ("available credit"). */
  readonly available: Money;
}

export function accountBalance(clientId: string, totals: AccountTotals, currency: string): AccountBalance {
  const m = (amount: number): Money => ({ amount, currency });
  return {
    clientId,
    payments: m(totals.payments),
    credits: m(totals.credits),
    charges: m(totals.charges),
    refunds: m(totals.refunds),
    balance: m(totals.balance),
    scheduled: m(totals.held),
    available: m(totals.balance - totals.held),
  };
}

export interface AccountEntryDraft {
  kind: AccountEntryKind;
  amount?: number;
  held?: number;
  sessionId?: string | null;
  attendanceId?: string | null;
  invoiceId?: string | null;
  reason?: string | null;
  correctsEntryId?: string | null;
}

/**
 * One client's account inside a command, with the client's lock held:
 * entries are appended through `post`, numbered in order, and written by `save`.
 */
export class AccountLedger {
  private readonly pending: AccountEntry[] = [];

  private constructor(
    private readonly ctx: CommandContext,
    readonly clientId: string,
    private readonly entries: AccountEntry[],
  ) {}

  static async load(ctx: CommandContext, clientId: string): Promise<AccountLedger> {
    return new AccountLedger(ctx, clientId, [...(await ctx.tx.accounts.listByClient(clientId))]);
  }

  get allEntries(): readonly AccountEntry[] {
    return this.entries;
  }

  get totals(): AccountTotals {
    return foldAccount(this.entries);
  }

  /** The live hold of one attendance, in minor units (0 when it holds nothing here). */
  heldFor(attendanceId: string): number {
    let held = 0;
    for (const entry of this.entries) if (entry.attendanceId === attendanceId) held += entry.held;
    return held;
  }

  /** The net charge standing against one attendance (charges less their reversals), minor units. */
  chargedFor(attendanceId: string): { amount: number; entryId: string | null } {
    let amount = 0;
    let entryId: string | null = null;
    for (const entry of this.entries) {
      if (entry.attendanceId !== attendanceId) continue;
      if (entry.kind === 'charge') {
        amount -= entry.amount;
        entryId = entry.id;
      } else if (entry.kind === 'adjust') amount -= entry.amount;
    }
    return { amount, entryId };
  }

  post(draft: AccountEntryDraft): AccountEntry {
    const entry: AccountEntry = {
      tenantId: this.ctx.actor.tenantId,
      id: this.ctx.ids(),
      clientId: this.clientId,
      seq: this.entries.length + 1,
      kind: draft.kind,
      amount: draft.amount ?? 0,
      held: draft.held ?? 0,
      sessionId: draft.sessionId ?? null,
      attendanceId: draft.attendanceId ?? null,
      invoiceId: draft.invoiceId ?? null,
      actor: actorRef(this.ctx.actor),
      at: this.ctx.at,
      reason: draft.reason ?? null,
      correctsEntryId: draft.correctsEntryId ?? null,
    };
    this.entries.push(entry);
    this.pending.push(entry);
    return entry;
  }

  get unsaved(): readonly AccountEntry[] {
    return this.pending;
  }

  async save(): Promise<void> {
    if (this.pending.length > 0) await this.ctx.tx.accounts.append(this.pending.splice(0));
  }
}
