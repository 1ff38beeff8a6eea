// The enablement pack and re-tell prompts in SQLite: the rows of a release's pack (its shipped
// items, the customers that requested them or were told about them, their latest told entries
// and the answer-library entries beside them) for one reader and, for PMs, every rep's
// coverage; the reader's stale told pairs (GET /me/retell); and the told.stale inbox entries
// written in the transaction of the item change that made a told entry stale.
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "shipboard/enablement.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

// A JSON array of ids, bound as one parameter and read with json_each (parameterised IN).
template <class Ids>
std::string id_list(const Ids& ids) {
  json a = json::array();
  for (Id id : ids) a.push_back(id);
  return a.dump();
}

std::vector<Customer> customers_in(db::Connection& c, const std::set<Id>& ids) {
  std::vector<Customer> out;
  if (ids.empty()) return out;
  auto st = c.prepare(std::string("SELECT ") + rows::kCustomerColumns +
                      " FROM customers WHERE id IN (SELECT value FROM json_each(?1))");
  st.bind(1, id_list(ids));
  while (st.step()) out.push_back(rows::customer(st));
  return out;
}

}  // namespace

Result<EnablementPack> SqliteStore::enablement_pack(Id release_id, Id reader, bool coverage) {
  auto c = pool_->reader();
  EnablementPack pack;
  {
    auto r = by_id<Release>(*c, rows::kReleaseColumns, "releases", release_id, rows::release);
    if (!r) return Result<EnablementPack>::fail(Outcome::not_found, "no such release");
    pack.release = std::move(*r);
  }
  {
    auto st = c->prepare(std::string("SELECT ") + rows::kItemColumns +
                         " FROM items WHERE release_id = ?1 AND merged_into IS NULL ORDER BY id "
                         "LIMIT 1000");
    st.bind(1, release_id);
    while (st.step()) {
      Item it = rows::item(st);
      if (in_enablement_pack(it, pack.release)) pack.items.push_back(std::move(it));
    }
  }
  load_item_answers(*c, pack.items);
  if (pack.items.empty()) return Result<EnablementPack>::ok(std::move(pack));
  std::vector<Id> item_ids;
  for (const auto& it : pack.items) item_ids.push_back(it.id);
  const std::string items_json = id_list(item_ids);

  // (customer, item) -> requested; every pair of the pack.
  std::map<std::pair<Id, Id>, bool> pairs;
  {
    auto st = c->prepare(
        "SELECT customer_id, item_id, 1 FROM requests WHERE item_id IN "
        "(SELECT value FROM json_each(?1)) UNION SELECT customer_id, item_id, 0 FROM told "
        "WHERE item_id IN (SELECT value FROM json_each(?1)) LIMIT 100000");
    st.bind(1, items_json);
    while (st.step()) {
      bool& requested = pairs[{st.int64(0), st.int64(1)}];
      requested = requested || st.int64(2) != 0;
    }
  }
  {
    auto st = c->prepare(std::string("SELECT ") + rows::kToldColumns +
                         " FROM told WHERE id IN (SELECT max(id) FROM told WHERE item_id IN "
                         "(SELECT value FROM json_each(?1)) GROUP BY customer_id, item_id)");
    st.bind(1, items_json);
    while (st.step()) {
      Told t = rows::told(st);
      const std::pair<Id, Id> key{t.customer_id, *t.item_id};
      pack.latest_told[key] = std::move(t);
    }
  }
  {
    auto st = c->prepare(std::string("SELECT ") + rows::kLibraryColumns +
                         " FROM library_answers WHERE item_id IN (SELECT value FROM "
                         "json_each(?1)) ORDER BY id LIMIT 2000");
    st.bind(1, items_json);
    while (st.step()) pack.library.push_back(rows::library_answer(st));
  }

  std::set<Id> customer_ids;
  for (const auto& [key, requested] : pairs) customer_ids.insert(key.first);
  std::map<Id, Customer> customers;
  for (auto& cu : customers_in(*c, customer_ids)) customers.emplace(cu.id, std::move(cu));
  std::set<Id> partner_ids;
  for (const auto& [id, cu] : customers)
    if (cu.partner_id && !customers.count(*cu.partner_id)) partner_ids.insert(*cu.partner_id);
  std::map<Id, Customer> partners;
  for (auto& cu : customers_in(*c, partner_ids)) partners.emplace(cu.id, std::move(cu));
  auto partner_of = [&](const Customer& cu) -> const Customer* {
    if (!cu.partner_id) return nullptr;
    if (auto it = customers.find(*cu.partner_id); it != customers.end()) return &it->second;
    if (auto it = partners.find(*cu.partner_id); it != partners.end()) return &it->second;
    return nullptr;
  };
  std::map<Id, const Item*> item_by_id;
  for (const auto& it : pack.items) item_by_id[it.id] = &it;

  // Every customer of the pack with its items (pairs are ordered by customer, then item).
  std::map<Id, PackCustomer> all;
  for (const auto& [key, requested] : pairs) {
    auto cu = customers.find(key.first);
    if (cu == customers.end()) continue;
    PackCustomer& pc = all[key.first];
    pc.customer = cu->second;
    pc.items.push_back(key.second);
    if (requested) pc.requested.push_back(key.second);
  }
  // Told everything that is in the pack for them, as the items are now.
  auto all_told = [&](const PackCustomer& pc) {
    for (Id item : pc.items) {
      auto t = pack.latest_told.find({pc.customer.id, item});
      if (t == pack.latest_told.end() || told_stale(t->second, *item_by_id[item])) return false;
    }
    return true;
  };

  for (const auto& [id, pc] : all) {
    const Customer* partner = partner_of(pc.customer);
    const bool owns = pc.customer.owner_id == reader;
    const bool via = partner && partner->owner_id == reader;
    if (!owns && !via) continue;
    PackCustomer mine = pc;
    if (!owns) mine.via_partner = *partner;
    pack.customers.push_back(std::move(mine));
  }
  std::stable_sort(pack.customers.begin(), pack.customers.end(), [](const auto& a, const auto& b) {
    return a.customer.annual_value.amount > b.customer.annual_value.amount;
  });
  if (pack.customers.size() > kMaxPackCustomers) {
    pack.customers.resize(kMaxPackCustomers);
    pack.truncated = true;
  }

  if (coverage) {
    std::map<Id, PackCoverage> by_rep;
    for (const auto& [id, pc] : all) {
      std::set<Id> reps;
      if (pc.customer.owner_id) reps.insert(*pc.customer.owner_id);
      if (const Customer* partner = partner_of(pc.customer); partner && partner->owner_id)
        reps.insert(*partner->owner_id);
      const bool done = all_told(pc);
      for (Id rep : reps) {
        PackCoverage& row = by_rep[rep];
        row.user_id = rep;
        ++row.customers_to_tell;
        ++(done ? row.told : row.not_yet_told);
      }
    }
    std::set<Id> rep_ids;
    for (const auto& [id, row] : by_rep) rep_ids.insert(id);
    auto st = c->prepare("SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?1))");
    st.bind(1, id_list(rep_ids));
    while (st.step()) by_rep[st.int64(0)].name = st.text(1);
    for (auto& [id, row] : by_rep) pack.coverage.push_back(std::move(row));
    std::stable_sort(pack.coverage.begin(), pack.coverage.end(), [](const auto& a, const auto& b) {
      return a.not_yet_told > b.not_yet_told;
    });
  }
  return Result<EnablementPack>::ok(std::move(pack));
}

