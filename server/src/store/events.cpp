// Events and the inbox in SQLite: every change appends its event in its own transaction;
// event streams read them after an id; each user's notifications, unread count and mark-read.
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
  auto st = c->prepare(
      std::string(
          "SELECT id, user_id, event_id, kind, item_id, text, read, created_at, payload "
          "FROM notifications "
          "WHERE user_id = ?1 AND id < ?2") +
      (unread_only ? " AND read = 0" : "") + " ORDER BY id DESC LIMIT ?3");
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
    auto payload = nlohmann::json::parse(st.text(8), nullptr, false);
    if (payload.is_object()) n.payload = std::move(payload);
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
        .bind(1, user_id)
        .run();
    n = c->changes();
  } else {
    for (Id id : cmd.ids) {
      c->prepare("UPDATE notifications SET read = 1 WHERE user_id = ?1 AND id = ?2 AND read = 0")
          .bind(1, user_id)
          .bind(2, id)
          .run();
      n += c->changes();
    }
  }
  tx.commit();
  return n;
}

Id SqliteStore::append_event(db::Connection& c, EventType type, const std::string& entity,
                             Id entity_id, const std::string& now, std::optional<Id> actor,
                             const nlohmann::json& data) {
  c.prepare(
       "INSERT INTO events(type, entity, entity_id, at, actor_id, data) "
       "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(1, to_string(type))
      .bind(2, entity)
      .bind(3, entity_id)
      .bind(4, now)
      .bind(5, actor)
      .bind(6, data.dump())
      .run();
  return c.last_insert_rowid();
}

std::vector<Event> SqliteStore::events_after(Id after, int limit) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + rows::kEventColumns +
                       " FROM events WHERE id > ?1 ORDER BY id LIMIT ?2");
  st.bind(1, after).bind(2, limit);
  std::vector<Event> out;
  while (st.step()) out.push_back(rows::event(st));
  return out;
}

Id SqliteStore::last_event_id() {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT coalesce(max(id), 0) FROM events");
  st.step();
  return st.int64(0);
}

void SqliteStore::notify_written() {
  if (on_write_) on_write_();
}

}  // namespace shipboard::store
