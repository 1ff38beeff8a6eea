// The outbox's deliveries in SQLite: enqueued in the transaction of the change they tell
// about (idempotency key per channel or recipient and event), leased by the worker for one
// attempt at a time, finished as delivered, retried, failed or gone (410: the channel is
// disabled); each user's email choices.
#include <nlohmann/json.hpp>

#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

constexpr const char* kDeliveryColumns =
    "id, channel, webhook_id, user_id, event_id, event_type, item_id, state, digest, attempts, "
    "next_attempt_at, last_status, last_error, payload, created_at, delivered_at, queued_at";

Delivery read_delivery(const db::Statement& s) {
  Delivery d;
  d.id = s.int64(0);
  d.channel = parse_delivery_channel(s.text(1)).value_or(DeliveryChannel::webhook);
  d.webhook_id = s.opt_int64(2);
  d.user_id = s.opt_int64(3);
  d.event_id = s.opt_int64(4);
  d.event_type = s.text(5);
  d.item_id = s.opt_int64(6);
  d.state = parse_delivery_state(s.text(7)).value_or(DeliveryState::pending);
  d.digest = s.int64(8) != 0;
  d.attempts = static_cast<int>(s.int64(9));
  d.next_attempt_at = s.text(10);
  if (auto st = s.opt_int64(11)) d.last_status = static_cast<int>(*st);
  d.last_error = s.text(12);
  d.payload = s.text(13);
  d.created_at = s.text(14);
  d.delivered_at = s.opt_text(15);
  d.queued_at = s.text(16);
  return d;
}

std::optional<Delivery> delivery_in(db::Connection& c, Id id) {
  auto st = c.prepare(std::string("SELECT ") + kDeliveryColumns + " FROM deliveries WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_delivery(st);
}

struct NewDelivery {
  std::string key;
  DeliveryChannel channel;
  std::optional<Id> webhook_id, user_id, event_id, item_id;
  std::string event_type;
  bool digest = false;
  std::string due;
};

Id insert_delivery(db::Connection& c, const NewDelivery& d, const std::string& payload,
                   const std::string& now) {
  c.prepare(
       "INSERT INTO deliveries(idempotency_key, channel, webhook_id, user_id, event_id, "
       "event_type, item_id, digest, next_attempt_at, payload, created_at, queued_at) "
       "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11) ON CONFLICT(idempotency_key) DO NOTHING")
      .bind(1, d.key)
      .bind(2, to_string(d.channel))
      .bind(3, d.webhook_id)
      .bind(4, d.user_id)
      .bind(5, d.event_id)
      .bind(6, d.event_type)
      .bind(7, d.item_id)
      .bind(8, d.digest ? 1 : 0)
      .bind(9, d.due)
      .bind(10, payload)
      .bind(11, now)
      .run();
  return c.changes() ? c.last_insert_rowid() : 0;
}

NotificationSettings read_settings(const db::Statement& s, int o) {
  NotificationSettings n;
  if (s.is_null(o)) return n;
  n.lang = s.text(o);
  n.digest_time = s.text(o + 1);
  n.utc_offset = s.text(o + 2);
  auto modes = json::parse(s.text(o + 3), nullptr, false);
  if (modes.is_object())
    for (const auto& [k, v] : modes.items())
      if (v.is_string())
        if (auto m = parse_email_mode(v.get<std::string>())) n.email_modes.emplace_back(k, *m);
  return n;
}

}  // namespace

void SqliteStore::enqueue_deliveries(db::Connection& c, Id event_id, EventType type,
                                     std::optional<Id> item_id,
                                     const std::optional<std::string>& area, const json& payload,
                                     const std::string& now) {
  if (!is_delivered_event(type)) return;
  const std::string kind(to_string(type));
  std::vector<NewDelivery> out;
  {
    auto st = c.prepare("SELECT id, events, area FROM webhooks WHERE active = 1");
    while (st.step()) {
      auto events = json::parse(st.text(1), nullptr, false);
      bool wanted = !events.is_array() || events.empty();
      if (events.is_array())
        for (const auto& e : events) wanted = wanted || (e.is_string() && e == kind);
      auto channel_area = st.opt_text(2);
      if (channel_area && (!area || *area != *channel_area)) wanted = false;
      if (!wanted) continue;
      Id id = st.int64(0);
      out.push_back({"webhook:" + std::to_string(id) + ":" + std::to_string(event_id),
                     DeliveryChannel::webhook, id, std::nullopt, event_id, item_id, kind, false,
                     now});
    }
  }
  if (outbox_.email) {
    auto st = c.prepare(
        "SELECT n.user_id, s.lang, s.digest_time, s.utc_offset, s.email_modes "
        "FROM notifications n JOIN users u ON u.id = n.user_id "
        "LEFT JOIN notification_settings s ON s.user_id = n.user_id "
        "WHERE n.event_id = ?1 AND u.active = 1 AND u.email <> ''");
    st.bind(1, event_id);
    const auto now_s = epoch_seconds(now).value_or(0);
    while (st.step()) {
      Id user = st.int64(0);
      NotificationSettings settings = read_settings(st, 1);
      EmailMode mode = settings.mode(kind);
      if (mode == EmailMode::off) continue;
      std::string due = now;
      if (mode == EmailMode::digest) {
        int clock = parse_clock(settings.digest_time).value_or(9 * 60);
        int offset = parse_utc_offset(settings.utc_offset).value_or(0);
        due = timestamp_of(last_digest_at(now_s, clock, offset) + 86400);
      }
      out.push_back({"email:" + std::to_string(user) + ":" + std::to_string(event_id),
                     DeliveryChannel::email, std::nullopt, user, event_id, item_id, kind,
                     mode == EmailMode::digest, due});
    }
  }
  if (out.empty()) return;
  const std::string body = payload.dump();
  for (const auto& d : out) insert_delivery(c, d, body, now);
}

