// Embeds over loopback (docs/embedding.md): the server-rendered embed pages and the SVG badge,
// read with an embed token. Checks the framing CSP (frame-ancestors lists --embed-origins,
// other pages keep 'self'), that no internal field reaches a raw response, HTML/XML escaping of
// a hostile title, the three languages, revoked tokens (401), area scope (404) and the badge's
// ETag / 304 / Cache-Control.
#include <catch2/catch.hpp>

#include <string>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

const char* const kOrigin = "http://127.0.0.1:45999";

ServerOptions embed_options() {
  ServerOptions o;
  o.extra_args = {"--embed-origins", std::string(kOrigin) + ",https://wiki.example.com"};
  return o;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Nothing internal in a raw embed response: notes, customers, deal values, contacts.
void check_no_internal(const std::string& raw) {
  for (const char* word : {"CDN", "國泰", "value_at_stake", "internal_note", "鑰匙圈", "吳建宏",
                           "annual_value", "customer_name", "成本考量"})
    CHECK_FALSE(contains(raw, word));
}

std::string make_token(Session& admin, const std::string& scope) {
  auto made = admin.post("/api/v1/embed-tokens", {{"label", "intranet " + scope}, {"scope", scope}});
  REQUIRE(made.status == 201);
  return made.body["token"].get<std::string>();
}

}  // namespace

TEST_CASE("embed pages: token access, framing CSP, restricted content, languages", "[embed]") {
  ServerProcess server(embed_options());
  Session admin(server, "admin");
  auto anon = Session::anonymous(server);
  std::string token = make_token(admin, "board");
  std::string t = "token=" + token;

  for (const std::string path : {"/embed/items/1", "/embed/items/9", "/embed/items/4",
                                 "/embed/releases/2", "/embed/roadmap",
                                 "/embed/search?q=%E7%9B%B4%E6%92%AD&x=1"}) {
    INFO(path);
    auto r = anon.get(path + (contains(path, "?") ? "&" : "?") + t);
    REQUIRE(r.status == 200);
    CHECK(contains(r.header("Content-Type"), "text/html"));
    auto csp = r.header("Content-Security-Policy");
    CHECK(contains(csp, std::string("frame-ancestors 'self' ") + kOrigin + " https://wiki.example.com"));
    CHECK(contains(csp, "script-src 'self'"));
    CHECK_FALSE(contains(r.raw, "<script>"));  // no inline script: only <script src=...>
    CHECK(contains(r.raw, "<script src=\"/embed-view.js\" defer></script>"));
    CHECK_FALSE(contains(r.raw, "app.wasm"));
    check_no_internal(r.raw);
  }

  // Item 1: status, target release, ETA, commitment and the customer answer, in three languages.
  auto hant = anon.get("/embed/items/1?lang=zh-Hant&" + t);
  CHECK(contains(hant.raw, "開發中"));
  CHECK(contains(hant.raw, "暫定"));
  CHECK(contains(hant.raw, "2027-Q1"));
  CHECK(contains(hant.raw, "預計在 2027 年第一季"));
  CHECK(contains(hant.raw, "lang=\"zh-Hant\""));
  auto hans = anon.get("/embed/items/1?lang=zh-Hans&" + t);
  CHECK(contains(hans.raw, "开发中"));
  CHECK(contains(hans.raw, "暂定"));
  auto en = anon.get("/embed/items/2?lang=en&" + t);
  CHECK(contains(en.raw, "Planned"));
  CHECK(contains(en.raw, "Committed"));
  auto none = anon.get("/embed/items/6?" + t);
  CHECK(contains(none.raw, "<dd class=\"sb-commitment\">無</dd>"));

  // The parent origin is echoed only when it is an allowed origin.
  auto with_parent = anon.get("/embed/items/1?parent=http%3A%2F%2F127.0.0.1%3A45999&" + t);
  CHECK(contains(with_parent.raw, std::string("data-parent=\"") + kOrigin + "\""));
  // The page names the events it listens to, from the core's one list (embed-view.js).
  CHECK(contains(with_parent.raw, "data-event-types=\""));
  CHECK(contains(with_parent.raw, "item.status_changed"));
  CHECK(contains(with_parent.raw, "release.updated"));
  CHECK_FALSE(contains(with_parent.raw, "question.answered"));
  auto bad_parent = anon.get("/embed/items/1?parent=https%3A%2F%2Fevil.example&" + t);
  CHECK_FALSE(contains(bad_parent.raw, "evil.example"));

  // Pages that are not embeds keep frame-ancestors 'self'.
  auto api = anon.get("/api/v1/items?" + t);
  CHECK(contains(api.header("Content-Security-Policy"), "frame-ancestors 'self'"));
  CHECK_FALSE(contains(api.header("Content-Security-Policy"), kOrigin));
  CHECK_FALSE(contains(anon.get("/healthz").header("Content-Security-Policy"), kOrigin));

  // Without a token: a 401 page (still frameable, so the reader sees why); unknown ids 404.
  auto no_token = anon.get("/embed/items/1");
  CHECK(no_token.status == 401);
  CHECK(contains(no_token.raw, "需要授權"));
  CHECK(contains(no_token.header("Content-Security-Policy"), kOrigin));
  CHECK(anon.get("/embed/items/1?token=nonsense").status == 401);
  CHECK(anon.get("/embed/roadmap").status == 401);
  CHECK(anon.get("/embed/search?q=x").status == 401);
  CHECK(anon.get("/embed/items/99999?" + t).status == 404);
  CHECK(anon.get("/embed/items/abc?" + t).status == 404);
  CHECK(anon.get("/embed/releases/99999?" + t).status == 404);

  // A signed-in session may open an embed too, and still sees no internal field.
  Session pm(server, "chen.pm");
  auto signed_in = pm.get("/embed/items/1");
  CHECK(signed_in.status == 200);
  check_no_internal(signed_in.raw);
}

