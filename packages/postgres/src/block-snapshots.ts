import type { LedgerEntry, LockReads } from '@sessions/core';
import { type BlockCommit, type CommitAnswer, commitBlocks } from './block-commit.js';
import { addMoves, combineMoves, movesOf, type TotalsRow } from './block-totals.js';
import type { SqlQueryable } from './driver.js';
import type { LockReadRow } from './lock-reads.js';

/**
 * What the store keeps of a block between optimistic credit moves, and how
 * moves on it commit (migration 011).
 *
 * After a move commits, the store knows the block as it stands — what was
 * read, plus what was written, at the version the commit returned — so the
 * next move on it runs with no read first. Moves on one block take turns
 * (`KeyedTurns`): each runs on the block as the moves before it leave it,
 * committed or not yet, and hands its writes here. At most one commit
 * statement per block is in flight; moves that finish while it is queue, and
 * go together in the next statement: one guard, their entries and events in
 * order. A block many clients book at once through one process is then one
 * statement per batch of bookings, not per booking, and never a race. Across
 * blocks, at most `commitsInFlight` statements are out; the blocks whose moves
 * are ready meanwhile share the next one (block-commit.ts), so under load a
 * round trip, and a transaction, carries several blocks' bookings.
 *
 * Nothing kept is trusted: each statement checks, under the locks, the
 * version it rests on and that the sessions its moves name have exactly the
 * entries assumed (the store knows a session's entries only if it read or
 * wrote them; for any other it assumes none). If another process wrote since,
 * nothing is written, everything kept of the block is dropped, and the moves
 * of that batch and of those queued behind it run again from a fresh read.
 */

/** What a command names, as a snapshot must match it. */
export interface SnapshotRead {
  readonly blockId: string;
  readonly sessionIds: readonly string[];
  readonly services: readonly string[];
  readonly practitioners: readonly string[];
}

export function snapshotRead(reads: LockReads): SnapshotRead | null {
  const opened = reads.openBlocks?.[0];
  if (!opened) return null;
  return {
    blockId: opened.blockId,
    sessionIds: [...new Set(opened.sessionIds)],
    services: [...new Set(reads.services ?? [])].sort(),
    practitioners: [...new Set(reads.practitioners ?? [])].sort(),
  };
}

/** How a staged move ended: written; refused because what it rested on was old; refused on a fresh read. */
export type StagedOutcome = 'committed' | 'stale' | 'changed';

/** A finished move waiting for its block's commit statement. */
export interface StagedMove {
  /** Its lock keys, scoped and sorted. */
  readonly keys: readonly string[];
  readonly sessionIds: readonly string[];
  /** Its entries as they will be stored: parsed back from `entryJson`, the move's own copies. */
  readonly entries: readonly LedgerEntry[];
  readonly entryJson: readonly string[];
  /** Its events, as a JSON array. */
  readonly events: string;
}

interface Waiting extends StagedMove {
  /** What its entries add to the block's summary row. */
  readonly moves: readonly number[];
  readonly settle: (outcome: StagedOutcome) => void;
  readonly fail: (error: unknown) => void;
}

/** What is kept of one block; a move hands its writes back to the state it ran on. */
export interface BlockState {
  readonly tenantId: string;
  readonly blockId: string;
  /** The services and practitioners read with the block (sorted): the version covers exactly these. */
  readonly services: readonly string[];
  readonly practitioners: readonly string[];
  /** As committed: the lock statement's reads (entries aside), and the version they are at. */
  row: Omit<LockReadRow, 'entries'>;
  version: string;
  /** Entries of the sessions read or written, as committed. */
  known: Map<string, readonly LedgerEntry[]>;
  /** True until a commit rests on this state: its version came from a fresh read. */
  fresh: boolean;
  /** As committed plus every move handed over and not yet committed: what the next move runs on. */
  aheadTotals: TotalsRow | null;
  aheadKnown: Map<string, readonly LedgerEntry[]>;
  waiting: Waiting[];
  inFlight: boolean;
}

/** The blocks this store last made credit moves on, by tenant and block; a bounded number. */
export class BlockSnapshots {
  private readonly byBlock = new Map<string, BlockState>();
  /** Blocks with moves waiting and no statement of their own in flight. */
  private readonly ready = new Set<BlockState>();
  private statementsOut = 0;