Result<Page<Delivery>> SqliteStore::list_deliveries(Id webhook_id, int limit,
                                                    const std::string& cursor) {
  Id before = std::numeric_limits<Id>::max();
  if (!cursor.empty()) {
    std::string key;
    if (!decode_cursor(cursor, key, before))
      return Result<Page<Delivery>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
  }
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + kDeliveryColumns +
                       " FROM deliveries WHERE webhook_id = ?1 AND id < ?2 ORDER BY id DESC "
                       "LIMIT ?3");
  st.bind(1, webhook_id).bind(2, before).bind(3, limit + 1);
  Page<Delivery> page;
  while (st.step()) page.items.push_back(read_delivery(st));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor("", page.items.back().id);
  }
  return Result<Page<Delivery>>::ok(std::move(page));
}

std::optional<Delivery> SqliteStore::delivery(Id id) {
  auto c = pool_->reader();
  return delivery_in(*c, id);
}

Delivery SqliteStore::enqueue_test_delivery(Id webhook_id, const std::string& payload,
                                            const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  // The key only has to be unique: tests are never deduplicated.
  auto seq = c->prepare("SELECT coalesce(max(id), 0) + 1 FROM deliveries");
  seq.step();
  NewDelivery d{"test:" + std::to_string(webhook_id) + ":" + std::to_string(seq.int64(0)),
                DeliveryChannel::webhook,
                webhook_id,
                std::nullopt,
                std::nullopt,
                std::nullopt,
                std::string(kTestDeliveryType),
                false,
                now};
  Id id = insert_delivery(*c, d, payload, now);
  auto out = delivery_in(*c, id);
  tx.commit();
  notify_written();  // wakes the worker
  return *out;
}

std::optional<Delivery> SqliteStore::redeliver(Id id, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?2, "
       "queued_at = ?2, delivered_at = NULL WHERE id = ?1 AND (lease_until IS NULL OR "
       "lease_until < ?2)")
      .bind(1, id)
      .bind(2, now)
      .run();
  if (c->changes() == 0) return std::nullopt;
  auto out = delivery_in(*c, id);
  tx.commit();
  notify_written();  // wakes the worker
  return out;
}

std::vector<Delivery> SqliteStore::due_deliveries(const std::string& now, int limit,
                                                  const BusyTargets& busy) {
  auto c = pool_->reader();
  auto st = c->prepare(
      std::string("SELECT ") + kDeliveryColumns +
      " FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ?1 AND "
      "(lease_until IS NULL OR lease_until < ?1) AND (webhook_id IS NULL OR (webhook_id IN "
      "(SELECT id FROM webhooks WHERE active = 1) AND webhook_id NOT IN (SELECT value FROM "
      "json_each(?3)))) AND (user_id IS NULL OR user_id NOT IN (SELECT value FROM json_each(?4))) "
      "ORDER BY next_attempt_at, id LIMIT ?2");
  st.bind(1, now)
      .bind(2, limit)
      .bind(3, json(busy.webhooks).dump())
      .bind(4, json(busy.users).dump());
  std::vector<Delivery> out;
  while (st.step()) out.push_back(read_delivery(st));
  return out;
}

std::vector<Id> SqliteStore::lease_deliveries(const std::vector<Id>& ids, const std::string& now,
                                              const std::string& lease_until) {
  std::vector<Id> leased;
  if (ids.empty()) return leased;
  auto c = pool_->writer();
  db::Transaction tx(*c);
  for (Id id : ids) {
    c->prepare(
         "UPDATE deliveries SET lease_until = ?2, attempts = attempts + 1 WHERE id = ?1 AND "
         "state = 'pending' AND (lease_until IS NULL OR lease_until < ?3)")
        .bind(1, id)
        .bind(2, lease_until)
        .bind(3, now)
        .run();
    if (c->changes()) leased.push_back(id);
  }
  tx.commit();
  return leased;
}

