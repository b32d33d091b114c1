import { type Actor, actorRef } from '../actor.js';
import { notFound, SessionsError } from '../errors.js';
import { type BlockBalance, balanceFromTotals } from '../ledger/balance.js';
import type { Bucket, EntryKind, LedgerEntry } from '../ledger/entry.js';
import {
  foldLedger,
  LedgerAccumulator,
  type LedgerTotals,
  type SessionEffect,
  sessionEffect,
} from '../ledger/totals.js';
import type { LedgerSummary, StoreTransaction } from '../ports/store.js';
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
  // A block's client never changes, so reading it before the lock is safe (and a store may cache it).
  const clientId = await tx.blocks.clientIdOf(blockId);
  return clientId ? [`client:${clientId}`, `block:${blockId}`] : [`block:${blockId}`];
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
 * It starts from the store's summary of the ledger (running totals and the
 * last seq) — one read, however long the history — and reads a session's own
 * entries only when a command asks about that session. Entries are appended
 * through `post`, which numbers them and keeps the running totals current, so
 * a command can check the balance between moves. Commands that need the whole
 * history (corrections) load it with `{ history: true }`.
 */
export class BlockLedger {
  private readonly pending: LedgerEntry[] = [];
  private changed = false;
  private memo: { block: Block; totals: LedgerTotals; balance: BlockBalance } | null = null;
  private readonly running: LedgerAccumulator;
  /** The totals as loaded, or as of the last `checkpoint()`: what events compare against. */
  private before: LedgerTotals;
  /** Entries of the sessions asked about (loaded ones, then this command's), by session. */
  private readonly bySession = new Map<string, LedgerEntry[]>();
  private lastSeq: number;
  private sessions: number;

  private constructor(
    private readonly ctx: CommandContext,
    public block: Block,
    summary: LedgerSummary,
    private readonly history: LedgerEntry[] | null,
  ) {
    this.running = LedgerAccumulator.from(summary.totals);
    this.before = this.running.totals();
    this.lastSeq = summary.lastSeq;
    this.sessions = summary.sessions;
  }

  /**
   * Load a block for a command: with `history`, every entry; otherwise the
   * summary, and the entries of the `sessions` the command is about (read in
   * the same call, so a booking costs one read).
   */
  static async load(
    ctx: CommandContext,
    blockId: string,
    options: { allowDeleted?: boolean; history?: boolean; sessions?: readonly string[] } = {},
  ): Promise<BlockLedger> {
    if (options.history) {
      const block = visible(ctx, await ctx.tx.blocks.get(blockId), blockId, options);
      const entries = [...(await ctx.tx.ledger.listByBlock(blockId))];
      return new BlockLedger(ctx, block, summaryOf(entries), entries);
    }
    const sessions = options.sessions ?? [];
    const opened = await ctx.tx.ledger.openBlock(blockId, sessions);
    const ledger = new BlockLedger(ctx, visible(ctx, opened.block, blockId, options), opened.summary, null);
    for (const sessionId of sessions)
      ledger.bySession.set(
        sessionId,
        opened.entries.filter((e) => e.sessionId === sessionId),
      );
    return ledger;
  }

  /** Start the ledger of a block that is being created. */
  static create(ctx: CommandContext, block: Block): BlockLedger {
    return new BlockLedger(ctx, block, summaryOf([]), []);
  }

  /** Every entry, oldest first: only for a ledger loaded with `{ history: true }`. */
  get allEntries(): readonly LedgerEntry[] {
    if (!this.history) throw new Error('BlockLedger: the whole history was not loaded; load with { history: true }');
    return this.history;
  }

  /** The entries naming one session (loaded on first ask), this command's included. */
  async entriesOf(sessionId: string): Promise<readonly LedgerEntry[]> {
    let list = this.bySession.get(sessionId);
    if (!list) {
      list = this.history
        ? this.history.filter((e) => e.sessionId === sessionId)
        : [...(await this.ctx.tx.ledger.listBySession(this.block.id, sessionId))];
      this.bySession.set(sessionId, list);
    }
    return list;
  }

  /** Where one session's units are on this block: held, posted, or neither (null: never booked here). */
  async effectOf(sessionId: string): Promise<SessionEffect | null> {
    const entries = await this.entriesOf(sessionId);
    const effect = sessionEffect(entries, sessionId);
    return effect && { ...effect, number: entries[0]?.sessionNumber ?? effect.number };
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

  /**
   * Append an entry. One naming a session carries the session's number on the
   * block: the number it got when first booked here, or the next one. Post a
   * session's entries after `effectOf`/`entriesOf` has read them.
   */
  post(draft: EntryDraft): LedgerEntry {
    const sessionId = draft.sessionId ?? null;
    let sessionNumber: number | null = null;
    let known: LedgerEntry[] | undefined;
    if (sessionId !== null) {
      known = this.bySession.get(sessionId) ?? this.history?.filter((e) => e.sessionId === sessionId);
      if (known === undefined) {
        throw new Error(`BlockLedger: read session "${sessionId}" with effectOf() before posting for it`);
      }
      sessionNumber = known[0]?.sessionNumber ?? ++this.sessions;
    }
    const entry: LedgerEntry = {
      tenantId: this.block.tenantId,
      id: this.ctx.ids(),
      blockId: this.block.id,
      seq: ++this.lastSeq,
      kind: draft.kind,
      from: draft.from,
      to: draft.to,
      units: draft.units ?? 0,
      value: draft.value ?? 0,
      firstUnit: draft.firstUnit ?? false,
      amount: draft.amount ?? 0,
      writeOff: draft.writeOff ?? 0,
      sessionId,
      sessionNumber,
      invoiceId: draft.invoiceId ?? null,
      actor: actorRef(this.ctx.actor),
      at: this.ctx.at,
      reason: draft.reason ?? null,
      correctsEntryId: draft.correctsEntryId ?? null,
    };
    this.history?.push(entry);
    if (sessionId !== null) {
      const list = known as LedgerEntry[];
      list.push(entry);
      this.bySession.set(sessionId, list);
    }
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

/** The block a command may change: visible to the actor, and not deleted unless allowed. */
function visible(
  ctx: CommandContext,
  block: Block | null,
  blockId: string,
  options: { allowDeleted?: boolean },
): Block {
  // A client asking for someone else's block learns nothing, not even that it exists.
  if (!block || (ctx.actor.kind === 'client' && block.clientId !== ctx.actor.id)) throw notFound('block', blockId);
  if (block.deletedAt && !options.allowDeleted) {
    throw new SessionsError('NOT_FOUND', `Block "${blockId}" was deleted; restore it before changing it.`, {
      entity: 'block',
      id: blockId,
      deleted: true,
    });
  }
  return block;
}

/** The summary of a list of entries: what a store keeps for a block. */
export function summaryOf(entries: readonly LedgerEntry[]): LedgerSummary {
  let lastSeq = 0;
  let sessions = 0;
  for (const entry of entries) {
    if (entry.seq > lastSeq) lastSeq = entry.seq;
    if (entry.sessionNumber !== null && entry.sessionNumber > sessions) sessions = entry.sessionNumber;
  }
  return { lastSeq, sessions, totals: foldLedger(entries) };
}

export interface BlockView {
  readonly block: Block;
  readonly balance: BlockBalance;
}
