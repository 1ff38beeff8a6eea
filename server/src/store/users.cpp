// Users and tokens in SQLite: accounts, sign-in sessions, API (bearer) tokens and embed tokens
// (only their hashes are stored; secrets are shown once).
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/demand.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

void bind_hash(db::Statement& st, int i, const std::string& hash) {
  st.bind_blob(i, hash.data(), static_cast<int>(hash.size()));
}

User read_user_row(const db::Statement& s) {
  return rows::user(s, 0);
}

std::optional<User> read_user(db::Connection& c, Id id) {
  return by_id<User>(c, rows::kUserColumns, "users", id, read_user_row);
}

// Embed tokens and API tokens live in two tables of one shape: id, token_hash (never the
// token itself), label, one kind column (an embed token's scope, "board" or "area:<name>"; an
// API token's role), created_by, created_at and revoked_at. The names below are fixed
// strings, never input; every value is bound.
struct TokenTable {
  const char* table;
  const char* kind;  // the kind column, also the kind's key in the created event's data
  const char* entity;
  EventType created_event;
  EventType revoked_event;
};

const TokenTable kEmbedTokens{"embed_tokens", "scope", "embed_token",
                              EventType::embed_token_created, EventType::embed_token_revoked};

const TokenTable kApiTokens{"api_tokens", "role", "api_token", EventType::api_token_created,
                            EventType::api_token_revoked};

// Inserts a token row made by `actor` now and appends its created event ({label, <kind>});
// returns the new row's id.
Id create_token(SqliteStore& store, const TokenTable& t, const Actor& actor,
                const std::string& label, std::string_view kind, const std::string& token_hash,
                const std::string& now) {
  auto c = store.pool().writer();
  db::Transaction tx(*c);
  {
    auto st = c->prepare(std::string("INSERT INTO ") + t.table + "(token_hash, label, " + t.kind +
                         ", created_by, created_at) VALUES (?1,?2,?3,?4,?5)");
    bind_hash(st, 1, token_hash);
    st.bind(2, label).bind(3, kind).bind(4, actor.user_id).bind(5, now).run();
  }
  Id id = c->last_insert_rowid();
  SqliteStore::append_event(*c, t.created_event, t.entity, id, now, actor.user_id,
                            {{"label", label}, {t.kind, kind}});
  tx.commit();
  store.notify_written();
  return id;
}

// Every row of a token table in id order, revoked ones too; `kind` reads the kind column into
// the record's field.
template <class Record, class ReadKind>
std::vector<Record> list_tokens(SqliteStore& store, const TokenTable& t, ReadKind kind) {
  auto c = store.pool().reader();
  auto st = c->prepare(std::string("SELECT id, label, ") + t.kind +
                       ", created_by, created_at, revoked_at FROM " + t.table + " ORDER BY id");
  std::vector<Record> out;
  while (st.step())
    out.push_back(
        {st.int64(0), st.text(1), kind(st.text(2)), st.int64(3), st.text(4), st.opt_text(5)});
  return out;
}

// Marks a token revoked; only the first revocation writes (and appends the revoked event),
// revoking again is a no-op. False when there is no such token.
bool revoke_token(SqliteStore& store, const TokenTable& t, const Actor& actor, Id id,
                  const std::string& now) {
  auto c = store.pool().writer();
  db::Transaction tx(*c);
  bool newly = false;
  {
    auto st =
        c->prepare(std::string("SELECT revoked_at IS NULL FROM ") + t.table + " WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return false;
    newly = st.int64(0) != 0;
  }
  if (newly) {
    c->prepare(std::string("UPDATE ") + t.table + " SET revoked_at = ?1 WHERE id = ?2")
        .bind(1, now)
        .bind(2, id)
        .run();
    SqliteStore::append_event(*c, t.revoked_event, t.entity, id, now, actor.user_id,
                              nlohmann::json::object());
  }
  tx.commit();
  if (newly) store.notify_written();
  return true;
}

std::string scope_column(const std::string& scope) {
  return scope;
}

Role role_column(const std::string& role) {
  return parse_role(role).value_or(Role::viewer);
}

}  // namespace

