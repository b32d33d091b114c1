-- @sessions/postgres schema, version 11: an optimistic commit may rest on what
-- the store kept of a block from its own last commit, not on a fresh read.
-- After a credit move commits, the store knows the block as it now stands:
-- what it read, plus what it wrote, and the new xmin of the totals row (the
-- commit returns it). The next credit move on that block from the same store
-- runs against that, with no read first: one round trip. Its commit checks,
-- under the locks, the version as before and also which entries the named
-- sessions have: the store knew those only for sessions it had read or
-- written, and assumed none for the others.

-- The commit's guard: take the locks (in the order given), then — in a
-- snapshot taken after them — say whether the version is unchanged and the
-- named sessions have exactly the entries `p_entries` (ids in seq order).
-- One function, nothing nested: sessions_lock_check called sessions_lock_all
-- and sessions_read_version, and the two calls cost more than their queries
-- (measured: 0.47 against 0.56 ms per commit statement, at one connection).
-- The locks are one statement (volatile calls run after the sort, so in
-- order); a booking names one session, which is one index lookup.
CREATE FUNCTION sessions_commit_check(
  keys text[], p_tenant text, p_services text[], p_practitioners text[], p_block text, p_version text,
  p_sessions text[], p_entries text[]
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(u.k, 0)) FROM unnest(keys) WITH ORDINALITY AS u(k, n) ORDER BY u.n;
  IF concat_ws('|',
    coalesce((SELECT s.xmin::text FROM sessions_settings s WHERE s.tenant_id = p_tenant), '-'),
    coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_services x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_services)), '-'),
    coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_practitioners x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_practitioners)), '-'),
    coalesce((SELECT b.xmin::text FROM sessions_blocks b
       WHERE b.tenant_id = p_tenant AND b.id = coalesce(p_block, '')), '-'),
    coalesce((SELECT t.xmin::text FROM sessions_block_totals t
       WHERE t.tenant_id = p_tenant AND t.block_id = coalesce(p_block, '')), '-')) IS DISTINCT FROM p_version THEN
    RETURN false;
  END IF;
  IF cardinality(p_sessions) = 1 THEN
    RETURN coalesce((SELECT array_agg(e.id ORDER BY e.seq) FROM sessions_ledger e
      WHERE e.tenant_id = p_tenant AND e.block_id = coalesce(p_block, '') AND e.session_id = p_sessions[1]),
      '{}'::text[]) = p_entries;
  END IF;
  RETURN (SELECT coalesce(array_agg(l.id ORDER BY l.seq), '{}'::text[])
    FROM (SELECT DISTINCT unnest(p_sessions)) AS wanted(session_id)
    CROSS JOIN LATERAL (
      SELECT e.id, e.seq FROM sessions_ledger e
      WHERE e.tenant_id = p_tenant AND e.block_id = coalesce(p_block, '') AND e.session_id = wanted.session_id
      OFFSET 0
    ) l) = p_entries;
END
$$;

