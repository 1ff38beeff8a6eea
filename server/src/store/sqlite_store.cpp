// The SQLite backend of Store: WAL, foreign keys, busy timeout, one writer in BEGIN IMMEDIATE
// and a pool of readers; every change appends its event in the same transaction.
//
// Index: [SECTION] rows  [SECTION] users and sessions  [SECTION] items  [SECTION] events
#include <cstdio>
#include <sstream>

#include "store/migrations.hpp"
#include "store/pool.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {

// [SECTION] rows --------------------------------------------------------------------------
namespace rows {

const char* const kItemColumns =
    "id, kind, title, description, area, status, release_id, eta, commitment, customer_answer, "
    "basis_set, basis_status, basis_release_id, basis_eta, answer_stale, internal_note, owner_id, "
    "created_by, merged_into, demand_score, request_count, value_amount, value_currency, version, "
    "created_at, updated_at";

Item item(const db::Statement& s) {
  Item it;
  it.id = s.int64(0);
  it.kind = parse_item_kind(s.text(1)).value_or(ItemKind::feature);
  it.title = s.text(2);
  it.description = s.text(3);
  it.area = s.text(4);
  it.status = parse_item_status(s.text(5)).value_or(ItemStatus::under_review);
  it.release_id = s.opt_int64(6);
  if (auto e = s.opt_text(7)) it.eta = parse_eta(*e);
  it.commitment = parse_commitment(s.text(8)).value_or(Commitment::none);
  it.customer_answer = s.text(9);
  if (s.int64(10) != 0) {
    AnswerBasis b;
    b.status = parse_item_status(s.text(11)).value_or(ItemStatus::under_review);
    b.release_id = s.opt_int64(12);
    if (auto e = s.opt_text(13)) b.eta = parse_eta(*e);
    it.answer_basis = b;
  }
  it.answer_stale = s.int64(14) != 0;
  it.internal_note = s.text(15);
  it.owner_id = s.opt_int64(16);
  it.created_by = s.opt_int64(17);
  it.merged_into = s.opt_int64(18);
  it.demand_score = s.real(19);
  it.request_count = s.int64(20);
  it.value_at_stake = Money{s.int64(21), s.text(22)};
  it.version = s.int64(23);
  it.created_at = s.text(24);
  it.updated_at = s.text(25);
  return it;
}

const char* const kUserColumns = "id, login, name, role, active, version, created_at";

User user(const db::Statement& s, int o = 0) {
  User u;
  u.id = s.int64(o + 0);
  u.login = s.text(o + 1);
  u.name = s.text(o + 2);
  u.role = parse_role(s.text(o + 3)).value_or(Role::viewer);
  u.active = s.int64(o + 4) != 0;
  u.version = s.int64(o + 5);
  u.created_at = s.text(o + 6);
  return u;
}

const char* const kEventColumns = "id, type, entity, entity_id, at, actor_id, data";

Event event(const db::Statement& s) {
  Event e;
  e.id = s.int64(0);
  e.type = s.text(1);
  e.entity = s.text(2);
  e.entity_id = s.int64(3);
  e.at = s.text(4);
  e.actor_id = s.opt_int64(5);
  e.data = nlohmann::json::parse(s.text(6), nullptr, false);
  return e;
}

}  // namespace rows

// Opaque cursors: hex of "<sort key>\x1f<id>".
std::string encode_cursor(const std::string& key, Id id) {
  std::string raw = key + '\x1f' + std::to_string(id);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool decode_cursor(const std::string& cursor, std::string& key, Id& id) {
  if (cursor.size() % 2 != 0 || cursor.size() > 512) return false;
  std::string raw;
  for (std::size_t i = 0; i < cursor.size(); i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nib(cursor[i]), lo = nib(cursor[i + 1]);
    if (hi < 0 || lo < 0) return false;
    raw += static_cast<char>(hi * 16 + lo);
  }
  auto sep = raw.rfind('\x1f');
  if (sep == std::string::npos) return false;
  key = raw.substr(0, sep);
  try {
    std::size_t used = 0;
    id = std::stoll(raw.substr(sep + 1), &used);
    if (used != raw.size() - sep - 1 || id < 0) return false;
  } catch (...) {
    return false;
  }
  return true;
}

SqliteStore::SqliteStore(const std::string& path, const SqliteOptions& options) {
  db::OpenOptions o;
  o.busy_timeout_ms = options.busy_timeout_ms;
  o.synchronous = options.synchronous;
  o.on_open = register_search_functions;
  {
    // Migrate before the readers open, so they see the schema.
    db::Connection c(path, o);
    migrate(c);
  }
  pool_ = std::make_unique<db::Pool>(path, options.readers, o);
}

SqliteStore::~SqliteStore() = default;

bool SqliteStore::healthy() {
  try {
    auto c = pool_->reader();
    auto st = c->prepare("SELECT count(*) FROM sqlite_schema");
    return st.step();
  } catch (const db::Error&) {
    return false;
  }
}

// [SECTION] users and sessions ------------------------------------------------------------
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
  return UserRecord{rows::user(st), st.text(7)};
}

