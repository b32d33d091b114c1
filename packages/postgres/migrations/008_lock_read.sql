-- @sessions/postgres schema, version 8: take a command's locks and read what it
-- reads next in one round trip. Each query in a PL/pgSQL function takes its
-- own snapshot (READ COMMITTED), so the reads below run after the locks are
-- held and see everything the previous holder committed; reads in the same
-- SQL statement as the locks would not (its snapshot predates the wait).
-- One row: the settings, the services and practitioners asked for (jsonb
-- arrays), and one block opened as `ledger.openBlock(p_block, p_sessions)`
-- reads it (its record and totals row null if it does not exist, or if no
-- block was asked for).
-- No block is looked up as '' (which no block has), not as NULL: the planner
-- folds `id = NULL` to false, so calls without a block were planned unlike the
-- others and swayed the plan cache's choices for this statement (measured:
-- bookings ran 10-20 % slower on connections that had also run commands
-- without a block); with '' every call plans as the same index lookups.
CREATE FUNCTION sessions_lock_read(
  keys text[], p_tenant text, p_services text[], p_practitioners text[], p_block text, p_sessions text[]
) RETURNS TABLE (settings jsonb, services jsonb, practitioners jsonb, block jsonb, totals jsonb, entries jsonb)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sessions_lock_all(keys);
  RETURN QUERY SELECT
    (SELECT s.data FROM sessions_settings s WHERE s.tenant_id = p_tenant),
    (SELECT coalesce(jsonb_agg(x.data), '[]'::jsonb) FROM sessions_services x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_services)),
    (SELECT coalesce(jsonb_agg(x.data), '[]'::jsonb) FROM sessions_practitioners x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_practitioners)),
    (SELECT b.data FROM sessions_blocks b WHERE b.tenant_id = p_tenant AND b.id = coalesce(p_block, '')),
    (SELECT to_jsonb(t) FROM sessions_block_totals t WHERE t.tenant_id = p_tenant AND t.block_id = coalesce(p_block, '')),
    (SELECT coalesce(jsonb_agg(l.data ORDER BY l.seq), '[]'::jsonb) FROM sessions_ledger l
       WHERE l.tenant_id = p_tenant AND l.block_id = coalesce(p_block, '') AND l.session_id = ANY(p_sessions));
END
$$;
