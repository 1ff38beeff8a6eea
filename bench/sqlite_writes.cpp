// P2 anchor: acknowledged durable writes per second of a bare C++ loop doing what one
// POST /api/v1/items does in SQLite (same schema, triggers, WAL, synchronous=FULL): BEGIN
// IMMEDIATE, reference checks, next id, INSERT item (the search trigger fires), INSERT event,
// COMMIT. usage: bench_sqlite_writes DB SECONDS
#include <chrono>
#include <cstdio>
#include <string>

#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_store.hpp"

using namespace shipboard;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DB SECONDS\n", argv[0]);
    return 2;
  }
  db::OpenOptions o;
  o.synchronous = "FULL";
  o.on_open = store::register_search_functions;
  db::Connection c(argv[1], o);
  store::migrate(c);
  c.exec("INSERT OR IGNORE INTO users(id, login, name, role, password_hash, created_at) "
         "VALUES (1, 'bench', 'bench', 'pm', 'x', '2026-11-28T00:00:00Z')");
  double seconds = std::stod(argv[2]);
  auto start = std::chrono::steady_clock::now();
  long n = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    db::Transaction tx(c);
    auto exists = c.prepare("SELECT 1 FROM users WHERE id = ?1");
    exists.bind(1, 1).step();
    auto next = c.prepare("SELECT coalesce(max(id), 0) + 1 FROM items");
    next.step();
    long id = next.int64(0);
    c.prepare("INSERT INTO items(id, kind, title, description, area, status, commitment, "
              "created_by, version, created_at, updated_at) VALUES (?1, 'feature', ?2, '', '', "
              "'under_review', 'none', 1, 1, '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z')")
        .bind(1, id)
        .bind(2, "基準測試需求 #" + std::to_string(id))
        .run();
    c.prepare("INSERT INTO events(type, entity, entity_id, at, actor_id, data) VALUES "
              "('item.created', 'item', ?1, '2026-11-28T00:00:00Z', 1, '{}')")
        .bind(1, id)
        .run();
    tx.commit();
    ++n;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.1f\n", n / elapsed);
  return 0;
}
