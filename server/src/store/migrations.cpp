// Applying the embedded migrations; see migrations.hpp.
#include "store/migrations.hpp"

#include "store/db.hpp"

namespace shipboard::store {

int migrate(db::Connection& c) {
  std::int64_t current = 0;
  {
    auto st = c.prepare("PRAGMA user_version");
    if (st.step()) current = st.int64(0);
  }
  const auto& all = migrations();
  if (!all.empty() && current > all.back().version)
    throw db::Error("database schema version " + std::to_string(current) +
                        " is newer than this server knows (" + std::to_string(all.back().version) +
                        ")",
                    0);
  int applied = 0;
  for (const auto& m : all) {
    if (m.version <= current) continue;
    db::Transaction tx(c);
    c.exec(m.sql);
    c.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace shipboard::store
