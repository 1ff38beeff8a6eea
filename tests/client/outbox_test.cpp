// The outbox in the headless client: the admin page's channels (listed with state and counts,
// added with the generated secret shown once, tested, disabled with If-Match, deleted after a
// confirmation) and a channel's deliveries ("send again"); a user's email set on the admin page;
// a PM sees channels but not users; the notifications page's own email choices; and the inbox
// names merged items, answered questions and shipped releases in the reader's language.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "shipboard/codec.hpp"
#include "views/views.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

json webhook(Id id, const std::string& format, bool active, const std::string& reason = "") {
  return {{"id", id},
          {"url", format == "generic" ? "https://hooks.example.test/shipboard" : "https://qyapi.example.test/…c0de"},
          {"format", format},
          {"events", {"item.eta_changed", "release.shipped"}},
          {"area", nullptr},
          {"lang", "zh-Hant"},
          {"signed", format == "generic"},
          {"active", active},
          {"disabled_reason", reason.empty() ? json(nullptr) : json(reason)},
          {"version", 4},
          {"deliveries", {{"pending", 1}, {"delivered", 12}, {"failed", 2}}}};
}

// The text of every cell of the mirrored table named `table`, joined by " | ".
std::string table_text(const Harness& h, const std::string& table) {
  const auto all = h.widgets();
  int index = -1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].role == "table" && all[i].name == table) index = int(i);
  }
  if (index < 0) return "";
  std::string out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    int p = all[i].parent;
    while (p >= 0 && p != index) p = all[std::size_t(p)].parent;
    if (p == index && all[i].role == "cell") out += h.text_inside(int(i)) + " | ";
  }
  return out;
}

void open_admin(Harness& h) {
  h.world().hash = "#/admin";
  h.sign_in_as("admin", "admin", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::admin);
}

}  // namespace

