// Company sign-in in SQLite: users matched by (issuer, subject) from OpenID Connect or a
// trusted proxy, the sign-in flows between /auth/oidc/start and its callback, and the board's
// own secrets. A sign-in that changes nothing only reads, so proxied requests do not write.
#include <nlohmann/json.hpp>

#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

void bind_hash(db::Statement& st, int i, const std::string& hash) {
  st.bind_blob(i, hash.data(), static_cast<int>(hash.size()));
}

std::optional<User> user_of_identity(db::Connection& c, const ExternalIdentity& id) {
  auto st = c.prepare(std::string("SELECT u.") +
                      "id, u.login, u.name, u.role, u.active, u.version, u.created_at, u.email "
                      "FROM user_identities i JOIN users u ON u.id = i.user_id "
                      "WHERE i.issuer = ?1 AND i.subject = ?2");
  st.bind(1, id.issuer).bind(2, id.subject);
  if (st.step()) return rows::user(st, 0);
  if (!id.match_login) return std::nullopt;
  auto by_login =
      c.prepare(std::string("SELECT ") + rows::kUserColumns + " FROM users WHERE login = ?1");
  by_login.bind(1, id.login);
  if (by_login.step()) return rows::user(by_login, 0);
  return std::nullopt;
}

bool login_taken(db::Connection& c, const std::string& login) {
  auto st = c.prepare("SELECT 1 FROM users WHERE login = ?1");
  st.bind(1, login);
  return st.step();
}

// What would change for an existing user (empty claims never blank a field).
bool needs_update(const User& u, const ExternalIdentity& id) {
  return (id.role && *id.role != u.role) || (!id.name.empty() && id.name != u.name) ||
         (!id.email.empty() && id.email != u.email);
}

}  // namespace

