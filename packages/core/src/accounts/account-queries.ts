import { z } from 'zod';
import { idSchema } from '../blocks/schemas.js';
import { notFound } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import { ownClientId } from '../queries/block-queries.js';
import type { QuerySpec } from '../runtime/runtime.js';
import type { TenantSettings } from '../settings/settings.js';
import type { AccountEntry } from './account-entry.js';
import { type AccountBalance, accountBalance, foldAccount } from './account-ledger.js';
import type { AccountMode } from './account-mode.js';
import { modeOf } from './enforcement.js';

/** A client's account: the mode that applies and the numbers behind it. */
export interface AccountView {
  readonly clientId: string;
  readonly mode: AccountMode;
  /** Whether the mode is the client's own or the practice's. */
  readonly modeFrom: 'client' | 'practice';
  readonly balance: AccountBalance;
}

export async function accountView(
  tx: StoreTransaction,
  settings: TenantSettings,
  clientId: string,
): Promise<AccountView> {
  const client = await tx.clients.get(clientId);
  if (!client) throw notFound('client', clientId);
  const totals = foldAccount(await tx.accounts.listByClient(clientId));
  return {
    clientId,
    mode: modeOf(settings, client),
    modeFrom: client.accountMode ? 'client' : 'practice',
    balance: accountBalance(clientId, totals, settings.currency),
  };
}

const clientInput = z.object({ clientId: idSchema }).strict();

/** The account's balance and available credit; a client reads only their own. */
export const getAccount: QuerySpec<typeof clientInput, AccountView> = {
  name: 'accounts.get',
  input: clientInput,
  allowed: ['client', 'staff', 'admin'],
  action: 'read an account',
  async run({ tx, actor, settings }, input) {
    const clientId = ownClientId(actor, input.clientId) as string;
    return accountView(tx, settings, clientId);
  },
};

/** Every entry of the account, in order: payments, holds, charges, refunds, credits, corrections. */
export const accountHistory: QuerySpec<typeof clientInput, AccountEntry[]> = {
  name: 'accounts.history',
  input: clientInput,
  allowed: ['client', 'staff', 'admin'],
  action: "read an account's history",
  async run({ tx, actor }, input) {
    const clientId = ownClientId(actor, input.clientId) as string;
    if (!(await tx.clients.get(clientId))) throw notFound('client', clientId);
    return tx.accounts.listByClient(clientId);
  },
};
