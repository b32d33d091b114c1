import type { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import { type Actor, type ActorKind, parseActor, requireKind } from '../actor.js';
import { SessionsError } from '../errors.js';
import type { DomainEvent, EventType } from '../events/event.js';
import type { LockKey, LockReads, SessionsStore, StoreTransaction } from '../ports/store.js';
import type { TenantSettings } from '../settings/settings.js';
import { type Clock, toInstantString } from '../time.js';
import { parseInput } from '../validation.js';
import { fingerprint } from './fingerprint.js';
import type { IdGenerator } from './ids.js';
import { References } from './references.js';

/** What every command and query runs with. */
export interface Runtime {
  readonly store: SessionsStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Settings for tenants that have not stored their own. */
  readonly defaultSettings: TenantSettings | null;
}

/** Everything a command's body may use: its transaction, who acts, when, and how to emit events. */
export interface CommandContext {
  readonly tx: StoreTransaction;
  readonly actor: Actor;
  readonly settings: TenantSettings;
  /** The defaults passed to `createSessions`, for tenants that never stored settings. */
  readonly defaults: TenantSettings | null;
  readonly now: Temporal.Instant;
  /** `now` as stored: an ISO UTC string. */
  readonly at: string;
  readonly ids: IdGenerator;
  /** The lock keys this command holds (its own, as named by `locks`). */
  readonly locked: ReadonlySet<LockKey>;
  /** Services and practitioners, read once per command. */
  readonly refs: References;
  emit(type: EventType, aggregate: DomainEvent['aggregate'], payload: Record<string, unknown>): void;
}

export interface CommandOptions {
  /** A repeat with the same key returns the first result and changes nothing. */
  idempotencyKey?: string;
}

/**
 * A command: its validated input, who may run it, what it locks, and its body.
 * `locks` may read (to learn a block's client, say) but must not write; the
 * body runs after the locks are held and re-reads what it changes.
 */
export interface CommandSpec<S extends z.ZodType, O> {
  readonly name: string;
  readonly input: S;
  readonly allowed: readonly ActorKind[];
  /** What the command does, in words, for FORBIDDEN messages: "create a block". */
  readonly action: string;
  /**
   * Set to false only by `settings.update`, which must run for a practice that
   * has no settings yet; its body must not read `ctx.settings`.
   */
  readonly requiresSettings?: false;
  /** The keys to lock; `actor` is given for commands whose keys depend on who acts (a client enrolling themself). */
  locks(tx: StoreTransaction, input: z.output<S>, actor: Actor): Promise<LockKey[]> | LockKey[];
  /**
   * What the body reads first: passed with the locks, so a store can read it
   * in the same round trip (a booking's service, practitioner and block).
   */
  reads?(input: z.output<S>): LockReads;
  run(ctx: CommandContext, input: z.output<S>): Promise<O>;
}

/**
 * Run a command: validate input and actor before touching the store, then in
 * one transaction take the locks, answer a repeated idempotency key with the
 * first result, run the body, and append its events to the outbox. If the
 * body throws, the transaction rolls back and nothing — entries, events, the
 * idempotency record — is left behind.
 */
export async function runCommand<S extends z.ZodType, O>(
  runtime: Runtime,
  spec: CommandSpec<S, O>,
  rawActor: unknown,
  rawInput: unknown,
  options: CommandOptions = {},
): Promise<O> {
  const actor = parseActor(rawActor);
  requireKind(actor, spec.allowed, spec.action);
  const input = parseInput(spec.input, rawInput, `${spec.name} input`) as z.output<S>;
  const key = parseIdempotencyKey(options.idempotencyKey);
  return runtime.store.transaction(actor.tenantId, async (tx) => {
    const refs = new References(tx);
    const keys = await spec.locks(tx, input, actor);
    if (key !== undefined) keys.push(`idempotency:${key}`);
    const locked = new Set(keys);
    await tx.lock([...locked].sort(), spec.reads?.(input));
    const print = key === undefined ? '' : fingerprint(spec.name, { actor, input });
    if (key !== undefined) {
      const previous = await tx.idempotency.get(key);
      if (previous) {
        if (previous.fingerprint !== print) {
          throw new SessionsError(
            'IDEMPOTENCY_MISMATCH',
            `Idempotency key "${key}" was already used for a different request (${previous.command}); use a new key for a new request.`,
            { idempotencyKey: key, command: previous.command },
          );
        }
        return previous.result as O;
      }
    }
    const now = runtime.clock.now();
    const at = toInstantString(now);
    const events: DomainEvent[] = [];
    const ctx: CommandContext = {
      tx,
      actor,
      settings:
        spec.requiresSettings === false
          ? ((await tx.settings.get()) ?? runtime.defaultSettings ?? UNCONFIGURED)
          : await loadSettings(runtime, tx),
      defaults: runtime.defaultSettings,
      now,
      at,
      ids: runtime.ids,
      locked,
      refs,
      emit(type, aggregate, payload) {
        events.push({ tenantId: actor.tenantId, id: runtime.ids(), type, at, aggregate, payload });
      },
    };
    const result = await spec.run(ctx, input);
    if (events.length > 0) await tx.outbox.append(events);
    if (key !== undefined) {
      await tx.idempotency.put({ key, command: spec.name, fingerprint: print, result, createdAt: at });
    }
    return result;
  });
}

/** What a query's body may use: a read-only view of one tenant. */
export interface QueryContext {
  readonly tx: StoreTransaction;
  readonly actor: Actor;
  readonly settings: TenantSettings;
  readonly now: Temporal.Instant;
}

export interface QuerySpec<S extends z.ZodType, O> {
  readonly name: string;
  readonly input: S;
  readonly allowed: readonly ActorKind[];
  readonly action: string;
  run(ctx: QueryContext, input: z.output<S>): Promise<O>;
}

/** Run a read in one transaction, so everything it returns was true at one moment. */
export async function runQuery<S extends z.ZodType, O>(
  runtime: Runtime,
  spec: QuerySpec<S, O>,
  rawActor: unknown,
  rawInput: unknown,
): Promise<O> {
  const actor = parseActor(rawActor);
  requireKind(actor, spec.allowed, spec.action);
  const input = parseInput(spec.input, rawInput, `${spec.name} input`) as z.output<S>;
  return runtime.store.transaction(actor.tenantId, async (tx) =>
    spec.run({ tx, actor, settings: await loadSettings(runtime, tx), now: runtime.clock.now() }, input),
  );
}

/**
 * Settings stored by an earlier release lack the fields added since; they
 * read as those fields' defaults (what the practice had before they existed).
 */
function withNewerDefaults(stored: TenantSettings): TenantSettings {
  if (stored.accountMode !== undefined && stored.cancellationPolicy !== undefined) return stored;
  return { ...ADDED_DEFAULTS, ...stored };
}
const ADDED_DEFAULTS = {
  accountMode: { kind: 'open' },
  cancellationPolicy: { clientsMayCancel: false, tiers: [] },
} as const satisfies Partial<TenantSettings>;

/** Stands in for settings a command promised not to read. */
const UNCONFIGURED = Object.freeze({}) as TenantSettings;

export async function loadSettings(runtime: Runtime, tx: StoreTransaction): Promise<TenantSettings> {
  const stored = await tx.settings.get();
  if (stored) return withNewerDefaults(stored);
  if (runtime.defaultSettings) return runtime.defaultSettings;
  throw new SessionsError(
    'TENANT_NOT_CONFIGURED',
    `Practice "${tx.tenantId}" has no settings: pass default settings to createSessions or call settings.update as an admin.`,
    { tenantId: tx.tenantId },
  );
}

function parseIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw new SessionsError('VALIDATION_FAILED', 'Invalid idempotencyKey: must be a string of 1 to 200 characters.', {
      issues: [{ path: ['idempotencyKey'], message: 'must be a string of 1 to 200 characters' }],
    });
  }
  return key;
}
