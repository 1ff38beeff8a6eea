// The outbox's API: chat and webhook channels (admins; a PM for a product area, their own
// channels only), each channel's deliveries with their state, a test message, sending a
// delivery again, and every signed-in user's own email choices (/api/v1/me/notifications).
// A channel's URL is checked against the outbound address guard when it is saved; a generated
// secret is shown once, and URLs of chat formats (which are their credential) come back masked.
#include <openssl/crypto.h>

#include "embed/pages.hpp"
#include "http/auth.hpp"
#include "outbound/http_client.hpp"
#include "outbound/message.hpp"
#include "outbound/worker.hpp"
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void list_webhooks(App& app, const Principal& p, const Req& req, Res& res);
void create_webhook(App& app, const Principal& p, const Req& req, Res& res);
void get_webhook(App& app, const Principal& p, const Req& req, Res& res);
void patch_webhook(App& app, const Principal& p, const Req& req, Res& res);
void delete_webhook(App& app, const Principal& p, const Req& req, Res& res);
void list_deliveries(App& app, const Principal& p, const Req& req, Res& res);
void test_webhook(App& app, const Principal& p, const Req& req, Res& res);
void redeliver(App& app, const Principal& p, const Req& req, Res& res);
void get_notifications(App& app, const Principal& p, const Req& req, Res& res);
void patch_notifications(App& app, const Principal& p, const Req& req, Res& res);
void unsubscribe_page(App& app, const Principal& p, const Req& req, Res& res);
void unsubscribe(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/webhooks", "list_webhooks", list_webhooks,
     reads(Action::manage_webhooks)},
    {Method::post, "/api/v1/webhooks", "create_webhook", create_webhook,
     changes(Action::manage_webhooks)},
    {Method::get, "/api/v1/webhooks/:id", "get_webhook", get_webhook,
     reads(Action::manage_webhooks)},
    {Method::patch, "/api/v1/webhooks/:id", "patch_webhook", patch_webhook,
     changes(Action::manage_webhooks)},
    {Method::del, "/api/v1/webhooks/:id", "delete_webhook", delete_webhook,
     changes(Action::manage_webhooks)},
    {Method::get, "/api/v1/webhooks/:id/deliveries", "list_deliveries", list_deliveries,
     reads(Action::manage_webhooks)},
    {Method::post, "/api/v1/webhooks/:id/test", "test_webhook", test_webhook,
     changes(Action::manage_webhooks)},
    {Method::post, "/api/v1/deliveries/:id/redeliver", "redeliver", redeliver,
     changes(Action::manage_webhooks)},
    {Method::get, "/api/v1/me/notifications", "get_notifications", get_notifications, signed_in()},
    {Method::patch, "/api/v1/me/notifications", "patch_notifications", patch_notifications,
     signed_in_change()},
    // The links in every mail: the token in the link is the credential (no session). GET only
    // shows a button (mail scanners open links); POST, also RFC 8058's one-click, turns it off.
    {Method::get, "/unsubscribe", "unsubscribe_page", unsubscribe_page, anyone()},
    {Method::post, "/unsubscribe", "unsubscribe", unsubscribe, anyone()},
};

using nlohmann::json;

json opt(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}

// A chat format's URL is its credential (Slack, Teams, WeCom, DingTalk and Feishu put the
// token in the path or query): after creation only its origin and the last four characters
// are shown. A generic receiver's URL is shown with query values masked.
std::string masked_url(const store::Webhook& w) {
  const std::string& u = w.url;
  auto scheme_end = u.find("://");
  auto path_start = scheme_end == std::string::npos ? 0 : u.find('/', scheme_end + 3);
  if (path_start == std::string::npos) return u;
  std::string origin = u.substr(0, path_start);
  if (w.format != WebhookFormat::generic) {
    std::string tail = u.size() - path_start > 8 ? u.substr(u.size() - 4) : "";
    return origin + "/…" + tail;
  }
  auto q = u.find('?', path_start);
  if (q == std::string::npos) return u;
  std::string out = u.substr(0, q + 1);
  bool in_value = false;
  for (std::size_t i = q + 1; i < u.size(); ++i) {
    char c = u[i];
    if (c == '&') {
      in_value = false;
      out += c;
    } else if (c == '=' && !in_value) {
      in_value = true;
      out += "=***";
    } else if (!in_value) {
      out += c;
    }
  }
  return out;
}

