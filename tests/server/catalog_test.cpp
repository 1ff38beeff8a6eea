// The catalog over loopback: releases, customers (ownership, computed tiers, references), the
// answer library, users (sessions ended on deactivation, role or password change), embed
// tokens and bearer tokens (revocation takes effect at once), with every documented error.
//
// Index: [SECTION] releases and answer library  [SECTION] customers  [SECTION] users
//        [SECTION] tokens
#include <catch2/catch.hpp>

#include <string>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

std::string etag(const Session::Reply& r) {
  return r.header("ETag");
}
std::string str(long id) {
  return std::to_string(id);
}
json money(long long amount) {
  return {{"amount", amount}, {"currency", "CNY"}};
}

Session without_csrf(const Session& s) {
  Session copy = s;
  copy.csrf.clear();
  return copy;
}

bool has_field_error(const Session::Reply& r, const std::string& field) {
  if (!r.body.contains("errors")) return false;
  for (const auto& e : r.body["errors"])
    if (e["field"] == field) return true;
  return false;
}

}  // namespace

// [SECTION] releases and answer library -----------------------------------------------------------
TEST_CASE("releases and the answer library: reading, writing, If-Match, errors") {
  ServerProcess server;
  auto anon = Session::anonymous(server);
  Session pm(server, "chen.pm");
  Session sales(server, "lin.sales");
  Session viewer(server, "zhao.viewer");
  Session admin(server, "admin");

  {  // releases
    CHECK(anon.get("/api/v1/releases").status == 401);
    auto list = viewer.get("/api/v1/releases");
    REQUIRE(list.status == 200);
    CHECK(list.body["items"].size() == 3);
    CHECK(list.body["next_cursor"].is_null());

    json body{{"name", "2027.3 秋季版"},
              {"planned_date", "2027-10-01"},
              {"notes", "規劃中"},
              {"faq", ""}};
    CHECK(sales.post("/api/v1/releases", body).status == 403);
    CHECK(viewer.post("/api/v1/releases", body).status == 403);
    CHECK(admin.post("/api/v1/releases", body).status == 403);
    CHECK(anon.post("/api/v1/releases", body).status == 401);
    CHECK(without_csrf(pm).post("/api/v1/releases", body).status == 403);
    CHECK(pm.send("POST", "/api/v1/releases", body.dump(), {}, "text/plain").status == 415);
    CHECK(pm.send("POST", "/api/v1/releases", "{oops", {}).status == 400);
    for (const char* owned : {"id", "version", "created_at"}) {
      json extra = body;
      extra[owned] = 7;
      auto r = pm.post("/api/v1/releases", extra);
      CHECK(r.status == 422);
      CHECK(has_field_error(r, owned));
    }
    auto bad_date = pm.post("/api/v1/releases", {{"name", "x"}, {"planned_date", "2027-02-30"}});
    CHECK(bad_date.status == 422);
    CHECK(has_field_error(bad_date, "planned_date"));
    auto no_ship = pm.post("/api/v1/releases",
                           {{"name", "x"}, {"planned_date", "2027-01-01"}, {"state", "released"}});
    CHECK(no_ship.status == 422);
    CHECK(has_field_error(no_ship, "shipped_date"));

    auto made = pm.post("/api/v1/releases", body);
    REQUIRE(made.status == 201);
    long id = made.body["id"];
    CHECK(made.header("Location") == "/api/v1/releases/" + str(id));
    CHECK(etag(made) == "\"1\"");
    CHECK(made.body["state"] == "planned");
    CHECK(made.body["shipped_date"].is_null());

    auto one = viewer.get("/api/v1/releases/" + str(id));
    REQUIRE(one.status == 200);
    CHECK(etag(one) == "\"1\"");
    CHECK(one.body["name"] == "2027.3 秋季版");
    CHECK(viewer.get("/api/v1/releases/99999").status == 404);
    CHECK(viewer.get("/api/v1/releases/x").status == 404);

    std::string path = "/api/v1/releases/" + str(id);
    CHECK(pm.patch(path, {{"notes", "x"}}, "").status == 428);
    CHECK(pm.patch(path, {{"notes", "x"}}, "abc").status == 412);
    CHECK(sales.patch(path, {{"notes", "x"}}, "\"1\"").status == 403);
    CHECK(pm.patch("/api/v1/releases/99999", {{"notes", "x"}}, "\"1\"").status == 404);
    CHECK(pm.patch(path, json::object(), "\"1\"").status == 422);
    CHECK(pm.patch(path, {{"version", 3}}, "\"1\"").status == 422);
    CHECK(pm.patch(path, {{"state", "released"}}, "\"1\"").status == 422);
    auto first = pm.patch(path, {{"state", "released"}, {"shipped_date", "2027-10-02"}}, "\"1\"");
    REQUIRE(first.status == 200);
    CHECK(etag(first) == "\"2\"");
    CHECK(first.body["version"] == 2);
    CHECK(first.body["state"] == "released");
    auto second = pm.patch(path, {{"notes", "late"}}, "\"1\"");
    CHECK(second.status == 412);
    CHECK(second.header("Content-Type") == "application/problem+json");
    // The 412 carries the release as it is now, so the client has one conflict path.
    CHECK(second.body["current"]["version"] == 2);
    CHECK(second.body["current"]["state"] == "released");
    CHECK(etag(second) == "\"2\"");
    CHECK(pm.get(path).body["notes"] == "規劃中");

    // Cursor pages over the four releases.
    auto page1 = pm.get("/api/v1/releases?limit=3");
    REQUIRE(page1.status == 200);
    CHECK(page1.body["items"].size() == 3);
    REQUIRE(page1.body["next_cursor"].is_string());
    auto page2 =
        pm.get("/api/v1/releases?limit=3&cursor=" + page1.body["next_cursor"].get<std::string>());
    REQUIRE(page2.status == 200);
    REQUIRE(page2.body["items"].size() == 1);
    CHECK(page2.body["items"][0]["id"] == id);
    CHECK(page2.body["next_cursor"].is_null());
    CHECK(pm.get("/api/v1/releases?limit=501").status == 400);
    CHECK(pm.get("/api/v1/releases?cursor=zz").status == 400);
  }

  {  // answer library
    CHECK(anon.get("/api/v1/answers").status == 401);
    auto list = viewer.get("/api/v1/answers");
    REQUIRE(list.status == 200);
    CHECK(list.body["items"].size() == 1);
    CHECK(viewer.get("/api/v1/answers?item=1").body["items"].empty());
    CHECK(viewer.get("/api/v1/answers?item=abc").status == 400);

    json body{{"title", "直播的觀看權限"},
              {"body", "直播可設定為僅限組織內成員觀看。"},
              {"tags", {"直播", "資安"}},
              {"item_id", 1},
              {"lang", "zh-Hant"}};
    CHECK(sales.post("/api/v1/answers", body).status == 403);
    CHECK(admin.post("/api/v1/answers", body).status == 403);
    CHECK(anon.post("/api/v1/answers", body).status == 401);
    json unknown_item = body;
    unknown_item["item_id"] = 99999;
    auto r = pm.post("/api/v1/answers", unknown_item);
    CHECK(r.status == 422);
    CHECK(has_field_error(r, "item_id"));
    json bad_lang = body;
    bad_lang["lang"] = "fr";
    CHECK(pm.post("/api/v1/answers", bad_lang).status == 422);
    json extra = body;
    extra["author_id"] = 1;
    CHECK(pm.post("/api/v1/answers", extra).status == 422);
    CHECK(pm.send("POST", "/api/v1/answers", body.dump(), {}, "text/plain").status == 415);

    auto made = pm.post("/api/v1/answers", body);
    REQUIRE(made.status == 201);
    long id = made.body["id"];
    CHECK(made.header("Location") == "/api/v1/answers/" + str(id));
    CHECK(made.body["author_id"] == pm.user["id"]);
    CHECK(made.body["tags"] == json({"直播", "資安"}));
    auto filtered = viewer.get("/api/v1/answers?item=1");
    REQUIRE(filtered.body["items"].size() == 1);
    CHECK(filtered.body["items"][0]["id"] == id);

    std::string path = "/api/v1/answers/" + str(id);
    CHECK(etag(viewer.get(path)) == "\"1\"");
    CHECK(pm.patch(path, {{"title", "x"}}, "").status == 428);
    CHECK(sales.patch(path, {{"title", "x"}}, "\"1\"").status == 403);
    CHECK(pm.patch("/api/v1/answers/99999", {{"title", "x"}}, "\"1\"").status == 404);
    CHECK(pm.patch(path, {{"id", 4}}, "\"1\"").status == 422);
    auto first = pm.patch(path, {{"item_id", nullptr}, {"title", "直播權限"}}, "\"1\"");
    REQUIRE(first.status == 200);
    CHECK(first.body["item_id"].is_null());
    CHECK(etag(first) == "\"2\"");
    auto stale = pm.patch(path, {{"title", "again"}}, "\"1\"");
    CHECK(stale.status == 412);
    CHECK(stale.body["current"]["title"] == "直播權限");
    CHECK(stale.body["current"]["version"] == 2);
    CHECK(viewer.get("/api/v1/answers?item=1").body["items"].empty());
  }
}