void SqliteStore::finish_delivery(Id id, const DeliveryOutcome& o, const std::string& now) {
  using Kind = DeliveryOutcome::Kind;
  auto c = pool_->writer();
  db::Transaction tx(*c);
  switch (o.kind) {
    case Kind::delivered:
      c->prepare(
           "UPDATE deliveries SET state = 'delivered', delivered_at = ?2, last_status = ?3, "
           "last_error = '', lease_until = NULL WHERE id = ?1")
          .bind(1, id)
          .bind(2, now)
          .bind(3, o.status)
          .run();
      break;
    case Kind::retry: {
      c->prepare(
           "UPDATE deliveries SET next_attempt_at = ?2, last_status = ?3, last_error = ?4, "
           "lease_until = NULL WHERE id = ?1")
          .bind(1, id)
          .bind(2, o.next_attempt_at)
          .bind(3, o.status)
          .bind(4, o.error)
          .run();
      // The receiver is down: its other waiting deliveries wait for the same retry instead of
      // each taking a sender for a timeout now (a dead channel must not hold the senders the
      // others need). Deliveries being sent, and ones due later anyway, are left alone.
      auto d = delivery_in(*c, id);
      if (d)
        c->prepare(
             "UPDATE deliveries SET next_attempt_at = ?2 WHERE state = 'pending' AND id <> ?1 "
             "AND next_attempt_at < ?2 AND (lease_until IS NULL OR lease_until < ?3) AND "
             "(CASE WHEN ?4 IS NOT NULL THEN webhook_id = ?4 ELSE webhook_id IS NULL AND "
             "user_id = ?5 END)")
            .bind(1, id)
            .bind(2, o.next_attempt_at)
            .bind(3, now)
            .bind(4, d->webhook_id)
            .bind(5, d->user_id)
            .run();
      break;
    }
    case Kind::failed:
    case Kind::gone:
      c->prepare(
           "UPDATE deliveries SET state = 'failed', last_status = ?2, last_error = ?3, "
           "lease_until = NULL WHERE id = ?1")
          .bind(1, id)
          .bind(2, o.status)
          .bind(3, o.error)
          .run();
      break;
  }
  if (o.kind == Kind::gone) {
    auto d = delivery_in(*c, id);
    if (d && d->webhook_id) {
      const std::string reason = "the receiver answered 410 Gone at " + now;
      c->prepare(
           "UPDATE webhooks SET active = 0, disabled_reason = ?2, version = version + 1, "
           "updated_at = ?3 WHERE id = ?1 AND active = 1")
          .bind(1, *d->webhook_id)
          .bind(2, reason)
          .bind(3, now)
          .run();
      c->prepare(
           "UPDATE deliveries SET state = 'failed', last_error = ?2 WHERE webhook_id = ?1 AND "
           "state = 'pending' AND lease_until IS NULL")
          .bind(1, *d->webhook_id)
          .bind(2, "not sent: the channel was disabled (" + reason + ")")
          .run();
      append_event(*c, EventType::webhook_updated, "webhook", *d->webhook_id, now, std::nullopt,
                   {{"active", false}, {"disabled_reason", reason}});
    }
  }
  tx.commit();
}

int SqliteStore::release_delivery_leases() {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare("UPDATE deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL").run();
  int n = c->changes();
  tx.commit();
  return n;
}

NotificationSettings SqliteStore::notification_settings(Id user_id) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT lang, digest_time, utc_offset, email_modes FROM notification_settings "
      "WHERE user_id = ?1");
  st.bind(1, user_id);
  if (!st.step()) return NotificationSettings{};
  return read_settings(st, 0);
}

void SqliteStore::set_notification_settings(Id user_id, const NotificationSettings& s) {
  json modes = json::object();
  for (const auto& [k, m] : s.email_modes) modes[k] = to_string(m);
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "INSERT INTO notification_settings(user_id, lang, digest_time, utc_offset, email_modes) "
       "VALUES (?1,?2,?3,?4,?5) ON CONFLICT(user_id) DO UPDATE SET lang = excluded.lang, "
       "digest_time = excluded.digest_time, utc_offset = excluded.utc_offset, "
       "email_modes = excluded.email_modes")
      .bind(1, user_id)
      .bind(2, s.lang)
      .bind(3, s.digest_time)
      .bind(4, s.utc_offset)
      .bind(5, modes.dump())
      .run();
  tx.commit();
}

}  // namespace shipboard::store
