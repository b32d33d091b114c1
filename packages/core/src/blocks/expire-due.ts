import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { type Actor, parseActor, requireKind } from '../actor.js';
import { isSessionsError, type SessionsError } from '../errors.js';
import { type CommandSpec, loadSettings, type Runtime, runCommand } from '../runtime/runtime.js';
import { parseInput } from '../validation.js';
import type { BlockView } from './block-ledger.js';
import { expireBlock, expiryInstant } from './expiry.js';

export type ExpireDueItem =
  | { readonly blockId: string; readonly ok: true; readonly view: BlockView }
  | { readonly blockId: string; readonly ok: false; readonly error: SessionsError };

const expireDueInput = z.object({}).strict().optional();

/**
 * The sweep a host runs on a schedule (hourly, say): every active block whose
 * expiry date has ended in the practice's zone is expired, each in its own
 * transaction so one failure does not hold back the rest. Running it twice is
 * harmless: a block already expired is no longer due.
 */
export async function expireDueBlocks(
  runtime: Runtime,
  rawActor: unknown,
  rawInput?: unknown,
): Promise<ExpireDueItem[]> {
  const actor: Actor = parseActor(rawActor);
  requireKind(actor, expireBlock.allowed, 'expire blocks');
  parseInput(expireDueInput, rawInput, 'blocks.expireDue input');
  const now = runtime.clock.now();
  const due = await runtime.store.transaction(actor.tenantId, async (tx) => {
    const { timeZone } = await loadSettings(runtime, tx);
    const active = await tx.blocks.listByStatus(['active']);
    return active.filter((block) => {
      const expiry = expiryInstant(block, timeZone);
      return block.deletedAt === null && expiry !== null && Temporal.Instant.compare(now, expiry) >= 0;
    });
  });
  const items: ExpireDueItem[] = [];
  for (const block of due) {
    try {
      const view = await runCommand(runtime, expireBlock as CommandSpec<typeof expireBlock.input, BlockView>, actor, {
        blockId: block.id,
      });
      items.push({ blockId: block.id, ok: true, view });
    } catch (error) {
      // A block changed since the scan (extended, cancelled) is simply no longer due.
      if (!isSessionsError(error)) throw error;
      items.push({ blockId: block.id, ok: false, error });
    }
  }
  return items;
}
