// The outbox in the client: chat and webhook channels on the admin page (list, add with the
// secret shown once, send a test, enable / disable with If-Match, delete, recent deliveries and
// "send again") and the caller's own email choices on the notifications page.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "shipboard/commands.hpp"
#include "platform/platform.hpp"
#include "shipboard/delivery.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

void report(OutboxState& o, const HttpResponse& r) {
  o.error = r.status < 200 || r.status >= 300;
  o.message = o.error ? std::string(tr(Text::admin_failed)) + problem_text(r) : tr(Text::admin_saved);
}

long long count_field(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<long long>() : 0;
}

std::optional<Webhook> decode_webhook(const json& e) {
  if (!e.is_object() || id_field(e, "id") == 0) return std::nullopt;
  auto format = parse_webhook_format(string_field(e, "format"));
  if (!format) return std::nullopt;
  Webhook w;
  w.id = id_field(e, "id");
  w.url = string_field(e, "url");
  w.format = *format;
  if (e.contains("events") && e["events"].is_array()) {
    for (const json& t : e["events"]) {
      if (t.is_string()) w.events.push_back(t.get<std::string>());
    }
  }
  w.area = string_field(e, "area");
  w.lang = string_field(e, "lang");
  w.is_signed = e.value("signed", false);
  w.active = e.value("active", false);
  w.disabled_reason = string_field(e, "disabled_reason");
  w.version = count_field(e, "version");
  if (e.contains("deliveries")) {
    const json& d = e["deliveries"];
    w.pending = count_field(d, "pending");
    w.delivered = count_field(d, "delivered");
    w.failed = count_field(d, "failed");
  }
  return w;
}

std::optional<Delivery> decode_delivery(const json& e) {
  if (!e.is_object() || id_field(e, "id") == 0) return std::nullopt;
  auto state = parse_delivery_state(string_field(e, "state"));
  if (!state) return std::nullopt;
  Delivery d;
  d.id = id_field(e, "id");
  d.type = string_field(e, "type");
  if (Id item = id_field(e, "item_id")) d.item_id = item;
  d.state = *state;
  d.attempts = int(count_field(e, "attempts"));
  d.last_status = int(count_field(e, "last_status"));
  d.last_error = string_field(e, "last_error");
  d.next_attempt_at = string_field(e, "next_attempt_at");
  d.created_at = string_field(e, "created_at");
  d.delivered_at = string_field(e, "delivered_at");
  return d;
}

void load_deliveries(AppState& app) {
  const Id id = app.outbox.open_webhook;
  if (!id) return;
  http_request("GET", "/api/v1/webhooks/" + std::to_string(id) + "/deliveries?limit=20", "", "",
               [&app, id](HttpResponse r) {
                 if (app.outbox.open_webhook != id) return;  // another channel was opened since
                 json j = parse_or_null(r.body);
                 if (r.status != 200 || !is_list(j)) return;
                 app.outbox.deliveries.clear();
                 for (const json& e : j["items"]) {
                   if (auto d = decode_delivery(e)) app.outbox.deliveries.push_back(std::move(*d));
                 }
               });
}

void start_polling(AppState& app) {
  OutboxState& o = app.outbox;
  o.polls_left = 6;
  o.poll_gap_ms = 1000;
  o.poll_at_ms = now_ms() + o.poll_gap_ms;
  app.wake_at_ms = o.poll_at_ms;
}

}  // namespace

void outbox_tick(AppState& app) {
  OutboxState& o = app.outbox;
  if (o.polls_left <= 0) return;
  const double now = now_ms();
  if (now < o.poll_at_ms) {
    if (app.wake_at_ms == 0 || app.wake_at_ms > o.poll_at_ms) app.wake_at_ms = o.poll_at_ms;
    return;
  }
  const bool pending =
      std::any_of(o.webhooks.begin(), o.webhooks.end(), [](const Webhook& w) { return w.pending > 0; }) ||
      std::any_of(o.deliveries.begin(), o.deliveries.end(),
                  [](const Delivery& d) { return d.state == DeliveryState::pending; });
  if (!pending) {
    o.polls_left = 0;
    return;
  }
  --o.polls_left;
  o.poll_gap_ms *= 2;
  o.poll_at_ms = now + o.poll_gap_ms;
  if (o.polls_left > 0) app.wake_at_ms = o.poll_at_ms;
  outbox_load(app);
}

void outbox_reset_form(OutboxState& o) {
  o.new_url.clear();
  o.new_area.clear();
  o.new_secret.clear();
  o.new_events.fill(true);
}

void outbox_load(AppState& app) {
  OutboxState& o = app.outbox;
  if (o.state == LoadState::idle) outbox_reset_form(o);
  if (o.state != LoadState::loaded) o.state = LoadState::loading;
  http_request("GET", "/api/v1/webhooks?limit=200", "", "", [&app](HttpResponse r) {
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) {
      app.outbox.state = LoadState::failed;
      return;
    }
    app.outbox.webhooks.clear();
    for (const json& e : j["items"]) {
      if (auto w = decode_webhook(e)) app.outbox.webhooks.push_back(std::move(*w));
    }
    app.outbox.state = LoadState::loaded;
  });
  load_deliveries(app);
}

