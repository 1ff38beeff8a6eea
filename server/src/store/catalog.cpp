// The catalog part of the SQLite store: releases, customers (with tier and demand recomputed in
// the same transaction), the answer library, users, embed tokens and API tokens. Every write
// checks If-Match against the row's version inside its transaction and appends its event.
//
// Index: [SECTION] rows  [SECTION] helpers  [SECTION] releases  [SECTION] customers
//        [SECTION] answer library  [SECTION] users  [SECTION] tokens
#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/workflow.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {

// [SECTION] rows --------------------------------------------------------------------------
namespace rows {

const char* const kReleaseColumns =
    "id, name, planned_date, shipped_date, state, notes, faq, version, created_at, updated_at";
const char* const kCustomerColumns =
    "id, name, value_amount, value_currency, tier, channel, partner_id, owner_id, contacts, "
    "version, created_at, updated_at";
const char* const kLibraryColumns =
    "id, title, body, tags, item_id, lang, author_id, version, created_at, updated_at";

Release release(const db::Statement& s) {
  Release r;
  r.id = s.int64(0);
  r.name = s.text(1);
  r.planned_date = s.text(2);
  r.shipped_date = s.text(3);
  r.state = parse_release_state(s.text(4)).value_or(ReleaseState::planned);
  r.notes = s.text(5);
  r.faq = s.text(6);
  r.version = s.int64(7);
  r.created_at = s.text(8);
  r.updated_at = s.text(9);
  return r;
}

Customer customer(const db::Statement& s) {
  Customer c;
  c.id = s.int64(0);
  c.name = s.text(1);
  c.annual_value = Money{s.int64(2), s.text(3)};
  c.tier = parse_tier(s.text(4)).value_or(Tier::C);
  c.channel = parse_channel(s.text(5)).value_or(Channel::direct);
  c.partner_id = s.opt_int64(6);
  c.owner_id = s.opt_int64(7);
  auto contacts = nlohmann::json::parse(s.text(8), nullptr, false);
  if (contacts.is_array()) {
    for (const auto& j : contacts) {
      if (!j.is_object()) continue;
      Contact k;
      k.name = j.value("name", "");
      k.title = j.value("title", "");
      k.role = parse_contact_role(j.value("role", "")).value_or(ContactRole::champion);
      c.contacts.push_back(std::move(k));
    }
  }
  c.version = s.int64(9);
  c.created_at = s.text(10);
  c.updated_at = s.text(11);
  return c;
}

LibraryAnswer library_answer(const db::Statement& s) {
  LibraryAnswer a;
  a.id = s.int64(0);
  a.title = s.text(1);
  a.body = s.text(2);
  auto tags = nlohmann::json::parse(s.text(3), nullptr, false);
  if (tags.is_array())
    for (const auto& t : tags)
      if (t.is_string()) a.tags.push_back(t.get<std::string>());
  a.item_id = s.opt_int64(4);
  a.lang = s.text(5);
  a.author_id = s.int64(6);
  a.version = s.int64(7);
  a.created_at = s.text(8);
  a.updated_at = s.text(9);
  return a;
}

}  // namespace rows

// [SECTION] helpers -----------------------------------------------------------------------
namespace {

std::string contacts_json(const std::vector<Contact>& contacts) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& k : contacts)
    arr.push_back({{"name", k.name}, {"title", k.title}, {"role", to_string(k.role)}});
  return arr.dump();
}

std::string tags_json(const std::vector<std::string>& tags) {
  return nlohmann::json(tags).dump();
}

void bind_hash(db::Statement& st, int i, const std::string& hash) {
  st.bind_blob(i, hash.data(), static_cast<int>(hash.size()));
}

