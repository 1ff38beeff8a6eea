// Items in SQLite: the list with its filters, sort and cursor pages, create, patch with If-Match,
// merge, requests and follows, item history, and the derived values (customer tiers, demand,
// request counts) kept current in the same BEGIN IMMEDIATE transaction as the change.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/demand.hpp"
#include "shipboard/glossary.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

const char* const kRequestColumns =
    "id, item_id, customer_id, created_by, importance, value_amount, value_currency, quote, "
    "created_at";

Request request_row(const db::Statement& s, int o = 0) {
  Request r;
  r.id = s.int64(o);
  r.item_id = s.int64(o + 1);
  r.customer_id = s.int64(o + 2);
  r.created_by = s.int64(o + 3);
  r.importance = parse_importance(s.text(o + 4)).value_or(Importance::nice);
  r.value_at_stake = Money{s.int64(o + 5), s.text(o + 6)};
  r.quote = s.text(o + 7);
  r.created_at = s.text(o + 8);
  return r;
}

void bind_item(db::Statement& st, const Item& it) {
  st.bind(1, it.id)
      .bind(2, to_string(it.kind))
      .bind(3, it.title)
      .bind(4, it.description)
      .bind(5, it.area)
      .bind(6, to_string(it.status))
      .bind(7, it.release_id)
      .bind(8, opt_eta(it.eta))
      .bind(9, it.eta ? std::optional<std::string>(eta_end_date(*it.eta)) : std::nullopt)
      .bind(10, to_string(it.commitment))
      .bind(11, it.customer_answer)
      .bind(12, it.answer_basis ? 1 : 0)
      .bind(13, opt_str(it.answer_basis.has_value(),
                        it.answer_basis ? to_string(it.answer_basis->status) : ""))
      .bind(14, it.answer_basis ? it.answer_basis->release_id : std::nullopt)
      .bind(15, it.answer_basis ? opt_eta(it.answer_basis->eta) : std::nullopt)
      .bind(16, it.answer_stale ? 1 : 0)
      .bind(17, it.internal_note)
      .bind(18, it.owner_id)
      .bind(19, it.created_by)
      .bind(20, it.merged_into)
      .bind(21, it.version)
      .bind(22, it.created_at)
      .bind(23, it.updated_at);
}

// The customer answer in other languages (item_answers), written in full for an item.
void save_item_answers(db::Connection& c, const Item& it) {
  c.prepare("DELETE FROM item_answers WHERE item_id = ?1").bind(1, it.id).run();
  for (const auto& [lang, text] : it.customer_answers) {
    if (text.empty()) continue;
    c.prepare("INSERT INTO item_answers(item_id, lang, text) VALUES (?1, ?2, ?3)")
        .bind(1, it.id)
        .bind(2, lang)
        .bind(3, text)
        .run();
  }
}

void update_item_row(db::Connection& c, const Item& it) {
  auto st = c.prepare(
      "UPDATE items SET kind=?2, title=?3, description=?4, area=?5, status=?6, release_id=?7, "
      "eta=?8, eta_end=?9, commitment=?10, customer_answer=?11, basis_set=?12, basis_status=?13, "
      "basis_release_id=?14, basis_eta=?15, answer_stale=?16, internal_note=?17, owner_id=?18, "
      "created_by=?19, merged_into=?20, version=?21, created_at=?22, updated_at=?23 WHERE id=?1");
  bind_item(st, it);
  st.run();
  save_item_answers(c, it);
}

std::vector<Customer> customers_for_demand(db::Connection& c) {
  std::vector<Customer> out;
  auto st = c.prepare("SELECT id, value_amount, value_currency FROM customers ORDER BY id");
  while (st.step()) {
    Customer cu;
    cu.id = st.int64(0);
    cu.annual_value = Money{st.int64(1), st.text(2)};
    out.push_back(cu);
  }
  return out;
}

void store_demand(db::Connection& c, Id item_id, const Demand& d) {
  c.prepare(
       "UPDATE items SET demand_score=?2, request_count=?3, value_amount=?4, "
       "value_currency=?5 WHERE id=?1")
      .bind(1, item_id)
      .bind(2, d.score)
      .bind(3, d.request_count)
      .bind(4, d.value_at_stake.amount)
      .bind(5, d.value_at_stake.currency)
      .run();
}