json webhook_json(const store::Webhook& w, const store::DeliveryCounts& counts) {
  return {
      {"id", w.id},
      {"url", masked_url(w)},
      {"format", to_string(w.format)},
      {"events", w.events},
      {"area", opt(w.area)},
      {"lang", w.lang},
      {"signed", !w.secret.empty()},
      {"active", w.active},
      {"disabled_reason", w.disabled_reason.empty() ? json(nullptr) : json(w.disabled_reason)},
      {"created_by", w.created_by},
      {"version", w.version},
      {"created_at", w.created_at},
      {"updated_at", w.updated_at},
      {"deliveries",
       {{"pending", counts.pending}, {"delivered", counts.delivered}, {"failed", counts.failed}}}};
}

json delivery_json(const store::Delivery& d) {
  auto id_or_null = [](const std::optional<Id>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", d.id},
          {"channel", to_string(d.channel)},
          {"webhook_id", id_or_null(d.webhook_id)},
          {"event_id", id_or_null(d.event_id)},
          {"type", d.event_type},
          {"item_id", id_or_null(d.item_id)},
          {"state", to_string(d.state)},
          {"attempts", d.attempts},
          {"last_status", d.last_status ? json(*d.last_status) : json(nullptr)},
          {"last_error", d.last_error.empty() ? json(nullptr) : json(d.last_error)},
          {"next_attempt_at",
           d.state == DeliveryState::pending ? json(d.next_attempt_at) : json(nullptr)},
          {"created_at", d.created_at},
          {"delivered_at", opt(d.delivered_at)}};
}

// The channel at :id if the caller may manage it; otherwise the 404/403 is written. A PM sees
// only the channels they created (another PM's channel is a 404, as if it were not there).
std::optional<store::Webhook> managed_webhook(App& app, const Principal& p, const Req& req,
                                              Res& res, Id id) {
  auto w = app.store().webhook(id);
  if (!w || (p.role != Role::admin && w->created_by != p.actor().user_id)) {
    problem(res, 404, "Not Found", "no such channel");
    return std::nullopt;
  }
  (void)req;
  return w;
}

// The URL check of the address guard, as a 422 on `url`; false when refused.
bool url_allowed(App& app, const std::string& url, Res& res) {
  if (auto why = outbound::check_webhook_url(url, app.outbound_policy())) {
    problem(res, 422, "Unprocessable Content", "the request has invalid fields", {{"url", *why}});
    return false;
  }
  return true;
}

// A PM's channel must name an area (they subscribe channels for their product area).
bool area_allowed(const Principal& p, const std::optional<std::string>& area, Res& res) {
  if (may_manage_webhook(p.role, p.actor().user_id, 0, area)) return true;
  problem(res, 422, "Unprocessable Content", "the request has invalid fields",
          {{"area", "is required: a product manager subscribes a channel for an area"}});
  return false;
}

void list_webhooks(App& app, const Principal& p, const Req&, Res& res) {
  std::optional<Id> mine;
  if (p.role != Role::admin) mine = p.actor().user_id;
  json items = json::array();
  for (const auto& w : app.store().list_webhooks(mine))
    items.push_back(webhook_json(w, app.store().delivery_counts(w.id)));
  send_json(res, 200, page_json(std::move(items), std::nullopt));
}

