import { type Block, createSessions, money, type Sessions } from '@sessions/core';
import { createPostgresStore, createRawView, type SqlDriver } from '../src/index.js';

/**
 * What the optimistic-path tests (optimistic.test.ts, block-snapshots.test.ts)
 * share: a driver that records what the store asks of it, and a practice with
 * one client's block to book against.
 */

/** The unlocked read of an optimistic attempt (it asks for the version of what it reads). */
export const isPeek = (sql: string): boolean => sql.includes('sessions_read_version');

export interface Recording {
  readonly driver: SqlDriver;
  /** Every statement asked, in order; 'BEGIN' for each transaction. */
  readonly statements: string[];
}

/**
 * A driver over `driver` that records each statement and transaction, and runs
 * `between` (once) right after the first unlocked read has answered: the moment
 * another process's change makes that read stale.
 */
export function recording(driver: SqlDriver, between?: () => Promise<void>): Recording {
  const statements: string[] = [];
  let pending = between;
  return {
    statements,
    driver: {
      concurrent: true,
      async query<R>(sql: string, params?: readonly unknown[]) {
        statements.push(sql);
        const result = await driver.query<R>(sql, params);
        if (pending && isPeek(sql)) {
          const interlude = pending;
          pending = undefined;
          await interlude();
        }
        return result;
      },
      transaction(fn) {
        statements.push('BEGIN');
        return driver.transaction(fn);
      },
    },
  };
}

export const practiceSettings = { currency: 'EUR', timeZone: 'Europe/Berlin', unlockCreditsOn: 'creation' } as const;

export interface CreditPractice {
  readonly staff: { readonly tenantId: string; readonly kind: 'staff'; readonly id: string };
  readonly other: Sessions;
  readonly sessions: Sessions;
  readonly block: Block;
  /** A booking of the block's service and practitioner, for `sessionId`. */
  readonly booking: (sessionId: string) => {
    blockId: string;
    sessionId: string;
    serviceId: string;
    practitionerId: string;
    startsAt: string;
  };
  /** The sessions the block's reserve entries name, in seq order, read raw. */
  readonly reserves: () => Promise<(string | null)[]>;
}

/**
 * A practice with a service, a practitioner and a client's block of `units`,
 * set up through `other` (a second store on `driver`: another process, locked
 * only unless `otherOptimistic`), and `sessions`, a facade on `facadeDriver`.
 */
export async function creditPractice(options: {
  readonly driver: SqlDriver;
  readonly tenantId: string;
  readonly units: number;
  readonly facadeDriver: SqlDriver;
  readonly otherOptimistic: boolean;
}): Promise<CreditPractice> {
  const { driver, tenantId, units } = options;
  const staff = { tenantId, kind: 'staff', id: 'desk' } as const;
  const other: Sessions = createSessions({
    store: createPostgresStore({ driver, optimistic: options.otherOptimistic }),
    settings: practiceSettings,
  });
  const service = await other.services.create(staff, {
    name: 'Physio',
    durationMinutes: 60,
    price: money(9000, 'EUR'),
    wage: money(4000, 'EUR'),
  });
  const practitioner = await other.practitioners.create(staff, { name: 'Jonas' });
  const client = await other.clients.create(staff, { name: 'Mara' });
  const { block } = await other.blocks.create(staff, {
    clientId: client.id,
    quantity: units,
    price: { total: money(units * 9000, 'EUR') },
  });
  const sessions = createSessions({
    store: createPostgresStore({ driver: options.facadeDriver }),
    settings: practiceSettings,
  });
  const booking = (sessionId: string) => ({
    blockId: block.id,
    sessionId,
    serviceId: service.id,
    practitionerId: practitioner.id,
    startsAt: '2027-03-03T08:00:00Z',
  });
  const reserves = async () =>
    (await createRawView(driver).ledgerEntries(tenantId, block.id))
      .filter((e) => e.kind === 'reserve')
      .map((e) => e.sessionId);
  return { staff, other, sessions, block, booking, reserves };
}
