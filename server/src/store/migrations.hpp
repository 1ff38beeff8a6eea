// Numbered SQL migrations (server/sql/NNN_*.sql), embedded at build time and applied in
// order at start-up; PRAGMA user_version records the last one applied.
#pragma once

#include <string>
#include <vector>

namespace shipboard::db {
class Connection;
}

namespace shipboard::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& migrations();

// Applies every migration newer than the database's user_version, each in one transaction.
// Returns the number applied. Refuses a database newer than this binary knows.
int migrate(db::Connection& c);

}  // namespace shipboard::store
