-- @sessions/postgres schema, version 4: recurring series, class enrolments,
-- closures and practitioners' availability, and each session's series. As in
-- 001 and 003: the tenant id leads every key and index, records are kept whole
-- as jsonb beside the columns queries filter and sort by, and sort columns use
-- the C collation. Each index serves one repository method.

-- Few per practice, read by id or listed whole: the same shape as clients
-- (list() by created_at, id). An availability's id is its practitioner's, so
-- the primary key keeps one per practitioner.
CREATE TABLE sessions_series (LIKE sessions_clients INCLUDING ALL);
CREATE TABLE sessions_closures (LIKE sessions_clients INCLUDING ALL);
CREATE TABLE sessions_availability (LIKE sessions_clients INCLUDING ALL);

CREATE TABLE sessions_enrolments (
  tenant_id text NOT NULL,
  id text COLLATE "C" NOT NULL,
  class_id text NOT NULL,
  client_id text NOT NULL,
  status text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- listByClass(classId), every status
CREATE INDEX sessions_enrolments_class ON sessions_enrolments (tenant_id, class_id, created_at, id);
-- listByClient(clientId), every status
CREATE INDEX sessions_enrolments_client ON sessions_enrolments (tenant_id, client_id, created_at, id);

-- A session's series, rewritten by every update like practitioner_id and
-- starts_at. Sessions stored before this version belong to none: NULL, which
-- ADD COLUMN gives every existing row.
ALTER TABLE sessions_sessions ADD COLUMN series_id text;
-- listBySeries(seriesId): one-off sessions are never looked up by series.
CREATE INDEX sessions_sessions_series ON sessions_sessions (tenant_id, series_id, starts_at, id)
  WHERE series_id IS NOT NULL;
