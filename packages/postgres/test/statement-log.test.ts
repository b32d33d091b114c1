import { describe, expect, it } from 'vitest';
import { CROSS_TENANT_POLL, statementsHoldingValues, statementsNotFilteredByTenant } from './statement-log.js';

// The rule conformance-server.test.ts holds every store statement to; here, that it can fail.
describe('the rules store statements are held to', () => {
  const allowed = new Set(['sessions_open_block', 'sessions_lock_all']);

  it('passes statements that filter by tenant_id, locks, the named cross-tenant poll and allowed functions', () => {
    expect(
      statementsNotFilteredByTenant(
        [
          'SELECT data FROM sessions_clients WHERE tenant_id = $1 AND id = $2',
          'UPDATE sessions_outbox SET acked = true WHERE tenant_id = $1 AND id = ANY($2)',
          'SELECT sessions_lock_all($1::text[])',
          'SELECT * FROM sessions_open_block($1, $2, $3::text[])',
          'SELECT max(version) AS version FROM sessions_migrations',
          CROSS_TENANT_POLL,
        ],
        allowed,
      ),
    ).toEqual([]);
  });

  it('names a statement that reaches a table without tenant_id, or calls a function not allowed', () => {
    expect(
      statementsNotFilteredByTenant(
        [
          'SELECT data FROM sessions_clients WHERE id = $1',
          'DELETE FROM sessions_outbox WHERE acked',
          'INSERT INTO sessions_ledger (id, data) VALUES ($1, $2)',
          'SELECT * FROM sessions_read_everything($1)',
        ],
        allowed,
      ),
    ).toEqual([
      'SELECT data FROM sessions_clients WHERE id = $1',
      'DELETE FROM sessions_outbox WHERE acked',
      'INSERT INTO sessions_ledger (id, data) VALUES ($1, $2)',
      'SELECT * FROM sessions_read_everything($1)',
    ]);
  });

  it('names a statement whose text holds a stored value rather than a parameter', () => {
    expect(
      statementsHoldingValues(
        [
          'SELECT data FROM sessions_clients WHERE tenant_id = $1 ORDER BY created_at LIMIT 1 -- the first',
          "SELECT data FROM sessions_clients WHERE tenant_id = 'practice-7'",
        ],
        ['practice-7', 'Mara', 'first'],
      ),
    ).toEqual(["SELECT data FROM sessions_clients WHERE tenant_id = 'practice-7'"]);
  });
});
