-- @sessions/postgres schema, version 3: sessions, attendances, completion types
-- and clients' account ledgers. As in 001: the tenant id leads every key and
-- index, records are kept whole as jsonb beside the columns queries filter and
-- sort by, and sort columns use the C collation. Each index serves one
-- repository method; sessions.list() and attendances.list() (not used by core)
-- read the tenant's rows through the primary key and sort them.

CREATE TABLE sessions_sessions (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  practitioner_id text NOT NULL,
  starts_at text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- listByPractitioner(practitionerId, range)
CREATE INDEX sessions_sessions_practitioner ON sessions_sessions (tenant_id, practitioner_id, starts_at, id);
-- listStartingBetween(range)
CREATE INDEX sessions_sessions_starts ON sessions_sessions (tenant_id, starts_at, id);

CREATE TABLE sessions_attendances (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  session_id text NOT NULL,
  client_id text NOT NULL,
  block_id text,
  invoice_id text,
  starts_at text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- listBySession(sessionId)
CREATE INDEX sessions_attendances_session ON sessions_attendances (tenant_id, session_id, created_at, id);
-- listByClient(clientId)
CREATE INDEX sessions_attendances_client ON sessions_attendances (tenant_id, client_id, starts_at, id);
-- listByBlock(blockId): only linked attendances are ever looked up by block.
CREATE INDEX sessions_attendances_block ON sessions_attendances (tenant_id, block_id, starts_at, id)
  WHERE block_id IS NOT NULL;
-- listUnlinked()
CREATE INDEX sessions_attendances_unlinked ON sessions_attendances (tenant_id, starts_at, id)
  WHERE block_id IS NULL AND invoice_id IS NULL;

-- Few per practice: the same shape as clients (list() by created_at, id).
CREATE TABLE sessions_completion_types (LIKE sessions_clients INCLUDING ALL);

-- Append-only, like sessions_ledger: (client, seq) is the key, the entry id unique in the tenant.
CREATE TABLE sessions_account_ledger (
  tenant_id text NOT NULL,
  client_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, client_id, seq),
  UNIQUE (tenant_id, id)
);
