// Email from the outbox, end to end, to tests/smtp/server.py (Debian's python3-aiosmtpd) on
// 127.0.0.1: below the API, a follower's change mail in their language with the item's link
// and a one-click unsubscribe, another's daily digest held until its time and then sent as one
// mail; through the real server, an admin gives a user an address, a PM moves an ETA, and the
// mail, a WeCom-format message and a signed generic webhook arrive, each checked; then the
// mail's unsubscribe link (GET shows, POST turns off) works while a forged one is 400.
// Every address is at example.com; nothing but loopback is contacted.
#include <catch2/catch.hpp>

#include <atomic>
#include <regex>
#include <string>

#include "mime_reader.hpp"
#include "outbound/signatures.hpp"
#include "outbox_fixture.hpp"
#include "server_fixture.hpp"
#include "smtp_fixture.hpp"

using namespace shipboard;
using namespace shipboard::test;
using nlohmann::json;

namespace {

// The epoch seconds of an API timestamp.
std::int64_t at(const std::string& ts) {
  std::tm tm{};
  REQUIRE(strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm));
  return timegm(&tm);
}

// The mail of `smtp` sent to `address` (REQUIREs exactly one).
MailParts mail_to(const SmtpServer& smtp, const std::string& address) {
  std::vector<MailParts> found;
  for (int n = 1; n <= smtp.messages(); ++n)
    if (smtp.sidecar(n)["rcpt_tos"].dump().find(address) != std::string::npos)
      found.push_back(read_mail(smtp.eml(n)));
  REQUIRE(found.size() == 1);
  return found.front();
}

// The https URL inside List-Unsubscribe's angle brackets.
std::string unsubscribe_link(const MailParts& m) {
  std::smatch got;
  const std::string header = m.head.header("List-Unsubscribe");
  REQUIRE(std::regex_search(header, got, std::regex("<(https://[^>]+)>")));
  return got[1];
}

}  // namespace

