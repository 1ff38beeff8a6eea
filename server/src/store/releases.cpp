// Releases in SQLite: list, read, create and patch with If-Match (state, dates, notes, FAQ).
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

std::optional<Release> read_release(db::Connection& c, Id id) {
  return by_id<Release>(c, rows::kReleaseColumns, "releases", id, rows::release);
}

}  // namespace

Result<Page<Release>> SqliteStore::list_releases(int limit, const std::string& cursor) {
  auto c = pool_->reader();
  return id_page<Release>(*c, rows::kReleaseColumns, "releases", nullptr, std::nullopt, limit,
                          cursor, rows::release);
}

std::optional<Release> SqliteStore::release(Id id) {
  auto c = pool_->reader();
  return read_release(*c, id);
}

Result<Release> SqliteStore::create_release(const Actor& actor, const CreateRelease& cmd,
                                            const std::string& now) {
  Release r = make_release(cmd, 0, now);
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "INSERT INTO releases(name, planned_date, shipped_date, state, notes, faq, version, "
       "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,1,?7,?7)")
      .bind(1, r.name)
      .bind(2, r.planned_date)
      .bind(3, r.shipped_date)
      .bind(4, to_string(r.state))
      .bind(5, r.notes)
      .bind(6, r.faq)
      .bind(7, now)
      .run();
  r.id = c->last_insert_rowid();
  r.version = 1;
  append_event(*c, EventType::release_created, "release", r.id, now, actor.user_id,
               {{"public", to_json(r)}});
  tx.commit();
  notify_written();
  return Result<Release>::ok(std::move(r));
}

Result<Release> SqliteStore::patch_release(const Actor& actor, Id id, std::int64_t if_match,
                                           const PatchRelease& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_release(*c, id);
  if (!cur) return Result<Release>::fail(Outcome::not_found, "no such release");
  if (cur->version != if_match)
    return Result<Release>::fail(
        Outcome::precondition_failed,
        "the release changed since you read it (version " + std::to_string(cur->version) + ")");
  auto next = apply_patch(*cur, cmd, now);
  if (!next.ok())
    return Result<Release>::fail(Outcome::invalid, "the release is not valid", next.errors);
  Release r = *next.value;
  if (r.version == cur->version) return Result<Release>::ok(std::move(r));  // nothing changed
  c->prepare(
       "UPDATE releases SET name = ?1, planned_date = ?2, shipped_date = ?3, state = ?4, "
       "notes = ?5, faq = ?6, version = ?7, updated_at = ?8 WHERE id = ?9")
      .bind(1, r.name)
      .bind(2, r.planned_date)
      .bind(3, r.shipped_date)
      .bind(4, to_string(r.state))
      .bind(5, r.notes)
      .bind(6, r.faq)
      .bind(7, r.version)
      .bind(8, r.updated_at)
      .bind(9, id)
      .run();
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "name", cur->name, r.name);
  changed(fields, "planned_date", cur->planned_date, r.planned_date);
  changed(fields, "shipped_date", cur->shipped_date, r.shipped_date);
  changed(fields, "state", cur->state, r.state);
  changed(fields, "notes", cur->notes, r.notes);
  changed(fields, "faq", cur->faq, r.faq);
  nlohmann::json pub = to_json(r);
  pub["fields"] = fields;
  append_event(*c, EventType::release_updated, "release", id, now, actor.user_id,
               {{"public", pub}});
  tx.commit();
  notify_written();
  return Result<Release>::ok(std::move(r));
}

}  // namespace shipboard::store