TEST_CASE("an admin lists, adds, tests, disables and deletes channels and sends a delivery again") {
  Harness h(Lang::en);
  open_admin(h);  // its first GET /webhooks was answered with an empty list
  CHECK(h.has_text(tr(Text::no_channels)));

  // The list: format, events in words, state with the reason the outbox stopped it, counts.
  outbox_load(h.app);
  REQUIRE(stub::reply("GET", "/api/v1/webhooks", 200,
                      list_json(json::array({webhook(1, "generic", true), webhook(2, "wecom", false, "410 Gone")}))));
  h.frames(2);
  const std::string cells = table_text(h, tr(Text::channels_title));
  CHECK(cells.find(tr(Text::fmt_wecom)) != std::string::npos);
  CHECK(cells.find(tr(Text::fmt_generic)) != std::string::npos);
  CHECK(cells.find(std::string(tr(Text::ev_eta_changed)) + ", " + tr(Text::ev_release_shipped)) != std::string::npos);
  CHECK(cells.find(std::string(tr(Text::channel_inactive)) + " (410 Gone) · " +
                   format_text(tr(Text::delivery_counts), 12LL, 1LL, 2LL)) != std::string::npos);
  CHECK(cells.find("https://qyapi.example.test/…c0de") != std::string::npos);

  // Add: the URL typed, one event left out; the generated secret is shown once.
  REQUIRE(h.click("textbox", tr(Text::channel_url_hint)));
  h.type("https://receiver.example.test/in");
  h.frames(2);
  REQUIRE(h.click("checkbox", tr(Text::ev_merged)));
  h.frames(1);
  REQUIRE(h.click("button", tr(Text::channel_add)));
  const stub::Call* post = stub::find_pending("POST", "/api/v1/webhooks");
  REQUIRE(post != nullptr);
  json body = json::parse(post->body);
  CHECK(body["url"] == "https://receiver.example.test/in");
  CHECK(body["format"] == "generic");
  CHECK(body["events"].size() == std::size(kDeliveredEventTypes) - 1);
  CHECK(body["events"].dump().find("item.merged") == std::string::npos);
  CHECK_FALSE(body.contains("secret"));  // none typed: the server generates one
  json created = webhook(3, "generic", true);
  created["secret"] = "whsec_0123456789abcdef";
  REQUIRE(stub::reply("POST", "/api/v1/webhooks", 201, created.dump()));
  h.frames(2);
  CHECK(h.app.outbox.last_secret == "whsec_0123456789abcdef");
  CHECK(h.find("textbox", "whsec_0123456789abcdef").has_value());
  CHECK(h.has_text(tr(Text::channel_secret_once)));
  CHECK(h.app.outbox.new_url.empty());  // the form is ready for the next one
  REQUIRE(stub::reply("GET", "/api/v1/webhooks", 200,
                      list_json(json::array({webhook(1, "generic", true), webhook(2, "wecom", false, "410 Gone"),
                                             webhook(3, "generic", true)}))));
  h.frames(2);

  // Disable #1 with its version; a 412 would say so.
  REQUIRE(h.click("button", std::string(tr(Text::channel_disable)) + " #1"));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/webhooks/1");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"4\"");
  CHECK(json::parse(patch->body) == json{{"active", false}});
  REQUIRE(stub::reply("PATCH", "/api/v1/webhooks/1", 412,
                      R"({"title":"Precondition Failed","detail":"the channel changed meanwhile"})"));
  h.frames(2);
  CHECK(h.app.outbox.error);
  CHECK(h.has_text(std::string(tr(Text::admin_failed)) + "the channel changed meanwhile"));

  // Send test on #1: the channel's deliveries open below with the result.
  REQUIRE(h.click("button", std::string(tr(Text::channel_test)) + " #1"));
  REQUIRE(stub::find_pending("POST", "/api/v1/webhooks/1/test") != nullptr);
  CHECK(h.app.outbox.open_webhook == 1);
  REQUIRE(stub::reply("POST", "/api/v1/webhooks/1/test", 202, R"({"id":9,"state":"pending"})"));
  h.frames(1);
  json deliveries = json::array(
      {{{"id", 9}, {"type", "webhook.test"}, {"state", "failed"}, {"attempts", 3}, {"last_status", 500},
        {"last_error", "HTTP 500 from the receiver"}, {"next_attempt_at", nullptr},
        {"created_at", "2026-12-04T08:00:00Z"}},
       {{"id", 8}, {"type", "item.eta_changed"}, {"item_id", 1}, {"state", "delivered"}, {"attempts", 1},
        {"last_status", 200}, {"created_at", "2026-12-04T07:00:00Z"}}});
  REQUIRE(stub::reply("GET", "/api/v1/webhooks/1/deliveries", 200, list_json(deliveries)));
  h.frames(2);
  const std::string title = format_text(tr(Text::deliveries_of), 1);
  const std::string rows = table_text(h, title);
  CHECK(rows.find(tr(Text::ev_webhook_test)) != std::string::npos);
  CHECK(rows.find(std::string(tr(Text::delivery_failed)) + " | 3 | 500 | HTTP 500 from the receiver") !=
        std::string::npos);
  CHECK(rows.find(std::string(tr(Text::ev_eta_changed)) + " | " + tr(Text::delivery_delivered)) !=
        std::string::npos);

  // While deliveries are pending the page reads the list again by itself, 1 s, then 2 s later;
  // once nothing is pending it stops.
  while (stub::reply("GET", "/api/v1/webhooks?", 200, list_json(json::array({webhook(1, "generic", true)})))) {
  }
  h.frames(1);
  REQUIRE(stub::find_pending("GET", "/api/v1/webhooks?") == nullptr);
  h.world().now += 1100;
  h.frames(1);
  REQUIRE(stub::find_pending("GET", "/api/v1/webhooks?") != nullptr);
  json settled = webhook(1, "generic", true);
  settled["deliveries"]["pending"] = 0;
  REQUIRE(stub::reply("GET", "/api/v1/webhooks?", 200, list_json(json::array({settled}))));
  REQUIRE(stub::reply("GET", "/api/v1/webhooks/1/deliveries", 200, list_json(deliveries)));
  h.frames(1);
  h.world().now += 2100;
  h.frames(2);
  CHECK(stub::find_pending("GET", "/api/v1/webhooks?") == nullptr);
  CHECK(h.app.outbox.polls_left == 0);

  REQUIRE(h.click("button", std::string(tr(Text::redeliver)) + " #9"));
  REQUIRE(stub::find_pending("POST", "/api/v1/deliveries/9/redeliver") != nullptr);
  REQUIRE(stub::reply("POST", "/api/v1/deliveries/9/redeliver", 202, R"({"id":9,"state":"pending"})"));
  h.frames(2);
  CHECK_FALSE(h.app.outbox.error);

  // Delete asks first; only the confirmation sends it.
  REQUIRE(h.click("button", std::string(tr(Text::channel_delete)) + " #1"));
  h.frames(1);
  CHECK(stub::find_pending("DELETE", "/api/v1/webhooks/1") == nullptr);
  REQUIRE(h.click("button", std::string(tr(Text::channel_delete_confirm)) + " #1"));
  REQUIRE(stub::find_pending("DELETE", "/api/v1/webhooks/1") != nullptr);
}