Retell SqliteStore::retell(Id reader, int limit) {
  auto c = pool_->reader();
  std::vector<Told> latest;
  {
    auto st = c->prepare(std::string("SELECT ") + rows::kToldColumns +
                         " FROM told WHERE id IN (SELECT max(id) FROM told WHERE user_id = ?1 "
                         "AND item_id IS NOT NULL GROUP BY customer_id, item_id) ORDER BY id "
                         "DESC LIMIT 5000");
    st.bind(1, reader);
    while (st.step()) latest.push_back(rows::told(st));
  }
  Retell out;
  std::map<Id, std::optional<Item>> items;
  std::map<Id, std::string> names;
  for (const Told& t : latest) {
    auto found = items.find(*t.item_id);
    if (found == items.end()) found = items.emplace(*t.item_id, item_in(*c, *t.item_id)).first;
    const auto& item = found->second;
    if (!item || item->merged_into || !told_stale(t, *item)) continue;
    ++out.count;
    if (static_cast<int>(out.items.size()) >= limit) continue;
    auto name = names.find(t.customer_id);
    if (name == names.end()) {
      auto st = c->prepare("SELECT name FROM customers WHERE id = ?1");
      st.bind(1, t.customer_id);
      name = names.emplace(t.customer_id, st.step() ? st.text(0) : std::string()).first;
    }
    out.items.push_back({t, name->second, *item});
  }
  return out;
}