// One page of a table in id order, optionally filtered by one integer column.
template <class T>
Result<Page<T>> id_page(db::Connection& c, const char* columns, const char* table,
                        const char* filter_column, std::optional<Id> filter, int limit,
                        const std::string& cursor, T (*read)(const db::Statement&)) {
  Id after = 0;
  if (!cursor.empty()) {
    std::string key;
    if (!decode_cursor(cursor, key, after))
      return Result<Page<T>>::fail(Outcome::invalid, "the cursor is not valid",
                                   {{"cursor", "is not a cursor this server issued"}});
  }
  limit = std::clamp(limit, 1, 500);
  std::string sql = std::string("SELECT ") + columns + " FROM " + table + " WHERE id > ?1";
  if (filter) sql += std::string(" AND ") + filter_column + " = ?2";
  sql += " ORDER BY id LIMIT ?3";
  auto st = c.prepare(sql);
  st.bind(1, after);
  if (filter) st.bind(2, *filter);
  st.bind(3, limit + 1);
  Page<T> page;
  while (st.step()) page.items.push_back(read(st));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    Id last = page.items.back().id;
    page.next_cursor = encode_cursor(std::to_string(last), last);
  }
  return Result<Page<T>>::ok(std::move(page));
}

template <class T>
std::optional<T> by_id(db::Connection& c, const char* columns, const char* table, Id id,
                       T (*read)(const db::Statement&)) {
  auto st = c.prepare(std::string("SELECT ") + columns + " FROM " + table + " WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read(st);
}

bool exists(db::Connection& c, const char* table, Id id) {
  auto st = c.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
  st.bind(1, id);
  return st.step();
}

std::optional<Release> read_release(db::Connection& c, Id id) {
  return by_id<Release>(c, rows::kReleaseColumns, "releases", id, rows::release);
}
std::optional<Customer> read_customer(db::Connection& c, Id id) {
  return by_id<Customer>(c, rows::kCustomerColumns, "customers", id, rows::customer);
}
std::optional<LibraryAnswer> read_library(db::Connection& c, Id id) {
  return by_id<LibraryAnswer>(c, rows::kLibraryColumns, "library_answers", id,
                              rows::library_answer);
}
User read_user_row(const db::Statement& s) {
  return rows::user(s, 0);
}
std::optional<User> read_user(db::Connection& c, Id id) {
  return by_id<User>(c, rows::kUserColumns, "users", id, read_user_row);
}

// Names of the fields a patch changed, for event data.
template <class A, class B>
void changed(nlohmann::json& out, const char* name, const A& before, const B& after) {
  if (!(before == after)) out.push_back(name);
}

}  // namespace

// [SECTION] releases ----------------------------------------------------------------------
Result<Page<Release>> SqliteStore::list_releases(int limit, const std::string& cursor) {
  auto c = pool_->reader();
  return id_page<Release>(*c, rows::kReleaseColumns, "releases", nullptr, std::nullopt, limit,
                          cursor, rows::release);
}

std::optional<Release> SqliteStore::release(Id id) {
  auto c = pool_->reader();
  return read_release(*c, id);
}

Result<Release> SqliteStore::create_release(const Actor& actor, const CreateRelease& cmd,
                                            const std::string& now) {
  Release r = make_release(cmd, 0, now);
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "INSERT INTO releases(name, planned_date, shipped_date, state, notes, faq, version, "
       "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,1,?7,?7)")
      .bind(1, r.name)
      .bind(2, r.planned_date)
      .bind(3, r.shipped_date)
      .bind(4, to_string(r.state))
      .bind(5, r.notes)
      .bind(6, r.faq)
      .bind(7, now)
      .run();
  r.id = c->last_insert_rowid();
  r.version = 1;
  append_event(*c, "release.created", "release", r.id, now, actor.user_id,
               {{"public", to_json(r)}});
  tx.commit();
  notify_written();
  return Result<Release>::ok(std::move(r));
}

