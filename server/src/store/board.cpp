// The board's heart in SQLite: items (create, patch with If-Match, merge), requests, item
// history, follows, questions and answers, the told log and the inbox. Each write is one
// BEGIN IMMEDIATE transaction that applies the core's rules (shipboard/workflow.hpp), keeps
// derived values current, appends its event and the notifications it causes.
//
// Index: [SECTION] rows  [SECTION] derived values  [SECTION] notifications  [SECTION] items
//        [SECTION] requests and follows  [SECTION] questions  [SECTION] told  [SECTION] inbox
#include <algorithm>
#include <map>
#include <set>

#include "shipboard/codec.hpp"
#include "shipboard/demand.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

// [SECTION] rows --------------------------------------------------------------------------
std::optional<std::string> opt_eta(const std::optional<Eta>& e) {
  return e ? std::optional<std::string>(e->text) : std::nullopt;
}

std::optional<std::string> opt_str(bool has, std::string_view v) {
  return has ? std::optional<std::string>(std::string(v)) : std::nullopt;
}

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

const char* const kQuestionColumns =
    "id, item_id, release_id, customer_id, body, state, asked_by, version, created_at, "
    "answered_at";

Question question_row(const db::Statement& s) {
  Question q;
  q.id = s.int64(0);
  q.item_id = s.opt_int64(1);
  q.release_id = s.opt_int64(2);
  q.customer_id = s.opt_int64(3);
  q.body = s.text(4);
  q.state = parse_question_state(s.text(5)).value_or(QuestionState::open);
  q.asked_by = s.int64(6);
  q.version = s.int64(7);
  q.created_at = s.text(8);
  q.answered_at = s.text(9);
  return q;
}

void load_answers(db::Connection& c, Question& q) {
  auto st = c.prepare(
      "SELECT id, question_id, body, author_id, created_at FROM answers WHERE question_id = ?1 "
      "ORDER BY id");
  st.bind(1, q.id);
  while (st.step()) {
    Answer a;
    a.id = st.int64(0);
    a.question_id = st.int64(1);
    a.body = st.text(2);
    a.author_id = st.int64(3);
    a.created_at = st.text(4);
    q.answers.push_back(a);
  }
}

bool exists(db::Connection& c, const char* table, Id id) {
  auto st = c.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
  st.bind(1, id);
  return st.step();
}

Id next_id(db::Connection& c, const char* table) {
  auto st = c.prepare(std::string("SELECT coalesce(max(id), 0) + 1 FROM ") + table);
  st.step();
  return st.int64(0);
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

void update_item_row(db::Connection& c, const Item& it) {
  auto st = c.prepare(
      "UPDATE items SET kind=?2, title=?3, description=?4, area=?5, status=?6, release_id=?7, "
      "eta=?8, eta_end=?9, commitment=?10, customer_answer=?11, basis_set=?12, basis_status=?13, "
      "basis_release_id=?14, basis_eta=?15, answer_stale=?16, internal_note=?17, owner_id=?18, "
      "created_by=?19, merged_into=?20, version=?21, created_at=?22, updated_at=?23 WHERE id=?1");
  bind_item(st, it);
  st.run();
}

template <class T>
Result<T> invalid(FieldErrors errors, std::string detail = "some fields are not valid") {
  return Result<T>::fail(Outcome::invalid, std::move(detail), std::move(errors));
}

// Checks that referenced rows exist; adds a field error per missing one.
void check_ref(db::Connection& c, FieldErrors& errors, const char* field, const char* table,
               const std::optional<Id>& id) {
  if (id && !exists(c, table, *id)) errors.push_back({field, "does not exist"});
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
}

std::optional<Item> SqliteStore::item_in(db::Connection& c, Id id) {
  auto st = c.prepare(std::string("SELECT ") + rows::kItemColumns + " FROM items WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return rows::item(st);
}

// [SECTION] derived values ----------------------------------------------------------------
namespace {

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
  c.prepare("UPDATE items SET demand_score=?2, request_count=?3, value_amount=?4, "
            "value_currency=?5 WHERE id=?1")
      .bind(1, item_id)
      .bind(2, d.score)
      .bind(3, d.request_count)
      .bind(4, d.value_at_stake.amount)
      .bind(5, d.value_at_stake.currency)
      .run();
}

}  // namespace

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
    store_demand(c, id, item_demand(it == by_item.end() ? std::vector<Request>{} : it->second, ctx));
  }
}