-- Several blocks' moves in one statement: a store's commits on different
-- blocks that are ready at the same moment share one round trip and one
-- transaction. All the keys are taken first, sorted (as every command takes
-- its own), so this never deadlocks with a command that locks some of them;
-- then each block is checked as sessions_commit_check checks one (its locks
-- are already held), and only a block whose check holds is written. One row
-- per block, in the order given: whether it was written, and its totals row's
-- new xmin. Each element of p_blocks: {services, practitioners, block,
-- version, sessions, expected, entries, moves, events}, as COMMIT_BLOCK's
-- parameters, the lists of ids and the moves as array literals ('{…}', cast,
-- not unpacked by a query each). A statement error (a duplicate entry) writes
-- nothing at all. The check is written out again, not called: a nested call
-- per block cost as much as its reads. Generic plans, as in 009: otherwise the
-- sessions' lateral lookup is planned afresh for every block.
CREATE FUNCTION sessions_commit_blocks(p_tenant text, p_keys text[], p_blocks jsonb)
RETURNS TABLE (ok boolean, totals_version text) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  b jsonb;
  p_block text;
  p_sessions text[];
  moves bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(u.k, 0)) FROM unnest(p_keys) WITH ORDINALITY AS u(k, n) ORDER BY u.n;
  FOR b IN SELECT e.value FROM jsonb_array_elements(p_blocks) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    p_block := b->>'block';
    p_sessions := (b->>'sessions')::text[];
    ok := concat_ws('|',
      coalesce((SELECT s.xmin::text FROM sessions_settings s WHERE s.tenant_id = p_tenant), '-'),
      coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_services x
         WHERE x.tenant_id = p_tenant AND x.id = ANY((b->>'services')::text[])), '-'),
      coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_practitioners x
         WHERE x.tenant_id = p_tenant AND x.id = ANY((b->>'practitioners')::text[])), '-'),
      coalesce((SELECT k.xmin::text FROM sessions_blocks k WHERE k.tenant_id = p_tenant AND k.id = p_block), '-'),
      coalesce((SELECT t.xmin::text FROM sessions_block_totals t
         WHERE t.tenant_id = p_tenant AND t.block_id = p_block), '-')) = b->>'version'
      AND (SELECT coalesce(array_agg(l.id ORDER BY l.seq), '{}'::text[])
        FROM (SELECT DISTINCT unnest(p_sessions)) AS wanted(session_id)
        CROSS JOIN LATERAL (
          SELECT e.id, e.seq FROM sessions_ledger e
          WHERE e.tenant_id = p_tenant AND e.block_id = p_block AND e.session_id = wanted.session_id
          OFFSET 0
        ) l) = (b->>'expected')::text[];
    totals_version := NULL;
    IF ok THEN
      INSERT INTO sessions_ledger (tenant_id, block_id, seq, id, session_id, data)
      SELECT p_tenant, p_block, (e.data->>'seq')::int, e.data->>'id', e.data->>'sessionId', e.data
      FROM jsonb_array_elements(b->'entries') AS e(data);
      IF jsonb_array_length(b->'entries') > 0 THEN
        -- The moves in TOTALS_COLUMNS order (block-totals.ts), as COMMIT_BLOCK adds them.
        moves := (b->>'moves')::bigint[];
        INSERT INTO sessions_block_totals AS t (tenant_id, block_id,
          last_seq, sessions, available_units, available_value, available_first, reserved_units,
          reserved_value, reserved_first, consumed_units, consumed_value, consumed_first,
          refunded_units, refunded_value, refunded_first, forfeited_units, forfeited_value,
          forfeited_first, purchased, purchased_value, paid, refunded_amount, written_off)
        VALUES (p_tenant, p_block,
          moves[1], moves[2], moves[3], moves[4], moves[5], moves[6], moves[7], moves[8], moves[9],
          moves[10], moves[11], moves[12], moves[13], moves[14], moves[15], moves[16], moves[17],
          moves[18], moves[19], moves[20], moves[21], moves[22])
        ON CONFLICT (tenant_id, block_id) DO UPDATE SET
          last_seq = GREATEST(t.last_seq, EXCLUDED.last_seq),
          sessions = GREATEST(t.sessions, EXCLUDED.sessions),
          available_units = t.available_units + EXCLUDED.available_units,
          available_value = t.available_value + EXCLUDED.available_value,
          available_first = t.available_first + EXCLUDED.available_first,
          reserved_units = t.reserved_units + EXCLUDED.reserved_units,
          reserved_value = t.reserved_value + EXCLUDED.reserved_value,
          reserved_first = t.reserved_first + EXCLUDED.reserved_first,
          consumed_units = t.consumed_units + EXCLUDED.consumed_units,
          consumed_value = t.consumed_value + EXCLUDED.consumed_value,
          consumed_first = t.consumed_first + EXCLUDED.consumed_first,
          refunded_units = t.refunded_units + EXCLUDED.refunded_units,
          refunded_value = t.refunded_value + EXCLUDED.refunded_value,
          refunded_first = t.refunded_first + EXCLUDED.refunded_first,
          forfeited_units = t.forfeited_units + EXCLUDED.forfeited_units,
          forfeited_value = t.forfeited_value + EXCLUDED.forfeited_value,
          forfeited_first = t.forfeited_first + EXCLUDED.forfeited_first,
          purchased = t.purchased + EXCLUDED.purchased,
          purchased_value = t.purchased_value + EXCLUDED.purchased_value,
          paid = t.paid + EXCLUDED.paid,
          refunded_amount = t.refunded_amount + EXCLUDED.refunded_amount,
          written_off = t.written_off + EXCLUDED.written_off
        RETURNING t.xmin::text INTO totals_version;
      END IF;
      INSERT INTO sessions_outbox (tenant_id, id, data)
      SELECT p_tenant, e.data->>'id', e.data FROM jsonb_array_elements(b->'events') WITH ORDINALITY AS e(data, n)
      ORDER BY e.n;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
