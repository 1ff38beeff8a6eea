-- Company sign-in. Users signed in by OpenID Connect or by a trusted proxy are matched by
-- (issuer, subject): the provider's `iss` and `sub`, or "auth-proxy" and the login. Users get
-- an email. A sign-in in progress (state, nonce, PKCE verifier) is a row until its callback
-- takes it, so any process can finish it and a replayed state finds nothing. The board's own
-- secrets (the key of proxied callers' CSRF tokens) are shared by every process.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE user_identities (
  issuer          TEXT NOT NULL,
  subject         TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at      TEXT NOT NULL,
  last_sign_in_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;
CREATE INDEX user_identities_user ON user_identities(user_id);

CREATE TABLE sign_in_flows (
  state_hash    BLOB PRIMARY KEY,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to     TEXT NOT NULL,
  expires_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE board_secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO board_secrets(name, value) VALUES ('proxy_csrf', randomblob(32));