Result<User> SqliteStore::sign_in_identity(const ExternalIdentity& id, const std::string& now) {
  {
    auto r = pool_->reader();
    auto existing = user_of_identity(*r, id);
    if (existing && !existing->active)
      return Result<User>::fail(Outcome::forbidden, "this account is deactivated on the board");
    if (existing && !needs_update(*existing, id) && !id.match_login)
      return Result<User>::ok(*existing);
    if (!existing && !id.role)
      return Result<User>::fail(Outcome::forbidden, "no role on the board for this account");
    if (existing && !needs_update(*existing, id)) {
      // A proxied user found by login is linked once; afterwards this is a pure read.
      auto linked = r->prepare("SELECT 1 FROM user_identities WHERE issuer = ?1 AND subject = ?2");
      linked.bind(1, id.issuer).bind(2, id.subject);
      if (linked.step()) return Result<User>::ok(*existing);
    }
  }
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto existing = user_of_identity(*c, id);
  User u;
  if (existing) {
    if (!existing->active)
      return Result<User>::fail(Outcome::forbidden, "this account is deactivated on the board");
    u = *existing;
    nlohmann::json fields = nlohmann::json::array();
    if (id.role && *id.role != u.role) fields.push_back("role");
    if (!id.name.empty() && id.name != u.name) fields.push_back("name");
    if (!id.email.empty() && id.email != u.email) fields.push_back("email");
    const bool was_admin = u.role == Role::admin;
    if (id.role) u.role = *id.role;
    if (!id.name.empty()) u.name = id.name;
    if (!id.email.empty()) u.email = id.email;
    if (!fields.empty()) {
      ++u.version;
      c->prepare("UPDATE users SET name = ?1, email = ?2, role = ?3, version = ?4 WHERE id = ?5")
          .bind(1, u.name)
          .bind(2, u.email)
          .bind(3, to_string(u.role))
          .bind(4, u.version)
          .bind(5, u.id)
          .run();
      // A role taken away at the provider ends what the old role signed in (as an admin's
      // PATCH does); the sign-in under way makes its own session after this.
      bool role_changed = std::find(fields.begin(), fields.end(), "role") != fields.end();
      if (role_changed) c->prepare("DELETE FROM sessions WHERE user_id = ?1").bind(1, u.id).run();
      bool revoke = was_admin && u.role != Role::admin;
      if (revoke)
        c->prepare(
             "UPDATE api_tokens SET revoked_at = ?1 WHERE created_by = ?2 AND revoked_at IS NULL")
            .bind(1, now)
            .bind(2, u.id)
            .run();
      append_event(*c, EventType::user_updated, "user", u.id, now, std::nullopt,
                   {{"fields", fields},
                    {"role", to_string(u.role)},
                    {"active", u.active},
                    {"sessions_ended", role_changed},
                    {"tokens_revoked", revoke},
                    {"source", id.issuer == "auth-proxy" ? "auth-proxy" : "oidc"}});
    }
  } else {
    if (!id.role)
      return Result<User>::fail(Outcome::forbidden, "no role on the board for this account");
    // A provider's preferred username need not be free here: never take over a local account,
    // add a number instead.
    std::string login = id.login;
    if (id.match_login ? login_taken(*c, login) : true) {
      std::string base = login.substr(0, 56);
      for (int n = 1; login_taken(*c, login); ++n) login = base + "-" + std::to_string(n);
    }
    u.login = login;
    u.name = id.name.empty() ? login : id.name;
    u.email = id.email;
    u.role = *id.role;
    u.created_at = now;
    c->prepare(
         "INSERT INTO users(login, name, role, password_hash, created_at, email) "
         "VALUES (?1,?2,?3,'!',?4,?5)")  // '!' is no Argon2id hash: no password signs in
        .bind(1, u.login)
        .bind(2, u.name)
        .bind(3, to_string(u.role))
        .bind(4, now)
        .bind(5, u.email)
        .run();
    u.id = c->last_insert_rowid();
    append_event(*c, EventType::user_created, "user", u.id, now, std::nullopt,
                 {{"login", u.login},
                  {"role", to_string(u.role)},
                  {"source", id.issuer == "auth-proxy" ? "auth-proxy" : "oidc"}});
  }
  c->prepare(
       "INSERT INTO user_identities(issuer, subject, user_id, created_at, last_sign_in_at) "
       "VALUES (?1,?2,?3,?4,?4) ON CONFLICT(issuer, subject) DO UPDATE SET last_sign_in_at = ?4")
      .bind(1, id.issuer)
      .bind(2, id.subject)
      .bind(3, u.id)
      .bind(4, now)
      .run();
  tx.commit();
  notify_written();
  return Result<User>::ok(u);
}

void SqliteStore::insert_sign_in_flow(const SignInFlow& f) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare("DELETE FROM sign_in_flows WHERE expires_at <= ?1").bind(1, f.expires_at).run();
  auto st = c->prepare(
      "INSERT INTO sign_in_flows(state_hash, nonce, code_verifier, return_to, expires_at) "
      "VALUES (?1,?2,?3,?4,?5)");
  bind_hash(st, 1, f.state_hash);
  st.bind(2, f.nonce).bind(3, f.code_verifier).bind(4, f.return_to).bind(5, f.expires_at).run();
  tx.commit();
}

std::optional<SignInFlow> SqliteStore::take_sign_in_flow(const std::string& state_hash,
                                                         const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto st = c->prepare(
      "DELETE FROM sign_in_flows WHERE state_hash = ?1 "
      "RETURNING nonce, code_verifier, return_to, expires_at");
  bind_hash(st, 1, state_hash);
  std::optional<SignInFlow> flow;
  if (st.step()) flow = SignInFlow{state_hash, st.text(0), st.text(1), st.text(2), st.text(3)};
  while (st.step()) {
  }
  tx.commit();
  if (flow && flow->expires_at <= now) return std::nullopt;
  return flow;
}

std::string SqliteStore::board_secret(const std::string& name) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT value FROM board_secrets WHERE name = ?1");
  st.bind(1, name);
  return st.step() ? st.text(0) : std::string();
}

}  // namespace shipboard::store