TEST_CASE("embed pages and badge escape a hostile title", "[embed]") {
  ServerProcess server(embed_options());
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto anon = Session::anonymous(server);
  std::string token = make_token(admin, "board");

  auto made = pm.post("/api/v1/items",
                      {{"kind", "feature"},
                       {"title", "<script>alert(1)</script> R&D \"quoted\""},
                       {"area", "媒體"},
                       {"status", "planned"},
                       {"release_id", 2},
                       {"eta", "2027-Q2"},
                       {"commitment", "tentative"},
                       {"customer_answer", "<img src=x onerror=alert(2)> 預計 Q2"},
                       {"internal_note", "CDN secret"}});
  REQUIRE(made.status == 201);
  std::string id = std::to_string(made.body["id"].get<long>());

  auto page = anon.get("/embed/items/" + id + "?token=" + token);
  REQUIRE(page.status == 200);
  CHECK_FALSE(contains(page.raw, "<script>alert"));
  CHECK_FALSE(contains(page.raw, "<img src=x"));
  CHECK(contains(page.raw, "&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D &quot;quoted&quot;"));
  CHECK(contains(page.raw, "&lt;img src=x onerror=alert(2)&gt; 預計 Q2"));
  CHECK_FALSE(contains(page.raw, "secret"));

  auto release = anon.get("/embed/releases/2?token=" + token);
  CHECK_FALSE(contains(release.raw, "<script>alert"));
  CHECK(contains(release.raw, "&lt;script&gt;alert(1)"));

  auto badge = anon.get("/badge/items/" + id + ".svg?token=" + token);
  REQUIRE(badge.status == 200);
  CHECK(contains(badge.header("Content-Type"), "image/svg+xml"));
  CHECK_FALSE(contains(badge.raw, "<script>"));
  CHECK(contains(badge.raw, "&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D"));
  CHECK_FALSE(contains(badge.raw, "secret"));
}

