import { SessionsError } from '../errors.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { BlockStatus } from './block.js';

/** Statuses that count towards a client's limit of live blocks. */
export const LIVE_STATUSES: readonly BlockStatus[] = ['draft', 'pending', 'active'];

/**
 * By default a client holds one live block at a time. The limit is checked
 * when a block is created or restored (with the client's lock held), so no
 * later step — a payment arriving, say — can ever be refused because of it.
 */
export async function assertLiveBlockLimit(ctx: CommandContext, clientId: string, exceptBlockId: string | null) {
  const limit = ctx.settings.maxActiveBlocksPerClient;
  const live = (await ctx.tx.blocks.listByClient(clientId)).filter(
    (b) => b.id !== exceptBlockId && !b.deletedAt && LIVE_STATUSES.includes(b.status),
  );
  if (live.length >= limit) {
    throw new SessionsError(
      'ACTIVE_BLOCK_LIMIT',
      `Client already has ${live.length} live block${live.length === 1 ? '' : 's'} (${live.map((b) => `${b.name}: ${b.status}`).join(', ')}) and the practice allows ${limit}. Complete or cancel one first, or raise maxActiveBlocksPerClient.`,
      { clientId, limit, liveBlockIds: live.map((b) => b.id) },
    );
  }
}
