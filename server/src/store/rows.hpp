// What the store's entity files share (internal to store/): the row readers and column lists
// of each table, and the small helpers of a write (next id, existence and reference checks,
// invalid results, id pages, change records). Not part of the Store interface.
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "store/store.hpp"

namespace shipboard::store {

// Opaque page cursors: the sort key and id of the last row of a page.
std::string encode_cursor(const std::string& key, Id id);
bool decode_cursor(const std::string& cursor, std::string& key, Id& id);

namespace rows {
extern const char* const kReleaseColumns;
extern const char* const kCustomerColumns;
extern const char* const kLibraryColumns;
Release release(const db::Statement& s);
Customer customer(const db::Statement& s);
LibraryAnswer library_answer(const db::Statement& s);
extern const char* const kItemColumns;
Item item(const db::Statement& s);
extern const char* const kUserColumns;
inline constexpr int kUserColumnCount = 8;  // what user() reads
User user(const db::Statement& s, int o = 0);
extern const char* const kEventColumns;
Event event(const db::Statement& s);
extern const char* const kToldColumns;
Told told(const db::Statement& s);
}  // namespace rows

std::optional<std::string> opt_eta(const std::optional<Eta>& e);

std::optional<std::string> opt_str(bool has, std::string_view v);

bool exists(db::Connection& c, const char* table, Id id);

Id next_id(db::Connection& c, const char* table);

template <class T>
Result<T> invalid(FieldErrors errors, std::string detail = "some fields are not valid") {
  return Result<T>::fail(Outcome::invalid, std::move(detail), std::move(errors));
}

// Who cares about the items `item_ids` (a SQL subquery or list of item ids): followers, who
// filed their requests, the owners of the customers that requested them, and whoever told a
// customer about them. A SELECT of user ids for notifications.
std::string item_audience_sql(const std::string& item_ids);
// The reps of the customers in an enablement pack for the items `item_ids`: the owners of the
// customers that requested them or were told about them, and the owners of those customers'
// partners. A SELECT of user ids.
std::string pack_owner_sql(const std::string& item_ids);

// An item as the outbox renders it (no internal fields), with its release's name.
nlohmann::json delivery_item(db::Connection& c, const Item& item);

// {"event": {id, type, entity, entity_id, at, data}}: what every delivery's payload starts
// with (the generic webhook body carries it as the API's events do).
nlohmann::json delivery_payload(Id event_id, EventType type, const std::string& entity,
                                Id entity_id, const std::string& at, const nlohmann::json& data);

// Checks that referenced rows exist; adds a field error per missing one.
void check_ref(db::Connection& c, FieldErrors& errors, const char* field, const char* table,
               const std::optional<Id>& id);

// One page of a table in id order, optionally filtered by one integer column.
template <class T>
Result<Page<T>> id_page(db::Connection& c, const char* columns, const char* table,
                        const char* filter_column, std::optional<Id> filter, int limit,
                        const std::string& cursor, T (*read)(const db::Statement&)) {
  Id after = 0;
  if (!cursor.empty()) {
    std::string key;
    if (!decode_cursor(cursor, key, after))
      return Result<Page<T>>::fail(Outcome::invalid, "the cursor is not valid",
                                   {{"cursor", "is not a cursor this server issued"}});
  }
  limit = std::clamp(limit, 1, 500);
  std::string sql = std::string("SELECT ") + columns + " FROM " + table + " WHERE id > ?1";
  if (filter) sql += std::string(" AND ") + filter_column + " = ?2";
  sql += " ORDER BY id LIMIT ?3";
  auto st = c.prepare(sql);
  st.bind(1, after);
  if (filter) st.bind(2, *filter);
  st.bind(3, limit + 1);
  Page<T> page;
  while (st.step()) page.items.push_back(read(st));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    Id last = page.items.back().id;
    page.next_cursor = encode_cursor(std::to_string(last), last);
  }
  return Result<Page<T>>::ok(std::move(page));
}

template <class T>
std::optional<T> by_id(db::Connection& c, const char* columns, const char* table, Id id,
                       T (*read)(const db::Statement&)) {
  auto st = c.prepare(std::string("SELECT ") + columns + " FROM " + table + " WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read(st);
}

// Names of the fields a patch changed, for event data.
template <class A, class B>
void changed(nlohmann::json& out, const char* name, const A& before, const B& after) {
  if (!(before == after)) out.push_back(name);
}

}  // namespace shipboard::store
