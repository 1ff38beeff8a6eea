// A thin RAII layer over SQLite: connections opened with the project's pragmas, prepared
// statements cached per connection, typed binding and reading, transactions. No SQL text of
// the domain lives here; that is in the store's files beside it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shipboard::db {

// Thrown only inside the store for errors that are bugs or I/O failures (the route layer maps
// them to 500 / 503); expected outcomes (not found, conflict) are return values.
class Error : public std::runtime_error {
 public:
  Error(std::string msg, int code) : std::runtime_error(std::move(msg)), code_(code) {}
  int code() const { return code_; }
  bool busy() const { return code_ == SQLITE_BUSY || code_ == SQLITE_LOCKED; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  ~Statement();  // resets (does not finalize: statements are cached by the connection)

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, const void* data, int size);
  Statement& bind_null(int i);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  bool step();  // true while a row is available
  void run();   // step to completion

  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  std::optional<std::string> opt_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

struct OpenOptions {
  bool read_only = false;
  int busy_timeout_ms = 5000;
  std::string synchronous = "FULL";  // a 2xx means committed and on disk; see docs/operations.md
  // Run on every new connection before use (the store registers its SQL functions here).
  std::function<void(sqlite3*)> on_open;
};

class Connection {
 public:
  Connection(const std::string& path, const OpenOptions& options);
  Connection(const Connection&) = delete;
  ~Connection();

  // A cached prepared statement; the returned object resets it when destroyed.
  Statement prepare(std::string_view sql);
  void exec(const std::string& sql);  // one or more statements, no results
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when not committed.
class Transaction {
 public:
  explicit Transaction(Connection& c, bool immediate = true);
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what);

}  // namespace shipboard::db
