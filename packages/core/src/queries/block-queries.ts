import { z } from 'zod';
import type { Actor } from '../actor.js';
import { BLOCK_STATUSES, type Block } from '../blocks/block.js';
import { type BlockView, getVisibleBlock, summaryOf } from '../blocks/block-ledger.js';
import { idSchema } from '../blocks/schemas.js';
import { SessionsError } from '../errors.js';
import { balanceFromTotals } from '../ledger/balance.js';
import type { LedgerEntry } from '../ledger/entry.js';
import type { StoreTransaction } from '../ports/store.js';
import type { QuerySpec } from '../runtime/runtime.js';

const blockIdInput = z.object({ blockId: idSchema }).strict();

/** One block with its balance. Clients see only their own blocks. */
export const getBlock: QuerySpec<typeof blockIdInput, BlockView> = {
  name: 'blocks.get',
  input: blockIdInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read a block',
  async run({ tx, actor }, { blockId }) {
    const block = await getVisibleBlock(tx, actor, blockId);
    return viewOf(tx, block);
  },
};

export const listBlocksInput = z
  .object({
    /** Required for practitioners and staff when the practice is large; a client always sees only their own. */
    clientId: idSchema.optional(),
    statuses: z.array(z.enum(BLOCK_STATUSES)).min(1).optional(),
    includeDeleted: z.boolean().default(false),
  })
  .strict()
  .default({ includeDeleted: false });

/** Blocks with balances, oldest first. A client listing blocks gets their own, whatever `clientId` says. */
export const listBlocks: QuerySpec<typeof listBlocksInput, BlockView[]> = {
  name: 'blocks.list',
  input: listBlocksInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'list blocks',
  async run({ tx, actor }, input) {
    const clientId = ownClientId(actor, input.clientId);
    let blocks: Block[];
    if (clientId !== undefined) {
      blocks = await tx.blocks.listByClient(clientId);
      if (input.statuses) blocks = blocks.filter((b) => input.statuses?.includes(b.status));
    } else {
      blocks = input.statuses ? await tx.blocks.listByStatus(input.statuses) : await tx.blocks.list();
    }
    const visible = blocks.filter((b) => input.includeDeleted || b.deletedAt === null);
    return viewsOf(tx, visible);
  },
};

/** The block's ledger entries in the order they were appended: the audit trail behind every balance. */
export const blockHistory: QuerySpec<typeof blockIdInput, LedgerEntry[]> = {
  name: 'blocks.history',
  input: blockIdInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read a block’s history',
  async run({ tx, actor }, { blockId }) {
    const block = await getVisibleBlock(tx, actor, blockId);
    return tx.ledger.listByBlock(block.id);
  },
};

export async function viewOf(tx: StoreTransaction, block: Block): Promise<BlockView> {
  return { block, balance: balanceFromTotals(block, (await tx.ledger.summary(block.id)).totals) };
}

/** Views of many blocks, their summaries read in one call. */
export async function viewsOf(tx: StoreTransaction, blocks: readonly Block[]): Promise<BlockView[]> {
  const summaries = await tx.ledger.summaries(blocks.map((b) => b.id));
  return blocks.map((block) => ({
    block,
    balance: balanceFromTotals(block, (summaries.get(block.id) ?? EMPTY).totals),
  }));
}

const EMPTY = summaryOf([]);

/** A client may only ask about themself; asking for another client is refused, not silently rewritten. */
export function ownClientId(actor: Actor, clientId: string | undefined): string | undefined {
  if (actor.kind !== 'client') return clientId;
  if (clientId !== undefined && clientId !== actor.id) {
    throw new SessionsError('FORBIDDEN', 'A client may only read their own blocks and invoices.', {
      issues: [{ path: ['clientId'], message: 'must be your own client id' }],
    });
  }
  return actor.id;
}