// [SECTION] customers -----------------------------------------------------------------------------
TEST_CASE("customers: who may see and change them, computed tiers, references") {
  ServerProcess server;
  auto anon = Session::anonymous(server);
  Session pm(server, "chen.pm");
  Session lin(server, "lin.sales");
  Session li(server, "li.sales");
  Session support(server, "wang.support");
  Session viewer(server, "zhao.viewer");

  CHECK(anon.get("/api/v1/customers").status == 401);
  CHECK(viewer.get("/api/v1/customers").status == 403);
  CHECK(viewer.get("/api/v1/customers/1").status == 403);
  auto all = lin.get("/api/v1/customers?limit=500");
  REQUIRE(all.status == 200);
  CHECK(all.body["items"].size() == 7);
  auto mine = lin.get("/api/v1/customers?mine=1");
  REQUIRE(mine.status == 200);
  CHECK(mine.body["items"].size() == 5);
  for (auto& c : mine.body["items"]) CHECK(c["owner_id"] == lin.user["id"]);
  auto paged = pm.get("/api/v1/customers?limit=4");
  CHECK(paged.body["items"].size() == 4);
  CHECK(paged.body["next_cursor"].is_string());

  auto one = support.get("/api/v1/customers/1");
  REQUIRE(one.status == 200);
  CHECK(etag(one) == "\"1\"");
  CHECK(one.body["tier"] == "A");
  CHECK(one.body["contacts"].size() == 2);
  CHECK(pm.get("/api/v1/customers/99999").status == 404);

  {  // tiers and demand are recomputed after a value change
    auto before = pm.get("/api/v1/items/10");
    REQUIRE(before.status == 200);
    double demand_before = before.body["demand_score"];
    CHECK(pm.get("/api/v1/customers/7").body["tier"] == "C");
    // 台南綠能 (customer 7) grows to 1 億 CNY: now it alone is 80% of the total value.
    auto grown =
        lin.patch("/api/v1/customers/7", {{"annual_value", money(10'000'000'000LL)}}, "\"1\"");
    REQUIRE(grown.status == 200);
    CHECK(grown.body["tier"] == "A");
    CHECK(pm.get("/api/v1/customers/1").body["tier"] == "B");
    auto after = pm.get("/api/v1/items/10");
    CHECK(after.body["demand_score"].get<double>() > demand_before);
    // A new customer larger than everyone else pushes the others down too.
    auto huge = pm.post("/api/v1/customers",
                        {{"name", "巨型客戶"}, {"annual_value", money(100'000'000'000LL)}});
    REQUIRE(huge.status == 201);
    CHECK(huge.body["tier"] == "A");
    CHECK(pm.get("/api/v1/customers/7").body["tier"] != "A");
  }
  {  // patch: ownership, If-Match, references
    // Customer 2 belongs to li.sales; customer 6 to lin.sales.
    CHECK(lin.patch("/api/v1/customers/2", {{"name", "x"}}, "\"1\"").status == 403);
    CHECK(support.patch("/api/v1/customers/6", {{"name", "x"}}, "\"1\"").status == 403);
    CHECK(pm.patch("/api/v1/customers/99999", {{"name", "x"}}, "\"1\"").status == 404);
    CHECK(lin.patch("/api/v1/customers/6", {{"name", "x"}}, "").status == 428);
    CHECK(lin.patch("/api/v1/customers/6", {{"tier", "A"}}, "\"1\"").status == 422);
    auto self =
        lin.patch("/api/v1/customers/6", {{"channel", "partner"}, {"partner_id", 6}}, "\"1\"");
    CHECK(self.status == 422);
    CHECK(has_field_error(self, "partner_id"));
    auto ghost =
        lin.patch("/api/v1/customers/6", {{"channel", "partner"}, {"partner_id", 999}}, "\"1\"");
    CHECK(ghost.status == 422);
    CHECK(has_field_error(ghost, "partner_id"));
    CHECK(lin.patch("/api/v1/customers/6", {{"owner_id", 999}}, "\"1\"").status == 422);

    auto first =
        lin.patch("/api/v1/customers/6", {{"name", "新竹晶創半導體股份有限公司"}}, "\"1\"");
    REQUIRE(first.status == 200);
    CHECK(etag(first) == "\"2\"");
    CHECK(first.body["name"] == "新竹晶創半導體股份有限公司");
    auto second = lin.patch("/api/v1/customers/6", {{"name", "other"}}, "\"1\"");
    CHECK(second.status == 412);
    CHECK(second.body["current"]["name"] == "新竹晶創半導體股份有限公司");
    CHECK(second.body["current"]["version"] == 2);
    CHECK(pm.get("/api/v1/customers/6").body["name"] == "新竹晶創半導體股份有限公司");

    // A pm may change anyone's customer; li.sales may change their own.
    CHECK(pm.patch("/api/v1/customers/2", {{"contacts", json::array()}}, "\"1\"").status == 200);
    CHECK(li.patch("/api/v1/customers/5", {{"name", "北京明日教育"}}, "\"1\"").status == 200);
  }

  {  // create
    json body{{"name", "台中精密機械"},
              {"annual_value", money(50'000'000)},
              {"contacts", {{{"name", "陳大文"}, {"title", "廠長"}, {"role", "decision_maker"}}}}};
    CHECK(support.post("/api/v1/customers", body).status == 403);
    CHECK(viewer.post("/api/v1/customers", body).status == 403);
    CHECK(without_csrf(lin).post("/api/v1/customers", body).status == 403);
    for (const char* owned : {"tier", "id", "version"}) {
      json extra = body;
      extra[owned] = owned == std::string("tier") ? json("A") : json(1);
      auto r = lin.post("/api/v1/customers", extra);
      CHECK(r.status == 422);
      CHECK(has_field_error(r, owned));
    }
    json partner = body;
    partner["channel"] = "partner";
    partner["partner_id"] = 99999;
    auto r = lin.post("/api/v1/customers", partner);
    CHECK(r.status == 422);
    CHECK(has_field_error(r, "partner_id"));
    json owner = body;
    owner["owner_id"] = 99999;
    r = lin.post("/api/v1/customers", owner);
    CHECK(r.status == 422);
    CHECK(has_field_error(r, "owner_id"));
    CHECK(lin.send("POST", "/api/v1/customers", body.dump(), {}, "text/plain").status == 415);

    auto made = lin.post("/api/v1/customers", body);
    REQUIRE(made.status == 201);
    CHECK(made.body["owner_id"] == lin.user["id"]);  // defaults to the caller
    CHECK(made.body["tier"] == "C");
    CHECK(made.body["channel"] == "direct");
    CHECK(made.header("Location") == "/api/v1/customers/" + str(made.body["id"].get<long>()));

    partner["partner_id"] = 3;
    partner["name"] = "屏東漁業合作社";
    auto via = pm.post("/api/v1/customers", partner);
    REQUIRE(via.status == 201);
    CHECK(via.body["partner_id"] == 3);
    CHECK(via.body["owner_id"] == pm.user["id"]);
  }
}

// [SECTION] users ---------------------------------------------------------------------------------
TEST_CASE("users: admin only, passwords never returned, changes end sessions") {
  ServerProcess server;
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto anon = Session::anonymous(server);

  CHECK(anon.get("/api/v1/users").status == 401);
  CHECK(pm.get("/api/v1/users").status == 403);
  auto list = admin.get("/api/v1/users");
  REQUIRE(list.status == 200);
  CHECK(list.body["items"].size() == 7);
  CHECK(list.raw.find("password") == std::string::npos);
  CHECK(list.raw.find("$argon2") == std::string::npos);

  json body{{"login", "wu.sales"},
            {"name", "吳小華"},
            {"role", "sales"},
            {"password", "a-good-long-password"}};
  CHECK(pm.post("/api/v1/users", body).status == 403);
  CHECK(without_csrf(admin).post("/api/v1/users", body).status == 403);
  json short_pw = body;
  short_pw["password"] = "short";
  auto r = admin.post("/api/v1/users", short_pw);
  CHECK(r.status == 422);
  CHECK(has_field_error(r, "password"));
  json bad_login = body;
  bad_login["login"] = "Wu Sales";
  CHECK(admin.post("/api/v1/users", bad_login).status == 422);
  json extra = body;
  extra["active"] = true;
  CHECK(admin.post("/api/v1/users", extra).status == 422);
  json dup = body;
  dup["login"] = "chen.pm";
  CHECK(admin.post("/api/v1/users", dup).status == 409);
  CHECK(admin.send("POST", "/api/v1/users", body.dump(), {}, "text/plain").status == 415);

  auto made = admin.post("/api/v1/users", body);
  REQUIRE(made.status == 201);
  CHECK(made.raw.find("password") == std::string::npos);
  CHECK(made.body["role"] == "sales");
  CHECK(made.body["active"] == true);
  long id = made.body["id"];
  std::string path = "/api/v1/users/" + str(id);
  CHECK(etag(admin.get(path)) == "\"1\"");
  CHECK(admin.get("/api/v1/users/99999").status == 404);

  Session wu(server, "wu.sales", "a-good-long-password");
  CHECK(wu.get("/api/v1/me").status == 200);

  CHECK(admin.patch(path, {{"name", "x"}}, "").status == 428);
  CHECK(pm.patch(path, {{"name", "x"}}, "\"1\"").status == 403);
  CHECK(admin.patch("/api/v1/users/99999", {{"name", "x"}}, "\"1\"").status == 404);
  CHECK(admin.patch(path, {{"login", "other"}}, "\"1\"").status == 422);

  // A rename keeps the session; a second patch with the same If-Match is stale.
  auto renamed = admin.patch(path, {{"name", "吳小華（北區）"}}, "\"1\"");
  REQUIRE(renamed.status == 200);
  CHECK(etag(renamed) == "\"2\"");
  auto stale = admin.patch(path, {{"name", "y"}}, "\"1\"");
  CHECK(stale.status == 412);
  CHECK(stale.body["current"]["name"] == "吳小華（北區）");
  CHECK(wu.get("/api/v1/me").status == 200);

  // A role change ends the user's sessions.
  REQUIRE(admin.patch(path, {{"role", "support"}}, "\"2\"").status == 200);
  CHECK(wu.get("/api/v1/me").status == 401);

  // A password change ends them too; the new password works, the old one no longer does.
  Session wu2(server, "wu.sales", "a-good-long-password");
  auto pw = admin.patch(path, {{"password", "another-long-password"}}, "\"3\"");
  REQUIRE(pw.status == 200);
  CHECK(pw.raw.find("password") == std::string::npos);
  CHECK(wu2.get("/api/v1/me").status == 401);
  CHECK_THROWS(Session(server, "wu.sales", "a-good-long-password"));
  Session wu3(server, "wu.sales", "another-long-password");
  CHECK(wu3.get("/api/v1/me").body["user"]["role"] == "support");

  // Deactivation ends sessions and blocks sign-in.
  auto off = admin.patch(path, {{"active", false}}, "\"4\"");
  REQUIRE(off.status == 200);
  CHECK(off.body["active"] == false);
  CHECK(wu3.get("/api/v1/me").status == 401);
  CHECK_THROWS(Session(server, "wu.sales", "another-long-password"));

  // The last active admin cannot be deactivated or demoted.
  auto me = admin.get("/api/v1/users/1");
  REQUIRE(me.status == 200);
  CHECK(admin.patch("/api/v1/users/1", {{"active", false}}, etag(me)).status == 409);
  CHECK(admin.patch("/api/v1/users/1", {{"role", "pm"}}, etag(me)).status == 409);
  CHECK(admin.get("/api/v1/me").status == 200);
}

// [SECTION] tokens --------------------------------------------------------------------------------
TEST_CASE("embed tokens and bearer tokens: made by admins, revoked at once") {
  ServerProcess server;
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto anon = Session::anonymous(server);

  {  // embed tokens
    json body{{"label", "intranet wiki"}, {"scope", "board"}};
    CHECK(anon.post("/api/v1/embed-tokens", body).status == 401);
    CHECK(pm.post("/api/v1/embed-tokens", body).status == 403);
    CHECK(pm.get("/api/v1/embed-tokens").status == 403);
    CHECK(without_csrf(admin).post("/api/v1/embed-tokens", body).status == 403);
    CHECK(admin.post("/api/v1/embed-tokens", {{"label", "x"}, {"scope", "everything"}}).status ==
          422);
    CHECK(admin.post("/api/v1/embed-tokens", {{"label", "x"}, {"scope", "board"}, {"id", 1}})
              .status == 422);
    CHECK(admin.send("POST", "/api/v1/embed-tokens", body.dump(), {}, "text/plain").status == 415);

    auto made = admin.post("/api/v1/embed-tokens", body);
    REQUIRE(made.status == 201);
    std::string token = made.body["token"];
    CHECK(token.size() >= 40);
    CHECK(made.body["label"] == "intranet wiki");
    CHECK(made.body["scope"] == "board");
    CHECK(made.body.contains("created_at"));
    long id = made.body["id"];

    auto items = anon.get("/api/v1/items?limit=500&token=" + token);
    REQUIRE(items.status == 200);
    CHECK(items.body["items"].size() >= 8);
    for (auto& it : items.body["items"]) CHECK_FALSE(it.contains("internal_note"));
    CHECK(anon.get("/api/v1/releases?token=" + token).status == 200);
    CHECK(anon.get("/api/v1/answers?token=" + token).status == 200);
    CHECK(anon.get("/api/v1/customers?token=" + token).status == 403);
    CHECK(anon.get("/api/v1/users?token=" + token).status == 403);
    CHECK(anon.post("/api/v1/releases?token=" + token,
                    {{"name", "x"}, {"planned_date", "2027-01-01"}})
              .status == 403);

    auto area = admin.post("/api/v1/embed-tokens", {{"label", "報表頁"}, {"scope", "area:報表"}});
    REQUIRE(area.status == 201);
    auto area_items =
        anon.get("/api/v1/items?limit=500&token=" + area.body["token"].get<std::string>());
    REQUIRE(area_items.status == 200);
    REQUIRE(!area_items.body["items"].empty());
    for (auto& it : area_items.body["items"]) CHECK(it["area"] == "報表");

    auto listed = admin.get("/api/v1/embed-tokens");
    REQUIRE(listed.status == 200);
    CHECK(listed.body["items"].size() == 2);
    CHECK(listed.raw.find(token) == std::string::npos);
    CHECK_FALSE(listed.body["items"][0].contains("token"));

    CHECK(pm.del("/api/v1/embed-tokens/" + str(id)).status == 403);
    CHECK(admin.del("/api/v1/embed-tokens/99999").status == 404);
    CHECK(admin.del("/api/v1/embed-tokens/" + str(id)).status == 204);
    CHECK(anon.get("/api/v1/items?token=" + token).status == 401);
    auto after = admin.get("/api/v1/embed-tokens");
    CHECK(after.body["items"][0]["revoked"] == true);
    CHECK(after.body["items"][1]["revoked"] == false);
  }

  {  // bearer tokens
    json body{{"label", "nightly import"}, {"role", "pm"}};
    CHECK(anon.post("/api/v1/tokens", body).status == 401);
    CHECK(pm.post("/api/v1/tokens", body).status == 403);
    CHECK(pm.get("/api/v1/tokens").status == 403);
    CHECK(admin.post("/api/v1/tokens", {{"label", "x"}, {"role", "root"}}).status == 422);
    CHECK(
        admin.post("/api/v1/tokens", {{"label", "x"}, {"role", "pm"}, {"scope", "board"}}).status ==
        422);
    CHECK(admin.post("/api/v1/tokens", {{"role", "pm"}}).status == 422);
    CHECK(admin.send("POST", "/api/v1/tokens", body.dump(), {}, "text/plain").status == 415);

    auto made = admin.post("/api/v1/tokens", body);
    REQUIRE(made.status == 201);
    std::string token = made.body["token"];
    CHECK(made.body["role"] == "pm");
    CHECK(made.body["label"] == "nightly import");
    long id = made.body["id"];

    auto script = Session::bearer(server, token);
    CHECK(script.get("/api/v1/me").status == 200);
    CHECK(script.get("/api/v1/customers").status == 200);
    // No CSRF header needed with a bearer token; the token acts with its role (pm).
    auto rel =
        script.post("/api/v1/releases", {{"name", "腳本建立"}, {"planned_date", "2027-12-01"}});
    CHECK(rel.status == 201);
    CHECK(script.get("/api/v1/users").status == 403);

    auto viewer_token = admin.post("/api/v1/tokens", {{"label", "dashboard"}, {"role", "viewer"}});
    REQUIRE(viewer_token.status == 201);
    auto dash = Session::bearer(server, viewer_token.body["token"].get<std::string>());
    CHECK(dash.get("/api/v1/items").status == 200);
    CHECK(dash.get("/api/v1/customers").status == 403);

    auto listed = admin.get("/api/v1/tokens");
    REQUIRE(listed.status == 200);
    CHECK(listed.body["items"].size() == 2);
    CHECK(listed.raw.find(token) == std::string::npos);

    CHECK(pm.del("/api/v1/tokens/" + str(id)).status == 403);
    CHECK(admin.del("/api/v1/tokens/99999").status == 404);
    CHECK(admin.del("/api/v1/tokens/" + str(id)).status == 204);
    CHECK(script.get("/api/v1/items").status == 401);
    CHECK(script.get("/api/v1/me").status == 401);
    CHECK(dash.get("/api/v1/items").status == 200);
    CHECK(Session::bearer(server, "not-a-token").get("/api/v1/items").status == 401);
  }
}
