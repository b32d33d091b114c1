-- Take transaction-scoped advisory locks on many keys in one round trip, strictly
-- in the order given (core sorts them, so every command locks in the same order).
CREATE FUNCTION sessions_lock_all(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k text;
BEGIN
  FOREACH k IN ARRAY keys LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(k, 0));
  END LOOP;
END
$$