std::optional<User> SqliteStore::user(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kUserColumns + " FROM users WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return rows::user(st);
}

Result<User> SqliteStore::insert_user(const std::string& login, const std::string& name, Role role,
                                      const std::string& password_hash, const std::string& now) {
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
       "INSERT INTO users(login, name, role, password_hash, created_at) VALUES (?1,?2,?3,?4,?5)")
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
  append_event(*c, "user.created", "user", u.id, now, std::nullopt,
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
                       "id, u.login, u.name, u.role, u.active, u.version, u.created_at "
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
      "SELECT t.role, u.id, u.login, u.name, u.role, u.active, u.version, u.created_at "
      "FROM api_tokens t JOIN users u ON u.id = t.created_by "
      "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.active = 1");
  st.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()));
  if (!st.step()) return std::nullopt;
  return TokenRecord{rows::user(st, 1), parse_role(st.text(0)).value_or(Role::viewer)};
}

std::optional<std::string> SqliteStore::embed_token_scope(const std::string& token_hash) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT scope FROM embed_tokens WHERE token_hash = ?1 AND revoked_at IS NULL");
  st.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()));
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

// [SECTION] items -------------------------------------------------------------------------
namespace {

struct SortSpec {
  const char* key_sql;  // expression of the sort key
  bool descending;
  enum class Type { text, real, integer } type;
};

SortSpec sort_spec(ItemSort s) {
  switch (s) {
    case ItemSort::demand: return {"demand_score", true, SortSpec::Type::real};
    case ItemSort::value: return {"value_amount", true, SortSpec::Type::integer};
    case ItemSort::eta: return {"coalesce(eta_end, '9999-12-31')", false, SortSpec::Type::text};
    case ItemSort::id: return {"id", false, SortSpec::Type::integer};
    case ItemSort::updated: break;
  }
  return {"updated_at", true, SortSpec::Type::text};
}

}  // namespace