  constructor(
    private readonly driver: SqlQueryable,
    /** Called with a batch's keys when a commit resting on a fresh read found it changed. */
    private readonly onContended: (keys: readonly string[]) => void,
    /** Commit statements out at once; blocks ready meanwhile share the next. */
    private readonly commitsInFlight = 2,
    private readonly capacity = 10_000,
  ) {}

  /**
   * The lock statement's row for `read`, answered from what is kept of the
   * block: null if nothing is, or it read other rows (read afresh); 'busy' if
   * it read other rows and moves on the block are still committing.
   */
  answer(tenantId: string, read: SnapshotRead): { row: LockReadRow; state: BlockState } | null | 'busy' {
    const state = this.byBlock.get(key(tenantId, read.blockId));
    if (!state) return null;
    if (!same(state.services, read.services) || !same(state.practitioners, read.practitioners))
      return state.inFlight || state.waiting.length > 0 ? 'busy' : null;
    const entries = read.sessionIds.flatMap((id) => state.aheadKnown.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    return { row: { ...state.row, totals: state.aheadTotals, entries }, state };
  }

  /** Keep what a fresh read of the block found, for the move about to be handed over. */
  begin(tenantId: string, read: SnapshotRead, row: LockReadRow, version: string): BlockState {
    const k = key(tenantId, read.blockId);
    if (this.byBlock.size >= this.capacity && !this.byBlock.has(k)) this.dropIdle();
    const { entries, ...rest } = row;
    const frozen = frozenCopy(rest);
    const known = new Map(read.sessionIds.map((id) => [id, frozenCopy(entries.filter((e) => e.sessionId === id))]));
    const state: BlockState = {
      tenantId,
      blockId: read.blockId,
      services: read.services,
      practitioners: read.practitioners,
      row: frozen,
      version,
      known,
      fresh: true,
      aheadTotals: frozen.totals,
      aheadKnown: new Map(known),
      waiting: [],
      inFlight: false,
    };
    this.byBlock.set(k, state);
    return state;
  }

  /**
   * Hand over a finished move: the next move on the block runs on it at once;
   * the answer comes once the statement carrying it has run.
   */
  stage(state: BlockState, move: StagedMove): Promise<StagedOutcome> {
    const k = key(state.tenantId, state.blockId);
    // Forgotten since the move ran on it (a commit found it old): the move ran on old data.
    if (this.byBlock.get(k) !== state) return Promise.resolve('stale');
    const entries = deepFreeze(move.entries);
    if (entries.some((e) => e.blockId !== state.blockId)) {
      // Only moves on this one block can be added up here.
      this.drop(k, state);
      return Promise.resolve('stale');
    }
    const moves = movesOf(entries);
    if (entries.length > 0) state.aheadTotals = Object.freeze(addMoves(state.aheadTotals, moves));
    addEntries(state.aheadKnown, move.sessionIds, entries);
    const outcome = new Promise<StagedOutcome>((settle, fail) => {
      state.waiting.push({ ...move, entries, moves, settle, fail });
    });
    this.flush(k, state);
    return outcome;
  }

  /** Queue a block's waiting moves for the next statement, if none of its own is in flight. */
  private flush(k: string, state: BlockState): void {
    if (state.inFlight || state.waiting.length === 0 || this.byBlock.get(k) !== state) return;
    this.ready.add(state);
    this.pump();
  }

  /**
   * Send the ready blocks' moves, while fewer than `commitsInFlight`
   * statements are out: one tenant's ready blocks share a statement.
   */
  private pump(): void {
    while (this.statementsOut < this.commitsInFlight && this.ready.size > 0) {
      const tenantId = (this.ready.values().next().value as BlockState).tenantId;
      const batches: Batch[] = [];
      for (const state of this.ready) {
        if (state.tenantId !== tenantId) continue;
        this.ready.delete(state);
        if (this.byBlock.get(key(tenantId, state.blockId)) === state && !state.inFlight && state.waiting.length > 0)
          batches.push(takeBatch(state));
        if (batches.length === MAX_BLOCKS_PER_STATEMENT) break;
      }
      if (batches.length === 0) continue;
      this.statementsOut++;
      commitBlocks(
        this.driver,
        batches.map((b) => b.commit),
      ).then(
        (answers) => {
          this.statementsOut--;
          for (const [i, batch] of batches.entries()) this.settle(batch, answers[i] as CommitAnswer);
          this.pump();
        },
        (error: unknown) => {
          this.statementsOut--;
          for (const { state, moves } of batches) {
            this.drop(key(state.tenantId, state.blockId), state);
            for (const move of moves) move.fail(error);
          }
          this.pump();
        },
      );
    }
  }

  /** A block's batch answered: keep what it wrote, or forget the block. */
  private settle({ state, moves, commit }: Batch, answer: CommitAnswer): void {
    const k = key(state.tenantId, state.blockId);
    if (!answer.ok || (commit.entries.length > 0 && !answer.totals_version)) {
      if (state.fresh) this.onContended(commit.keys);
      this.drop(k, state, moves, state.fresh ? 'changed' : 'stale');
      return;
    }
    if (commit.entries.length > 0) {
      state.row = Object.freeze({ ...state.row, totals: Object.freeze(addMoves(state.row.totals, commit.moves)) });
      state.version = `${state.version.slice(0, state.version.lastIndexOf('|'))}|${answer.totals_version}`;
    }
    for (const move of moves) addEntries(state.known, move.sessionIds, move.entries);
    state.fresh = false;
    state.inFlight = false;
    for (const move of moves) move.settle('committed');
    this.flush(k, state);
  }

  /** Forget a block; moves still waiting on it (they ran on what is forgotten) are stale. */
  private drop(k: string, state: BlockState, batch: readonly Waiting[] = [], outcome: StagedOutcome = 'stale'): void {
    if (this.byBlock.get(k) === state) this.byBlock.delete(k);
    for (const move of batch) move.settle(outcome);
    for (const move of state.waiting.splice(0)) move.settle('stale');
  }

  /** At capacity: forget the blocks with nothing in flight. */
  private dropIdle(): void {
    for (const [k, state] of this.byBlock) if (!state.inFlight && state.waiting.length === 0) this.byBlock.delete(k);
  }
}

/** How many blocks one statement carries at most. */
const MAX_BLOCKS_PER_STATEMENT = 64;

/** One block's waiting moves, taken for a statement. */
interface Batch {
  readonly state: BlockState;
  readonly moves: readonly Waiting[];
  readonly commit: BlockCommit;
}

function takeBatch(state: BlockState): Batch {
  const moves = state.waiting.splice(0);
  state.inFlight = true;
  const sessionIds = [...new Set(moves.flatMap((m) => m.sessionIds))];
  // What the statement must find: the named sessions' entries as committed (none, for one never read).
  const expected = sessionIds.flatMap((id) => state.known.get(id) ?? []).sort((a, b) => a.seq - b.seq);
  const events = moves.map((m) => m.events.slice(1, -1)).filter((list) => list.length > 0);
  return {
    state,
    moves,
    commit: {
      tenantId: state.tenantId,
      blockId: state.blockId,
      keys: [...new Set(moves.flatMap((m) => m.keys))].sort(),
      services: state.services,
      practitioners: state.practitioners,
      version: state.version,
      sessionIds,
      expectedEntries: expected.map((e) => e.id),
      entries: moves.flatMap((m) => m.entries),
      entryJson: moves.flatMap((m) => m.entryJson),
      moves: moves.map((m) => m.moves).reduce(combineMoves),
      events: `[${events.join(',')}]`,
    },
  };
}

/** Add a move's entries to the sessions it named (and to any other session already known). */
function addEntries(
  known: Map<string, readonly LedgerEntry[]>,
  named: readonly string[],
  entries: readonly LedgerEntry[],
): void {
  for (const id of named) if (!known.has(id)) known.set(id, []);
  for (const e of entries) {
    const list = e.sessionId === null ? undefined : known.get(e.sessionId);
    if (list && e.sessionId !== null) known.set(e.sessionId, [...list, e]);
  }
}

const key = (tenantId: string, blockId: string) => `${tenantId}\u0000${blockId}`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Freeze JSON data the store made itself, in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

/** A deep, frozen copy of JSON data (what the store reads and writes). */
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) copy[k] = frozenCopy(v);
  return Object.freeze(copy) as T;
}
