-- Shipboard schema, version 1: every table of the domain. Money is integer minor units with
-- a currency code; timestamps are RFC 3339 UTC text; enums are checked text. Derived values
-- (tier, demand_score, request_count, value_at_stake, answer_stale) are stored and kept
-- current by the store in the same transaction as the change that moves them.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin','pm','support','sales','viewer')),
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Bearer tokens for scripts (scoped to a role) and read-only embed tokens (scoped to the
-- board or one area). Only a hash of the secret is stored.
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  label       TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('admin','pm','support','sales','viewer')),
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE TABLE embed_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  label       TEXT NOT NULL,
  scope       TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);

CREATE TABLE releases (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  planned_date  TEXT NOT NULL DEFAULT '',
  shipped_date  TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL CHECK (state IN ('planned','in_progress','released')),
  notes         TEXT NOT NULL DEFAULT '',
  faq           TEXT NOT NULL DEFAULT '',
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE items (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('feature','improvement','bug')),
  title            TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  area             TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN
                     ('under_review','planned','in_progress','beta','shipped','declined')),
  release_id       INTEGER REFERENCES releases(id),
  eta              TEXT,
  eta_end          TEXT,            -- last day the ETA covers, for sorting
  commitment       TEXT NOT NULL CHECK (commitment IN ('committed','tentative','none')),
  customer_answer  TEXT NOT NULL DEFAULT '',
  basis_set        INTEGER NOT NULL DEFAULT 0,   -- the answer's basis, see AnswerBasis
  basis_status     TEXT,
  basis_release_id INTEGER,
  basis_eta        TEXT,
  answer_stale     INTEGER NOT NULL DEFAULT 0,
  internal_note    TEXT NOT NULL DEFAULT '',
  owner_id         INTEGER REFERENCES users(id),
  created_by       INTEGER REFERENCES users(id),
  merged_into      INTEGER REFERENCES items(id),
  demand_score     REAL NOT NULL DEFAULT 0,
  request_count    INTEGER NOT NULL DEFAULT 0,
  value_amount     INTEGER NOT NULL DEFAULT 0,
  value_currency   TEXT NOT NULL DEFAULT 'CNY',
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX items_status ON items(status, id);
CREATE INDEX items_release ON items(release_id);
CREATE INDEX items_area ON items(area, id);
CREATE INDEX items_demand ON items(demand_score DESC, id);
CREATE INDEX items_updated ON items(updated_at DESC, id);

CREATE TABLE customers (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  value_amount   INTEGER NOT NULL,
  value_currency TEXT NOT NULL,
  tier           TEXT NOT NULL DEFAULT 'C' CHECK (tier IN ('A','B','C')),
  channel        TEXT NOT NULL CHECK (channel IN ('direct','partner')),
  partner_id     INTEGER REFERENCES customers(id),
  owner_id       INTEGER REFERENCES users(id),
  contacts       TEXT NOT NULL DEFAULT '[]',   -- JSON array of {name,title,role}
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX customers_owner ON customers(owner_id);

CREATE TABLE requests (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES items(id),
  customer_id    INTEGER NOT NULL REFERENCES customers(id),
  created_by     INTEGER NOT NULL REFERENCES users(id),
  importance     TEXT NOT NULL CHECK (importance IN ('nice','important','blocker')),
  value_amount   INTEGER NOT NULL,
  value_currency TEXT NOT NULL,
  quote          TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL
);
CREATE INDEX requests_item ON requests(item_id);
CREATE INDEX requests_customer ON requests(customer_id);

CREATE TABLE questions (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER REFERENCES items(id),
  release_id   INTEGER REFERENCES releases(id),
  customer_id  INTEGER REFERENCES customers(id),
  body         TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('open','answered')),
  asked_by     INTEGER NOT NULL REFERENCES users(id),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  answered_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX questions_state ON questions(state, id);
CREATE INDEX questions_item ON questions(item_id);

CREATE TABLE answers (
  id           INTEGER PRIMARY KEY,
  question_id  INTEGER NOT NULL REFERENCES questions(id),
  body         TEXT NOT NULL,
  author_id    INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL
);
CREATE INDEX answers_question ON answers(question_id);

CREATE TABLE library_answers (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  tags        TEXT NOT NULL DEFAULT '[]',
  item_id     INTEGER REFERENCES items(id),
  lang        TEXT NOT NULL,
  author_id   INTEGER NOT NULL REFERENCES users(id),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE told (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES users(id),
  customer_id      INTEGER NOT NULL REFERENCES customers(id),
  item_id          INTEGER REFERENCES items(id),
  answer_id        INTEGER REFERENCES library_answers(id),
  text             TEXT NOT NULL DEFAULT '',
  basis_status     TEXT,
  basis_release_id INTEGER,
  basis_eta        TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX told_item ON told(item_id);
CREATE INDEX told_user ON told(user_id);

CREATE TABLE follows (
  user_id  INTEGER NOT NULL REFERENCES users(id),
  item_id  INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY (user_id, item_id)
) WITHOUT ROWID;
CREATE INDEX follows_item ON follows(item_id);

CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  type       TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER NOT NULL,
  at         TEXT NOT NULL,
  actor_id   INTEGER,
  data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_entity ON events(entity, entity_id, id);

CREATE TABLE notifications (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  event_id    INTEGER NOT NULL REFERENCES events(id),
  kind        TEXT NOT NULL,
  item_id     INTEGER REFERENCES items(id),
  text        TEXT NOT NULL,
  read        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id DESC);

-- Search: one FTS5 index over normalised text (lower case, half-width, Traditional folded to
-- Simplified). CJK runs are indexed as unigrams and bigrams so 1- and 2-character queries
-- match; see server/src/store/search.cpp.
CREATE VIRTUAL TABLE search_index USING fts5(
  entity UNINDEXED, entity_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;
