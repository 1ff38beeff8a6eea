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
  const bool shipped = r.state == ReleaseState::released && cur->state != ReleaseState::released;
  const EventType type = shipped ? EventType::release_shipped : EventType::release_updated;
  const nlohmann::json data{{"public", pub}};
  Id event = append_event(*c, type, "release", id, now, actor.user_id, data);
  if (shipped) {
    // Everyone who cares about an item of the release hears once that it shipped, and so does
    // every rep with customers in its enablement pack; the entry links the pack (release_id).
    const std::string items = "SELECT id FROM items WHERE release_id = " + std::to_string(id);
    c->prepare(
         "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at, "
         "payload) SELECT u.id, ?1, ?2, NULL, ?3, ?4, ?6 FROM users u WHERE u.active = 1 AND "
         "u.id IS NOT ?5 AND u.id IN (" + item_audience_sql(items) + " UNION " +
         pack_owner_sql(items) + ")")
        .bind(1, event)
        .bind(2, to_string(type))
        .bind(3, r.name)
        .bind(4, now)
        .bind(5, actor.user_id)
        .bind(6, nlohmann::json{{"release_id", id}}.dump())
        .run();
    nlohmann::json payload = delivery_payload(event, type, "release", id, now, data);
    nlohmann::json shipped_items = nlohmann::json::array();
    auto st = c->prepare("SELECT id, title FROM items WHERE release_id = ?1 AND merged_into IS "
                         "NULL ORDER BY id LIMIT 50");
    st.bind(1, id);
    while (st.step()) shipped_items.push_back({{"id", st.int64(0)}, {"title", st.text(1)}});
    payload["release"] = {{"id", id}, {"name", r.name}, {"notes", r.notes},
                          {"shipped_date", r.shipped_date},
                          {"items", shipped_items}};
    enqueue_deliveries(*c, event, type, std::nullopt, std::nullopt, payload, now);
  }
  tx.commit();
  notify_written();
  return Result<Release>::ok(std::move(r));
}

}  // namespace shipboard::store