void SqliteStore::recompute_item_demand(db::Connection& c, Id item_id) {
  DemandContext ctx(customers_for_demand(c));
  std::vector<Request> reqs;
  auto st = c.prepare(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE item_id = ?1");
  st.bind(1, item_id);
  while (st.step()) reqs.push_back(request_row(st));
  store_demand(c, item_id, item_demand(reqs, ctx));
}

// [SECTION] notifications -----------------------------------------------------------------
namespace {

// Everyone who cares about an item: followers, who filed its requests, the owners of the
// customers that requested it, and whoever told a customer about it. Not the actor.
void notify_item(db::Connection& c, const Item& item, Id event_id, const std::string& kind,
                 std::optional<Id> actor, const std::string& now) {
  c.prepare(
       "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at) "
       "SELECT u.id, ?2, ?3, ?1, ?4, ?5 FROM users u WHERE u.active = 1 AND u.id IS NOT ?6 AND "
       "u.id IN (SELECT user_id FROM follows WHERE item_id = ?1 "
       "UNION SELECT created_by FROM requests WHERE item_id = ?1 "
       "UNION SELECT c.owner_id FROM requests r JOIN customers c ON c.id = r.customer_id "
       "      WHERE r.item_id = ?1 AND c.owner_id IS NOT NULL "
       "UNION SELECT user_id FROM told WHERE item_id = ?1)")
      .bind(1, item.id)
      .bind(2, event_id)
      .bind(3, kind)
      .bind(4, item.title)
      .bind(5, now)
      .bind(6, actor)
      .run();
}

void notify_user(db::Connection& c, Id user, Id event_id, const std::string& kind,
                 std::optional<Id> item_id, const std::string& text, const std::string& now) {
  c.prepare("INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at) "
            "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(1, user)
      .bind(2, event_id)
      .bind(3, kind)
      .bind(4, item_id)
      .bind(5, text)
      .bind(6, now)
      .run();
}

json item_event_data(const Item& it) {
  return json{{"title", it.title},   {"area", it.area},         {"status", to_string(it.status)},
              {"version", it.version}, {"answer_stale", it.answer_stale}};
}

}  // namespace

// [SECTION] items -------------------------------------------------------------------------
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
  append_event(*c, "item.created", "item", it.id, now, actor.user_id, data);
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
    return Result<Item>::fail(Outcome::precondition_failed,
                              "the item changed since you read it (now version " +
                                  std::to_string(before->version) + ")");
  FieldErrors errors;
  if (cmd.release_id && *cmd.release_id) check_ref(*c, errors, "release_id", "releases", **cmd.release_id);
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
  std::string type = event_type_for(changes);
  Id event = append_event(*c, type, "item", id, now, actor.user_id, data);
  if (changes.notable()) notify_item(*c, after, event, type, actor.user_id, now);
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
  c->prepare("UPDATE requests SET item_id = ?2 WHERE item_id = ?1").bind(1, from).bind(2, into).run();
  c->prepare("INSERT OR IGNORE INTO follows(user_id, item_id) SELECT user_id, ?2 FROM follows "
             "WHERE item_id = ?1")
      .bind(1, from).bind(2, into).run();
  c->prepare("DELETE FROM follows WHERE item_id = ?1").bind(1, from).run();
  c->prepare("UPDATE questions SET item_id = ?2 WHERE item_id = ?1").bind(1, from).bind(2, into).run();
  c->prepare("UPDATE items SET merged_into = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1")
      .bind(1, from).bind(2, into).bind(3, now).run();
  c->prepare("UPDATE items SET version = version + 1, updated_at = ?2 WHERE id = ?1")
      .bind(1, into).bind(2, now).run();
  recompute_item_demand(*c, from);
  recompute_item_demand(*c, into);
  auto merged = *item_in(*c, from);
  json data = item_event_data(merged);
  data["into"] = into;
  Id event = append_event(*c, "item.merged", "item", from, now, actor.user_id, data);
  append_event(*c, "item.updated", "item", into, now, actor.user_id,
               {{"merged_from", from}, {"title", b->title}, {"area", b->area}});
  notify_item(*c, *item_in(*c, into), event, "item.merged", actor.user_id, now);
  tx.commit();
  notify_written();
  return Result<Item>::ok(*item_in(*pool_->reader(), into));
}

// [SECTION] requests and follows ----------------------------------------------------------
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
    return Result<Request>::fail(Outcome::conflict, "the item was merged into item " +
                                                        std::to_string(*it->merged_into));
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
      .bind(1, r.id).bind(2, r.item_id).bind(3, r.customer_id).bind(4, r.created_by)
      .bind(5, to_string(r.importance)).bind(6, r.value_at_stake.amount)
      .bind(7, r.value_at_stake.currency).bind(8, r.quote).bind(9, r.created_at)
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
  append_event(*c, "request.created", "request", r.id, now, actor.user_id,
               {{"item_id", item_id}, {"customer_id", r.customer_id},
                {"importance", to_string(r.importance)}, {"value_at_stake", to_json(r.value_at_stake)}});
  append_event(*c, "item.demand_changed", "item", item_id, now, actor.user_id,
               json{{"title", after.title}, {"area", after.area},
                    {"demand_score", after.demand_score}, {"request_count", after.request_count}});
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
        .bind(1, user_id).bind(2, item_id).run();
  else
    c->prepare("DELETE FROM follows WHERE user_id = ?1 AND item_id = ?2")
        .bind(1, user_id).bind(2, item_id).run();
  tx.commit();
  return Result<bool>::ok(follow);
}