TEST_CASE("a follower's mail in their language, and a digest held until its time", "[email]") {
  SmtpServer smtp;
  Board b;
  b.store->set_outbox_options({true});
  const std::string now = "2026-12-03T10:00:00Z";
  const Id mei =
      b.store->insert_user("mei", "王美", Role::sales, "x", now, "mei@example.com").value->id;
  const Id wu =
      b.store->insert_user("wu", "Wu Jun", Role::sales, "x", now, "wu@example.com").value->id;
  const Id quiet =
      b.store->insert_user("quiet", "安靜", Role::sales, "x", now, "quiet@example.com").value->id;
  const Id no_address = b.store->insert_user("na", "無信箱", Role::sales, "x", now).value->id;
  store::NotificationSettings hans;
  hans.lang = "zh-Hans";
  b.store->set_notification_settings(mei, hans);
  store::NotificationSettings digest;
  digest.lang = "en";
  digest.digest_time = "09:00";
  digest.utc_offset = "+08:00";  // 01:00 UTC
  for (EventType t : kDeliveredEventTypes)
    digest.email_modes.emplace_back(std::string(to_string(t)), EmailMode::digest);
  b.store->set_notification_settings(wu, digest);
  store::NotificationSettings off;
  for (EventType t : kDeliveredEventTypes)
    off.email_modes.emplace_back(std::string(to_string(t)), EmailMode::off);
  b.store->set_notification_settings(quiet, off);

  auto it = b.item("直播功能", "video");
  for (Id u : {mei, wu, quiet, no_address}) REQUIRE(b.store->set_follow(u, it.id, true).value);
  b.move(it, ItemStatus::planned, "2026-12-03T10:01:00Z");
  PatchItem eta;
  eta.eta = std::optional<Eta>(Eta{"2027-03-31"});
  auto planned = *b.store->item(it.id);
  REQUIRE(b.store->patch_item(b.pm, it.id, planned.version, eta, "2026-12-03T10:02:00Z").outcome ==
          Outcome::ok);

  auto options = loopback_allowed();
  options.smtp = smtp.settings();
  options.unsubscribe_key = "k3y";
  std::atomic<std::int64_t> clock{at("2026-12-03T10:03:00Z")};
  options.clock = [&] { return clock.load(); };
  outbound::Worker worker(*b.store, options);
  worker.start();
  // Mei's two mails at once; Wu's digest waits; the quiet one and the one without an address
  // get nothing (no delivery was even enqueued for them).
  REQUIRE(eventually([&] { return smtp.messages() >= 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // several polls
  REQUIRE(smtp.messages() == 2);
  CHECK(b.store->due_deliveries("2026-12-03T10:03:00Z", 50).empty());

  const std::string link = "https://board.example.com/#/items/" + std::to_string(it.id);
  for (int n = 1; n <= 2; ++n) {
    auto m = read_mail(smtp.eml(n));
    INFO(smtp.eml(n));
    CHECK(m.head.header("To").find("mei@example.com") != std::string::npos);
    CHECK(m.html.find("lang=\"zh-Hans\"") != std::string::npos);
    CHECK(m.text.find(link) != std::string::npos);
    CHECK(m.html.find("href=\"" + link + "\"") != std::string::npos);
    CHECK(m.head.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
    CHECK(m.head.header("Auto-Submitted") == "auto-generated");
    CHECK(m.text.find("你收到这封邮件") != std::string::npos);
    const std::string kind = decode_words(m.head.header("Subject")).find("状态更新") == 0
                                 ? "item.status_changed"
                                 : "item.eta_changed";
    CHECK(unsubscribe_link(m) ==
          outbound::unsubscribe_url("https://board.example.com", "k3y", mei, kind));
    CHECK(m.text.find(unsubscribe_link(m)) != std::string::npos);
  }
  auto first = read_mail(smtp.eml(1)), second = read_mail(smtp.eml(2));
  CHECK(decode_words(first.head.header("Subject")) == "状态更新: 直播功能 → 已排入计划");
  CHECK(decode_words(second.head.header("Subject")) == "时程更新: 直播功能");
  CHECK(second.text.find("2027-03-31") != std::string::npos);
  CHECK(first.head.header("X-Shipboard-Delivery") != second.head.header("X-Shipboard-Delivery"));

  // 09:00 in Taipei the next morning: one digest with both changes, in English.
  clock = at("2026-12-04T01:00:05Z");
  worker.wake();
  REQUIRE(eventually([&] { return smtp.messages() == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  worker.stop();
  REQUIRE(smtp.messages() == 3);
  auto day = mail_to(smtp, "wu@example.com");
  CHECK(decode_words(day.head.header("Subject")) == "Shipboard daily digest: 2 updates");
  CHECK(day.text.find("Status changed: 直播功能 → Planned") != std::string::npos);
  CHECK(day.text.find("ETA changed: 直播功能") != std::string::npos);
  CHECK(day.html.find("lang=\"en\"") != std::string::npos);
  CHECK(unsubscribe_link(day) ==
        outbound::unsubscribe_url("https://board.example.com", "k3y", wu, "all"));
  CHECK(day.head.header("X-Shipboard-Delivery").find(',') != std::string::npos);
}

TEST_CASE(
    "an ETA moved by a PM: the follower's mail, a WeCom message and a signed webhook "
    "arrive; the mail's link unsubscribes",
    "[email]") {
  SmtpServer smtp;
  Receiver rx([](const httplib::Request& q, httplib::Response& r) {
    r.status = 200;
    // WeCom answers 200 with its own error code; 0 is success.
    if (q.path == "/wecom") r.set_content("{\"errcode\":0,\"errmsg\":\"ok\"}", "application/json");
  });
  ServerOptions o;
  o.extra_args = {"--smtp-url",       smtp.url(),
                  "--smtp-from",      "Shipboard <board@example.com>",
                  "--public-url",     "https://board.example.com",
                  "--outbound-allow", "127.0.0.1/32"};
  ServerProcess server(o);
  Session admin(server, "admin"), pm(server, "chen.pm"), sales(server, "lin.sales");
  const std::string user_path = "/api/v1/users/" + std::to_string(sales.user["id"].get<long>());
  auto user = admin.get(user_path);
  REQUIRE(user.status == 200);
  auto bad = admin.patch(user_path, {{"email", "lin at example.com"}}, user.header("ETag"));
  CHECK(bad.status == 422);
  REQUIRE(admin.patch(user_path, {{"email", "lin@example.com"}}, user.header("ETag")).status ==
          200);
  REQUIRE(sales.patch("/api/v1/me/notifications", {{"lang", "en"}}, "").status == 200);

  const std::string base = "http://127.0.0.1:" + std::to_string(rx.port);
  const json eta_only = {"item.eta_changed"};
  REQUIRE(admin
              .post("/api/v1/webhooks", {{"url", base + "/wecom"},
                                         {"format", "wecom"},
                                         {"events", eta_only},
                                         {"lang", "zh-Hant"}})
              .status == 201);
  auto generic =
      admin.post("/api/v1/webhooks",
                 {{"url", base + "/generic"}, {"format", "generic"}, {"events", eta_only}});
  REQUIRE(generic.status == 201);
  const std::string secret = generic.body["secret"];

  auto made = pm.post("/api/v1/items", {{"title", "直播功能 email"}, {"area", "video"}});
  REQUIRE(made.status == 201);
  const std::string item = "/api/v1/items/" + std::to_string(made.body["id"].get<long>());
  REQUIRE(sales.put(item + "/follow").status == 200);
  auto moved = pm.patch(item, {{"eta", "2027-Q2"}}, made.header("ETag"));
  REQUIRE(moved.status == 200);

  REQUIRE(eventually([&] { return smtp.messages() == 1; }, 15000));
  auto m = read_mail(smtp.eml(1));
  INFO(smtp.eml(1));
  CHECK(m.head.header("To").find("lin@example.com") != std::string::npos);
  CHECK(decode_words(m.head.header("Subject")) == "ETA changed: 直播功能 email");
  CHECK(m.text.find("2027-Q2") != std::string::npos);
  CHECK(m.text.find("https://board.example.com/#/items/" +
                    std::to_string(made.body["id"].get<long>())) != std::string::npos);
  // The chat channels got the same change: WeCom's markdown and the signed generic event.
  REQUIRE(eventually([&] { return rx.count() == 2; }, 15000));
  {
    std::lock_guard lock(rx.m);
    for (const auto& q : rx.got) {
      INFO(q.path << " " << q.body);
      auto body = json::parse(q.body);
      if (q.path == "/wecom") {
        CHECK(body["msgtype"] == "markdown");
        const std::string content = body["markdown"]["content"];
        CHECK(content.find("**時程更新: 直播功能 email**") == 0);
        CHECK(content.find("2027-Q2") != std::string::npos);
        CHECK(content.find("https://board.example.com/#/items/") != std::string::npos);
      } else {
        CHECK(q.path == "/generic");
        CHECK(q.get_header_value("X-Shipboard-Event") == "item.eta_changed");
        CHECK(q.get_header_value("X-Shipboard-Signature") ==
              outbound::generic_signature(secret, q.get_header_value("X-Shipboard-Timestamp"),
                                          q.body));
        CHECK(body["event"]["type"] == "item.eta_changed");
        CHECK(body["message"]["item_title"] == "直播功能 email");
      }
    }
  }

  const std::string link = unsubscribe_link(m);
  REQUIRE(link.rfind("https://board.example.com/unsubscribe?", 0) == 0);
  const std::string path = link.substr(std::string("https://board.example.com").size());
  CHECK(path.find("k=item.eta_changed") != std::string::npos);

  auto anonymous = Session::anonymous(server);
  auto page = anonymous.get(path);
  REQUIRE(page.status == 200);
  CHECK(page.raw.find("<form method=\"post\"") != std::string::npos);
  CHECK(page.raw.find("ETA changed") != std::string::npos);
  // Opening the page changed nothing; a forged token changes nothing either.
  CHECK(sales.get("/api/v1/me/notifications").body["email"]["item.eta_changed"] == "now");
  std::string forged = path;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  CHECK(anonymous
            .send("POST", forged, "List-Unsubscribe=One-Click", {},
                  "application/x-www-form-urlencoded")
            .status == 400);
  std::string other_user = std::regex_replace(path, std::regex("u=\\d+"), "u=1");
  CHECK(anonymous
            .send("POST", other_user, "List-Unsubscribe=One-Click", {},
                  "application/x-www-form-urlencoded")
            .status == 400);
  CHECK(sales.get("/api/v1/me/notifications").body["email"]["item.eta_changed"] == "now");
  // The one click a mail client makes (RFC 8058).
  auto done = anonymous.send("POST", path, "List-Unsubscribe=One-Click", {},
                             "application/x-www-form-urlencoded");
  REQUIRE(done.status == 200);
  CHECK(done.raw.find("no more emails about: ETA changed") != std::string::npos);
  auto settings = sales.get("/api/v1/me/notifications").body;
  CHECK(settings["email"]["item.eta_changed"] == "off");
  CHECK(settings["email"]["item.status_changed"] == "now");

  // The next ETA change sends nothing; a status change still does, and is the only new mail.
  auto now_item = pm.get(item);
  auto again = pm.patch(item, {{"eta", "2027-Q3"}}, now_item.header("ETag"));
  REQUIRE(again.status == 200);
  REQUIRE(pm.patch(item, {{"status", "planned"}}, again.header("ETag")).status == 200);
  REQUIRE(eventually([&] { return smtp.messages() == 2; }, 15000));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(smtp.messages() == 2);
  CHECK(decode_words(read_mail(smtp.eml(2)).head.header("Subject")) ==
        "Status changed: 直播功能 email → Planned");
}
