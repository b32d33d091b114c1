import { createSessions, isSessionsError } from '@sessions/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createRawView, migrate, pgDriver, type SqlDriver } from '../src/index.js';
import { creditPractice, isPeek, practiceSettings, recording } from './credit-practice.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

/**
 * Optimistic credit moves (migration 010) on a real server: two statements and
 * no transaction when nothing changes, and when something does change between
 * the unlocked read and the commit, nothing written and the command run again
 * with locks. The changes are made to happen exactly there by a driver that
 * runs another command when it sees the unlocked read.
 */
const bin = postgresBin();
const run = bin || process.env.CI ? describe : describe.skip;

run('optimistic credit moves on a real server', () => {
  let server: ThrowawayServer;
  let pool: pg.Pool;
  let driver: SqlDriver;

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server = startServer(bin);
    pool = new pg.Pool({ connectionString: server.url, max: 10 });
    driver = pgDriver(pool);
    await migrate(driver);
  });

  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  /** A driver over the same pool that records what it is asked, and runs `between` after the first unlocked read. */
  const watched = (between?: () => Promise<void>) => {
    const seen = recording(driver, between);
    return { driver: seen.driver, seen };
  };
  const transactions = (statements: readonly string[]) => statements.filter((sql) => sql === 'BEGIN').length;

  /** A practice with a service, a practitioner and a client's block of `units`, and a second facade that only locks. */
  async function practice(tenantId: string, units: number, facadeDriver: SqlDriver) {
    const setup = await creditPractice({ driver, tenantId, units, facadeDriver, otherOptimistic: false });
    return { ...setup, locked: setup.other };
  }

  it('a booking is one unlocked read and one statement that locks, checks and writes: no transaction', async () => {
    const { driver: counting, seen } = watched();
    const { staff, sessions, block, booking } = await practice('opt-two-statements', 10, counting);
    await sessions.credits.reserve(staff, booking('s-0'));
    // After the store's first-use checks (its schema; the block's client, which never changes): a read and a commit.
    expect(seen.statements.filter(isPeek)).toHaveLength(1);
    expect(seen.statements.slice(-2).map(isPeek)).toEqual([true, false]);
    seen.statements.length = 0;

    // The next booking on the block rests on what the store kept of it: one statement (migration 011).
    const { balance, entry } = await sessions.credits.reserve(staff, booking('s-1'));

    expect(transactions(seen.statements)).toBe(0);
    expect(seen.statements).toHaveLength(1);
    expect(balance).toMatchObject({ remaining: 8, reserved: 2 });
    const raw = createRawView(driver);
    const stored = await raw.ledgerEntries('opt-two-statements', block.id);
    expect(stored.at(-1)).toEqual(entry);
    const events = await raw.outbox('opt-two-statements');
    expect(events.filter((e) => e.type === 'credit.reserved').map((e) => e.payload.sessionId)).toEqual(['s-0', 's-1']);
  });

  it('the last unit taken between its read and its commit: nothing written, and the locked run refuses', async () => {
    let setup: Awaited<ReturnType<typeof practice>> | undefined;
    const { driver: interrupted, seen } = watched(async () => {
      // Another desk books the block's only unit after the attempt read it as free.
      await setup?.locked.credits.reserve(setup.staff, setup.booking('other'));
    });
    setup = await practice('opt-last-unit', 1, interrupted);
    const { staff, sessions, block, booking } = setup;

    const failure = await sessions.credits.reserve(staff, booking('mine')).catch((e: unknown) => e);

    expect(isSessionsError(failure) && failure.code).toBe('INSUFFICIENT_CREDIT');
    expect(transactions(seen.statements)).toBe(1); // the attempt gave up, and the command ran again with locks
    const raw = createRawView(driver);
    const reserves = (await raw.ledgerEntries('opt-last-unit', block.id)).filter((e) => e.kind === 'reserve');
    expect(reserves.map((e) => e.sessionId)).toEqual(['other']);
    const events = await raw.outbox('opt-last-unit');
    expect(events.filter((e) => e.type === 'credit.reserved').map((e) => e.payload.sessionId)).toEqual(['other']);
    const { balance } = await setup.locked.blocks.get(staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reserved: 1 });

    // The block was contended: its next booking takes the locks at once, without the unlocked read.
    seen.statements.length = 0;
    await setup.locked.credits.release(staff, { blockId: block.id, sessionId: 'other' });
    await sessions.credits.reserve(staff, booking('mine'));
    expect(seen.statements.filter(isPeek)).toEqual([]);
    expect(transactions(seen.statements)).toBe(1);
  });

  it('settings changed between its read and its commit are the settings it runs with', async () => {
    let setup: Awaited<ReturnType<typeof practice>> | undefined;
    const admin = { tenantId: 'opt-settings', kind: 'admin', id: 'owner' } as const;
    const { driver: interrupted } = watched(async () => {
      // The practice now calls a block low when 90 % or less remains: this booking crosses that line.
      await setup?.locked.settings.update(admin, { lowBalanceThresholdPercent: 90 });
    });
    setup = await practice('opt-settings', 10, interrupted);
    await setup.locked.settings.update(admin, { lowBalanceThresholdPercent: 20 });

    await setup.sessions.credits.reserve(setup.staff, setup.booking('s-1'));

    const events = await createRawView(driver).outbox('opt-settings');
    expect(events.map((e) => e.type)).toContain('block.low_balance');
  });

  it('a command that needs more than it named runs with locks: the last unit used completes the block', async () => {
    const { driver: counting, seen } = watched();
    const { staff, sessions, locked, block, booking } = await practice('opt-completes', 1, counting);
    await locked.credits.reserve(staff, booking('s-1'));
    seen.statements.length = 0;

    // Using the last unit completes the block: a block write the unlocked attempt cannot make.
    const { block: after } = await sessions.credits.consume(staff, { blockId: block.id, sessionId: 's-1' });

    expect(after.status).toBe('completed');
    expect(transactions(seen.statements)).toBe(1);
    const [stored] = await createRawView(driver).blocks('opt-completes');
    expect(stored?.status).toBe('completed');
    const consumed = (await createRawView(driver).ledgerEntries('opt-completes', block.id)).filter(
      (e) => e.kind === 'consume',
    );
    expect(consumed).toHaveLength(1);
  });

  it('a transaction that reads what its locks did not name gets it, through the locked path', async () => {
    const { driver: counting, seen } = watched();
    const { staff, locked, block, booking } = await practice('opt-port', 10, counting);
    const client = await locked.clients.create(staff, { name: 'Ines' });
    const store = createPostgresStore({ driver: counting });
    seen.statements.length = 0;

    const read = await store.transaction('opt-port', async (tx) => {
      await tx.lock([`block:${block.id}`], {
        openBlocks: [{ blockId: block.id, sessionIds: [booking('x').sessionId] }],
      });
      return tx.clients.get(client.id);
    });

    expect(read?.name).toBe('Ines');
    expect(transactions(seen.statements)).toBe(1);
  });

  it('with optimistic: false, every booking is one locked transaction', async () => {
    const { driver: counting, seen } = watched();
    const { staff, block, booking } = await practice('opt-off', 10, counting);
    const sessions = createSessions({
      store: createPostgresStore({ driver: counting, optimistic: false }),
      settings: practiceSettings,
    });
    seen.statements.length = 0;

    await sessions.credits.reserve(staff, booking('s-1'));

    expect(transactions(seen.statements)).toBe(1);
    expect(seen.statements.filter(isPeek)).toEqual([]);
    const reserves = (await createRawView(driver).ledgerEntries('opt-off', block.id)).filter(
      (e) => e.kind === 'reserve',
    );
    expect(reserves).toHaveLength(1);
  });
});
