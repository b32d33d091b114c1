-- @sessions/postgres schema, version 7: what a reminders feed reads, a page's
-- worth in a few statements. Columns are rewritten by every update (blocks) or
-- written on append (account entries), like the others, and filled in here
-- from the records already stored (only rows that have a value are touched).

-- When a block closed and the day it expires, beside its status.
ALTER TABLE sessions_blocks ADD COLUMN closed_at text COLLATE "C";
ALTER TABLE sessions_blocks ADD COLUMN expires_on text COLLATE "C";
UPDATE sessions_blocks SET closed_at = data->>'closedAt', expires_on = data->>'expiresOn'
  WHERE data->>'closedAt' IS NOT NULL OR data->>'expiresOn' IS NOT NULL;
-- listEndedSince('completed', since, page): completed blocks by closed_at from `since`.
CREATE INDEX sessions_blocks_completed ON sessions_blocks (tenant_id, closed_at, id)
  WHERE status = 'completed' AND closed_at IS NOT NULL;
-- listEndedSince('expired', since, page): expired blocks by expires_on from `since`.
CREATE INDEX sessions_blocks_expired ON sessions_blocks (tenant_id, expires_on, id)
  WHERE status = 'expired' AND expires_on IS NOT NULL;

-- The invoice an account entry names (a payment recorded against it, or its reversal).
ALTER TABLE sessions_account_ledger ADD COLUMN invoice_id text COLLATE "C";
UPDATE sessions_account_ledger SET invoice_id = data->>'invoiceId' WHERE data->>'invoiceId' IS NOT NULL;
-- paymentsFor(invoiceIds): the entries naming each invoice, summed per invoice.
CREATE INDEX sessions_account_ledger_invoice ON sessions_account_ledger (tenant_id, invoice_id)
  WHERE invoice_id IS NOT NULL;