void create_webhook(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_webhook);
  if (!cmd) return;
  if (!area_allowed(p, cmd->area, res) || !url_allowed(app, cmd->url, res)) return;
  store::Webhook w;
  w.url = cmd->url;
  w.format = cmd->format;
  w.events = cmd->events;
  w.area = cmd->area;
  if (cmd->lang) w.lang = *cmd->lang;
  bool generated = !cmd->secret && cmd->format == WebhookFormat::generic;
  w.secret = generated ? auth::random_secret() : cmd->secret.value_or("");
  auto r = app.store().create_webhook(p.actor(), w, App::now());
  if (!store_ok(r, res)) return;
  json body = webhook_json(*r.value, {});
  body["url"] = r.value->url;                       // the caller just gave it
  if (generated) body["secret"] = r.value->secret;  // shown once
  send_created(res, "/api/v1/webhooks/" + std::to_string(r.value->id), r.value->version, body);
}

void get_webhook(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto w = managed_webhook(app, p, req, res, *id);
  if (!w) return;
  send_updated(res, w->version, webhook_json(*w, app.store().delivery_counts(w->id)));
}

void patch_webhook(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto cur = managed_webhook(app, p, req, res, *id);
  if (!cur) return;
  auto version = if_match(req, res);
  if (!version) return;
  auto cmd = decode_body(req, res, decode_patch_webhook);
  if (!cmd) return;
  const WebhookFormat format = cmd->format.value_or(cur->format);
  const std::optional<std::string> area = cmd->area ? *cmd->area : cur->area;
  if (!area_allowed(p, area, res)) return;
  if (cmd->url && !url_allowed(app, *cmd->url, res)) return;
  if (!format_signs(format) && ((cmd->secret && !cmd->secret->empty()) || cmd->rotate_secret))
    return problem(res, 422, "Unprocessable Content", "the request has invalid fields",
                   {{cmd->rotate_secret ? "rotate_secret" : "secret",
                     std::string(to_string(format)) + " messages are not signed"}});
  if (cmd->rotate_secret && format != WebhookFormat::generic)
    return problem(res, 422, "Unprocessable Content", "the request has invalid fields",
                   {{"rotate_secret",
                     "only a generic channel's secret is generated; give the "
                     "secret the vendor shows as secret"}});
  store::WebhookPatch patch;
  patch.url = cmd->url;
  patch.format = cmd->format;
  patch.events = cmd->events;
  patch.area = cmd->area;
  patch.lang = cmd->lang;
  patch.secret = cmd->secret;
  patch.active = cmd->active;
  if (cmd->rotate_secret) patch.secret = auth::random_secret();
  if (!format_signs(format)) patch.secret = "";  // a format without signing keeps no secret
  auto r = app.store().patch_webhook(p.actor(), *id, *version, patch, App::now());
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_w = app.store().webhook(*id);
    return precondition_failed(
        res, now_w ? webhook_json(*now_w, app.store().delivery_counts(*id)) : json());
  }
  if (!store_ok(r, res)) return;
  json body = webhook_json(*r.value, app.store().delivery_counts(*id));
  if (cmd->rotate_secret) body["secret"] = r.value->secret;  // shown once
  send_updated(res, r.value->version, body);
}

void delete_webhook(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!managed_webhook(app, p, req, res, *id)) return;
  if (!app.store().delete_webhook(p.actor(), *id, App::now()))
    return problem(res, 404, "Not Found", "no such channel");
  res.status = 204;
}

void list_deliveries(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!managed_webhook(app, p, req, res, *id)) return;
  int limit = 0;
  std::string cursor;
  if (!page_params(app, req, res, limit, cursor)) return;
  send_page(res, app.store().list_deliveries(*id, limit, cursor), delivery_json);
}

void test_webhook(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto w = managed_webhook(app, p, req, res, *id);
  if (!w) return;
  if (!w->active)
    return problem(
        res, 409, "Conflict",
        "the channel is inactive" +
            (w->disabled_reason.empty() ? std::string() : " (" + w->disabled_reason + ")") +
            "; set active to true first");
  const std::string now = App::now();
  json payload{{"event",
                {{"type", kTestDeliveryType},
                 {"webhook_id", w->id},
                 {"by", p.actor().user_id},
                 {"created_at", now}}}};
  auto d = app.store().enqueue_test_delivery(w->id, payload.dump(), now);
  res.set_header("Location", "/api/v1/webhooks/" + std::to_string(w->id) + "/deliveries");
  send_json(res, 202, delivery_json(d));
}