Result<Page<User>> SqliteStore::list_users(int limit, const std::string& cursor) {
  auto c = pool_->reader();
  return id_page<User>(*c, rows::kUserColumns, "users", nullptr, std::nullopt, limit, cursor,
                       read_user_row);
}

Result<User> SqliteStore::patch_user(const Actor& actor, Id id, std::int64_t if_match,
                                     const PatchUser& cmd,
                                     const std::optional<std::string>& password_hash,
                                     const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_user(*c, id);
  if (!cur) return Result<User>::fail(Outcome::not_found, "no such user");
  if (cur->version != if_match)
    return Result<User>::fail(
        Outcome::precondition_failed,
        "the user changed since you read it (version " + std::to_string(cur->version) + ")");
  User u = apply_patch(*cur, cmd);
  if (cmd.password && !password_hash)
    throw std::logic_error("patch_user: a password change needs its hash");
  if (u.version == cur->version) return Result<User>::ok(std::move(u));  // nothing changed
  bool was_admin = cur->active && cur->role == Role::admin;
  bool is_admin = u.active && u.role == Role::admin;
  if (was_admin && !is_admin) {
    auto st =
        c->prepare("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?1");
    st.bind(1, id);
    st.step();
    if (st.int64(0) == 0)
      return Result<User>::fail(Outcome::conflict, "the board needs at least one active admin",
                                {{cmd.active ? "active" : "role", "would leave no active admin"}});
  }
  c->prepare(
       "UPDATE users SET name = ?1, role = ?2, active = ?3, version = ?4, "
       "password_hash = coalesce(?5, password_hash), email = ?7 WHERE id = ?6")
      .bind(7, u.email)
      .bind(1, u.name)
      .bind(2, to_string(u.role))
      .bind(3, u.active ? 1 : 0)
      .bind(4, u.version)
      .bind(5, password_hash)
      .bind(6, id)
      .run();
  bool end_sessions = !u.active || u.role != cur->role || password_hash.has_value();
  if (end_sessions) c->prepare("DELETE FROM sessions WHERE user_id = ?1").bind(1, id).run();
  // Bearer tokens act as the admin who made them: they die with that admin's admin rights.
  bool revoke_tokens = was_admin && !is_admin;
  if (revoke_tokens)
    c->prepare("UPDATE api_tokens SET revoked_at = ?1 WHERE created_by = ?2 AND revoked_at IS NULL")
        .bind(1, now)
        .bind(2, id)
        .run();
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "name", cur->name, u.name);
  changed(fields, "role", cur->role, u.role);
  changed(fields, "active", cur->active, u.active);
  changed(fields, "email", cur->email, u.email);
  if (password_hash) fields.push_back("password");
  append_event(*c, EventType::user_updated, "user", id, now, actor.user_id,
               {{"fields", fields},
                {"role", to_string(u.role)},
                {"active", u.active},
                {"sessions_ended", end_sessions},
                {"tokens_revoked", revoke_tokens}});
  tx.commit();
  notify_written();
  return Result<User>::ok(std::move(u));
}

Result<EmbedTokenRecord> SqliteStore::create_embed_token(const Actor& actor,
                                                         const std::string& label,
                                                         const std::string& scope,
                                                         const std::string& token_hash,
                                                         const std::string& now) {
  Id id = create_token(*this, kEmbedTokens, actor, label, scope, token_hash, now);
  return Result<EmbedTokenRecord>::ok({id, label, scope, actor.user_id, now, std::nullopt});
}

std::vector<EmbedTokenRecord> SqliteStore::list_embed_tokens() {
  return list_tokens<EmbedTokenRecord>(*this, kEmbedTokens, scope_column);
}

bool SqliteStore::revoke_embed_token(const Actor& actor, Id id, const std::string& now) {
  return revoke_token(*this, kEmbedTokens, actor, id, now);
}

Result<ApiTokenRecord> SqliteStore::create_api_token(const Actor& actor, const std::string& label,
                                                     Role role, const std::string& token_hash,
                                                     const std::string& now) {
  Id id = create_token(*this, kApiTokens, actor, label, to_string(role), token_hash, now);
  return Result<ApiTokenRecord>::ok({id, label, role, actor.user_id, now, std::nullopt});
}