TEST_CASE("an admin sets a user's email in the users table, with If-Match") {
  Harness h(Lang::en);
  open_admin(h);
  User u;
  u.id = 12;
  u.login = "lin.sales";
  u.name = "林美玲";
  u.role = Role::sales;
  u.active = true;
  u.version = 6;
  admin_load(h.app);
  REQUIRE(stub::reply("GET", "/api/v1/users", 200, list_json(json::array({to_json(u)}))));
  h.frames(2);
  const std::string save = std::string(tr(Text::save)) + " lin.sales";
  REQUIRE(h.find("button", save).has_value());
  CHECK(h.find("button", save)->disabled);  // nothing typed yet
  REQUIRE(h.click("textbox", std::string(tr(Text::col_email)) + " lin.sales"));
  h.type("mei.lin@example.test");
  h.frames(2);
  REQUIRE_FALSE(h.find("button", save)->disabled);
  REQUIRE(h.click("button", save));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/users/12");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"6\"");
  CHECK(json::parse(patch->body) == json{{"email", "mei.lin@example.test"}});
}

TEST_CASE("a PM sees the channels on the admin page but not the users") {
  Harness h(Lang::en);
  h.world().hash = "#/admin";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming")});
  h.frames(2);
  CHECK(h.app.route.view == View::admin);
  CHECK(h.find("link", tr(Text::nav_admin)).has_value());
  CHECK(h.has_text(tr(Text::channels_title)));
  CHECK_FALSE(h.has_text(tr(Text::admin_users)));
  for (const stub::Call& c : h.world().sent) CHECK(c.path.rfind("/api/v1/users", 0) != 0);
}

TEST_CASE("a salesperson chooses a daily digest for ETA changes on the notifications page") {
  Harness h(Lang::zh_Hant);
  h.world().hash = "#/notifications";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "直播")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::notifications);
  email_prefs_load(h.app);
  REQUIRE(stub::reply("GET", "/api/v1/me/notifications", 200,
                      R"({"lang":"zh-Hant","digest_time":"09:00","utc_offset":"+08:00",
                          "email_address":"mei.lin@example.test",
                          "email":{"item.eta_changed":"now","release.shipped":"off"}})"));
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::my_email_title)));
  h.frames(2);
  CHECK(h.has_text(tr_with(Text::email_goes_to, "mei.lin@example.test")));
  const std::string eta = std::string(tr(Text::col_email_mode)) + " " + tr(EventType::item_eta_changed);
  REQUIRE(h.click("combobox", eta));
  h.frames(1);
  REQUIRE(h.click("button", tr(EmailMode::digest)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/me/notifications");
  REQUIRE(patch != nullptr);
  CHECK(json::parse(patch->body) == json{{"email", {{"item.eta_changed", "digest"}}}});
  REQUIRE(stub::reply("PATCH", "/api/v1/me/notifications", 422,
                      R"({"title":"Unprocessable Content","detail":"the request has invalid fields"})"));
  h.frames(1);
  CHECK(h.app.email_prefs.error);
}

TEST_CASE("the inbox names merged items, answered questions and shipped releases") {
  Harness h(Lang::zh_Hant);
  h.world().hash = "#/notifications";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "直播")});
  h.frames(2);
  notifications_load(h.app);
  auto note = [](Id id, const char* kind, std::optional<Id> item, const char* text) {
    Notification n;
    n.id = id;
    n.user_id = 7;
    n.event_id = 100 + id;
    n.kind = kind;
    n.item_id = item;
    n.text = text;
    n.read = true;
    n.created_at = "2026-12-04T08:00:00Z";
    return to_json(n);
  };
  json list = json::array({note(1, "item.merged", 1, "直播 → 直播回放"),
                           note(2, "question.answered", 1, "何時上線？"),
                           note(3, "release.shipped", std::nullopt, "2026.3")});
  REQUIRE(stub::reply("GET", "/api/v1/inbox", 200, list_json(list)));
  h.frames(2);
  CHECK(h.find("button", std::string("已合併 · 直播 → 直播回放")).has_value());
  CHECK(h.find("button", std::string("問題已回答 · 何時上線？")).has_value());
  CHECK(h.has_text("版本已發布 · 2026.3"));
}
