import { type Actor, actorRef } from '../actor.js';
import { notFound, SessionsError } from '../errors.js';
import { type BlockBalance, balanceFromTotals } from '../ledger/balance.js';
import type { Bucket, EntryKind, LedgerEntry } from '../ledger/entry.js';
import { LedgerAccumulator, type LedgerTotals } from '../ledger/totals.js';
import type { StoreTransaction } from '../ports/store.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Block } from './block.js';

/** Find a block the actor may see: clients see only their own, and nobody sees another tenant's. */
export async function getVisibleBlock(tx: StoreTransaction, actor: Actor, blockId: string): Promise<Block> {
  const block = await tx.blocks.get(blockId);
  // A client asking for someone else's block learns nothing, not even that it exists.
  if (!block || (actor.kind === 'client' && block.clientId !== actor.id)) throw notFound('block', blockId);
  return block;
}

/** The lock keys for a command on a block: its client first, then the block itself. */
export async function blockLocks(tx: StoreTransaction, blockId: string): Promise<string[]> {
  // A block's client never changes, so reading it before the lock is safe.
  const block = await tx.blocks.get(blockId);
  return block ? [`client:${block.clientId}`, `block:${block.id}`] : [`block:${blockId}`];
}

export interface EntryDraft {
  kind: EntryKind;
  from: Bucket | null;
  to: Bucket | null;
  units?: number;
  value?: number;
  firstUnit?: boolean;
  amount?: number;
  writeOff?: number;
  sessionId?: string | null;
  invoiceId?: string | null;
  reason?: string | null;
  correctsEntryId?: string | null;
}

/**
 * A block and its ledger inside one command, after the block's lock is held.
 * Entries are appended through `post`, which numbers them and keeps the
 * running totals current, so a command can check the balance between moves.
 */
export class BlockLedger {
  private readonly pending: LedgerEntry[] = [];
  private changed = false;
  private memo: { block: Block; totals: LedgerTotals; balance: BlockBalance } | null = null;
  private readonly running = new LedgerAccumulator();
  /** The totals as loaded, or as of the last `checkpoint()`: what events compare against. */
  private before: LedgerTotals;

  private constructor(
    private readonly ctx: CommandContext,
    public block: Block,
    private readonly entries: LedgerEntry[],
  ) {
    for (const entry of entries) this.running.apply(entry);
    this.before = this.running.totals();
  }

  static async load(
    ctx: CommandContext,
    blockId: string,
    options: { allowDeleted?: boolean } = {},
  ): Promise<BlockLedger> {
    const block = await getVisibleBlock(ctx.tx, ctx.actor, blockId);
    if (block.deletedAt && !options.allowDeleted) {
      throw new SessionsError('NOT_FOUND', `Block "${blockId}" was deleted; restore it before changing it.`, {
        entity: 'block',
        id: blockId,
        deleted: true,
      });
    }
    const entries = await ctx.tx.ledger.listByBlock(blockId);
    return new BlockLedger(ctx, block, [...entries]);
  }

  /** Start the ledger of a block that is being created. */
  static create(ctx: CommandContext, block: Block): BlockLedger {
    return new BlockLedger(ctx, block, []);
  }

  get allEntries(): readonly LedgerEntry[] {
    return this.entries;
  }

  get totals(): LedgerTotals {
    return this.running.totals();
  }

  get balance(): BlockBalance {
    // Commands read the balance several times between moves; build it once per state.
    const { block } = this;
    const totals = this.running.totals();
    if (this.memo?.block !== block || this.memo.totals !== totals) {
      this.memo = { block, totals, balance: balanceFromTotals(block, totals) };
    }
    return this.memo.balance;
  }

  /** The balance as it was before this command posted anything (or at the last checkpoint). */
  get balanceBefore(): BlockBalance {
    return balanceFromTotals(this.block, this.before);
  }

  /** Mark the moves so far as reported, so a threshold crossed once is announced once. */
  checkpoint(): void {
    this.before = this.running.totals();
  }

  /** Entries posted by this command and not yet saved. */
  get unsaved(): readonly LedgerEntry[] {
    return this.pending;
  }

  post(draft: EntryDraft): LedgerEntry {
    const entry: LedgerEntry = {
      tenantId: this.block.tenantId,
      id: this.ctx.ids(),
      blockId: this.block.id,
      seq: this.entries.length + 1,
      kind: draft.kind,
      from: draft.from,
      to: draft.to,
      units: draft.units ?? 0,
      value: draft.value ?? 0,
      firstUnit: draft.firstUnit ?? false,
      amount: draft.amount ?? 0,
      writeOff: draft.writeOff ?? 0,
      sessionId: draft.sessionId ?? null,
      invoiceId: draft.invoiceId ?? null,
      actor: actorRef(this.ctx.actor),
      at: this.ctx.at,
      reason: draft.reason ?? null,
      correctsEntryId: draft.correctsEntryId ?? null,
    };
    this.entries.push(entry);
    this.pending.push(entry);
    this.running.apply(entry);
    return entry;
  }

  /**
   * Change the block record; `updatedAt` is stamped here. Moving units does
   * not change the record — they live in the ledger — so a booking writes
   * only its entry, and `updatedAt` says when the terms or status last changed.
   */
  change(patch: Partial<Block>): void {
    this.block = { ...this.block, ...patch, updatedAt: this.ctx.at };
    this.changed = true;
  }

  /** Write the appended entries, and the block record if it changed. */
  async save(options: { insert?: boolean } = {}): Promise<void> {
    if (options.insert) await this.ctx.tx.blocks.insert(this.block);
    else if (this.changed) await this.ctx.tx.blocks.update(this.block);
    this.changed = false;
    if (this.pending.length > 0) await this.ctx.tx.ledger.append(this.pending.splice(0));
  }

  /** The result most block commands return: the block as it now is, with its balance. */
  view(): BlockView {
    return { block: this.block, balance: this.balance };
  }
}

export interface BlockView {
  readonly block: Block;
  readonly balance: BlockBalance;
}
