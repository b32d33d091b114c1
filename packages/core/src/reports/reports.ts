import { z } from 'zod';
import { type AccountBalance, accountBalance, foldAccount } from '../accounts/account-ledger.js';
import type { Block } from '../blocks/block.js';
import type { BlockView } from '../blocks/block-ledger.js';
import { LIVE_STATUSES } from '../blocks/limits.js';
import { idSchema } from '../blocks/schemas.js';
import { notFound } from '../errors.js';
import type { Money } from '../money.js';
import { ownClientId, viewsOf } from '../queries/block-queries.js';
import type { Client } from '../records/people.js';
import type { QuerySpec } from '../runtime/runtime.js';
import { decodePageKey, encodePageKey, pageInputShape } from './cursor.js';

/** One row of the active-packages report. */
export interface ActivePackage extends BlockView {
  readonly client: { readonly id: string; readonly name: string };
}

export interface ReportPage<T> {
  readonly items: readonly T[];
  /** Pass as `after` for the next page; null after the last. */
  readonly next: string | null;
}

const activeInput = z
  .object({ ...pageInputShape })
  .strict()
  .default({ limit: 100 });

/**
 * Active packages, oldest first, a page at a time: each block with its
 * balance (from the store's summaries: two reads per page) and its client.
 */
export const activePackages: QuerySpec<typeof activeInput, ReportPage<ActivePackage>> = {
  name: 'reports.activePackages',
  input: activeInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'read the active packages report',
  async run({ tx }, input) {
    const after = input.after ? decodePageKey(input.after, 'report page') : null;
    const read = await tx.blocks.listByStatus(['active'], { after, limit: input.limit });
    const blocks = read.filter((b) => b.deletedAt === null);
    const views = await viewsOf(tx, blocks);
    const clients = new Map(
      (await tx.clients.getMany([...new Set(blocks.map((b) => b.clientId))])).map((c) => [c.id, c]),
    );
    const items = views.map((v) => ({
      ...v,
      client: { id: v.block.clientId, name: clients.get(v.block.clientId)?.name ?? '' },
    }));
    const last = read.at(-1);
    return {
      items,
      next: read.length === input.limit && last ? encodePageKey({ key: last.createdAt, id: last.id }) : null,
    };
  },
};

const historyInput = z.object({ clientId: idSchema, includeDeleted: z.boolean().default(false) }).strict();

/** A client's package history: every block, newest first, with its balance. */
export interface PackageHistory {
  readonly client: Client;
  readonly blocks: readonly BlockView[];
  /** Units and money over all of them. */
  readonly totals: {
    readonly purchased: number;
    readonly consumed: number;
    readonly remaining: number;
    readonly paid: Money;
  };
}

export const packageHistory: QuerySpec<typeof historyInput, PackageHistory> = {
  name: 'reports.packageHistory',
  input: historyInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: "read a client's package history",
  async run({ tx, actor, settings }, input) {
    const clientId = ownClientId(actor, input.clientId) as string;
    const client = await tx.clients.get(clientId);
    if (!client) throw notFound('client', clientId);
    const blocks = (await tx.blocks.listByClient(clientId))
      .filter((b) => (input.includeDeleted && actor.kind !== 'client' ? true : b.deletedAt === null))
      .reverse();
    const views = await viewsOf(tx, blocks);
    const sum = (f: (v: BlockView) => number) => views.reduce((total, v) => total + f(v), 0);
    return {
      client,
      blocks: views,
      totals: {
        purchased: sum((v) => (v.block.unitKind === 'sessions' ? v.balance.purchased : 0)),
        consumed: sum((v) => (v.block.unitKind === 'sessions' ? v.balance.consumed : 0)),
        remaining: sum((v) =>
          v.block.unitKind === 'sessions' && LIVE_STATUSES.includes(v.block.status) ? v.balance.remaining : 0,
        ),
        paid: { amount: sum((v) => v.balance.paid.amount), currency: settings.currency },
      },
    };
  },
};

