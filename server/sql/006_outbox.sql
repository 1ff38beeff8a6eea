-- The outbox: chat and webhook channels, one delivery row per (channel or recipient, event)
-- written in the same transaction as the change it tells about, and each user's email
-- choices. A delivery is sent at least once by the worker (server/src/outbound/worker.cpp):
-- `lease_until` marks a row being sent, `attempts` counts tries, `next_attempt_at` is when
-- a pending row is due (an email waiting for a daily digest is due at the digest).
CREATE TABLE webhooks (
  id              INTEGER PRIMARY KEY,
  url             TEXT NOT NULL,
  format          TEXT NOT NULL
                  CHECK (format IN ('generic','slack','teams','wecom','dingtalk','feishu')),
  events          TEXT NOT NULL DEFAULT '[]',  -- JSON array of event types; [] = all that go out
  area            TEXT,                        -- only items of this product area; NULL = all
  lang            TEXT NOT NULL DEFAULT 'zh-Hant',
  secret          TEXT NOT NULL DEFAULT '',
  active          INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT NOT NULL DEFAULT '',
  created_by      INTEGER NOT NULL REFERENCES users(id),
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,  -- webhook:<id>:<event> | email:<user>:<event> | test:…
  channel         TEXT NOT NULL CHECK (channel IN ('webhook','email')),
  webhook_id      INTEGER REFERENCES webhooks(id) ON DELETE CASCADE,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  event_id        INTEGER REFERENCES events(id),
  event_type      TEXT NOT NULL,
  item_id         INTEGER,
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending','delivered','failed')),
  digest          INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until     TEXT,
  last_status     INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  payload         TEXT NOT NULL,  -- what the message is rendered from (event, item snapshot)
  created_at      TEXT NOT NULL,
  queued_at       TEXT NOT NULL,  -- created or redelivered: the 24 h until it is given up
  delivered_at    TEXT
);
CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_webhook ON deliveries(webhook_id, id);
CREATE INDEX deliveries_user ON deliveries(user_id, id);

CREATE TABLE notification_settings (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL DEFAULT 'zh-Hant',
  digest_time TEXT NOT NULL DEFAULT '09:00',
  utc_offset  TEXT NOT NULL DEFAULT '+08:00',
  email_modes TEXT NOT NULL DEFAULT '{}'  -- {"item.status_changed": "digest"}; missing = now
);

-- The key of one-click unsubscribe links (HMAC of user and kind).
INSERT INTO board_secrets(name, value) VALUES ('unsubscribe', randomblob(32));