void redeliver(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto d = app.store().delivery(*id);
  // Email deliveries belong to their recipient, not to a channel someone manages.
  if (!d || !d->webhook_id) return problem(res, 404, "Not Found", "no such delivery");
  if (!managed_webhook(app, p, req, res, *d->webhook_id)) return;
  auto again = app.store().redeliver(*id, App::now());
  if (!again)
    return problem(res, 409, "Conflict", "the delivery is being sent right now; try again shortly");
  send_json(res, 202, delivery_json(*again));
}

json notifications_json(const store::NotificationSettings& s, const User& u) {
  json email = json::object();
  for (EventType t : kDeliveredEventTypes) email[to_string(t)] = to_string(s.mode(to_string(t)));
  return {{"lang", s.lang},
          {"digest_time", s.digest_time},
          {"utc_offset", s.utc_offset},
          {"email_address", u.email.empty() ? json(nullptr) : json(u.email)},
          {"email", email}};
}

void get_notifications(App& app, const Principal& p, const Req&, Res& res) {
  send_json(res, 200, notifications_json(app.store().notification_settings(p.user.id), p.user));
}

void patch_notifications(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_patch_notifications);
  if (!cmd) return;
  auto s = app.store().notification_settings(p.user.id);
  if (cmd->lang) s.lang = *cmd->lang;
  if (cmd->digest_time) s.digest_time = *cmd->digest_time;
  if (cmd->utc_offset) s.utc_offset = *cmd->utc_offset;
  for (const auto& [kind, mode] : cmd->email) {
    auto at = std::find_if(s.email_modes.begin(), s.email_modes.end(),
                           [&](const auto& km) { return km.first == kind; });
    if (at != s.email_modes.end())
      at->second = mode;
    else
      s.email_modes.emplace_back(kind, mode);
  }
  app.store().set_notification_settings(p.user.id, s);
  send_json(res, 200, notifications_json(s, p.user));
}

// [SECTION] one-click unsubscribe -----------------------------------------------------------
struct UnsubscribeWords {
  const char* title;
  const char* confirm;  // "%s" = what
  const char* button;
  const char* done;  // "%s"
  const char* all;
  const char* invalid;
  const char* settings;
};
const UnsubscribeWords kUnsubHant{"取消 Shipboard 通知",
                                  "不再以電子郵件收到：%s？",
                                  "取消這類通知",
                                  "好的，你不會再以電子郵件收到：%s。",
                                  "所有 Shipboard 通知",
                                  "這個取消訂閱連結無效或已過期。",
                                  "隨時可以在 Shipboard 的通知頁重新開啟。"};
const UnsubscribeWords kUnsubHans{"退订 Shipboard 通知",
                                  "不再通过电子邮件收到：%s？",
                                  "退订这类通知",
                                  "好的，你不会再通过电子邮件收到：%s。",
                                  "所有 Shipboard 通知",
                                  "这个退订链接无效或已过期。",
                                  "随时可以在 Shipboard 的通知页重新开启。"};
const UnsubscribeWords kUnsubEn{"Unsubscribe from Shipboard",
                                "Stop emails about: %s?",
                                "Unsubscribe",
                                "Done: no more emails about: %s.",
                                "all Shipboard notifications",
                                "This unsubscribe link is not valid.",
                                "You can turn them on again on Shipboard's notifications page."};

struct UnsubscribeLink {
  Id user = 0;
  std::string kind;  // an event type that goes out, or "all"
  std::string lang = "zh-Hant";
};