bool SqliteStore::is_following(Id user_id, Id item_id) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT 1 FROM follows WHERE user_id = ?1 AND item_id = ?2");
  st.bind(1, user_id).bind(2, item_id);
  return st.step();
}

// [SECTION] questions ---------------------------------------------------------------------
namespace {

json id_or_null(const std::optional<Id>& id) {
  return id ? json(*id) : json(nullptr);
}

// What every question event carries: the item and release it is about (item history finds
// question events by json_extract(data, '$.item_id')). Callers add their own fields.
json question_event_data(const Question& q) {
  return json{{"item_id", id_or_null(q.item_id)}, {"release_id", id_or_null(q.release_id)}};
}

}  // namespace

Result<Page<Question>> SqliteStore::list_questions(const QuestionFilter& f) {
  std::string sql = std::string("SELECT q.") + kQuestionColumns;
  for (std::size_t pos = sql.find(", "); pos != std::string::npos; pos = sql.find(", ", pos + 4))
    sql.replace(pos, 2, ", q.");
  sql += " FROM questions q LEFT JOIN customers c ON c.id = q.customer_id WHERE 1=1";
  if (f.state) sql += std::string(" AND q.state = '") + std::string(to_string(*f.state)) + "'";
  if (f.item_id) sql += " AND q.item_id = ?1";
  if (f.release_id) sql += " AND q.release_id = ?2";
  if (f.asked_by) sql += " AND q.asked_by = ?3";
  if (f.area) sql += " AND q.item_id IN (SELECT id FROM items WHERE area = ?6)";
  std::int64_t offset = 0;
  Id after = 0;
  if (!f.cursor.empty()) {
    std::string key;
    Id n = 0;
    if (!decode_cursor(f.cursor, key, n) || (key != "o" && key != "id"))
      return Result<Page<Question>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
    if (key == "o") offset = n;
    else after = n;
  }
  if (f.by_priority) {
    // Oldest and most valuable first: age in days (at least 1) x (1 + customer value / 1M).
    sql += " ORDER BY (julianday('now') - julianday(q.created_at) + 1) * "
           "(1 + coalesce(c.value_amount, 0) / 100000000.0) DESC, q.id LIMIT ?4 OFFSET ?5";
  } else {
    sql += " AND q.id > ?5 ORDER BY q.id LIMIT ?4";
  }
  auto c = pool_->reader();
  auto st = c->prepare(sql);
  if (f.item_id) st.bind(1, *f.item_id);
  if (f.release_id) st.bind(2, *f.release_id);
  if (f.asked_by) st.bind(3, *f.asked_by);
  if (f.area) st.bind(6, *f.area);
  st.bind(4, f.limit + 1);
  st.bind(5, f.by_priority ? offset : after);
  Page<Question> page;
  while (st.step()) page.items.push_back(question_row(st));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_cursor = f.by_priority ? encode_cursor("o", offset + f.limit)
                                     : encode_cursor("id", page.items.back().id);
  }
  for (auto& q : page.items) load_answers(*c, q);
  return Result<Page<Question>>::ok(std::move(page));
}

std::optional<Question> SqliteStore::question(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto q = question_row(st);
  load_answers(*c, q);
  return q;
}