void SqliteStore::prompt_retell(db::Connection& c, const Item& after, const std::string& now) {
  std::vector<Told> latest;
  {
    auto st = c.prepare(std::string("SELECT ") + rows::kToldColumns +
                        " FROM told WHERE id IN (SELECT max(id) FROM told WHERE item_id = ?1 "
                        "GROUP BY user_id, customer_id) ORDER BY id LIMIT 10000");
    st.bind(1, after.id);
    while (st.step()) latest.push_back(rows::told(st));
  }
  for (const Told& t : latest) {
    if (!told_stale(t, after)) continue;
    std::string customer_name;
    bool active = false;
    {
      auto st = c.prepare(
          "SELECT cu.name, u.active FROM customers cu, users u WHERE cu.id = ?1 AND u.id = ?2");
      st.bind(1, t.customer_id).bind(2, t.user_id);
      if (st.step()) {
        customer_name = st.text(0);
        active = st.int64(1) != 0;
      }
    }
    if (!active) continue;
    const json payload = retell_json(t, customer_name, after);
    std::optional<Id> unread;
    {
      auto st = c.prepare(
          "SELECT id FROM notifications WHERE user_id = ?1 AND item_id = ?2 AND customer_id = ?3 "
          "AND kind = ?4 AND read = 0 LIMIT 1");
      st.bind(1, t.user_id).bind(2, after.id).bind(3, t.customer_id);
      st.bind(4, to_string(EventType::told_stale));
      if (st.step()) unread = st.int64(0);
    }
    if (unread) {  // one unread prompt per (rep, customer, item): it tells what is true now
      c.prepare("UPDATE notifications SET payload = ?2 WHERE id = ?1")
          .bind(1, *unread)
          .bind(2, payload.dump())
          .run();
      continue;
    }
    const Id event = append_event(c, EventType::told_stale, "told", t.id, now, std::nullopt,
                                  {{"item_id", after.id},
                                   {"customer_id", t.customer_id},
                                   {"user_id", t.user_id}});
    c.prepare(
         "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at, payload, "
         "customer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, t.user_id)
        .bind(2, event)
        .bind(3, to_string(EventType::told_stale))
        .bind(4, after.id)
        .bind(5, customer_name + " · " + after.title)
        .bind(6, now)
        .bind(7, payload.dump())
        .bind(8, t.customer_id)
        .run();
  }
}

void SqliteStore::clear_retell(db::Connection& c, Id user_id, Id customer_id, Id item_id) {
  c.prepare(
       "UPDATE notifications SET read = 1 WHERE user_id = ?1 AND item_id = ?2 AND "
       "customer_id = ?3 AND kind = ?4 AND read = 0")
      .bind(1, user_id)
      .bind(2, item_id)
      .bind(3, customer_id)
      .bind(4, to_string(EventType::told_stale))
      .run();
}

}  // namespace shipboard::store