// Everyone who cares about an item: followers, who filed its requests, the owners of the
// customers that requested it, and whoever told a customer about it. Not the actor.
void notify_item(db::Connection& c, const Item& item, Id event_id, EventType kind,
                 std::optional<Id> actor, const std::string& now) {
  c.prepare(
       "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at) "
       "SELECT u.id, ?2, ?3, ?1, ?4, ?5 FROM users u WHERE u.active = 1 AND u.id IS NOT ?6 AND "
       "u.id IN (" +
       item_audience_sql("?1") + ")")
      .bind(1, item.id)
      .bind(2, event_id)
      .bind(3, to_string(kind))
      .bind(4, item.title)
      .bind(5, now)
      .bind(6, actor)
      .run();
}

// An item of a release shipped: the reps whose customers are in the release's pack for it
// (pack_owner_sql) hear of it too, and every entry of the event links the pack (release_id).
void notify_pack_owners(db::Connection& c, const Item& item, Id event_id, EventType kind,
                        std::optional<Id> actor, const std::string& now) {
  c.prepare(
       "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at) "
       "SELECT u.id, ?2, ?3, ?1, ?4, ?5 FROM users u WHERE u.active = 1 AND u.id IS NOT ?6 AND "
       "u.id IN (" + pack_owner_sql("?1") + ") AND u.id NOT IN (" + item_audience_sql("?1") + ")")
      .bind(1, item.id)
      .bind(2, event_id)
      .bind(3, to_string(kind))
      .bind(4, item.title)
      .bind(5, now)
      .bind(6, actor)
      .run();
  c.prepare("UPDATE notifications SET payload = ?2 WHERE event_id = ?1")
      .bind(1, event_id)
      .bind(2, json{{"release_id", *item.release_id}}.dump())
      .run();
}

json item_event_data(const Item& it) {
  return json{{"title", it.title},
              {"area", it.area},
              {"status", to_string(it.status)},
              {"version", it.version},
              {"answer_stale", it.answer_stale}};
}

struct SortSpec {
  const char* key_sql;  // expression of the sort key
  bool descending;
  enum class Type { text, real, integer } type;
};

SortSpec sort_spec(ItemSort s) {
  switch (s) {
    case ItemSort::demand:
      return {"demand_score", true, SortSpec::Type::real};
    case ItemSort::value:
      return {"value_amount", true, SortSpec::Type::integer};
    case ItemSort::eta:
      return {"coalesce(eta_end, '9999-12-31')", false, SortSpec::Type::text};
    case ItemSort::id:
      return {"id", false, SortSpec::Type::integer};
    case ItemSort::updated:
      break;
  }
  return {"updated_at", true, SortSpec::Type::text};
}

}  // namespace

void SqliteStore::insert_item_row(db::Connection& c, const Item& it) {
  auto st = c.prepare(
      "INSERT INTO items(id, kind, title, description, area, status, release_id, eta, eta_end, "
      "commitment, customer_answer, basis_set, basis_status, basis_release_id, basis_eta, "
      "answer_stale, internal_note, owner_id, created_by, merged_into, version, created_at, "
      "updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
      "?20,?21,?22,?23)");
  bind_item(st, it);
  st.run();
  if (!it.customer_answers.empty()) save_item_answers(c, it);
}

void SqliteStore::load_item_answers(db::Connection& c, std::vector<Item>& items) {
  if (items.empty()) return;
  json ids = json::array();
  for (const auto& it : items) ids.push_back(it.id);
  auto st = c.prepare(
      "SELECT item_id, lang, text FROM item_answers WHERE item_id IN "
      "(SELECT value FROM json_each(?1)) ORDER BY item_id, lang");
  st.bind(1, ids.dump());
  while (st.step()) {
    const Id id = st.int64(0);
    for (auto& it : items)
      if (it.id == id) it.customer_answers[st.text(1)] = st.text(2);
  }
}