Result<Question> SqliteStore::create_question(const Actor& actor, const CreateQuestion& cmd,
                                              const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  FieldErrors errors;
  check_ref(*c, errors, "item_id", "items", cmd.item_id);
  check_ref(*c, errors, "release_id", "releases", cmd.release_id);
  check_ref(*c, errors, "customer_id", "customers", cmd.customer_id);
  if (!errors.empty()) return invalid<Question>(std::move(errors));
  Question q = make_question(cmd, next_id(*c, "questions"), actor.user_id, now);
  c->prepare("INSERT INTO questions(id, item_id, release_id, customer_id, body, state, asked_by, "
             "version, created_at, answered_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(1, q.id).bind(2, q.item_id).bind(3, q.release_id).bind(4, q.customer_id)
      .bind(5, q.body).bind(6, to_string(q.state)).bind(7, q.asked_by).bind(8, q.version)
      .bind(9, q.created_at).bind(10, q.answered_at)
      .run();
  json data = question_event_data(q);
  data["customer_id"] = id_or_null(q.customer_id);
  append_event(*c, "question.created", "question", q.id, now, actor.user_id, data);
  tx.commit();
  notify_written();
  return Result<Question>::ok(q);
}

Result<Question> SqliteStore::patch_question(const Actor& actor, Id id, std::int64_t if_match,
                                             const PatchQuestion& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return Result<Question>::fail(Outcome::not_found, "no such question");
  Question q = question_row(st);
  if (q.version != if_match)
    return Result<Question>::fail(Outcome::precondition_failed,
                                  "the question changed since you read it (now version " +
                                      std::to_string(q.version) + ")");
  if (q.body == cmd.body) {
    load_answers(*c, q);
    return Result<Question>::ok(q);
  }
  q.body = cmd.body;
  q.version += 1;
  c->prepare("UPDATE questions SET body = ?2, version = ?3 WHERE id = ?1")
      .bind(1, id).bind(2, q.body).bind(3, q.version).run();
  load_answers(*c, q);
  append_event(*c, "question.updated", "question", id, now, actor.user_id, question_event_data(q));
  tx.commit();
  notify_written();
  return Result<Question>::ok(q);
}

Result<Question> SqliteStore::answer_question(const Actor& actor, Id id, const AnswerQuestion& cmd,
                                              const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return Result<Question>::fail(Outcome::not_found, "no such question");
  Question q = question_row(st);
  load_answers(*c, q);
  Question after = add_answer(q, cmd, next_id(*c, "answers"), actor.user_id, now);
  const Answer& a = after.answers.back();
  c->prepare("INSERT INTO answers(id, question_id, body, author_id, created_at) "
             "VALUES (?1,?2,?3,?4,?5)")
      .bind(1, a.id).bind(2, id).bind(3, a.body).bind(4, a.author_id).bind(5, a.created_at)
      .run();
  c->prepare("UPDATE questions SET state = ?2, answered_at = ?3, version = version + 1 "
             "WHERE id = ?1")
      .bind(1, id).bind(2, to_string(after.state)).bind(3, after.answered_at).run();
  after.version = q.version + 1;
  std::optional<Id> library_id;
  if (cmd.to_library) {
    auto entry = library_entry_from_answer(after, a, next_id(*c, "library_answers"), "zh-Hant", now);
    entry.author_id = actor.user_id;
    library_id = insert_library_row(*c, entry);
  }
  json data = question_event_data(q);
  data["answer_id"] = a.id;
  data["library_id"] = id_or_null(library_id);
  Id event = append_event(*c, "question.answered", "question", id, now, actor.user_id, data);
  if (q.asked_by != actor.user_id)
    notify_user(*c, q.asked_by, event, "question.answered", q.item_id, utf8_prefix(q.body, 300),
                now);
  tx.commit();
  notify_written();
  return Result<Question>::ok(after);
}

// [SECTION] told --------------------------------------------------------------------------
namespace {

Told told_row(const db::Statement& s) {
  Told t;
  t.id = s.int64(0);
  t.user_id = s.int64(1);
  t.customer_id = s.int64(2);
  t.item_id = s.opt_int64(3);
  t.answer_id = s.opt_int64(4);
  t.text = s.text(5);
  if (!s.is_null(6)) {
    AnswerBasis b;
    b.status = parse_item_status(s.text(6)).value_or(ItemStatus::under_review);
    b.release_id = s.opt_int64(7);
    if (auto e = s.opt_text(8)) b.eta = parse_eta(*e);
    t.basis = b;
  }
  t.created_at = s.text(9);
  return t;
}

LibraryAnswer library_text(db::Connection& c, Id id, bool& found) {
  LibraryAnswer a;
  auto st = c.prepare("SELECT id, title, body FROM library_answers WHERE id = ?1");
  st.bind(1, id);
  found = st.step();
  if (found) {
    a.id = st.int64(0);
    a.title = st.text(1);
    a.body = st.text(2);
  }
  return a;
}

}  // namespace

Result<Told> SqliteStore::create_told(const Actor& actor, const CreateTold& cmd,
                                      const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  FieldErrors errors;
  check_ref(*c, errors, "customer_id", "customers", cmd.customer_id);
  std::optional<Item> item;
  if (cmd.item_id) {
    item = item_in(*c, *cmd.item_id);
    if (!item) errors.push_back({"item_id", "does not exist"});
  }
  LibraryAnswer answer;
  bool has_answer = false;
  if (cmd.answer_id) {
    answer = library_text(*c, *cmd.answer_id, has_answer);
    if (!has_answer) errors.push_back({"answer_id", "does not exist"});
  }
  if (!errors.empty()) return invalid<Told>(std::move(errors));
  Told t = make_told(cmd, next_id(*c, "told"), actor.user_id, item ? &*item : nullptr,
                     has_answer ? &answer : nullptr, now);
  c->prepare("INSERT INTO told(id, user_id, customer_id, item_id, answer_id, text, basis_status, "
             "basis_release_id, basis_eta, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(1, t.id).bind(2, t.user_id).bind(3, t.customer_id).bind(4, t.item_id)
      .bind(5, t.answer_id).bind(6, t.text)
      .bind(7, opt_str(t.basis.has_value(), t.basis ? to_string(t.basis->status) : ""))
      .bind(8, t.basis ? t.basis->release_id : std::nullopt)
      .bind(9, t.basis ? opt_eta(t.basis->eta) : std::nullopt)
      .bind(10, t.created_at)
      .run();
  append_event(*c, "told.created", "told", t.id, now, actor.user_id,
               {{"item_id", t.item_id ? json(*t.item_id) : json(nullptr)},
                {"customer_id", t.customer_id}});
  tx.commit();
  notify_written();
  return Result<Told>::ok(t);
}

std::vector<std::pair<Told, bool>> SqliteStore::told_by(Id user_id, int limit) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT id, user_id, customer_id, item_id, answer_id, text, basis_status, "
      "basis_release_id, basis_eta, created_at FROM told WHERE user_id = ?1 ORDER BY id DESC "
      "LIMIT ?2");
  st.bind(1, user_id).bind(2, limit);
  std::vector<std::pair<Told, bool>> out;
  while (st.step()) out.emplace_back(told_row(st), false);
  for (auto& [t, stale] : out) {
    if (!t.item_id) continue;
    if (auto it = item_in(*c, *t.item_id)) stale = told_stale(t, *it);
  }
  return out;
}