// The link's user and kind when its token is the board's; nullopt otherwise.
std::optional<UnsubscribeLink> check_link(App& app, const Req& req) {
  UnsubscribeLink l;
  const std::string u = req.get_param_value("u"), k = req.get_param_value("k"),
                    t = req.get_param_value("t");
  if (u.empty() || u.size() > 16 || t.size() != 64) return std::nullopt;
  for (char c : u)
    if (c < '0' || c > '9') return std::nullopt;
  l.user = std::stoll(u);
  auto type = parse_event_type(k);
  if (k != "all" && !(type && is_delivered_event(*type))) return std::nullopt;
  l.kind = k;
  const std::string want = outbound::unsubscribe_token(app.unsubscribe_key(), l.user, l.kind);
  if (CRYPTO_memcmp(want.data(), t.data(), want.size()) != 0) return std::nullopt;
  if (!app.store().user(l.user)) return std::nullopt;
  l.lang = app.store().notification_settings(l.user).lang;
  return l;
}

std::string with(const char* pattern, const std::string& value) {
  std::string out = pattern;
  auto at = out.find("%s");
  if (at != std::string::npos) out.replace(at, 2, value);
  return out;
}

void send_unsubscribe_page(Res& res, int status, const std::string& lang, const std::string& title,
                           const std::string& body) {
  using embed::escape;
  std::string html = "<!doctype html><html lang=\"" + escape(lang) +
                     "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width\"><title>" +
                     escape(title) +
                     "</title></head><body style=\"font-family:system-ui,sans-serif;"
                     "max-width:32rem;margin:3rem auto;padding:0 1rem\"><h1 "
                     "style=\"font-size:1.3rem\">" +
                     escape(title) + "</h1>" + body + "</body></html>";
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

// A link whose token is not the board's: we cannot know the user's language, so both.
void send_invalid_link(Res& res) {
  send_unsubscribe_page(res, 400, "zh-Hant", kUnsubHant.title,
                        "<p>" + embed::escape(kUnsubHant.invalid) + "</p><p lang=\"en\">" +
                            embed::escape(kUnsubEn.invalid) + "</p>");
}

const UnsubscribeWords& unsubscribe_words(const std::string& lang) {
  return lang == "zh-Hans" ? kUnsubHans : lang == "en" ? kUnsubEn : kUnsubHant;
}

void unsubscribe_page(App& app, const Principal&, const Req& req, Res& res) {
  auto link = check_link(app, req);
  if (!link) return send_invalid_link(res);
  const auto& w = unsubscribe_words(link->lang);
  const std::string what =
      link->kind == "all" ? std::string(w.all) : outbound::event_label(link->kind, link->lang);
  const std::string action = "/unsubscribe?u=" + std::to_string(link->user) + "&k=" + link->kind +
                             "&t=" + req.get_param_value("t");
  send_unsubscribe_page(
      res, 200, link->lang, w.title,
      "<form method=\"post\" action=\"" + embed::escape(action) + "\"><p>" +
          embed::escape(with(w.confirm, what)) +
          "</p><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button "
          "type=\"submit\">" +
          embed::escape(w.button) + "</button></form>");
}

void unsubscribe(App& app, const Principal&, const Req& req, Res& res) {
  auto link = check_link(app, req);
  if (!link) return send_invalid_link(res);
  auto s = app.store().notification_settings(link->user);
  auto turn_off = [&](const std::string& kind) {
    auto at = std::find_if(s.email_modes.begin(), s.email_modes.end(),
                           [&](const auto& km) { return km.first == kind; });
    if (at != s.email_modes.end())
      at->second = EmailMode::off;
    else
      s.email_modes.emplace_back(kind, EmailMode::off);
  };
  if (link->kind == "all")
    for (EventType t : kDeliveredEventTypes) turn_off(std::string(to_string(t)));
  else
    turn_off(link->kind);
  app.store().set_notification_settings(link->user, s);
  const auto& w = unsubscribe_words(link->lang);
  const std::string what =
      link->kind == "all" ? std::string(w.all) : outbound::event_label(link->kind, link->lang);
  send_unsubscribe_page(
      res, 200, link->lang, w.title,
      "<p>" + embed::escape(with(w.done, what)) + "</p><p>" + embed::escape(w.settings) + "</p>");
}

}  // namespace

std::span<const Route> outbox_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
