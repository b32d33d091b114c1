import { type Actor, isStaff } from '../actor.js';
import { SessionsError } from '../errors.js';
import { formatMoney } from '../money.js';
import type { Client } from '../records/people.js';
import type { TenantSettings } from '../settings/settings.js';
import type { AccountTotals } from './account-ledger.js';
import type { AccountMode, AccountModeKind } from './account-mode.js';

/** The mode that applies to a client: their own, or the practice's. */
export function modeOf(settings: TenantSettings, client: Pick<Client, 'accountMode'>): AccountMode {
  return client.accountMode ?? settings.accountMode;
}

/** What an account mode finds missing for one unlinked session. */
export interface Shortfall {
  readonly clientId: string;
  readonly clientName: string;
  readonly mode: AccountModeKind;
  /** `money`: amounts in minor units; `units`: the prepaid sessions package mode needs. */
  readonly unit: 'money' | 'units';
  readonly needed: number;
  readonly available: number;
  readonly missing: number;
  /** How many sessions the shortfall is for, when it covers several (a series, a class). */
  readonly sessions?: number;
}

/**
 * Whether a client's account lets a session that no block pays for be added.
 * `cost` is the session's expected cost. A session a block pays for never
 * reaches here: the block has paid for it.
 */
export function shortfallFor(mode: AccountMode, client: Client, totals: AccountTotals, cost: number): Shortfall | null {
  const base = { clientId: client.id, clientName: client.name, mode: mode.kind };
  switch (mode.kind) {
    case 'open':
      return null;
    case 'minimum_threshold': {
      const needed = mode.minimum.amount;
      if (totals.balance >= needed) return null;
      return { ...base, unit: 'money', needed, available: totals.balance, missing: needed - totals.balance };
    }
    case 'available_credit': {
      const available = totals.balance - totals.held;
      if (available >= cost) return null;
      return { ...base, unit: 'money', needed: cost, available, missing: cost - available };
    }
    case 'package':
      return { ...base, unit: 'units', needed: 1, available: 0, missing: 1 };
  }
}

function describe(s: Shortfall, currency: string): string {
  const m = (amount: number) => formatMoney({ amount, currency });
  const many = s.sessions !== undefined && s.sessions > 1;
  switch (s.mode) {
    case 'minimum_threshold':
      return `${s.clientName}'s account balance is ${m(s.available)}; the practice requires at least ${m(s.needed)} to add a session (${m(s.missing)} missing)`;
    case 'available_credit':
      return many
        ? `${s.clientName} has ${m(s.available)} of available credit but the ${s.sessions} sessions no block covers cost ${m(s.needed)} (${m(s.missing)} missing)`
        : `${s.clientName} has ${m(s.available)} of available credit but the session costs ${m(s.needed)} (${m(s.missing)} missing)`;
    default:
      return many
        ? `${s.clientName} has no prepaid sessions for ${s.sessions} of the sessions (no block covers them), and the practice works in package mode`
        : `${s.clientName} has no prepaid session that covers this booking, and the practice works in package mode`;
  }
}

/**
 * What the account mode finds missing for several sessions of one client at
 * once: `cost` is their total, `totals` the account as it was before any of
 * them was held. Package mode counts the sessions no block covers.
 */
export function shortfallForMany(
  mode: AccountMode,
  client: Client,
  totals: AccountTotals,
  cost: number,
  sessions: number,
): Shortfall | null {
  if (sessions === 0) return null;
  const found = shortfallFor(mode, client, totals, cost);
  if (!found) return null;
  return mode.kind === 'package' ? { ...found, needed: sessions, missing: sessions, sessions } : { ...found, sessions };
}

/**
 * Refuse a booking the account mode does not allow: clients and practitioners
 * always; staff and admins unless they pass an override (which the caller
 * records). The error is the warning staff see.
 */
export function enforceAccountMode(
  actor: Actor,
  shortfalls: readonly Shortfall[],
  override: { reason: string } | undefined,
  currency: string,
): void {
  if (shortfalls.length === 0) return;
  const staff = isStaff(actor);
  if (staff && override) return;
  const what = shortfalls.map((s) => describe(s, currency)).join('; ');
  const hint = staff
    ? ' To schedule it anyway, pass override: { reason }; the override is recorded on the session.'
    : ' Buy a block or add credit to the account first, or ask the practice.';
  throw new SessionsError('INSUFFICIENT_CREDIT', `${what}.${hint}`, {
    shortfalls: shortfalls.map(({ clientName: _, ...s }) => s),
    overridable: staff,
    ...(shortfalls.length === 1 ? { missing: shortfalls[0]?.missing, needed: shortfalls[0]?.needed } : {}),
  });
}