// [SECTION] inbox -------------------------------------------------------------------------
Result<Page<Notification>> SqliteStore::inbox(Id user_id, int limit, const std::string& cursor,
                                              bool unread_only) {
  Id before = std::numeric_limits<Id>::max();
  if (!cursor.empty()) {
    std::string key;
    if (!decode_cursor(cursor, key, before))
      return Result<Page<Notification>>::fail(Outcome::invalid, "the cursor is not valid",
                                              {{"cursor", "is not a cursor this server issued"}});
  }
  auto c = pool_->reader();
  auto st = c->prepare(std::string(
      "SELECT id, user_id, event_id, kind, item_id, text, read, created_at FROM notifications "
      "WHERE user_id = ?1 AND id < ?2") + (unread_only ? " AND read = 0" : "") +
      " ORDER BY id DESC LIMIT ?3");
  st.bind(1, user_id).bind(2, before).bind(3, limit + 1);
  Page<Notification> page;
  while (st.step()) {
    Notification n;
    n.id = st.int64(0);
    n.user_id = st.int64(1);
    n.event_id = st.int64(2);
    n.kind = st.text(3);
    n.item_id = st.opt_int64(4);
    n.text = st.text(5);
    n.read = st.int64(6) != 0;
    n.created_at = st.text(7);
    page.items.push_back(std::move(n));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor("", page.items.back().id);
  }
  return Result<Page<Notification>>::ok(std::move(page));
}

std::int64_t SqliteStore::unread_count(Id user_id) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT count(*) FROM notifications WHERE user_id = ?1 AND read = 0");
  st.bind(1, user_id);
  st.step();
  return st.int64(0);
}

int SqliteStore::mark_read(Id user_id, const MarkRead& cmd) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  int n = 0;
  if (cmd.all) {
    c->prepare("UPDATE notifications SET read = 1 WHERE user_id = ?1 AND read = 0")
        .bind(1, user_id).run();
    n = c->changes();
  } else {
    for (Id id : cmd.ids) {
      c->prepare("UPDATE notifications SET read = 1 WHERE user_id = ?1 AND id = ?2 AND read = 0")
          .bind(1, user_id).bind(2, id).run();
      n += c->changes();
    }
  }
  tx.commit();
  return n;
}

}  // namespace shipboard::store
