import type { LedgerEntry, LockKey, LockReads, StoreTransaction } from '@sessions/core';
import { type BlockSnapshots, type BlockState, type SnapshotRead, snapshotRead } from './block-snapshots.js';
import type { SqlQueryable } from './driver.js';
import type { KeyedTurns } from './keyed-turns.js';
import { LockReadCache, type LockReadRow, lockReadParams, scopedLockKeys } from './lock-reads.js';
import { type BlockClientCache, SqlBlocks } from './repositories.js';

/**
 * Optimistic commands (migration 010). A command that names all it reads with
 * its locks (`LockReads`: a credit move names its block, the session, the
 * service and the practitioner) runs first without holding its locks:
 *
 * 1. one unlocked statement reads what it named, with a version of those rows;
 * 2. the command runs in node against that, its writes held back;
 * 3. one statement takes the locks, checks the version is unchanged and, only
 *    then, writes the entries, the block's totals and the events.
 *
 * Two round trips, no BEGIN or COMMIT, and the block is locked only for the
 * last statement. The outcome is the one the command would have had running
 * with its locks at the moment of that statement: nothing it read changed
 * before it wrote. Anything else — a read or write the first statement did
 * not cover, a read after a write, a second lock, an idempotency key, an error
 * from the command, a changed version — abandons the attempt with nothing
 * written, and the store runs the command again the ordinary way, with locks.
 */

/** The first, unlocked read: the lock statement's reads (taking no locks), and their version. */
const PEEK = `SELECT r.*, sessions_read_version($1, $2::text[], $3::text[], $4) AS version
  FROM sessions_lock_read('{}'::text[], $1, $2::text[], $3::text[], $4, $5::text[]) r`;

/**
 * Thrown inside an attempt when the command does something the attempt cannot
 * do without locks; the store then runs it with them. Never reaches a caller.
 * Not an Error: every query and every command that is not a credit move is
 * refused at its first read, and capturing a stack trace each time cost more
 * than the rest of the attempt.
 */
export class NeedsLocks {
  constructor(readonly what: string) {}
}

/**
 * Lock keys whose optimistic commit found its reads changed: for a second,
 * their commands take the locks at once, so a block many clients book at the
 * same moment is not read twice per booking.
 */
export class ContendedKeys {
  private readonly until = new Map<string, number>();
  constructor(private readonly forMs = 1000) {}
  add(keys: readonly string[]): void {
    if (this.until.size > 10_000) this.until.clear();
    const until = Date.now() + this.forMs;
    for (const key of keys) this.until.set(key, until);
  }
  has(keys: readonly string[]): boolean {
    if (this.until.size === 0) return false;
    const now = Date.now();
    return keys.some((key) => (this.until.get(key) ?? 0) > now);
  }
}

/**
 * `committed: false` when what the command read had changed, and nothing was
 * written; `stale` when it had run on what the store kept of the block (now
 * forgotten), so a second attempt reads afresh.
 */
export type Attempt<T> =
  | { readonly committed: true; readonly value: T }
  | { readonly committed: false; readonly stale: boolean };

/** What an attempt read at its lock: what the store kept of the block, or a fresh read and its version. */
interface AttemptRead {
  readonly keys: string[];
  readonly named: SnapshotRead;
  readonly basis: { readonly kept: BlockState } | { readonly row: LockReadRow; readonly version: string };
}

/** What the store keeps between optimistic attempts. */
export interface OptimisticState {
  readonly blockClients: BlockClientCache;
  readonly contended: ContendedKeys;
  readonly snapshots: BlockSnapshots;
  readonly turns: KeyedTurns;
}

/** Run `fn` once optimistically. */
export async function attemptOptimistic<T>(
  driver: SqlQueryable,
  tenantId: string,
  state: OptimisticState,
  fn: (tx: StoreTransaction) => Promise<T>,
): Promise<Attempt<T>> {
  let release: (() => void) | undefined;
  const turn = {
    hold: (releaser: () => void) => {
      release = releaser;
    },
    release: () => release?.(),
  };
  try {
    return await attempt(driver, tenantId, state, fn, turn);
  } finally {
    turn.release();
  }
}

