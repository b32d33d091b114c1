import type { AccountEntry, Block, DomainEvent, LedgerEntry, SessionsStore } from '@sessions/core';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * Reads of what a store committed that do not go through its repositories
 * (plain SQL for Postgres, the Maps for memory), so the suite checks what was
 * actually stored, not only what the store says it stored. Async so SQL
 * stores can implement it.
 */
export interface ConformanceRawView {
  /** Every tenant's committed data and the whole outbox (acknowledged events included), deterministically serialised. */
  snapshot(): Promise<string>;
  blocks(tenantId: string): Promise<Block[]>;
  /** Ledger entries, by block, then seq; one block's when `blockId` is given. */
  ledgerEntries(tenantId: string, blockId?: string): Promise<LedgerEntry[]>;
  /** Committed events in append order, acknowledged ones included. */
  outbox(tenantId?: string): Promise<DomainEvent[]>;
  /** A table's records, ordered by id. */
  records(tenantId: string, table: RawRecordTable): Promise<unknown[]>;
  /** Account ledger entries, by client, then seq; one client's when `clientId` is given. */
  accountEntries(tenantId: string, clientId?: string): Promise<AccountEntry[]>;
  idempotencyKeys(tenantId: string): Promise<string[]>;
}

/** The record tables a raw view reads (blocks have their own method). */
export type RawRecordTable =
  | 'clients'
  | 'practitioners'
  | 'services'
  | 'templates'
  | 'invoices'
  | 'sessions'
  | 'attendances'
  | 'completionTypes'
  | 'series'
  | 'enrolments'
  | 'closures'
  | 'availability';

export interface ConformanceHarness {
  readonly store: SessionsStore;
  readonly raw: ConformanceRawView;
  close(): Promise<void>;
}

export interface ConformanceOptions {
  /** Shown in the describe block: "memory", "postgres (PGlite)". */
  name: string;
  /** A fresh, empty store. Called once per concern file; tests isolate themselves by tenant. */
  createStore(): Promise<ConformanceHarness>;
  /** Opt out of named tests, each with the reason: `{ 'tenancy: …': 'why' }`. Unknown names are an error. */
  skip?: Readonly<Record<string, string>>;
}

/** What a concern's tests get: a way to register a named test against the shared harness. */
export interface ConcernContext {
  test(name: string, fn: (harness: ConformanceHarness) => Promise<void>): void;
}

export interface Concern {
  readonly name: string;
  readonly tests: readonly string[];
  register(context: ConcernContext): void;
}

/** Declare a concern's tests by name, so the full list is known before any runs (for `skip` checking). */
export function concern(name: string, tests: Record<string, (harness: ConformanceHarness) => Promise<void>>): Concern {
  const names = Object.keys(tests).map((test) => `${name}: ${test}`);
  return {
    name,
    tests: names,
    register(context) {
      for (const [test, fn] of Object.entries(tests)) context.test(`${name}: ${test}`, fn);
    },
  };
}

export function registerConcerns(concerns: readonly Concern[], options: ConformanceOptions): void {
  const names = concerns.flatMap((c) => c.tests);
  const known = new Set(names);
  if (known.size !== names.length) throw new Error('store-tests: two conformance tests share a name.');
  for (const [name, reason] of Object.entries(options.skip ?? {})) {
    if (!known.has(name)) {
      throw new Error(`runStoreConformance: skip names an unknown test "${name}". Known tests: CONFORMANCE_TESTS.`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`runStoreConformance: skipping "${name}" needs a reason.`);
    }
  }
  describe(`store conformance: ${options.name}`, () => {
    for (const c of concerns) {
      describe(c.name, () => {
        let harness: ConformanceHarness | undefined;
        beforeAll(async () => {
          harness = await options.createStore();
        });
        afterAll(async () => {
          await harness?.close();
        });
        c.register({
          test(name, fn) {
            const reason = options.skip?.[name];
            if (reason !== undefined) it.skip(`${name} (skipped: ${reason})`, () => {});
            else
              it(name, async () => {
                if (!harness) throw new Error('the store factory failed; see beforeAll');
                await fn(harness);
              });
          },
        });
      });
    }
  });
}
