-- A running summary per block, kept by the store in the same statement as every
-- ledger append, so a command reads one row instead of the block's whole history.
-- Its numbers are exactly the fold of the block's entries (checked by the
-- conformance suite); it is never edited except by appends.

ALTER TABLE sessions_ledger ADD COLUMN session_id text COLLATE "C";
UPDATE sessions_ledger SET session_id = data->>'sessionId';
CREATE INDEX sessions_ledger_session ON sessions_ledger (tenant_id, block_id, session_id, seq)
  WHERE session_id IS NOT NULL;

CREATE TABLE sessions_block_totals (
  tenant_id text NOT NULL,
  block_id text COLLATE "C" NOT NULL,
  last_seq integer NOT NULL,
  sessions integer NOT NULL,
  available_units bigint NOT NULL,
  available_value bigint NOT NULL,
  available_first integer NOT NULL,
  reserved_units bigint NOT NULL,
  reserved_value bigint NOT NULL,
  reserved_first integer NOT NULL,
  consumed_units bigint NOT NULL,
  consumed_value bigint NOT NULL,
  consumed_first integer NOT NULL,
  refunded_units bigint NOT NULL,
  refunded_value bigint NOT NULL,
  refunded_first integer NOT NULL,
  forfeited_units bigint NOT NULL,
  forfeited_value bigint NOT NULL,
  forfeited_first integer NOT NULL,
  purchased bigint NOT NULL,
  purchased_value bigint NOT NULL,
  paid bigint NOT NULL,
  refunded_amount bigint NOT NULL,
  written_off bigint NOT NULL,
  PRIMARY KEY (tenant_id, block_id)
);

-- Summaries of the entries already stored: bucket moves in, minus moves out.
INSERT INTO sessions_block_totals
SELECT tenant_id, block_id, max(seq),
  count(DISTINCT session_id),
  sum(CASE WHEN data->>'to' = 'available' THEN u ELSE 0 END) - sum(CASE WHEN data->>'from' = 'available' THEN u ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'available' THEN v ELSE 0 END) - sum(CASE WHEN data->>'from' = 'available' THEN v ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'available' THEN f ELSE 0 END) - sum(CASE WHEN data->>'from' = 'available' THEN f ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'reserved' THEN u ELSE 0 END) - sum(CASE WHEN data->>'from' = 'reserved' THEN u ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'reserved' THEN v ELSE 0 END) - sum(CASE WHEN data->>'from' = 'reserved' THEN v ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'reserved' THEN f ELSE 0 END) - sum(CASE WHEN data->>'from' = 'reserved' THEN f ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'consumed' THEN u ELSE 0 END) - sum(CASE WHEN data->>'from' = 'consumed' THEN u ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'consumed' THEN v ELSE 0 END) - sum(CASE WHEN data->>'from' = 'consumed' THEN v ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'consumed' THEN f ELSE 0 END) - sum(CASE WHEN data->>'from' = 'consumed' THEN f ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'refunded' THEN u ELSE 0 END) - sum(CASE WHEN data->>'from' = 'refunded' THEN u ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'refunded' THEN v ELSE 0 END) - sum(CASE WHEN data->>'from' = 'refunded' THEN v ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'refunded' THEN f ELSE 0 END) - sum(CASE WHEN data->>'from' = 'refunded' THEN f ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'forfeited' THEN u ELSE 0 END) - sum(CASE WHEN data->>'from' = 'forfeited' THEN u ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'forfeited' THEN v ELSE 0 END) - sum(CASE WHEN data->>'from' = 'forfeited' THEN v ELSE 0 END),
  sum(CASE WHEN data->>'to' = 'forfeited' THEN f ELSE 0 END) - sum(CASE WHEN data->>'from' = 'forfeited' THEN f ELSE 0 END),
  sum(CASE WHEN data->>'from' IS NULL THEN u ELSE 0 END),
  sum(CASE WHEN data->>'from' IS NULL THEN v ELSE 0 END),
  sum(CASE WHEN data->>'kind' = 'payment' THEN a ELSE 0 END),
  sum(CASE WHEN data->>'kind' = 'refund' THEN a ELSE 0 END),
  sum(CASE WHEN data->>'kind' = 'refund' THEN w ELSE 0 END)
FROM (
  SELECT tenant_id, block_id, seq, session_id, data,
    (data->>'units')::bigint AS u, (data->>'value')::bigint AS v,
    CASE WHEN (data->>'firstUnit')::boolean THEN 1 ELSE 0 END AS f,
    (data->>'amount')::bigint AS a, (data->>'writeOff')::bigint AS w
  FROM sessions_ledger
) e
GROUP BY tenant_id, block_id;
