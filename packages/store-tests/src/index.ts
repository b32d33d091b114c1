/**
 * @sessions/store-tests — the conformance suite every @sessions store runs,
 * unchanged: memory, Postgres on PGlite, Postgres on a real server.
 */
import { accounts } from './accounts.js';
import { blocks } from './blocks.js';
import { classes } from './classes.js';
import { classIsolation } from './classes-isolation.js';
import { concurrency } from './concurrency.js';
import { idempotency } from './idempotency.js';
import { ledger } from './ledger.js';
import { ledgerSummary } from './ledger-summary.js';
import { lockReads } from './lock-reads.js';
import { outbox } from './outbox.js';
import { pages } from './pages.js';
import { records } from './records.js';
import { reminderReads } from './reminder-reads.js';
import { sessionRaces } from './session-races.js';
import { sessions } from './sessions.js';
import { type ConformanceOptions, registerConcerns } from './suite.js';
import { tenancy } from './tenancy.js';
import { transactions } from './transactions.js';

export type { ConformanceHarness, ConformanceOptions, ConformanceRawView, RawRecordTable } from './suite.js';

const CONCERNS = [
  records,
  ledger,
  ledgerSummary,
  pages,
  transactions,
  concurrency,
  lockReads,
  tenancy,
  idempotency,
  outbox,
  blocks,
  sessions,
  accounts,
  sessionRaces,
  classes,
  classIsolation,
  reminderReads,
];

/** Every test's name: the keys `skip` accepts. */
export const CONFORMANCE_TESTS: readonly string[] = CONCERNS.flatMap((c) => c.tests);

/** Register the whole suite with vitest for one store. Call it at the top level of a test file. */
export function runStoreConformance(options: ConformanceOptions): void {
  registerConcerns(CONCERNS, options);
}
