import { createSessions, isSessionsError, money } from '@sessions/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createRawView, migrate, pgDriver, type SqlDriver } from '../src/index.js';
import { creditPractice, isPeek, practiceSettings, recording } from './credit-practice.js';
import { postgresBin, startServer, type ThrowawayServer } from './pg-server.js';

/**
 * Block snapshots (migration 011) on a real server: after a credit move
 * commits, the store keeps the block as it now stands, and the next credit
 * move on it is one statement with no read first. Nothing kept is trusted:
 * each test here makes the snapshot wrong in one way — another store wrote,
 * a session it never read has entries — and checks the outcome is the one a
 * locked run gives, with nothing written twice.
 */
const bin = postgresBin();
const run = bin || process.env.CI ? describe : describe.skip;

run('block snapshots on a real server', () => {
  let server: ThrowawayServer;
  let pool: pg.Pool;
  let driver: SqlDriver;

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get.');
    server = startServer(bin);
    pool = new pg.Pool({ connectionString: server.url, max: 20 });
    driver = pgDriver(pool);
    await migrate(driver);
  });

  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  const settings = practiceSettings;
  const counting = () => recording(driver);

  /** A client's block of `units`, a facade over a recording driver, and a second store: another process. */
  async function practice(tenantId: string, units: number) {
    const watched = counting();
    const setup = await creditPractice({
      driver,
      tenantId,
      units,
      facadeDriver: watched.driver,
      otherOptimistic: true,
    });
    return { ...setup, statements: watched.statements };
  }

  it('bookings after the first on a block are one statement each, and add up like locked ones', async () => {
    const { staff, sessions, booking, statements, reserves, other, block } = await practice('snap-chain', 10);
    await sessions.credits.reserve(staff, booking('s-0'));
    statements.length = 0;

    const results: Awaited<ReturnType<typeof sessions.credits.reserve>>[] = [];
    for (let i = 1; i <= 4; i++) results.push(await sessions.credits.reserve(staff, booking(`s-${i}`)));

    expect(statements).toHaveLength(4);
    expect(statements.filter(isPeek)).toEqual([]);
    expect(results.map((r) => r.balance.remaining)).toEqual([8, 7, 6, 5]);
    const seqs = results.map((r) => r.entry.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    expect(await reserves()).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    // What the store read back from its own copy is what a fresh read sees.
    const { balance } = await other.blocks.get(staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 5, reserved: 5 });
  });

  it('another store booked the block since: nothing written, read afresh, and the next one rests on that', async () => {
    const { staff, sessions, other, booking, statements, reserves } = await practice('snap-stale', 4);
    await sessions.credits.reserve(staff, booking('s-1'));
    await other.credits.reserve(staff, booking('elsewhere'));
    statements.length = 0;

    const { balance } = await sessions.credits.reserve(staff, booking('s-2'));

    expect(balance).toMatchObject({ remaining: 1, reserved: 3 });
    // The snapshot's commit found the block changed, then a read and a commit: no locked transaction.
    expect(statements).toHaveLength(3);
    expect(statements.filter(isPeek)).toHaveLength(1);
    expect(statements).not.toContain('BEGIN');
    expect(await reserves()).toEqual(['s-1', 'elsewhere', 's-2']);

    // Not contention, just an old copy: the block's next credit move is one statement again.
    statements.length = 0;
    await sessions.credits.reserve(staff, booking('s-3'));
    expect(statements).toHaveLength(1);
    expect(await reserves()).toEqual(['s-1', 'elsewhere', 's-2', 's-3']);
  });

  it('a session the snapshot never read turns out to have entries: the commit refuses, and the fresh run sees them', async () => {
    const { staff, sessions, other, booking, reserves, block } = await practice('snap-unseen-session', 5);
    // Reserved before this store ever read the block, so its snapshot knows nothing of 'early'.
    await other.credits.reserve(staff, booking('early'));
    await sessions.credits.reserve(staff, booking('s-1'));

    // Booking 'early' again through this store: its snapshot would say 'early' holds nothing yet.
    const again = await sessions.credits.reserve(staff, booking('early')).catch((e: unknown) => e);
    const lockedAnswer = await other.credits.reserve(staff, booking('early')).catch((e: unknown) => e);

    // The answer a fresh, locked run gives, and 'early' still holds one unit, once.
    expect(isSessionsError(again) ? again.code : 'booked').toBe(
      isSessionsError(lockedAnswer) ? lockedAnswer.code : 'booked',
    );
    expect(await reserves()).toEqual(['early', 's-1']);
    const { balance } = await other.blocks.get(staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 3, reserved: 2 });

    // And releasing it through this store releases what the other store reserved.
    const released = await sessions.credits.release(staff, { blockId: block.id, sessionId: 'early' });
    expect(released.balance).toMatchObject({ remaining: 4, reserved: 1 });
  });

  it('concurrent bookings on one block from two stores: exactly its units are booked, each once', async () => {
    const { staff, sessions, other, booking, reserves, block } = await practice('snap-race', 10);
    await sessions.credits.reserve(staff, booking('warm'));

    const attempts = Array.from({ length: 30 }, (_, i) =>
      (i % 3 === 0 ? other : sessions).credits.reserve(staff, booking(`race-${i}`)).then(
        () => 'booked',
        (e: unknown) => (isSessionsError(e) ? e.code : String(e)),
      ),
    );
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((o) => o === 'booked')).toHaveLength(9);
    expect(outcomes.filter((o) => o !== 'booked')).toEqual(Array(21).fill('INSUFFICIENT_CREDIT'));
    const booked = await reserves();
    expect(new Set(booked).size).toBe(10);
    const { balance } = await other.blocks.get(staff, { blockId: block.id });
    expect(balance).toMatchObject({ remaining: 0, reserved: 10 });
  });

  it('bookings on one block at once go in batches: fewer statements than bookings, events in entry order', async () => {
    const { staff, sessions, booking, statements, reserves, block } = await practice('snap-batches', 30);
    await sessions.credits.reserve(staff, booking('warm'));
    statements.length = 0;

    await Promise.all(Array.from({ length: 20 }, (_, i) => sessions.credits.reserve(staff, booking(`b-${i}`))));

    const commits = statements.filter((sql) => sql.includes('sessions_commit_check'));
    expect(commits.length).toBeGreaterThan(1);
    expect(commits.length).toBeLessThan(20);
    expect(statements.filter(isPeek)).toEqual([]);
    const booked = await reserves();
    expect(booked).toHaveLength(21);
    const events = await createRawView(driver).outbox('snap-batches');
    const reserved = events.filter((e) => e.type === 'credit.reserved').map((e) => e.payload.sessionId);
    expect(reserved).toEqual(booked);
    const entries = await createRawView(driver).ledgerEntries('snap-batches', block.id);
    const numbers = entries.filter((e) => e.kind === 'reserve').map((e) => e.sessionNumber);
    expect(new Set(numbers).size).toBe(21);
  });

  it('moves on several blocks share a statement; a block another store wrote is read afresh, the rest commit', async () => {
    const tenantId = 'snap-blocks';
    const first = await practice(tenantId, 5);
    const { staff, other } = first;
    const clients = await Promise.all([1, 2, 3, 4].map((i) => other.clients.create(staff, { name: `C${i}` })));
    const blocks = [
      first.block,
      ...(await Promise.all(
        clients.map(
          async (client) =>
            (
              await other.blocks.create(staff, {
                clientId: client.id,
                quantity: 5,
                price: { total: money(45000, 'EUR') },
              })
            ).block,
        ),
      )),
    ];
    // One statement out at a time: what is ready meanwhile goes together in the next.
    const watched = counting();
    const sessions = createSessions({
      store: createPostgresStore({ driver: watched.driver, commitStatements: 1 }),
      settings,
    });
    const on = (blockId: string, sessionId: string) => ({ ...first.booking(sessionId), blockId });
    for (const block of blocks) await sessions.credits.reserve(staff, on(block.id, 'kept'));
    await other.credits.reserve(staff, on(blocks[2]!.id, 'elsewhere'));
    watched.statements.length = 0;

    // A session id with what array literals quote and escape: it travels inside the batch as one.
    const now = 'now "1" \\ {a,b} NULL';
    const results = await Promise.all(blocks.map((block) => sessions.credits.reserve(staff, on(block.id, now))));

    expect(watched.statements.some((sql) => sql.includes('sessions_commit_blocks'))).toBe(true);
    // None of it fell back to a locked transaction (as a statement that failed would have).
    expect(watched.statements).not.toContain('BEGIN');
    expect(results.map((r) => r.balance.remaining)).toEqual([3, 3, 2, 3, 3]);
    for (const [i, block] of blocks.entries()) {
      const kinds = (await createRawView(driver).ledgerEntries(tenantId, block.id))
        .filter((e) => e.kind === 'reserve')
        .map((e) => e.sessionId);
      expect(kinds).toEqual(i === 2 ? ['kept', 'elsewhere', now] : ['kept', now]);
    }

    // Each block kept the version its own row of the answer gave: the next round rests on them all, no read.
    watched.statements.length = 0;
    const again = await Promise.all(blocks.map((block) => sessions.credits.reserve(staff, on(block.id, 'again'))));
    expect(watched.statements.filter(isPeek)).toEqual([]);
    expect(watched.statements).not.toContain('BEGIN');
    expect(again.map((r) => r.balance.remaining)).toEqual([2, 2, 1, 2, 2]);
  });

  it('what a booking hands back cannot change what the next booking reads', async () => {
    const { staff, sessions, booking } = await practice('snap-frozen', 10);
    await sessions.credits.reserve(staff, booking('s-1'));
    const second = await sessions.credits.reserve(staff, booking('s-2'));
    try {
      (second.entry as { units: number }).units = 99;
    } catch {
      // A frozen entry refuses the change outright; either way the next booking is unaffected.
    }

    const third = await sessions.credits.reserve(staff, booking('s-3'));

    expect(third.balance).toMatchObject({ remaining: 7, reserved: 3 });
  });
});