std::optional<Item> SqliteStore::item_in(db::Connection& c, Id id) {
  auto st = c.prepare(std::string("SELECT ") + rows::kItemColumns + " FROM items WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  std::vector<Item> one{rows::item(st)};
  load_item_answers(c, one);
  return std::move(one.front());
}

void SqliteStore::recompute_derived(db::Connection& c) {
  auto customers = customers_for_demand(c);
  for (const auto& t : compute_tiers(customers)) {
    c.prepare("UPDATE customers SET tier = ?2 WHERE id = ?1 AND tier <> ?2")
        .bind(1, t.customer_id)
        .bind(2, to_string(t.tier))
        .run();
  }
  DemandContext ctx(customers);
  std::map<Id, std::vector<Request>> by_item;
  {
    auto st = c.prepare(std::string("SELECT ") + kRequestColumns + " FROM requests");
    while (st.step()) {
      auto r = request_row(st);
      by_item[r.item_id].push_back(std::move(r));
    }
  }
  auto st = c.prepare("SELECT id FROM items");
  std::vector<Id> ids;
  while (st.step()) ids.push_back(st.int64(0));
  for (Id id : ids) {
    auto it = by_item.find(id);
    store_demand(c, id,
                 item_demand(it == by_item.end() ? std::vector<Request>{} : it->second, ctx));
  }
}

void SqliteStore::recompute_item_demand(db::Connection& c, Id item_id) {
  DemandContext ctx(customers_for_demand(c));
  std::vector<Request> reqs;
  auto st =
      c.prepare(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE item_id = ?1");
  st.bind(1, item_id);
  while (st.step()) reqs.push_back(request_row(st));
  store_demand(c, item_id, item_demand(reqs, ctx));
}

Result<Item> SqliteStore::create_item(const Actor& actor, const CreateItem& cmd,
                                      const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  FieldErrors errors;
  check_ref(*c, errors, "release_id", "releases", cmd.release_id);
  check_ref(*c, errors, "owner_id", "users", cmd.owner_id);
  if (!errors.empty()) return invalid<Item>(std::move(errors));
  auto made = make_item(cmd, next_id(*c, "items"), actor.user_id, now);
  if (!made.ok()) return invalid<Item>(std::move(made.errors));
  Item it = *made.value;
  insert_item_row(*c, it);
  json data = item_event_data(it);
  data["kind"] = to_string(it.kind);
  append_event(*c, EventType::item_created, "item", it.id, now, actor.user_id, data);
  tx.commit();
  notify_written();
  return Result<Item>::ok(it);
}

Result<Item> SqliteStore::patch_item(const Actor& actor, Id id, std::int64_t if_match,
                                     const PatchItem& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto before = item_in(*c, id);
  if (!before) return Result<Item>::fail(Outcome::not_found, "no such item");
  if (before->version != if_match)
    return Result<Item>::fail(
        Outcome::precondition_failed,
        "the item changed since you read it (now version " + std::to_string(before->version) + ")");
  FieldErrors errors;
  if (cmd.release_id && *cmd.release_id)
    check_ref(*c, errors, "release_id", "releases", **cmd.release_id);
  if (cmd.owner_id && *cmd.owner_id) check_ref(*c, errors, "owner_id", "users", **cmd.owner_id);
  if (!errors.empty()) return invalid<Item>(std::move(errors));
  auto patched = apply_patch(*before, cmd, now);
  if (!patched.ok()) {
    bool conflict = std::any_of(patched.errors.begin(), patched.errors.end(), [](auto& e) {
      return e.field == "status" || e.field == "merged_into";
    });
    std::string detail = patched.errors.front().field + " " + patched.errors.front().message;
    return Result<Item>::fail(conflict ? Outcome::conflict : Outcome::invalid, std::move(detail),
                              std::move(patched.errors));
  }
  Item after = *patched.value;
  auto changes = diff_items(*before, after);
  if (!changes.any()) return Result<Item>::ok(*before);
  update_item_row(*c, after);
  json data = item_event_data(after);
  data["changes"] = changes_to_json(*before, after);
  const EventType type = event_type_for(changes);
  Id event = append_event(*c, type, "item", id, now, actor.user_id, data);
  if (changes.notable()) {
    notify_item(*c, after, event, type, actor.user_id, now);
    if (changes.status && after.status == ItemStatus::shipped && after.release_id)
      notify_pack_owners(*c, after, event, type, actor.user_id, now);
    prompt_retell(*c, after, now);
    json payload = delivery_payload(event, type, "item", id, now, data);
    payload["item"] = delivery_item(*c, after);
    enqueue_deliveries(*c, event, type, id, after.area, payload, now);
  }
  tx.commit();
  notify_written();
  return Result<Item>::ok(after);
}

Result<Item> SqliteStore::merge_item(const Actor& actor, Id from, Id into, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto a = item_in(*c, from);
  if (!a) return Result<Item>::fail(Outcome::not_found, "no such item");
  auto b = item_in(*c, into);
  if (!b) return invalid<Item>({{"into", "does not exist"}});
  if (auto errors = check_merge(*a, *b); !errors.empty())
    return Result<Item>::fail(Outcome::conflict, std::string(errors.front().message), errors);
  c->prepare("UPDATE requests SET item_id = ?2 WHERE item_id = ?1")
      .bind(1, from)
      .bind(2, into)
      .run();
  c->prepare(
       "INSERT OR IGNORE INTO follows(user_id, item_id) SELECT user_id, ?2 FROM follows "
       "WHERE item_id = ?1")
      .bind(1, from)
      .bind(2, into)
      .run();
  c->prepare("DELETE FROM follows WHERE item_id = ?1").bind(1, from).run();
  c->prepare("UPDATE questions SET item_id = ?2 WHERE item_id = ?1")
      .bind(1, from)
      .bind(2, into)
      .run();
  c->prepare(
       "UPDATE items SET merged_into = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1")
      .bind(1, from)
      .bind(2, into)
      .bind(3, now)
      .run();
  c->prepare("UPDATE items SET version = version + 1, updated_at = ?2 WHERE id = ?1")
      .bind(1, into)
      .bind(2, now)
      .run();
  recompute_item_demand(*c, from);
  recompute_item_demand(*c, into);
  auto merged = *item_in(*c, from);
  json data = item_event_data(merged);
  data["into"] = into;
  Id event = append_event(*c, EventType::item_merged, "item", from, now, actor.user_id, data);
  append_event(*c, EventType::item_updated, "item", into, now, actor.user_id,
               {{"merged_from", from}, {"title", b->title}, {"area", b->area}});
  auto target = *item_in(*c, into);
  notify_item(*c, target, event, EventType::item_merged, actor.user_id, now);
  json payload = delivery_payload(event, EventType::item_merged, "item", from, now, data);
  payload["item"] = delivery_item(*c, target);
  payload["merged"] = {{"id", from}, {"title", a->title}};
  enqueue_deliveries(*c, event, EventType::item_merged, into, target.area, payload, now);
  tx.commit();
  notify_written();
  return Result<Item>::ok(*item_in(*pool_->reader(), into));
}

Result<std::vector<RequestView>> SqliteStore::list_requests(Id item_id) {
  auto c = pool_->reader();
  if (!exists(*c, "items", item_id))
    return Result<std::vector<RequestView>>::fail(Outcome::not_found, "no such item");
  auto st = c->prepare(
      "SELECT r.id, r.item_id, r.customer_id, r.created_by, r.importance, r.value_amount, "
      "r.value_currency, r.quote, r.created_at, c.name, c.tier FROM requests r "
      "JOIN customers c ON c.id = r.customer_id WHERE r.item_id = ?1 ORDER BY r.id LIMIT 1000");
  st.bind(1, item_id);
  std::vector<RequestView> out;
  while (st.step())
    out.push_back({request_row(st), st.text(9), parse_tier(st.text(10)).value_or(Tier::C)});
  return Result<std::vector<RequestView>>::ok(std::move(out));
}

Result<Request> SqliteStore::create_request(const Actor& actor, Id item_id,
                                            const CreateRequest& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto it = item_in(*c, item_id);
  if (!it) return Result<Request>::fail(Outcome::not_found, "no such item");
  if (it->merged_into)
    return Result<Request>::fail(
        Outcome::conflict, "the item was merged into item " + std::to_string(*it->merged_into));
  if (!exists(*c, "customers", cmd.customer_id))
    return invalid<Request>({{"customer_id", "does not exist"}});
  Request r;
  r.id = next_id(*c, "requests");
  r.item_id = item_id;
  r.customer_id = cmd.customer_id;
  r.created_by = actor.user_id;
  r.importance = cmd.importance;
  r.value_at_stake = cmd.value_at_stake;
  r.quote = cmd.quote;
  r.created_at = now;
  c->prepare(std::string("INSERT INTO requests(") + kRequestColumns +
             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")
      .bind(1, r.id)
      .bind(2, r.item_id)
      .bind(3, r.customer_id)
      .bind(4, r.created_by)
      .bind(5, to_string(r.importance))
      .bind(6, r.value_at_stake.amount)
      .bind(7, r.value_at_stake.currency)
      .bind(8, r.quote)
      .bind(9, r.created_at)
      .run();
  recompute_item_demand(*c, item_id);
  {
    auto cu = c->prepare("SELECT name, tier FROM customers WHERE id = ?1");
    cu.bind(1, r.customer_id);
    if (cu.step()) {
      r.customer_name = cu.text(0);
      r.customer_tier = parse_tier(cu.text(1));
    }
  }
  auto after = *item_in(*c, item_id);
  append_event(*c, EventType::request_created, "request", r.id, now, actor.user_id,
               {{"item_id", item_id},
                {"customer_id", r.customer_id},
                {"importance", to_string(r.importance)},
                {"value_at_stake", to_json(r.value_at_stake)}});
  append_event(*c, EventType::item_demand_changed, "item", item_id, now, actor.user_id,
               json{{"title", after.title},
                    {"area", after.area},
                    {"demand_score", after.demand_score},
                    {"request_count", after.request_count}});
  tx.commit();
  notify_written();
  return Result<Request>::ok(r);
}

Result<Page<Event>> SqliteStore::item_history(Id item_id, int limit, const std::string& cursor) {
  auto c = pool_->reader();
  if (!exists(*c, "items", item_id))
    return Result<Page<Event>>::fail(Outcome::not_found, "no such item");
  Id before = std::numeric_limits<Id>::max();
  if (!cursor.empty()) {
    std::string key;
    if (!decode_cursor(cursor, key, before))
      return Result<Page<Event>>::fail(Outcome::invalid, "the cursor is not valid",
                                       {{"cursor", "is not a cursor this server issued"}});
  }
  auto st = c->prepare(
      std::string("SELECT ") + rows::kEventColumns +
      " FROM events WHERE id < ?2 AND ((entity = 'item' AND entity_id = ?1) OR (entity IN "
      "('request', 'question') AND json_extract(data, '$.item_id') = ?1)) ORDER BY id DESC "
      "LIMIT ?3");
  st.bind(1, item_id).bind(2, before).bind(3, limit + 1);
  Page<Event> page;
  while (st.step()) page.items.push_back(rows::event(st));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor("", page.items.back().id);
  }
  return Result<Page<Event>>::ok(std::move(page));
}

Result<bool> SqliteStore::set_follow(Id user_id, Id item_id, bool follow) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  if (!exists(*c, "items", item_id)) return Result<bool>::fail(Outcome::not_found, "no such item");
  if (follow)
    c->prepare("INSERT OR IGNORE INTO follows(user_id, item_id) VALUES (?1, ?2)")
        .bind(1, user_id)
        .bind(2, item_id)
        .run();
  else
    c->prepare("DELETE FROM follows WHERE user_id = ?1 AND item_id = ?2")
        .bind(1, user_id)
        .bind(2, item_id)
        .run();
  tx.commit();
  return Result<bool>::ok(follow);
}

bool SqliteStore::is_following(Id user_id, Id item_id) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT 1 FROM follows WHERE user_id = ?1 AND item_id = ?2");
  st.bind(1, user_id).bind(2, item_id);
  return st.step();
}

