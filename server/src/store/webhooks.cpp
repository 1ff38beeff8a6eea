// The outbox's channels in SQLite: chat and webhook subscriptions with their format, events,
// product area and secret; versioned like every entity, each change an event (without the
// URL or secret, which are the channel's credentials).
#include <nlohmann/json.hpp>

#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

constexpr const char* kWebhookColumns =
    "id, url, format, events, area, lang, secret, active, disabled_reason, created_by, version, "
    "created_at, updated_at";

Webhook read_webhook(const db::Statement& s) {
  Webhook w;
  w.id = s.int64(0);
  w.url = s.text(1);
  w.format = parse_webhook_format(s.text(2)).value_or(WebhookFormat::generic);
  for (const auto& e : json::parse(s.text(3), nullptr, false))
    if (e.is_string()) w.events.push_back(e.get<std::string>());
  w.area = s.opt_text(4);
  w.lang = s.text(5);
  w.secret = s.text(6);
  w.active = s.int64(7) != 0;
  w.disabled_reason = s.text(8);
  w.created_by = s.int64(9);
  w.version = s.int64(10);
  w.created_at = s.text(11);
  w.updated_at = s.text(12);
  return w;
}

std::optional<Webhook> webhook_in(db::Connection& c, Id id) {
  auto st = c.prepare(std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_webhook(st);
}

void write_webhook(db::Connection& c, const Webhook& w, bool insert) {
  auto st = c.prepare(
      insert ? "INSERT INTO webhooks(url, format, events, area, lang, secret, active, "
               "disabled_reason, created_by, version, created_at, updated_at, id) "
               "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,NULL)"
             : "UPDATE webhooks SET url=?1, format=?2, events=?3, area=?4, lang=?5, secret=?6, "
               "active=?7, disabled_reason=?8, created_by=?9, version=?10, created_at=?11, "
               "updated_at=?12 WHERE id=?13");
  st.bind(1, w.url)
      .bind(2, to_string(w.format))
      .bind(3, json(w.events).dump())
      .bind(4, w.area)
      .bind(5, w.lang)
      .bind(6, w.secret)
      .bind(7, w.active ? 1 : 0)
      .bind(8, w.disabled_reason)
      .bind(9, w.created_by)
      .bind(10, w.version)
      .bind(11, w.created_at)
      .bind(12, w.updated_at);
  if (!insert) st.bind(13, w.id);
  st.run();
}

// What a channel's events say about it: never its URL or secret.
json webhook_event_data(const Webhook& w) {
  return json{{"format", to_string(w.format)},
              {"area", w.area ? json(*w.area) : json(nullptr)},
              {"active", w.active}};
}

}  // namespace

std::vector<Webhook> SqliteStore::list_webhooks(std::optional<Id> created_by) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + kWebhookColumns +
                       " FROM webhooks WHERE ?1 IS NULL OR created_by = ?1 ORDER BY id");
  st.bind(1, created_by);
  std::vector<Webhook> out;
  while (st.step()) out.push_back(read_webhook(st));
  return out;
}

std::optional<Webhook> SqliteStore::webhook(Id id) {
  auto c = pool_->reader();
  return webhook_in(*c, id);
}

DeliveryCounts SqliteStore::delivery_counts(Id webhook_id) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'delivered'), 0), "
      "coalesce(sum(state = 'failed'), 0) FROM deliveries WHERE webhook_id = ?1");
  st.bind(1, webhook_id);
  st.step();
  return DeliveryCounts{st.int64(0), st.int64(1), st.int64(2)};
}

Result<Webhook> SqliteStore::create_webhook(const Actor& actor, const Webhook& in,
                                            const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  Webhook w = in;
  w.created_by = actor.user_id;
  w.version = 1;
  w.created_at = w.updated_at = now;
  w.disabled_reason.clear();
  write_webhook(*c, w, true);
  w.id = c->last_insert_rowid();
  append_event(*c, EventType::webhook_created, "webhook", w.id, now, actor.user_id,
               webhook_event_data(w));
  tx.commit();
  notify_written();
  return Result<Webhook>::ok(std::move(w));
}

Result<Webhook> SqliteStore::patch_webhook(const Actor& actor, Id id, std::int64_t if_match,
                                           const WebhookPatch& p, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = webhook_in(*c, id);
  if (!cur) return Result<Webhook>::fail(Outcome::not_found, "no such channel");
  if (cur->version != if_match)
    return Result<Webhook>::fail(
        Outcome::precondition_failed,
        "the channel changed since you read it (now version " + std::to_string(cur->version) + ")");
  Webhook w = *cur;
  if (p.url) w.url = *p.url;
  if (p.format) w.format = *p.format;
  if (p.events) w.events = *p.events;
  if (p.area) w.area = *p.area;
  if (p.lang) w.lang = *p.lang;
  if (p.secret) w.secret = *p.secret;
  if (p.active) {
    w.active = *p.active;
    if (w.active) w.disabled_reason.clear();
  }
  w.version = cur->version + 1;
  w.updated_at = now;
  write_webhook(*c, w, false);
  append_event(*c, EventType::webhook_updated, "webhook", id, now, actor.user_id,
               webhook_event_data(w));
  tx.commit();
  notify_written();
  return Result<Webhook>::ok(std::move(w));
}

bool SqliteStore::delete_webhook(const Actor& actor, Id id, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = webhook_in(*c, id);
  if (!cur) return false;
  c->prepare("DELETE FROM deliveries WHERE webhook_id = ?1").bind(1, id).run();
  c->prepare("DELETE FROM webhooks WHERE id = ?1").bind(1, id).run();
  append_event(*c, EventType::webhook_deleted, "webhook", id, now, actor.user_id,
               webhook_event_data(*cur));
  tx.commit();
  notify_written();
  return true;
}

}  // namespace shipboard::store
