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
CREATE FUNCTION sessions_commit_check(
  keys text[], p_tenant text, p_services text[], p_practitioners text[], p_block text, p_version text,
  p_sessions text[], p_entries text[]
) RETURNS boolean LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  PERFORM sessions_lock_all(keys);
  RETURN sessions_read_version(p_tenant, p_services, p_practitioners, p_block) = p_version
    AND (SELECT coalesce(array_agg(l.id ORDER BY l.seq), '{}'::text[])
           FROM (SELECT DISTINCT unnest(p_sessions)) AS wanted(session_id)
           CROSS JOIN LATERAL (
             SELECT e.id, e.seq FROM sessions_ledger e
             WHERE e.tenant_id = p_tenant AND e.block_id = coalesce(p_block, '') AND e.session_id = wanted.session_id
             OFFSET 0
           ) l) = p_entries;
END
$$;