Result<Page<Item>> SqliteStore::list_items(const ItemFilter& f) {
  std::string sql = std::string("SELECT ") + rows::kItemColumns + " FROM items WHERE 1=1";
  std::vector<std::function<void(db::Statement&, int)>> binds;
  auto add = [&](const std::string& clause, auto value) {
    int n = static_cast<int>(binds.size()) + 1;
    std::string c = clause;
    for (auto pos = c.find('?'); pos != std::string::npos; pos = c.find('?', pos + 1)) {
      c.insert(pos + 1, std::to_string(n));
    }
    sql += " AND " + c;
    binds.push_back([value](db::Statement& st, int i) { st.bind(i, value); });
  };
  if (!f.include_merged) sql += " AND merged_into IS NULL";
  if (!f.statuses.empty()) {
    sql += " AND status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      sql += (i ? ",'" : "'") + std::string(to_string(f.statuses[i])) + "'";
    }
    sql += ")";
  }
  if (f.kind) sql += " AND kind = '" + std::string(to_string(*f.kind)) + "'";
  if (f.area) add("area = ?", *f.area);
  if (f.release_id) add("release_id = ?", *f.release_id);
  if (f.customer_id)
    add("EXISTS (SELECT 1 FROM requests r WHERE r.item_id = items.id AND r.customer_id = ?)",
        *f.customer_id);
  if (f.tier)
    add("EXISTS (SELECT 1 FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.item_id = items.id AND c.tier = ?)",
        std::string(to_string(*f.tier)));
  if (f.owner_customers_of)
    add("EXISTS (SELECT 1 FROM requests r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.item_id = items.id AND c.owner_id = ?)",
        *f.owner_customers_of);

  if (!f.q.empty()) {
    std::string match = fts_match_expression(f.q);
    if (match.empty()) return Result<Page<Item>>::ok({});
    add("id IN (SELECT entity_id FROM search_index WHERE search_index MATCH ? AND entity = 'item')",
        match);
  }
  SortSpec spec = sort_spec(f.sort);
  const char* op = spec.descending ? "<" : ">";
  const char* dir = spec.descending ? "DESC" : "ASC";
  if (!f.cursor.empty()) {
    std::string key;
    Id after = 0;
    if (!decode_cursor(f.cursor, key, after))
      return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                      {{"cursor", "is not a cursor this server issued"}});
    int n = static_cast<int>(binds.size()) + 1;
    sql += std::string(" AND (") + spec.key_sql + " " + op + " ?" + std::to_string(n) + " OR (" +
           spec.key_sql + " = ?" + std::to_string(n) + " AND id " + op + " ?" +
           std::to_string(n + 1) + "))";
    switch (spec.type) {
      case SortSpec::Type::text:
        binds.push_back([key](db::Statement& st, int i) { st.bind(i, key); });
        break;
      case SortSpec::Type::real: {
        double d = 0;
        try {
          d = std::stod(key);
        } catch (...) {
          return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
        }
        binds.push_back([d](db::Statement& st, int i) { st.bind(i, d); });
        break;
      }
      case SortSpec::Type::integer: {
        std::int64_t v = 0;
        try {
          v = std::stoll(key);
        } catch (...) {
          return Result<Page<Item>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
        }
        binds.push_back([v](db::Statement& st, int i) { st.bind(i, v); });
        break;
      }
    }
    binds.push_back([after](db::Statement& st, int i) { st.bind(i, after); });
  }
  sql += std::string(" ORDER BY ") + spec.key_sql + " " + dir + ", id " + dir + " LIMIT " +
         std::to_string(f.limit + 1);

  auto c = pool_->reader();
  auto st = c->prepare(sql);
  for (std::size_t i = 0; i < binds.size(); ++i) binds[i](st, static_cast<int>(i) + 1);
  Page<Item> page;
  while (st.step()) page.items.push_back(rows::item(st));
  load_item_answers(*c, page.items);
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    const Item& last = page.items.back();
    std::string key;
    switch (f.sort) {
      case ItemSort::demand: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", last.demand_score);
        key = buf;
        break;
      }
      case ItemSort::value:
        key = std::to_string(last.value_at_stake.amount);
        break;
      case ItemSort::eta:
        key = last.eta ? eta_end_date(*last.eta) : "9999-12-31";
        break;
      case ItemSort::id:
        key = std::to_string(last.id);
        break;
      case ItemSort::updated:
        key = last.updated_at;
        break;
    }
    page.next_cursor = encode_cursor(key, last.id);
  }
  return Result<Page<Item>>::ok(std::move(page));
}

std::vector<std::pair<Id, double>> SqliteStore::similar_items(std::string_view title, int limit,
                                                              double min_score) {
  const TitleFingerprint mine = fingerprint(title);
  std::vector<std::pair<Id, double>> out;
  auto c = pool_->reader();
  auto st = c->prepare("SELECT id, title FROM items WHERE merged_into IS NULL");
  while (st.step()) {
    const double score = title_likeness(mine, fingerprint(st.text(1)));
    if (score >= min_score) out.emplace_back(st.int64(0), score);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first > b.first;  // newer first on ties
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

std::optional<Item> SqliteStore::item(Id id) {
  auto c = pool_->reader();
  return item_in(*c, id);
}

}  // namespace shipboard::store