Result<Release> SqliteStore::patch_release(const Actor& actor, Id id, std::int64_t if_match,
                                           const PatchRelease& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_release(*c, id);
  if (!cur) return Result<Release>::fail(Outcome::not_found, "no such release");
  if (cur->version != if_match)
    return Result<Release>::fail(
        Outcome::precondition_failed,
        "the release changed since you read it (version " + std::to_string(cur->version) + ")");
  auto next = apply_patch(*cur, cmd, now);
  if (!next.ok())
    return Result<Release>::fail(Outcome::invalid, "the release is not valid", next.errors);
  Release r = *next.value;
  if (r.version == cur->version) return Result<Release>::ok(std::move(r));  // nothing changed
  c->prepare(
       "UPDATE releases SET name = ?1, planned_date = ?2, shipped_date = ?3, state = ?4, "
       "notes = ?5, faq = ?6, version = ?7, updated_at = ?8 WHERE id = ?9")
      .bind(1, r.name)
      .bind(2, r.planned_date)
      .bind(3, r.shipped_date)
      .bind(4, to_string(r.state))
      .bind(5, r.notes)
      .bind(6, r.faq)
      .bind(7, r.version)
      .bind(8, r.updated_at)
      .bind(9, id)
      .run();
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "name", cur->name, r.name);
  changed(fields, "planned_date", cur->planned_date, r.planned_date);
  changed(fields, "shipped_date", cur->shipped_date, r.shipped_date);
  changed(fields, "state", cur->state, r.state);
  changed(fields, "notes", cur->notes, r.notes);
  changed(fields, "faq", cur->faq, r.faq);
  nlohmann::json pub = to_json(r);
  pub["fields"] = fields;
  append_event(*c, "release.updated", "release", id, now, actor.user_id, {{"public", pub}});
  tx.commit();
  notify_written();
  return Result<Release>::ok(std::move(r));
}

// [SECTION] customers ---------------------------------------------------------------------
namespace {

// References of a customer that the schema cannot fully check: the owner is a user, the
// partner an existing customer other than itself.
FieldErrors customer_refs(db::Connection& c, const Customer& cu, bool check_owner,
                          bool check_partner) {
  FieldErrors errors;
  if (check_owner && cu.owner_id && !exists(c, "users", *cu.owner_id))
    errors.push_back({"owner_id", "no such user"});
  if (check_partner && cu.partner_id) {
    if (*cu.partner_id == cu.id)
      errors.push_back({"partner_id", "a customer cannot be its own partner"});
    else if (!exists(c, "customers", *cu.partner_id))
      errors.push_back({"partner_id", "no such customer"});
  }
  return errors;
}

nlohmann::json customer_event_data(const Customer& cu) {
  // Never public: restricted audiences get no customer events at all.
  return {{"name", cu.name},
          {"channel", to_string(cu.channel)},
          {"tier", to_string(cu.tier)},
          {"annual_value", to_json(cu.annual_value)}};
}

}  // namespace

Result<Page<Customer>> SqliteStore::list_customers(int limit, const std::string& cursor,
                                                   std::optional<Id> owner_id) {
  auto c = pool_->reader();
  return id_page<Customer>(*c, rows::kCustomerColumns, "customers", "owner_id", owner_id, limit,
                           cursor, rows::customer);
}

std::optional<Customer> SqliteStore::customer(Id id) {
  auto c = pool_->reader();
  return read_customer(*c, id);
}

Result<Customer> SqliteStore::create_customer(const Actor& actor, const CreateCustomer& cmd,
                                              const std::string& now) {
  auto made = make_customer(cmd, 0, actor.user_id, now);
  if (!made.ok())
    return Result<Customer>::fail(Outcome::invalid, "the customer is not valid", made.errors);
  Customer cu = *made.value;
  auto c = pool_->writer();
  db::Transaction tx(*c);
  if (auto errors = customer_refs(*c, cu, true, true); !errors.empty())
    return Result<Customer>::fail(Outcome::invalid, "the customer refers to unknown records",
                                  std::move(errors));
  c->prepare(
       "INSERT INTO customers(name, value_amount, value_currency, tier, channel, "
       "partner_id, owner_id, contacts, version, created_at, updated_at) "
       "VALUES (?1,?2,?3,'C',?4,?5,?6,?7,1,?8,?8)")
      .bind(1, cu.name)
      .bind(2, cu.annual_value.amount)
      .bind(3, cu.annual_value.currency)
      .bind(4, to_string(cu.channel))
      .bind(5, cu.partner_id)
      .bind(6, cu.owner_id)
      .bind(7, contacts_json(cu.contacts))
      .bind(8, now)
      .run();
  Id id = c->last_insert_rowid();
  recompute_derived(*c);  // tiers of every customer, demand of every item
  auto stored = read_customer(*c, id);
  append_event(*c, "customer.created", "customer", id, now, actor.user_id,
               customer_event_data(*stored));
  tx.commit();
  notify_written();
  return Result<Customer>::ok(std::move(*stored));
}

