-- @sessions/postgres schema, version 6: paged reads. A page is read with a row
-- comparison on an index's trailing (sort key, id) columns:
--   WHERE tenant_id = $1 AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4
-- so each page is one index range scan that stops after the page.

-- An invoice's block (NULL for an invoice of sessions), rewritten by every
-- update like the other columns; filled in from the records already stored.
ALTER TABLE sessions_invoices ADD COLUMN block_id text COLLATE "C";
UPDATE sessions_invoices SET block_id = data->>'blockId';
-- listForSessions(page): only invoices of sessions, in creation order.
CREATE INDEX sessions_invoices_sessions ON sessions_invoices (tenant_id, created_at, id)
  WHERE block_id IS NULL;
-- list(page) of invoices, which until now were read through the primary key and sorted.
CREATE INDEX sessions_invoices_created ON sessions_invoices (tenant_id, created_at, id);
