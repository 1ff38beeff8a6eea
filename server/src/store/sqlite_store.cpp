// The SQLite backend of Store, its plumbing: opening the database (WAL, foreign keys, busy
// timeout, migrations), one writer in BEGIN IMMEDIATE and a pool of readers, cursors of pages.
// Each entity's reads and writes live in its own file (items.cpp, questions.cpp, ...).
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
#include "store/migrations.hpp"
#include "store/pool.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {

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

int SqliteStore::schema_version() {
  try {
    auto c = pool_->reader();
    auto st = c->prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.int64(0)) : -1;
  } catch (const db::Error&) {
    return -1;
  }
}

bool SqliteStore::checkpoint() {
  try {
    auto c = pool_->writer();
    auto st = c->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    return st.step() && st.int64(0) == 0;  // busy = 0: the whole log was written back
  } catch (const db::Error&) {
    return false;
  }
}

int SqliteStore::expected_schema_version() const {
  return migrations().empty() ? 0 : migrations().back().version;
}

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace shipboard::store
