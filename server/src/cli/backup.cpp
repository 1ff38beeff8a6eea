// `shipboard-server backup --to FILE`: copies the live database with SQLite's online backup API
// and checks the copy (PRAGMA integrity_check) before saying it is done.
#include "cli/commands.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace shipboard::server {

// Online backup with SQLite's backup API: copies a consistent snapshot page by page while the
// server keeps serving (readers and the writer are never blocked for long), then checks it.
int backup(const Config& config, const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0].empty()) {
    std::fprintf(stderr, "usage: shipboard-server backup --db PATH --to FILE\n");
    return 2;
  }
  const std::string& target = args[0];
  if (std::filesystem::exists(target)) {
    std::fprintf(stderr, "shipboard-server backup: %s exists; refusing to overwrite\n",
                 target.c_str());
    return 1;
  }
  if (!std::filesystem::exists(config.db)) {
    std::fprintf(stderr, "shipboard-server backup: no database at %s\n", config.db.c_str());
    return 1;
  }
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  int rc = sqlite3_open_v2(config.db.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_open_v2(target.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(src, 5000);
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (b == nullptr) {
      rc = sqlite3_errcode(dst);
    } else {
      do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      rc = sqlite3_backup_finish(b);
    }
  }
  std::string check;
  if (rc == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) check += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  std::string err = rc == SQLITE_OK ? "" : (dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
  sqlite3_close(src);
  sqlite3_close(dst);
  if (rc != SQLITE_OK || check != "ok") {
    std::fprintf(stderr, "shipboard-server backup: failed: %s%s\n", err.c_str(), check.c_str());
    std::filesystem::remove(target);
    return 1;
  }
  std::printf("Backed up %s to %s (integrity_check ok). To restore: stop the server and start it "
              "with --db %s (or copy the file over the old one).\n",
              config.db.c_str(), target.c_str(), target.c_str());
  return 0;
}

int run_tool(const std::string& command, const Config& config, const std::vector<std::string>& args) {
  if (command == "generate") return generate(config, args);
  if (command == "backup") return backup(config, args);
  if (command == "import") return import_csv(config, args);
  std::fprintf(stderr, "shipboard-server: unknown command '%s'\n%s", command.c_str(), usage().c_str());
  return 2;
}

}  // namespace shipboard::server
