// The one narrow interface between the HTTP routes and storage. Routes speak the domain
// (core types and commands); a backend turns that into SQL. SQLite (sqlite_store.cpp) is the
// embedded default; a PostgreSQL backend for several processes would implement the same class.
// Expected outcomes (not found, stale version, conflict) are values; only bugs and I/O failures
// throw.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/model.hpp"
#include "shipboard/result.hpp"

namespace shipboard::store {

// Who performs an operation (for created_by, events and ownership rules).
struct Actor {
  Id user_id = 0;
  Role role = Role::viewer;
};

enum class Outcome { ok, not_found, forbidden, conflict, precondition_failed, invalid };

template <class T>
struct Result {
  Outcome outcome = Outcome::ok;
  std::optional<T> value;
  FieldErrors errors;   // for Outcome::invalid
  std::string detail;   // human-readable reason for non-ok outcomes

  static Result ok(T v) { return Result{Outcome::ok, std::move(v), {}, {}}; }
  static Result fail(Outcome o, std::string detail, FieldErrors e = {}) {
    return Result{o, std::nullopt, std::move(e), std::move(detail)};
  }
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

enum class ItemSort { updated, demand, value, eta, id };

struct ItemFilter {
  std::vector<ItemStatus> statuses;
  std::optional<ItemKind> kind;
  std::optional<std::string> area;
  std::optional<Id> release_id;
  std::optional<Tier> tier;         // items requested by customers of this tier
  std::optional<Id> customer_id;    // items requested by this customer
  std::optional<Id> owner_customers_of;  // items requested by customers this user owns
  ItemSort sort = ItemSort::updated;
  int limit = 50;
  std::string cursor;               // opaque, from a previous page
  bool include_merged = false;
};

struct UserRecord {
  User user;
  std::string password_hash;
};

struct SessionRecord {
  User user;
  std::string csrf_token;
};

struct TokenRecord {
  User user;   // the admin who made it (bearer tokens act as that user with `role`)
  Role role = Role::viewer;
};

struct Event {
  Id id = 0;
  std::string type;
  std::string entity;
  Id entity_id = 0;
  std::string at;
  std::optional<Id> actor_id;
  nlohmann::json data;
};

// A whole board to import in one transaction: the demo data and generated benchmark boards.
// Ids are assigned by the caller (1..n in each vector) so references can be written directly.
struct BoardImport {
  struct UserRow {
    User user;
    std::string password_hash;
  };
  std::vector<UserRow> users;
  std::vector<Release> releases;
  std::vector<Customer> customers;
  std::vector<Item> items;
  std::vector<Request> requests;
  std::vector<Question> questions;  // with their answers
  std::vector<LibraryAnswer> library;
  std::vector<Follow> follows;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual bool healthy() = 0;
  // Called after every committed write (the event hub wakes its streams).
  virtual void set_on_write(std::function<void()> f) = 0;

  // [SECTION] users and sessions
  virtual std::int64_t count_users() = 0;
  virtual std::optional<UserRecord> user_by_login(const std::string& login) = 0;
  virtual std::optional<User> user(Id id) = 0;
  virtual Result<User> insert_user(const std::string& login, const std::string& name, Role role,
                                   const std::string& password_hash, const std::string& now) = 0;
  virtual void insert_session(const std::string& token_hash, Id user_id,
                              const std::string& csrf_token, const std::string& now,
                              const std::string& expires_at) = 0;
  virtual std::optional<SessionRecord> session(const std::string& token_hash,
                                               const std::string& now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  virtual std::optional<TokenRecord> api_token(const std::string& token_hash) = 0;
  // The scope ("board" or "area:<name>") of a live embed token.
  virtual std::optional<std::string> embed_token_scope(const std::string& token_hash) = 0;

  // Imports a board into an empty database (refused when items exist) and recomputes every
  // derived value. Returns false when the database is not empty.
  virtual bool import_board(const BoardImport& board, const std::string& now) = 0;

  // [SECTION] items
  virtual Result<Page<Item>> list_items(const ItemFilter& filter) = 0;
  virtual std::optional<Item> item(Id id) = 0;

  // [SECTION] events
  virtual std::vector<Event> events_after(Id after, int limit) = 0;
  virtual Id last_event_id() = 0;
};

struct SqliteOptions {
  int readers = 4;
  int busy_timeout_ms = 5000;
  std::string synchronous = "FULL";
};

// Opens (creating and migrating) the SQLite database at `path`.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options);

}  // namespace shipboard::store