Result<Page<Item>> SqliteStore::list_items(const ItemFilter& f) {
  std::string sql = std::string("SELECT ") + rows::kItemColumns + " FROM items WHERE 1=1";
  std::vector<std::function<void(db::Statement&, int)>> binds;
  auto add = [&](const std::string& clause, auto value) {
    int n = static_cast<int>(binds.size()) + 1;
    std::string c = clause;
    for (auto pos = c.find('?'); pos != std::string::npos; pos = c.find('?', pos + 1)) {
      c.insert(pos + 1, std::to_string(n));
    }
    sql += " AND " + c;
    binds.push_back([value](db::Statement& st, int i) { st.bind(i, value); });
  };
  if (!f.include_merged) sql += " AND merged_into IS NULL";
  if (!f.statuses.empty()) {
    sql += " AND status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      sql += (i ? ",'" : "'") + std::string(to_string(f.statuses[i])) + "'";
    }
    sql += ")";
  }
  if (f.kind) sql += " AND kind = '" + std::string(to_string(*f.kind)) + "'";
  if (f.area) add("area = ?", *f.area);
  if (f.release_id) add("release_id = ?", *f.release_id);
  if (f.customer_id)
    add("EXISTS (SELECT 1 FROM requests r WHERE r.item_id = items.id AND r.customer_id = ?)",
        *f.customer_id);
  if (f.tier)
    add("EXISTS (SELECT 1 FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.item_id = items.id AND c.tier = ?)",
        std::string(to_string(*f.tier)));
  if (f.owner_customers_of)
    add("EXISTS (SELECT 1 FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.item_id = items.id AND c.owner_id = ?)",
        *f.owner_customers_of);

  if (!f.q.empty()) {
    std::string match = fts_match_expression(f.q);
    if (match.empty()) return Result<Page<Item>>::ok({});
    add("id IN (SELECT entity_id FROM search_index WHERE search_index MATCH ? AND entity = 'item')",
        match);
  }
  SortSpec spec = sort_spec(f.sort);
  const char* op = spec.descending ? "<" : ">";
  const char* dir = spec.descending ? "DESC" : "ASC";
  if (!f.cursor.empty()) {
    std::string key;
    Id after = 0;
    if (!decode_cursor(f.cursor, key, after))
      return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                      {{"cursor", "is not a cursor this server issued"}});
    int n = static_cast<int>(binds.size()) + 1;
    sql += std::string(" AND (") + spec.key_sql + " " + op + " ?" + std::to_string(n) + " OR (" +
           spec.key_sql + " = ?" + std::to_string(n) + " AND id " + op + " ?" +
           std::to_string(n + 1) + "))";
    switch (spec.type) {
      case SortSpec::Type::text:
        binds.push_back([key](db::Statement& st, int i) { st.bind(i, key); });
        break;
      case SortSpec::Type::real: {
        double d = 0;
        try {
          d = std::stod(key);
        } catch (...) {
          return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
        }
        binds.push_back([d](db::Statement& st, int i) { st.bind(i, d); });
        break;
      }
      case SortSpec::Type::integer: {
        std::int64_t v = 0;
        try {
          v = std::stoll(key);
        } catch (...) {
          return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
        }
        binds.push_back([v](db::Statement& st, int i) { st.bind(i, v); });
        break;
      }
    }
    binds.push_back([after](db::Statement& st, int i) { st.bind(i, after); });
  }
  sql += std::string(" ORDER BY ") + spec.key_sql + " " + dir + ", id " + dir + " LIMIT " +
         std::to_string(f.limit + 1);

  auto c = pool_->reader();
  auto st = c->prepare(sql);
  for (std::size_t i = 0; i < binds.size(); ++i) binds[i](st, static_cast<int>(i) + 1);
  Page<Item> page;
  while (st.step()) page.items.push_back(rows::item(st));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    const Item& last = page.items.back();
    std::string key;
    switch (f.sort) {
      case ItemSort::demand: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", last.demand_score);
        key = buf;
        break;
      }
      case ItemSort::value: key = std::to_string(last.value_at_stake.amount); break;
      case ItemSort::eta: key = last.eta ? eta_end_date(*last.eta) : "9999-12-31"; break;
      case ItemSort::id: key = std::to_string(last.id); break;
      case ItemSort::updated: key = last.updated_at; break;
    }
    page.next_cursor = encode_cursor(key, last.id);
  }
  return Result<Page<Item>>::ok(std::move(page));
}

std::optional<Item> SqliteStore::item(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kItemColumns + " FROM items WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return rows::item(st);
}

// [SECTION] events ------------------------------------------------------------------------
Id SqliteStore::append_event(db::Connection& c, const std::string& type, const std::string& entity,
                             Id entity_id, const std::string& now, std::optional<Id> actor,
                             const nlohmann::json& data) {
  c.prepare("INSERT INTO events(type, entity, entity_id, at, actor_id, data) "
            "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(1, type)
      .bind(2, entity)
      .bind(3, entity_id)
      .bind(4, now)
      .bind(5, actor)
      .bind(6, data.dump())
      .run();
  return c.last_insert_rowid();
}

std::vector<Event> SqliteStore::events_after(Id after, int limit) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kEventColumns +
                       " FROM events WHERE id > ?1 ORDER BY id LIMIT ?2");
  st.bind(1, after).bind(2, limit);
  std::vector<Event> out;
  while (st.step()) out.push_back(rows::event(st));
  return out;
}

Id SqliteStore::last_event_id() {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT coalesce(max(id), 0) FROM events");
  st.step();
  return st.int64(0);
}

void SqliteStore::notify_written() {
  if (on_write_) on_write_();
}

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace shipboard::store
