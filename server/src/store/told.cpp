// The told log in SQLite: what a salesperson told which customer, and whether it has gone stale
// since (the item's status, release, ETA, commitment or answer changed).
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
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

Told told_row(const db::Statement& s) {
  return rows::told(s);
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

Result<Told> SqliteStore::create_told(const Actor& actor, const CreateTold& given,
                                      const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  FieldErrors errors;
  CreateTold cmd = given;
  {
    // The customer is told in their language unless the caller says which answer it was.
    auto st = c->prepare("SELECT lang FROM customers WHERE id = ?1");
    st.bind(1, cmd.customer_id);
    if (!st.step())
      errors.push_back({"customer_id", "does not exist"});
    else if (!cmd.lang)
      cmd.lang = st.text(0);
  }
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
  c->prepare(
       "INSERT INTO told(id, user_id, customer_id, item_id, answer_id, text, basis_status, "
       "basis_release_id, basis_eta, created_at, lang, basis_commitment) "
       "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)")
      .bind(1, t.id)
      .bind(2, t.user_id)
      .bind(3, t.customer_id)
      .bind(4, t.item_id)
      .bind(5, t.answer_id)
      .bind(6, t.text)
      .bind(7, opt_str(t.basis.has_value(), t.basis ? to_string(t.basis->status) : ""))
      .bind(8, t.basis ? t.basis->release_id : std::nullopt)
      .bind(9, t.basis ? opt_eta(t.basis->eta) : std::nullopt)
      .bind(10, t.created_at)
      .bind(11, t.lang)
      .bind(12, t.commitment ? std::optional<std::string>(std::string(to_string(*t.commitment)))
                             : std::nullopt)
      .run();
  if (t.item_id) clear_retell(*c, t.user_id, t.customer_id, *t.item_id);
  append_event(
      *c, EventType::told_created, "told", t.id, now, actor.user_id,
      {{"item_id", t.item_id ? json(*t.item_id) : json(nullptr)}, {"customer_id", t.customer_id}});
  tx.commit();
  notify_written();
  return Result<Told>::ok(t);
}

std::vector<std::pair<Told, bool>> SqliteStore::told_by(Id user_id, int limit) {
  auto c = pool_->reader();
  auto st = c->prepare(
      std::string("SELECT ") + rows::kToldColumns +
      " FROM told WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2");
  st.bind(1, user_id).bind(2, limit);
  std::vector<std::pair<Told, bool>> out;
  while (st.step()) out.emplace_back(told_row(st), false);
  for (auto& [t, stale] : out) {
    if (!t.item_id) continue;
    if (auto it = item_in(*c, *t.item_id)) stale = told_stale(t, *it);
  }
  return out;
}

}  // namespace shipboard::store
