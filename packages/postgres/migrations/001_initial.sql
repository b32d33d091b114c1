-- @sessions/postgres schema, version 1.
-- Tenant id leads every primary key and index. Records are kept whole as
-- jsonb next to the columns that queries filter and sort by; text columns that
-- order results use the C collation so they sort as the memory store does.

CREATE TABLE sessions_settings (
  tenant_id text NOT NULL PRIMARY KEY,
  data jsonb NOT NULL
);

CREATE TABLE sessions_clients (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sessions_clients_created ON sessions_clients (tenant_id, created_at, id);

CREATE TABLE sessions_practitioners (LIKE sessions_clients INCLUDING ALL);
CREATE TABLE sessions_services (LIKE sessions_clients INCLUDING ALL);
CREATE TABLE sessions_templates (LIKE sessions_clients INCLUDING ALL);

CREATE TABLE sessions_blocks (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  client_id text NOT NULL,
  status text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sessions_blocks_client ON sessions_blocks (tenant_id, client_id, created_at, id);
CREATE INDEX sessions_blocks_status ON sessions_blocks (tenant_id, status, created_at, id);

CREATE TABLE sessions_invoices (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  number text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);

CREATE TABLE sessions_ledger (
  tenant_id text NOT NULL,
  block_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, block_id, seq),
  UNIQUE (tenant_id, id)
);

CREATE TABLE sessions_sequences (
  tenant_id text NOT NULL,
  name text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

CREATE TABLE sessions_idempotency (
  tenant_id text NOT NULL,
  key text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

-- position orders events across tenants: hosts poll them oldest first.
CREATE TABLE sessions_outbox (
  tenant_id text NOT NULL,
  position bigserial NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  acked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, position),
  UNIQUE (tenant_id, id)
);
CREATE INDEX sessions_outbox_open ON sessions_outbox (tenant_id, position) WHERE NOT acked;
CREATE INDEX sessions_outbox_open_all ON sessions_outbox (position) WHERE NOT acked;
