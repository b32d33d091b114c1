-- @sessions/postgres schema, version 10: commands run optimistically.
-- A command that names everything it reads up front (a credit move: its block,
-- the session's entries on it, the service and practitioner) may run without
-- holding its locks while node works on it: the store reads those records
-- unlocked, with a version of them, and commits in one statement that takes
-- the locks, checks the version is unchanged, and writes. That is two round
-- trips and no BEGIN or COMMIT, where the locked path takes five; and the
-- block is locked only for that one statement. If anything it read has
-- changed, nothing is written and the store runs the command again with locks.

-- A version of what such a command reads: the xmin (the transaction that wrote
-- the current row) of the practice's settings, of each named service and
-- practitioner, of the block and of its totals row, joined in one string;
-- '-' for a row that does not exist. Every append rewrites the block's totals
-- row, so its xmin also stands for the block's entries.
-- PL/pgSQL and STABLE: its plan is cached per connection (an SQL function called
-- from a statement was planned on every call, 0.35 ms), and it reads in the
-- snapshot of the statement that calls it.
CREATE FUNCTION sessions_read_version(p_tenant text, p_services text[], p_practitioners text[], p_block text)
RETURNS text LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN concat_ws('|',
    coalesce((SELECT s.xmin::text FROM sessions_settings s WHERE s.tenant_id = p_tenant), '-'),
    coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_services x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_services)), '-'),
    coalesce((SELECT string_agg(x.id || ':' || x.xmin::text, ',' ORDER BY x.id) FROM sessions_practitioners x
       WHERE x.tenant_id = p_tenant AND x.id = ANY(p_practitioners)), '-'),
    coalesce((SELECT b.xmin::text FROM sessions_blocks b
       WHERE b.tenant_id = p_tenant AND b.id = coalesce(p_block, '')), '-'),
    coalesce((SELECT t.xmin::text FROM sessions_block_totals t
       WHERE t.tenant_id = p_tenant AND t.block_id = coalesce(p_block, '')), '-'));
END
$$;

-- The commit's guard: take the locks (in the order given, as every command
-- does), then — in a snapshot taken after them, so seeing whatever the
-- previous holder committed — say whether what was read is still current.
CREATE FUNCTION sessions_lock_check(
  keys text[], p_tenant text, p_services text[], p_practitioners text[], p_block text, p_version text
) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sessions_lock_all(keys);
  RETURN sessions_read_version(p_tenant, p_services, p_practitioners, p_block) = p_version;
END
$$;
