import { modeOf, type Shortfall, shortfallFor } from '../accounts/enforcement.js';
import type { Block } from '../blocks/block.js';
import { listPrice, listWage } from '../completion/charges.js';
import { type BookingRequest, checkEligibility, insufficientCredit } from '../credits/eligibility.js';
import { isSessionsError, notFound } from '../errors.js';
import type { Client } from '../records/people.js';
import type { Service } from '../records/service.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Books } from './books.js';

/** How a client's place in a session came to be paid for, for the caller to show. */
export interface LinkOutcome {
  readonly clientId: string;
  readonly blockId: string | null;
  readonly blockName: string | null;
  /** `auto`: chosen by the library; `named`: the caller named it; `none`: billed to the account. */
  readonly how: 'auto' | 'named' | 'none';
  /** Why no block was linked, when none was. */
  readonly reason: string | null;
}

export interface Placement {
  readonly link: LinkOutcome;
  /** Minor units: the held unit's value on a block, or the list price billed to the account. */
  readonly cost: number;
  readonly wage: number;
  /** Set when the session goes on the account and the account mode finds something missing. */
  readonly shortfall: Shortfall | null;
}

/**
 * Blocks a booking could be paid from, in the order they are used: soonest
 * expiry first (blocks that never expire last), then the oldest.
 */
export function byExpiry(a: Block, b: Block): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}

/** Whether a block can pay for a booking now; the reason it cannot, in words, if not. */
export async function canPay(
  ctx: CommandContext,
  books: Books,
  block: Block,
  request: BookingRequest,
): Promise<string | null> {
  try {
    const ledger = await books.block(block.id, request.sessionId);
    const { units } = await checkEligibility(ctx, ledger.block, request);
    const available = ledger.totals.buckets.available.units;
    if (units > available) return insufficientCredit(ledger.block, units, available).message;
    return null;
  } catch (error) {
    if (isSessionsError(error)) return error.message;
    throw error;
  }
}

/** The client's block that pays for a booking, soonest-expiring first; or null with the reasons none can. */
export async function findPayingBlock(
  ctx: CommandContext,
  books: Books,
  client: Client,
  request: BookingRequest,
): Promise<{ block: Block | null; reason: string | null }> {
  const blocks = (await ctx.tx.blocks.listByClient(client.id))
    .filter((b) => b.deletedAt === null && b.status !== 'cancelled')
    .sort(byExpiry);
  const reasons: string[] = [];
  for (const block of blocks) {
    const reason = await canPay(ctx, books, block, request);
    if (reason === null) return { block, reason: null };
    reasons.push(reason);
  }
  return { block: null, reason: reasons.length === 0 ? `${client.name} has no block.` : reasons.join(' ') };
}

/**
 * Decide how one client's place in a session is paid for and hold it: on the
 * named block (which must be able to pay), on a block found for it, or on the
 * client's account at the service's price — in which case the account mode
 * is asked whether anything is missing. Nothing is refused here for the mode:
 * the caller weighs every client's shortfall together.
 */
export async function place(
  ctx: CommandContext,
  books: Books,
  args: {
    readonly client: Client;
    readonly blockId: string | null | undefined;
    readonly service: Service;
    readonly request: BookingRequest;
    readonly sessionId: string;
  },
): Promise<Placement> {
  const { client, service, request } = args;
  const wage = listWage(service, request.minutes ?? service.durationMinutes);
  let block: Block | null = null;
  let how: LinkOutcome['how'] = 'none';
  let reason: string | null = null;
  if (args.blockId) {
    const ledger = await books.block(args.blockId);
    if (ledger.block.clientId !== client.id) throw notFound('block', args.blockId);
    block = ledger.block;
    how = 'named';
  } else if (args.blockId === undefined) {
    ({ block, reason } = await findPayingBlock(ctx, books, client, request));
    if (block) how = 'auto';
  } else {
    reason = 'No block was asked for.';
  }
  if (block) {
    const cost = await books.holdOnBlock(block.id, request);
    return {
      link: { clientId: client.id, blockId: block.id, blockName: block.name, how, reason: null },
      cost,
      wage,
      shortfall: null,
    };
  }
  const cost = listPrice(service, request.minutes ?? service.durationMinutes);
  const account = await books.account(client.id);
  const shortfall = shortfallFor(modeOf(ctx.settings, client), client, account.totals, cost);
  await books.holdOnAccount({ id: request.sessionId, sessionId: args.sessionId, clientId: client.id }, cost);
  return {
    link: { clientId: client.id, blockId: null, blockName: null, how: 'none', reason },
    cost,
    wage,
    shortfall,
  };
}
