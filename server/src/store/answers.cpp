// The answer library in SQLite: reusable customer-facing answers, optionally tied to an item.
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

std::string tags_json(const std::vector<std::string>& tags) {
  return nlohmann::json(tags).dump();
}

std::optional<LibraryAnswer> read_library(db::Connection& c, Id id) {
  return by_id<LibraryAnswer>(c, rows::kLibraryColumns, "library_answers", id,
                              rows::library_answer);
}

}  // namespace

Id SqliteStore::insert_library_row(db::Connection& c, const LibraryAnswer& a) {
  // An id of 0 lets SQLite choose the next one.
  c.prepare(
       "INSERT INTO library_answers(title, body, tags, item_id, lang, author_id, version, "
       "created_at, updated_at, id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(10, a.id > 0 ? std::optional<Id>(a.id) : std::nullopt)
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, tags_json(a.tags))
      .bind(4, a.item_id)
      .bind(5, a.lang)
      .bind(6, a.author_id)
      .bind(7, a.version)
      .bind(8, a.created_at)
      .bind(9, a.updated_at.empty() ? a.created_at : a.updated_at)
      .run();
  return c.last_insert_rowid();
}

Result<Page<LibraryAnswer>> SqliteStore::list_library(int limit, const std::string& cursor,
                                                      std::optional<Id> item_id) {
  auto c = pool_->reader();
  return id_page<LibraryAnswer>(*c, rows::kLibraryColumns, "library_answers", "item_id", item_id,
                                limit, cursor, rows::library_answer);
}

std::optional<LibraryAnswer> SqliteStore::library_answer(Id id) {
  auto c = pool_->reader();
  return read_library(*c, id);
}

Result<LibraryAnswer> SqliteStore::create_library_answer(const Actor& actor,
                                                         const CreateLibraryAnswer& cmd,
                                                         const std::string& now) {
  LibraryAnswer a = make_library_answer(cmd, 0, actor.user_id, now);
  auto c = pool_->writer();
  db::Transaction tx(*c);
  if (a.item_id && !exists(*c, "items", *a.item_id))
    return Result<LibraryAnswer>::fail(Outcome::invalid, "the answer refers to an unknown item",
                                       {{"item_id", "no such item"}});
  a.id = insert_library_row(*c, a);
  append_event(*c, EventType::answer_created, "library_answer", a.id, now, actor.user_id,
               {{"public", to_json(a)}});
  tx.commit();
  notify_written();
  return Result<LibraryAnswer>::ok(std::move(a));
}

Result<LibraryAnswer> SqliteStore::patch_library_answer(const Actor& actor, Id id,
                                                        std::int64_t if_match,
                                                        const PatchLibraryAnswer& cmd,
                                                        const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_library(*c, id);
  if (!cur) return Result<LibraryAnswer>::fail(Outcome::not_found, "no such answer");
  if (cur->version != if_match)
    return Result<LibraryAnswer>::fail(
        Outcome::precondition_failed,
        "the answer changed since you read it (version " + std::to_string(cur->version) + ")");
  if (cmd.item_id && *cmd.item_id && !exists(*c, "items", **cmd.item_id))
    return Result<LibraryAnswer>::fail(Outcome::invalid, "the answer refers to an unknown item",
                                       {{"item_id", "no such item"}});
  LibraryAnswer a = apply_patch(*cur, cmd, now);
  if (a.version == cur->version) return Result<LibraryAnswer>::ok(std::move(a));
  c->prepare(
       "UPDATE library_answers SET title = ?1, body = ?2, tags = ?3, item_id = ?4, "
       "lang = ?5, version = ?6, updated_at = ?7 WHERE id = ?8")
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, tags_json(a.tags))
      .bind(4, a.item_id)
      .bind(5, a.lang)
      .bind(6, a.version)
      .bind(7, a.updated_at)
      .bind(8, id)
      .run();
  nlohmann::json pub = to_json(a);
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "title", cur->title, a.title);
  changed(fields, "body", cur->body, a.body);
  changed(fields, "tags", cur->tags, a.tags);
  changed(fields, "item_id", cur->item_id, a.item_id);
  changed(fields, "lang", cur->lang, a.lang);
  pub["fields"] = fields;
  append_event(*c, EventType::answer_updated, "library_answer", id, now, actor.user_id,
               {{"public", pub}});
  tx.commit();
  notify_written();
  return Result<LibraryAnswer>::ok(std::move(a));
}

}  // namespace shipboard::store