void outbox_create(AppState& app) {
  OutboxState& o = app.outbox;
  const WebhookFormat format =
      kAllWebhookFormats[std::clamp(o.new_format, 0, int(std::size(kAllWebhookFormats)) - 1)];
  json events = json::array();
  for (std::size_t i = 0; i < std::size(kDeliveredEventTypes); ++i) {
    if (o.new_events[i]) events.push_back(std::string(to_string(kDeliveredEventTypes[i])));
  }
  json body = {{"url", o.new_url}, {"format", std::string(to_string(format))}, {"events", events}};
  if (!o.new_area.empty()) body["area"] = o.new_area;
  if (!o.new_secret.empty() && format_signs(format)) body["secret"] = o.new_secret;
  http_request("POST", "/api/v1/webhooks", body.dump(), app.csrf_token, [&app](HttpResponse r) {
    OutboxState& o = app.outbox;
    report(o, r);
    json j = parse_or_null(r.body);
    if (!o.error && j.is_object()) {
      o.last_secret = string_field(j, "secret");  // only a generated one comes back, once
      o.last_secret_webhook = id_field(j, "id");
      outbox_reset_form(o);
      start_polling(app);
    }
    outbox_load(app);
  });
}

void outbox_set_active(AppState& app, const Webhook& w, bool active) {
  http_request_if_match("PATCH", "/api/v1/webhooks/" + std::to_string(w.id),
                        json{{"active", active}}.dump(), app.csrf_token, if_match(w.version),
                        [&app](HttpResponse r) {
                          report(app.outbox, r);
                          outbox_load(app);
                        });
}

void outbox_delete(AppState& app, Id webhook_id) {
  app.outbox.confirm_delete = 0;
  http_request("DELETE", "/api/v1/webhooks/" + std::to_string(webhook_id), "", app.csrf_token,
               [&app, webhook_id](HttpResponse r) {
                 report(app.outbox, r);
                 if (app.outbox.open_webhook == webhook_id) {
                   app.outbox.open_webhook = 0;
                   app.outbox.deliveries.clear();
                 }
                 outbox_load(app);
               });
}

void outbox_test(AppState& app, Id webhook_id) {
  app.outbox.open_webhook = webhook_id;  // the test's delivery shows up in the list below
  http_request("POST", "/api/v1/webhooks/" + std::to_string(webhook_id) + "/test", "{}",
               app.csrf_token, [&app](HttpResponse r) {
                 report(app.outbox, r);
                 if (!app.outbox.error) start_polling(app);
                 outbox_load(app);
               });
}

void outbox_open_deliveries(AppState& app, Id webhook_id) {
  app.outbox.open_webhook = webhook_id;
  app.outbox.deliveries.clear();
  load_deliveries(app);
}

void outbox_redeliver(AppState& app, Id delivery_id) {
  http_request("POST", "/api/v1/deliveries/" + std::to_string(delivery_id) + "/redeliver", "{}",
               app.csrf_token, [&app](HttpResponse r) {
                 report(app.outbox, r);
                 if (!app.outbox.error) start_polling(app);
                 outbox_load(app);
               });
}

void email_prefs_load(AppState& app) {
  EmailPrefs& e = app.email_prefs;
  if (e.state != LoadState::loaded) e.state = LoadState::loading;
  http_request("GET", "/api/v1/me/notifications", "", "", [&app](HttpResponse r) {
    EmailPrefs& e = app.email_prefs;
    json j = parse_or_null(r.body);
    if (r.status != 200 || !j.is_object()) {
      e.state = LoadState::failed;
      return;
    }
    e.email_address = string_field(j, "email_address");
    e.lang = string_field(j, "lang");
    e.digest_time = string_field(j, "digest_time");
    e.utc_offset = string_field(j, "utc_offset");
    e.modes.clear();
    if (j.contains("email") && j["email"].is_object()) {
      for (const auto& [kind, mode] : j["email"].items()) {
        if (!mode.is_string()) continue;
        if (auto m = parse_email_mode(mode.get<std::string>())) e.modes[kind] = *m;
      }
    }
    e.state = LoadState::loaded;
  });
}

void email_prefs_save(AppState& app, const json& patch) {
  http_request("PATCH", "/api/v1/me/notifications", patch.dump(), app.csrf_token,
               [&app](HttpResponse r) {
                 EmailPrefs& e = app.email_prefs;
                 e.error = r.status != 200;
                 e.message = e.error ? std::string(tr(Text::admin_failed)) + problem_text(r)
                                     : tr(Text::admin_saved);
                 email_prefs_load(app);  // what the server kept (a refused value comes back)
               });
}

}  // namespace shipboard::client