TEST_CASE("badge: status, ETA, commitment; CJK width; ETag and 304", "[embed]") {
  ServerProcess server(embed_options());
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto anon = Session::anonymous(server);
  std::string token = make_token(admin, "board");

  auto b = anon.get("/badge/items/1.svg?token=" + token);
  REQUIRE(b.status == 200);
  CHECK(b.header("Content-Type") == "image/svg+xml");
  CHECK(b.header("Cache-Control") == "max-age=60");
  CHECK(contains(b.header("Content-Security-Policy"), kOrigin));
  CHECK(contains(b.raw, "開發中"));
  CHECK(contains(b.raw, "2027-Q1"));
  CHECK(contains(b.raw, "暫定"));
  check_no_internal(b.raw);
  std::string tag = b.header("ETag");
  REQUIRE_FALSE(tag.empty());

  // The same item in English is narrower than in Chinese (wide characters count double).
  auto en = anon.get("/badge/items/1.svg?lang=en&token=" + token);
  REQUIRE(en.status == 200);
  CHECK(contains(en.raw, "In progress"));
  CHECK(en.header("ETag") != tag);
  auto width = [](const std::string& svg) {
    auto p = svg.find("width=\"");
    return std::stoi(svg.substr(p + 7));
  };
  auto zh_item = anon.get("/badge/items/6.svg?token=" + token);  // 企业微信通知集成
  CHECK(width(zh_item.raw) > 8 * 12);

  // 304 on If-None-Match; a status change makes a new ETag.
  auto again = anon.send("GET", "/badge/items/1.svg?token=" + token, "", {{"If-None-Match", tag}});
  CHECK(again.status == 304);
  CHECK(again.raw.empty());
  CHECK(again.header("ETag") == tag);
  auto item = pm.get("/api/v1/items/1");
  auto patched = pm.patch("/api/v1/items/1", {{"status", "beta"}}, item.header("ETag"));
  REQUIRE(patched.status == 200);
  auto fresh = anon.send("GET", "/badge/items/1.svg?token=" + token, "", {{"If-None-Match", tag}});
  CHECK(fresh.status == 200);
  CHECK(fresh.header("ETag") != tag);
  CHECK(contains(fresh.raw, "測試版"));
  auto page = anon.get("/embed/items/1?token=" + token);
  CHECK(contains(page.raw, "<dd class=\"sb-status\">測試版</dd>"));

  // No access: an SVG that says so, never cached.
  auto denied = anon.get("/badge/items/1.svg");
  CHECK(denied.status == 401);
  CHECK(contains(denied.header("Content-Type"), "image/svg+xml"));
  CHECK(denied.header("Cache-Control") == "no-store");
  CHECK(anon.get("/badge/items/99999.svg?token=" + token).status == 404);
}

TEST_CASE("embed tokens: revoked is 401, an area token sees only its area", "[embed]") {
  ServerProcess server(embed_options());
  Session admin(server, "admin");
  auto anon = Session::anonymous(server);
  std::string board = make_token(admin, "board");
  std::string area = make_token(admin, "area:報表");

  // Item 3 is 報表; item 1 is 媒體.
  CHECK(anon.get("/embed/items/3?token=" + area).status == 200);
  CHECK(anon.get("/embed/items/1?token=" + area).status == 404);
  CHECK(anon.get("/badge/items/3.svg?token=" + area).status == 200);
  CHECK(anon.get("/badge/items/1.svg?token=" + area).status == 404);
  auto roadmap = anon.get("/embed/roadmap?token=" + area);
  REQUIRE(roadmap.status == 200);
  CHECK(contains(roadmap.raw, "報表匯出到 Excel"));
  CHECK_FALSE(contains(roadmap.raw, "直播功能"));
  auto release = anon.get("/embed/releases/2?token=" + area);
  CHECK_FALSE(contains(release.raw, "直播功能"));
  auto search = anon.get("/embed/search?q=%E7%9B%B4%E6%92%AD&token=" + area);  // 直播
  REQUIRE(search.status == 200);
  CHECK_FALSE(contains(search.raw, "data-item=\"1\""));

  // Questions through the API: only those about the area's items.
  Session pm(server, "chen.pm");
  auto about_1 = pm.get("/api/v1/questions?item=1");
  REQUIRE(about_1.status == 200);
  REQUIRE_FALSE(about_1.body["items"].empty());
  const std::string q1 = std::to_string(about_1.body["items"][0]["id"].get<long>());
  CHECK(anon.get("/api/v1/questions/" + q1 + "?token=" + area).status == 404);
  CHECK(anon.get("/api/v1/questions/" + q1 + "?token=" + board).status == 200);
  auto area_questions = anon.get("/api/v1/questions?limit=200&token=" + area);
  REQUIRE(area_questions.status == 200);
  for (const auto& q : area_questions.body["items"]) {
    REQUIRE(q["item_id"].is_number());
    auto item = pm.get("/api/v1/items/" + std::to_string(q["item_id"].get<long>()));
    CHECK(item.body["area"] == "報表");
  }
  CHECK(anon.get("/api/v1/questions?limit=200&token=" + board).body["items"].size() >
        area_questions.body["items"].size());

  // Revoking: the next request is a 401, for pages and badges alike.
  CHECK(anon.get("/embed/items/1?token=" + board).status == 200);
  auto listed = admin.get("/api/v1/embed-tokens");
  long board_id = 0;
  for (const auto& t : listed.body["items"])
    if (t["scope"] == "board") board_id = t["id"];
  REQUIRE(board_id != 0);
  REQUIRE(admin.del("/api/v1/embed-tokens/" + std::to_string(board_id)).status == 204);
  CHECK(anon.get("/embed/items/1?token=" + board).status == 401);
  CHECK(anon.get("/embed/roadmap?token=" + board).status == 401);
  CHECK(anon.get("/badge/items/1.svg?token=" + board).status == 401);
}