Result<Customer> SqliteStore::patch_customer(const Actor& actor, Id id, std::int64_t if_match,
                                             const PatchCustomer& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_customer(*c, id);
  if (!cur) return Result<Customer>::fail(Outcome::not_found, "no such customer");
  if (!may_patch_customer(actor.role, actor.user_id, *cur))
    return Result<Customer>::fail(Outcome::forbidden, "sales may change only their own customers");
  if (cur->version != if_match)
    return Result<Customer>::fail(
        Outcome::precondition_failed,
        "the customer changed since you read it (version " + std::to_string(cur->version) + ")");
  auto next = apply_patch(*cur, cmd, now);
  if (!next.ok())
    return Result<Customer>::fail(Outcome::invalid, "the customer is not valid", next.errors);
  Customer cu = *next.value;
  if (cu.version == cur->version) return Result<Customer>::ok(std::move(cu));  // no change
  bool owner_changed = cmd.owner_id && *cmd.owner_id;
  bool partner_changed = cmd.partner_id && *cmd.partner_id;
  if (auto errors = customer_refs(*c, cu, owner_changed, partner_changed); !errors.empty())
    return Result<Customer>::fail(Outcome::invalid, "the customer refers to unknown records",
                                  std::move(errors));
  c->prepare(
       "UPDATE customers SET name = ?1, value_amount = ?2, value_currency = ?3, "
       "channel = ?4, partner_id = ?5, owner_id = ?6, contacts = ?7, version = ?8, "
       "updated_at = ?9 WHERE id = ?10")
      .bind(1, cu.name)
      .bind(2, cu.annual_value.amount)
      .bind(3, cu.annual_value.currency)
      .bind(4, to_string(cu.channel))
      .bind(5, cu.partner_id)
      .bind(6, cu.owner_id)
      .bind(7, contacts_json(cu.contacts))
      .bind(8, cu.version)
      .bind(9, cu.updated_at)
      .bind(10, id)
      .run();
  recompute_derived(*c);
  auto stored = read_customer(*c, id);
  nlohmann::json data = customer_event_data(*stored);
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "name", cur->name, cu.name);
  changed(fields, "annual_value", cur->annual_value, cu.annual_value);
  changed(fields, "channel", cur->channel, cu.channel);
  changed(fields, "partner_id", cur->partner_id, cu.partner_id);
  changed(fields, "owner_id", cur->owner_id, cu.owner_id);
  changed(fields, "contacts", cur->contacts, cu.contacts);
  data["fields"] = fields;
  if (cur->tier != stored->tier)
    data["tier_change"] = {{"from", to_string(cur->tier)}, {"to", to_string(stored->tier)}};
  append_event(*c, "customer.updated", "customer", id, now, actor.user_id, data);
  tx.commit();
  notify_written();
  return Result<Customer>::ok(std::move(*stored));
}

// [SECTION] answer library ----------------------------------------------------------------
Id SqliteStore::insert_library_row(db::Connection& c, const LibraryAnswer& a) {
  // An id of 0 lets SQLite choose the next one.
  c.prepare(
       "INSERT INTO library_answers(title, body, tags, item_id, lang, author_id, version, "
       "created_at, updated_at, id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(10, a.id > 0 ? std::optional<Id>(a.id) : std::nullopt)
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, tags_json(a.tags))
      .bind(4, a.item_id)
      .bind(5, a.lang)
      .bind(6, a.author_id)
      .bind(7, a.version)
      .bind(8, a.created_at)
      .bind(9, a.updated_at.empty() ? a.created_at : a.updated_at)
      .run();
  return c.last_insert_rowid();
}

Result<Page<LibraryAnswer>> SqliteStore::list_library(int limit, const std::string& cursor,
                                                      std::optional<Id> item_id) {
  auto c = pool_->reader();
  return id_page<LibraryAnswer>(*c, rows::kLibraryColumns, "library_answers", "item_id", item_id,
                                limit, cursor, rows::library_answer);
}

std::optional<LibraryAnswer> SqliteStore::library_answer(Id id) {
  auto c = pool_->reader();
  return read_library(*c, id);
}