const balancesInput = z
  .object({ ...pageInputShape })
  .strict()
  .default({ limit: 100 });

/** One client's money position: their account, and the units and value left on live blocks. */
export interface ClientBalance {
  readonly client: { readonly id: string; readonly name: string };
  readonly account: AccountBalance;
  readonly liveBlocks: number;
  /** Units left (sessions blocks), and the value of everything left, on live blocks. */
  readonly remainingSessions: number;
  readonly remainingValue: Money;
}

/** Client balances, by client creation, a page at a time. */
export const clientBalances: QuerySpec<typeof balancesInput, ReportPage<ClientBalance>> = {
  name: 'reports.clientBalances',
  input: balancesInput,
  allowed: ['staff', 'admin'],
  action: 'read client balances',
  async run({ tx, settings }, input) {
    const after = input.after ? decodePageKey(input.after, 'report page') : null;
    const clients = await tx.clients.list({ after, limit: input.limit });
    const items: ClientBalance[] = [];
    for (const client of clients) {
      const live = (await tx.blocks.listByClient(client.id)).filter(
        (b: Block) => b.deletedAt === null && LIVE_STATUSES.includes(b.status),
      );
      const views = await viewsOf(tx, live);
      items.push({
        client: { id: client.id, name: client.name },
        account: accountBalance(client.id, foldAccount(await tx.accounts.listByClient(client.id)), settings.currency),
        liveBlocks: live.length,
        remainingSessions: views.reduce((n, v) => n + (v.block.unitKind === 'sessions' ? v.balance.remaining : 0), 0),
        remainingValue: {
          amount: views.reduce((n, v) => n + v.balance.remainingValue.amount, 0),
          currency: settings.currency,
        },
      });
    }
    const last = clients.at(-1);
    return {
      items,
      next: clients.length === input.limit && last ? encodePageKey({ key: last.createdAt, id: last.id }) : null,
    };
  },
};

/** What clients have paid for and not yet received: the prepaid value not yet delivered. */
export interface DeferredRevenue {
  /** Money received (net of refunds) for units still to be used: remaining and booked units, capped by what was paid. */
  readonly deferred: Money;
  /** Value of units booked but not yet delivered (reserved), part of the above when paid. */
  readonly booked: Money;
  readonly blocks: number;
}

/**
 * Deferred revenue: over every block that can still deliver (active,
 * completed-but-reopenable aside), the part of what was paid that covers
 * units not yet used. Reads every such block's summary, a page at a time.
 */
export const deferredRevenue: QuerySpec<z.ZodOptional<z.ZodObject<Record<string, never>>>, DeferredRevenue> = {
  name: 'reports.deferredRevenue',
  input: z.object({}).strict().optional(),
  allowed: ['staff', 'admin'],
  action: 'read deferred revenue',
  async run({ tx, settings }) {
    let after: { key: string; id: string } | null = null;
    let deferred = 0;
    let booked = 0;
    let count = 0;
    for (;;) {
      // Page over every block (deleted ones are skipped after the read, so paging stays exact).
      const read: Block[] = await tx.blocks.listByStatus(['active', 'pending'], { after, limit: 1000 });
      for (const { balance } of await viewsOf(
        tx,
        read.filter((b) => b.deletedAt === null),
      )) {
        const undelivered = balance.remainingValue.amount + balance.reservedValue.amount;
        const net = balance.paid.amount - balance.refundedAmount.amount;
        const delivered = balance.consumedValue.amount + balance.forfeitedValue.amount;
        // Paid money first pays for what was delivered; what is left is owed in sessions.
        deferred += Math.max(0, Math.min(undelivered, net - delivered));
        booked += Math.max(0, Math.min(balance.reservedValue.amount, net - delivered));
        count += 1;
      }
      const last = read.at(-1);
      if (read.length < 1000 || !last) break;
      after = { key: last.createdAt, id: last.id };
    }
    return {
      deferred: { amount: deferred, currency: settings.currency },
      booked: { amount: booked, currency: settings.currency },
      blocks: count,
    };
  },
};