async function attempt<T>(
  driver: SqlQueryable,
  tenantId: string,
  { blockClients, contended, snapshots, turns }: OptimisticState,
  fn: (tx: StoreTransaction) => Promise<T>,
  turn: { hold(release: () => void): void; release(): void },
): Promise<Attempt<T>> {
  const cache = new LockReadCache();
  // Set once anything is refused: even if the command caught the error, the attempt is over.
  let refused = false;
  const refuse = (what: string) => {
    refused = true;
    return new NeedsLocks(what);
  };
  let read: AttemptRead | null = null;
  let entries: { json: string[]; stored: LedgerEntry[] } | null = null;
  let events: string | null = null;

  const afterLock = (what: string) => {
    if (!read) throw refuse(`${what} before the locks`);
    // What was read may no longer hold once the command writes (the locked path forgets it too).
    if (entries || events) throw refuse(`${what} after a write`);
  };
  const known = <R>(value: R | undefined, what: string): R => {
    if (value === undefined) throw refuse(`${what}, not read with the locks`);
    return value;
  };
  let blocks: SqlBlocks | undefined;

  const tx = refusing<StoreTransaction>(refuse, 'transaction', {
    tenantId,
    async lock(keys: readonly LockKey[], reads?: LockReads) {
      if (read) throw refuse('a second lock');
      const opened = reads?.openBlocks ?? [];
      if (opened.length !== 1) throw refuse('a command that does not name the block it reads');
      // A number drawn or an idempotency key is read and written under its lock: only blocks and clients here.
      if (keys.some((key) => !key.startsWith('block:') && !key.startsWith('client:')))
        throw refuse(`a lock on ${keys}`);
      const scoped = scopedLockKeys(tenantId, keys);
      if (contended.has(scoped)) throw refuse('a contended key');
      const named = snapshotRead(reads as LockReads) as SnapshotRead;
      // This process's credit moves on the block take turns, each running on the block as the
      // moves before it left it (committed or not yet); the turn ends when the move is handed over.
      turn.hold(await turns.take(`${tenantId}\u0000${named.blockId}`));
      const kept = snapshots.answer(tenantId, named);
      if (kept === 'busy') throw refuse('another service or practitioner on a block with moves committing');
      if (kept) {
        cache.fill(reads as LockReads, kept.row);
        read = { keys: scoped, named, basis: { kept: kept.state } };
        return;
      }
      const { rows } = await driver.query<LockReadRow & { version: string }>(PEEK, [
        tenantId,
        ...lockReadParams(reads),
      ]);
      const { version, ...row } = rows[0] as LockReadRow & { version: string };
      cache.fill(reads as LockReads, row);
      read = { keys: scoped, named, basis: { row, version } };
    },
    settings: refusing(refuse, 'settings', {
      async get() {
        afterLock('settings.get');
        return cache.settings();
      },
    }),
    // A block's client never changes: reading it unlocked is what the locked path does too.
    blocks: refusing(refuse, 'blocks', {
      clientIdOf: (blockId: string) => {
        blocks ??= new SqlBlocks(driver, tenantId, blockClients);
        return blocks.clientIdOf(blockId);
      },
    }),
    services: refusing(refuse, 'services', {
      async get(id: string) {
        afterLock('services.get');
        return known(cache.service(id), 'a service');
      },
    }),
    practitioners: refusing(refuse, 'practitioners', {
      async get(id: string) {
        afterLock('practitioners.get');
        return known(cache.practitioner(id), 'a practitioner');
      },
    }),
    ledger: refusing(refuse, 'ledger', {
      async openBlock(blockId: string, sessionIds: readonly string[]) {
        afterLock('ledger.openBlock');
        return known(cache.openBlock(blockId, sessionIds), 'a block');
      },
      async append(batch: readonly LedgerEntry[]) {
        if (!read) throw refuse('ledger.append before the locks');
        if (batch.length === 0) return;
        if (entries) throw refuse('a second append');
        // Serialised now, as stored: a caller's later change to the objects must not change what is stored.
        const json = batch.map((e) => JSON.stringify(e));
        entries = { json, stored: json.map((e) => JSON.parse(e) as LedgerEntry) };
      },
    }),
    outbox: refusing(refuse, 'outbox', {
      async append(batch: readonly unknown[]) {
        if (!read) throw refuse('outbox.append before the locks');
        if (batch.length === 0) return;
        if (events) throw refuse('a second outbox append');
        events = JSON.stringify(batch);
      },
    }),
  });

  const value = await fn(tx);
  if (refused) return { committed: false, stale: false };
  const done = read as AttemptRead | null;
  if (!done) throw refuse('a transaction that took no locks');
  // Even a command that wrote nothing commits this way: taking its locks orders it after
  // whoever held them, so what it read must still be current once it has them.
  const { basis } = done;
  const wrote = entries as { json: string[]; stored: LedgerEntry[] } | null;
  const kept = 'kept' in basis ? basis.kept : snapshots.begin(tenantId, done.named, basis.row, basis.version);
  const outcome = snapshots.stage(kept, {
    keys: done.keys,
    sessionIds: done.named.sessionIds,
    entries: wrote?.stored ?? [],
    entryJson: wrote?.json ?? [],
    events: events ?? '[]',
  });
  // Handed over: the next move on the block may run on this one now.
  turn.release();
  switch (await outcome) {
    case 'committed':
      return { committed: true, value };
    case 'stale':
      return { committed: false, stale: true };
    default:
      return { committed: false, stale: false };
  }
}

/**
 * `allowed`, where any other property is a repository (or method) the attempt
 * cannot serve: using it abandons the attempt.
 */
function refusing<T>(refuse: (what: string) => NeedsLocks, name: string, allowed: Record<string, unknown>): T {
  return new Proxy(allowed, {
    get(target, property) {
      if (property in target) return target[property as string];
      if (typeof property === 'symbol' || property === 'then') return undefined;
      const what = `${name}.${property}`;
      return name === 'transaction'
        ? refusing(refuse, property, {})
        : () => {
            throw refuse(what);
          };
    },
  }) as T;
}
