-- CRM data in and out as CSV (issue 15, part 4): the id a customer has in the company's CRM
-- (Salesforce, HubSpot, 纷享销客), which a customers import upserts by; the saved column
-- mappings of each source and kind; and the import jobs as they ended (running jobs and their
-- progress live in the server's memory; a finished job is kept here for GET /imports).
ALTER TABLE customers ADD COLUMN external_id TEXT;  -- NULL = not from a CRM
CREATE UNIQUE INDEX customers_external_id ON customers(external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX customers_name ON customers(name);
CREATE INDEX items_title ON items(title);

-- A source's header -> field names for one kind: {"客戶名稱": "name", "年度金額": "annual_value"}.
CREATE TABLE import_mappings (
  source      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('customers','requests','items')),
  columns     TEXT NOT NULL DEFAULT '{}',
  updated_by  INTEGER REFERENCES users(id),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (source, kind)
) WITHOUT ROWID;

-- A finished import job: its JSON as GET /api/v1/imports/{id} answers it.
CREATE TABLE import_jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('customers','requests','items')),
  state        TEXT NOT NULL CHECK (state IN ('queued','running','done','failed')),
  created_by   INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL DEFAULT '',
  job          TEXT NOT NULL DEFAULT '{}'
);
