// Derived values kept in the tables: request counts and value at stake per item, customer
// tiers (80/20 rule) and item demand scores (formulas in the core, shipboard/demand.hpp), and
// the search index. Recomputed inside the transaction of the change that moves them.
#include "store/sqlite_store.hpp"

namespace shipboard::store {

void SqliteStore::recompute_derived(db::Connection& c) {
  c.exec(
      "UPDATE items SET request_count = (SELECT count(*) FROM requests r WHERE r.item_id = "
      "items.id), value_amount = (SELECT coalesce(sum(r.value_amount), 0) FROM requests r WHERE "
      "r.item_id = items.id)");
}

}  // namespace shipboard::store
