// The outbox's API against a real server and receivers started here on loopback: a channel is
// made with its secret shown once, a test message and a status change arrive signed, the
// deliveries list tells their state, a redelivery keeps its id, a 410 stops the channel, bad
// channels are 422 with the field named, a PM manages only their own area channels, and every
// user sets their own email choices.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "outbound/signatures.hpp"
#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

struct Receiver {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  int status = 204;
  std::mutex m;
  std::vector<httplib::Request> got;
  Receiver() {
    http.Post(".*", [this](const httplib::Request& q, httplib::Response& r) {
      std::lock_guard lock(m);
      got.push_back(q);
      r.status = status;
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
  }
  ~Receiver() {
    http.stop();
    thread.join();
  }
  std::vector<httplib::Request> requests() {
    std::lock_guard lock(m);
    return got;
  }
  void answer(int s) {
    std::lock_guard lock(m);
    status = s;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/hook"; }
};

template <class F>
bool eventually(F f, int ms = 10000) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return f();
}

// The field named by a 422's first error.
std::string bad_field(const Session::Reply& r) {
  if (r.status != 422 || !r.body.contains("errors") || r.body["errors"].empty()) return "";
  return r.body["errors"][0].value("field", "");
}

ServerOptions loopback_allowed() {
  ServerOptions o;
  o.extra_args = {"--outbound-allow", "127.0.0.1/32", "--public-url", "https://board.example.com"};
  return o;
}

}  // namespace

TEST_CASE("a channel's secret is shown once; test and status messages arrive signed",
          "[webhooks]") {
  ServerProcess server(loopback_allowed());
  Receiver rx;
  Session admin(server, "admin"), pm(server, "chen.pm");

  auto made = admin.post("/api/v1/webhooks", {{"url", rx.url()}, {"format", "generic"}});
  REQUIRE(made.status == 201);
  const std::string secret = made.body.value("secret", "");
  CHECK(secret.size() >= 32);
  CHECK(made.body["url"] == rx.url());
  CHECK(made.body["signed"] == true);
  const std::string path = made.header("Location");
  REQUIRE(path == "/api/v1/webhooks/" + std::to_string(made.body["id"].get<long>()));
  auto read = admin.get(path);
  REQUIRE(read.status == 200);
  CHECK_FALSE(read.body.contains("secret"));  // never again
  CHECK(read.raw.find(secret) == std::string::npos);
  auto listed = admin.get("/api/v1/webhooks");
  REQUIRE(listed.status == 200);
  CHECK(listed.raw.find(secret) == std::string::npos);

  SECTION("the test message") {
    auto t = admin.post(path + "/test", json::object());
    REQUIRE(t.status == 202);
    CHECK(t.body["type"] == "webhook.test");
    REQUIRE(eventually([&] { return rx.requests().size() == 1; }));
    auto q = rx.requests()[0];
    CHECK(q.get_header_value("X-Shipboard-Event") == "webhook.test");
    CHECK(q.get_header_value("X-Shipboard-Delivery") == std::to_string(t.body["id"].get<long>()));
    const std::string ts = q.get_header_value("X-Shipboard-Timestamp");
    CHECK(q.get_header_value("X-Shipboard-Signature") ==
          shipboard::server::outbound::generic_signature(secret, ts, q.body));
    // The deliveries list says it arrived, with the receiver's status.
    REQUIRE(eventually([&] {
      auto page = admin.get(path + "/deliveries");
      return page.status == 200 && !page.body["items"].empty() &&
             page.body["items"][0]["state"] == "delivered";
    }));
    auto d = admin.get(path + "/deliveries").body["items"][0];
    CHECK(d["attempts"] == 1);
    CHECK(d["last_status"] == 204);
    CHECK(d["next_attempt_at"].is_null());
    CHECK_FALSE(d["delivered_at"].is_null());

    // Sent again: the same delivery id reaches the receiver a second time.
    auto again = admin.post(
        "/api/v1/deliveries/" + std::to_string(d["id"].get<long>()) + "/redeliver", json::object());
    REQUIRE(again.status == 202);
    REQUIRE(eventually([&] { return rx.requests().size() == 2; }));
    CHECK(rx.requests()[1].get_header_value("X-Shipboard-Delivery") ==
          std::to_string(d["id"].get<long>()));
    CHECK(admin.post("/api/v1/deliveries/999999/redeliver", json::object()).status == 404);
  }

  SECTION("a PM's status change, then a 410 stops the channel") {
    auto items = pm.get("/api/v1/items?limit=500");
    REQUIRE(items.status == 200);
    json item = items.body["items"][0];
    for (const auto& it : items.body["items"])
      if (it["status"] == "under_review") item = it;
    const std::string ipath = "/api/v1/items/" + std::to_string(item["id"].get<long>());
    std::string next = item["status"] == "planned" ? "in_progress" : "planned";
    REQUIRE(pm.patch(ipath, {{"status", next}}, pm.get(ipath).header("ETag")).status == 200);
    REQUIRE(eventually([&] { return rx.requests().size() == 1; }));
    auto q = rx.requests()[0];
    CHECK(q.get_header_value("X-Shipboard-Event") == "item.status_changed");
    auto body = json::parse(q.body);
    CHECK(body["type"] == "item.status_changed");
    CHECK(body["message"]["link"].get<std::string>().rfind("https://board.example.com/", 0) == 0);

    rx.answer(410);
    REQUIRE(admin.post(path + "/test", json::object()).status == 202);
    REQUIRE(eventually([&] { return admin.get(path).body["active"] == false; }));
    auto stopped = admin.get(path);
    CHECK(stopped.body["disabled_reason"].get<std::string>().find("410") != std::string::npos);
    CHECK(admin.post(path + "/test", json::object()).status == 409);
    // Re-enabled by an admin, with If-Match.
    CHECK(admin.patch(path, {{"active", true}}, "\"1\"").status == 412);
    auto back = admin.patch(path, {{"active", true}}, stopped.header("ETag"));
    REQUIRE(back.status == 200);
    CHECK(back.body["disabled_reason"].is_null());
    CHECK(back.body["active"] == true);
  }

  SECTION("rotating the secret shows the new one once") {
    auto r = admin.patch(path, {{"rotate_secret", true}}, read.header("ETag"));
    REQUIRE(r.status == 200);
    std::string fresh = r.body.value("secret", "");
    CHECK(fresh.size() >= 32);
    CHECK(fresh != secret);
    CHECK_FALSE(admin.get(path).body.contains("secret"));
    CHECK(admin.del(path).status == 204);
    CHECK(admin.get(path).status == 404);
  }
}

TEST_CASE("bad channels are refused with the field named; PMs keep to their own areas",
          "[webhooks]") {
  ServerOptions o;
  o.extra_args = {"--outbound-allow", "127.0.0.1/32"};
  ServerProcess server(o);
  Session admin(server, "admin"), pm(server, "chen.pm"), other_pm(server, "huang.pm"),
      sales(server, "lin.sales");
  auto create = [&](const Session& who, json body) { return who.post("/api/v1/webhooks", body); };

  CHECK(bad_field(create(admin, {{"url", "http://127.0.0.2:9/x"}, {"format", "generic"}})) ==
        "url");  // loopback outside the allow-list
  CHECK(bad_field(create(
            admin, {{"url", "https://u:p@hooks.example.com/x"}, {"format", "slack"}})) == "url");
  CHECK(bad_field(create(admin, {{"url", "http://hooks.example.com/x"}, {"format", "slack"}})) ==
        "url");  // plain http to a name
  CHECK(bad_field(create(admin, {{"url", "ftp://hooks.example.com/x"}, {"format", "slack"}})) ==
        "url");
  CHECK(bad_field(create(admin, {{"url", "https://hooks.example.com/x"}, {"format", "irc"}})) ==
        "format");
  CHECK(bad_field(create(admin, {{"url", "https://hooks.example.com/x"},
                                 {"format", "slack"},
                                 {"secret", "abc"}})) == "secret");
  CHECK(bad_field(create(admin, {{"url", "https://hooks.example.com/x"},
                                 {"format", "generic"},
                                 {"events", {"item.created"}}})) == "events[0]");
  CHECK(bad_field(create(admin, {{"url", "https://hooks.example.com/x"},
                                 {"format", "generic"},
                                 {"unknown", 1}})) == "unknown");
  CHECK(bad_field(create(pm, {{"url", "https://hooks.example.com/x"}, {"format", "wecom"}})) ==
        "area");
  CHECK(create(sales, {{"url", "https://hooks.example.com/x"}, {"format", "wecom"}}).status == 403);
  CHECK(admin.get("/api/v1/webhooks").body["items"].empty());  // nothing was saved

  // A PM's WeCom robot for their area: the key in its URL never comes back.
  auto mine =
      create(pm, {{"url", "https://qyapi.example.com/cgi-bin/webhook/send?key=SECRETKEY123"},
                  {"format", "wecom"},
                  {"area", "直播"},
                  {"events", {"item.status_changed", "release.shipped"}},
                  {"lang", "zh-Hans"}});
  REQUIRE(mine.status == 201);
  CHECK_FALSE(mine.body.contains("secret"));
  CHECK(mine.body["signed"] == false);
  const std::string path = mine.header("Location");
  auto shown = pm.get(path);
  REQUIRE(shown.status == 200);
  CHECK(shown.raw.find("SECRETKEY") == std::string::npos);
  CHECK(shown.body["url"].get<std::string>().rfind("https://qyapi.example.com/", 0) == 0);
  CHECK(shown.body["events"] == json({"item.status_changed", "release.shipped"}));
  CHECK(shown.body["lang"] == "zh-Hans");
  // The PM cannot drop the area, nor add a secret to a format that does not sign.
  CHECK(bad_field(pm.patch(path, {{"area", nullptr}}, shown.header("ETag"))) == "area");
  CHECK(bad_field(pm.patch(path, {{"secret", "x"}}, shown.header("ETag"))) == "secret");
  CHECK(pm.patch(path, json::object(), shown.header("ETag")).status == 422);

  // Another PM neither sees nor touches it; the admin sees every channel.
  CHECK(other_pm.get(path).status == 404);
  CHECK(other_pm.get("/api/v1/webhooks").body["items"].empty());
  CHECK(other_pm.del(path).status == 404);
  CHECK(pm.get("/api/v1/webhooks").body["items"].size() == 1);
  CHECK(admin.get("/api/v1/webhooks").body["items"].size() == 1);
  CHECK(admin.get(path).status == 200);
  CHECK(sales.get("/api/v1/webhooks").status == 403);
}

TEST_CASE("everyone signed in sets their own email choices", "[webhooks]") {
  ServerProcess server;
  Session sales(server, "lin.sales"), viewer(server, "zhao.viewer");
  auto mine = sales.get("/api/v1/me/notifications");
  REQUIRE(mine.status == 200);
  CHECK(mine.body["email"]["item.eta_changed"] == "now");  // the default
  CHECK(mine.body["email"].size() == 6);
  auto changed = sales.patch("/api/v1/me/notifications",
                             {{"email", {{"item.eta_changed", "digest"}, {"item.merged", "off"}}},
                              {"digest_time", "08:30"},
                              {"utc_offset", "+08:00"},
                              {"lang", "zh-Hans"}},
                             "");
  REQUIRE(changed.status == 200);
  auto now = sales.get("/api/v1/me/notifications");
  CHECK(now.body["email"]["item.eta_changed"] == "digest");
  CHECK(now.body["email"]["item.merged"] == "off");
  CHECK(now.body["email"]["item.status_changed"] == "now");
  CHECK(now.body["digest_time"] == "08:30");
  CHECK(now.body["lang"] == "zh-Hans");
  // One user's choice is theirs alone.
  CHECK(viewer.get("/api/v1/me/notifications").body["email"]["item.eta_changed"] == "now");

  auto patch = [&](const json& body) { return sales.patch("/api/v1/me/notifications", body, ""); };
  CHECK(bad_field(patch({{"digest_time", "25:00"}})) == "digest_time");
  CHECK(bad_field(patch({{"utc_offset", "+15:00"}})) == "utc_offset");
  CHECK(bad_field(patch({{"email", {{"item.eta_changed", "weekly"}}}})) ==
        "email.item.eta_changed");
  CHECK(bad_field(patch({{"email", {{"item.created", "off"}}}})) == "email.item.created");
  CHECK(bad_field(patch({{"lang", "fr"}})) == "lang");
  CHECK(patch(json::object()).status == 422);
  CHECK(sales.get("/api/v1/me/notifications").body == now.body);  // nothing of those landed
  CHECK(Session::anonymous(server).get("/api/v1/me/notifications").status == 401);
}