Result<LibraryAnswer> SqliteStore::create_library_answer(const Actor& actor,
                                                         const CreateLibraryAnswer& cmd,
                                                         const std::string& now) {
  LibraryAnswer a = make_library_answer(cmd, 0, actor.user_id, now);
  auto c = pool_->writer();
  db::Transaction tx(*c);
  if (a.item_id && !exists(*c, "items", *a.item_id))
    return Result<LibraryAnswer>::fail(Outcome::invalid, "the answer refers to an unknown item",
                                       {{"item_id", "no such item"}});
  a.id = insert_library_row(*c, a);
  append_event(*c, "answer.created", "library_answer", a.id, now, actor.user_id,
               {{"public", to_json(a)}});
  tx.commit();
  notify_written();
  return Result<LibraryAnswer>::ok(std::move(a));
}

Result<LibraryAnswer> SqliteStore::patch_library_answer(const Actor& actor, Id id,
                                                        std::int64_t if_match,
                                                        const PatchLibraryAnswer& cmd,
                                                        const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_library(*c, id);
  if (!cur) return Result<LibraryAnswer>::fail(Outcome::not_found, "no such answer");
  if (cur->version != if_match)
    return Result<LibraryAnswer>::fail(
        Outcome::precondition_failed,
        "the answer changed since you read it (version " + std::to_string(cur->version) + ")");
  if (cmd.item_id && *cmd.item_id && !exists(*c, "items", **cmd.item_id))
    return Result<LibraryAnswer>::fail(Outcome::invalid, "the answer refers to an unknown item",
                                       {{"item_id", "no such item"}});
  LibraryAnswer a = apply_patch(*cur, cmd, now);
  if (a.version == cur->version) return Result<LibraryAnswer>::ok(std::move(a));
  c->prepare(
       "UPDATE library_answers SET title = ?1, body = ?2, tags = ?3, item_id = ?4, "
       "lang = ?5, version = ?6, updated_at = ?7 WHERE id = ?8")
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, tags_json(a.tags))
      .bind(4, a.item_id)
      .bind(5, a.lang)
      .bind(6, a.version)
      .bind(7, a.updated_at)
      .bind(8, id)
      .run();
  nlohmann::json pub = to_json(a);
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "title", cur->title, a.title);
  changed(fields, "body", cur->body, a.body);
  changed(fields, "tags", cur->tags, a.tags);
  changed(fields, "item_id", cur->item_id, a.item_id);
  changed(fields, "lang", cur->lang, a.lang);
  pub["fields"] = fields;
  append_event(*c, "answer.updated", "library_answer", id, now, actor.user_id, {{"public", pub}});
  tx.commit();
  notify_written();
  return Result<LibraryAnswer>::ok(std::move(a));
}

// [SECTION] users -------------------------------------------------------------------------
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
       "password_hash = coalesce(?5, password_hash) WHERE id = ?6")
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
  if (password_hash) fields.push_back("password");
  append_event(*c, "user.updated", "user", id, now, actor.user_id,
               {{"fields", fields},
                {"role", to_string(u.role)},
                {"active", u.active},
                {"sessions_ended", end_sessions},
                {"tokens_revoked", revoke_tokens}});
  tx.commit();
  notify_written();
  return Result<User>::ok(std::move(u));
}

// [SECTION] tokens ------------------------------------------------------------------------
namespace {

// Embed tokens and API tokens live in two tables of one shape: id, token_hash (never the
// token itself), label, one kind column (an embed token's scope, "board" or "area:<name>"; an
// API token's role), created_by, created_at and revoked_at. The names below are fixed
// strings, never input; every value is bound.
struct TokenTable {
  const char* table;
  const char* kind;  // the kind column, also the kind's key in the created event's data
  const char* entity;
  const char* created_event;
  const char* revoked_event;
};

const TokenTable kEmbedTokens{"embed_tokens", "scope", "embed_token", "embed_token.created",
                              "embed_token.revoked"};
const TokenTable kApiTokens{"api_tokens", "role", "api_token", "api_token.created",
                            "api_token.revoked"};

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

}  // namespace shipboard::store