std::vector<ApiTokenRecord> SqliteStore::list_api_tokens() {
  return list_tokens<ApiTokenRecord>(*this, kApiTokens, role_column);
}

bool SqliteStore::revoke_api_token(const Actor& actor, Id id, const std::string& now) {
  return revoke_token(*this, kApiTokens, actor, id, now);
}

std::int64_t SqliteStore::count_users() {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT count(*) FROM users");
  st.step();
  return st.int64(0);
}

std::optional<UserRecord> SqliteStore::user_by_login(const std::string& login) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kUserColumns +
                       ", password_hash FROM users WHERE login = ?1");
  st.bind(1, login);
  if (!st.step()) return std::nullopt;
  return UserRecord{rows::user(st), st.text(rows::kUserColumnCount)};
}

std::optional<User> SqliteStore::user(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kUserColumns + " FROM users WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return rows::user(st);
}

Result<User> SqliteStore::insert_user(const std::string& login, const std::string& name, Role role,
                                      const std::string& password_hash, const std::string& now,
                                      const std::string& email) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  {
    auto dup = c->prepare("SELECT 1 FROM users WHERE login = ?1");
    dup.bind(1, login);
    if (dup.step())
      return Result<User>::fail(Outcome::conflict, "a user with this login exists",
                                {{"login", "is already taken"}});
  }
  c->prepare(
       "INSERT INTO users(login, name, role, password_hash, created_at, email) "
       "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(6, email)
      .bind(1, login)
      .bind(2, name)
      .bind(3, to_string(role))
      .bind(4, password_hash)
      .bind(5, now)
      .run();
  User u;
  u.id = c->last_insert_rowid();
  u.login = login;
  u.name = name;
  u.role = role;
  u.created_at = now;
  u.email = email;
  append_event(*c, EventType::user_created, "user", u.id, now, std::nullopt,
               {{"login", login}, {"role", to_string(role)}});
  tx.commit();
  notify_written();
  return Result<User>::ok(u);
}

void SqliteStore::insert_session(const std::string& token_hash, Id user_id,
                                 const std::string& csrf_token, const std::string& now,
                                 const std::string& expires_at) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare("DELETE FROM sessions WHERE expires_at <= ?1").bind(1, now).run();
  c->prepare(
       "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) "
       "VALUES (?1,?2,?3,?4,?5)")
      .bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()))
      .bind(2, user_id)
      .bind(3, csrf_token)
      .bind(4, now)
      .bind(5, expires_at)
      .run();
  tx.commit();
}

std::optional<SessionRecord> SqliteStore::session(const std::string& token_hash,
                                                  const std::string& now) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT s.csrf_token, u.") +
                       "id, u.login, u.name, u.role, u.active, u.version, u.created_at, u.email "
                       "FROM sessions s JOIN users u ON u.id = s.user_id "
                       "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1");
  st.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size())).bind(2, now);
  if (!st.step()) return std::nullopt;
  return SessionRecord{rows::user(st, 1), st.text(0)};
}

void SqliteStore::delete_session(const std::string& token_hash) {
  auto c = pool_->writer();
  c->prepare("DELETE FROM sessions WHERE token_hash = ?1")
      .bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()))
      .run();
  notify_written();  // ends the server's cached copy of this caller at once
}

std::optional<TokenRecord> SqliteStore::api_token(const std::string& token_hash) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT t.role, u.id, u.login, u.name, u.role, u.active, u.version, u.created_at, u.email "
      "FROM api_tokens t JOIN users u ON u.id = t.created_by "
      "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.active = 1");
  st.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()));
  if (!st.step()) return std::nullopt;
  return TokenRecord{rows::user(st, 1), parse_role(st.text(0)).value_or(Role::viewer)};
}

std::optional<std::string> SqliteStore::embed_token_scope(const std::string& token_hash) {
  auto c = pool_->reader();
  auto st =
      c->prepare("SELECT scope FROM embed_tokens WHERE token_hash = ?1 AND revoked_at IS NULL");
  st.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()));
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

}  // namespace shipboard::store
