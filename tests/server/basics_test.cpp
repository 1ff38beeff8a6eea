// The foundation over loopback: health, static files with correct types, sign-in, item list
// and item with ETag, cursor pages, limits, stripped fields for viewers, problem+json errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

TEST_CASE("health, sign-in and the demo board's items") {
  ServerProcess server;
  auto anon = Session::anonymous(server);
  CHECK(anon.get("/healthz").status == 200);
  // Ready: the store answers and the schema is at the last migration in server/sql/.
  auto ready = anon.get("/readyz");
  CHECK(ready.status == 200);
  CHECK(ready.body["status"] == "ready");
  int last = 0;
  for (const auto& f : std::filesystem::directory_iterator(repo_root() / "server/sql"))
    last = std::max(last, std::stoi(f.path().filename().string().substr(0, 3)));
  CHECK(last >= 4);
  CHECK(ready.body["schema_version"] == last);

  auto unauth = anon.get("/api/v1/items");
  CHECK(unauth.status == 401);
  CHECK(unauth.header("Content-Type") == "application/problem+json");
  CHECK(unauth.body["status"] == 401);

  Session sales(server, "lin.sales");
  CHECK(sales.user["role"] == "sales");
  CHECK(sales.csrf.size() >= 22);

  auto me = sales.get("/api/v1/me");
  REQUIRE(me.status == 200);
  CHECK(me.body["user"]["login"] == "lin.sales");

  auto list = sales.get("/api/v1/items?limit=500");
  REQUIRE(list.status == 200);
  auto& items = list.body["items"];
  REQUIRE(items.size() >= 8);
  CHECK(list.body["next_cursor"].is_null());
  bool has_chinese_live = false;
  for (auto& it : items)
    if (it["title"].get<std::string>().find("直播") != std::string::npos) has_chinese_live = true;
  CHECK(has_chinese_live);

  auto id = items[0]["id"].get<long>();
  auto one = sales.get("/api/v1/items/" + std::to_string(id));
  REQUIRE(one.status == 200);
  CHECK(one.header("ETag") == "\"" + std::to_string(one.body["version"].get<long>()) + "\"");
  CHECK(one.body["id"] == id);
  CHECK(one.body.contains("internal_note"));

  CHECK(sales.get("/api/v1/items/999999").status == 404);
  CHECK(sales.get("/api/v1/items/abc").status == 404);
}

TEST_CASE("wrong passwords and unknown logins get the same 401") {
  ServerProcess server;
  auto c = server.client();
  auto a = c.Post("/api/v1/session", R"({"login":"lin.sales","password":"nope-nope"})",
                  "application/json");
  auto b = c.Post("/api/v1/session", R"({"login":"nobody","password":"nope-nope"})",
                  "application/json");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == 401);
  CHECK(b->status == 401);
  CHECK(json::parse(a->body)["detail"] == json::parse(b->body)["detail"]);
  auto bad = c.Post("/api/v1/session", "{not json", "application/json");
  CHECK(bad->status == 400);
  auto type = c.Post("/api/v1/session", "login=x", "application/x-www-form-urlencoded");
  CHECK(type->status == 415);
  auto extra = c.Post("/api/v1/session", R"({"login":"x","password":"y","role":"admin"})",
                      "application/json");
  CHECK(extra->status == 422);
  // A key named twice: another parser on the way could read the other value (400, naming it).
  auto twice = c.Post("/api/v1/session", R"({"login":"lin.sales","login":"admin","password":"y"})",
                      "application/json");
  REQUIRE(twice);
  CHECK(twice->status == 400);
  CHECK(twice->get_header_value("Content-Type") == "application/problem+json");
  auto problem = json::parse(twice->body);
  CHECK(problem["detail"].get<std::string>().find("\"login\"") != std::string::npos);
  CHECK(problem["errors"][0]["field"] == "login");
}

TEST_CASE("cursor pages walk the whole list once, limits are enforced") {
  ServerProcess server;
  Session pm(server, "chen.pm");
  auto all = pm.get("/api/v1/items?limit=500&sort=demand").body["items"];
  for (const char* sort : {"updated", "demand", "value", "eta", "id"}) {
    std::set<long> seen;
    std::string cursor;
    int pages = 0;
    do {
      std::string path = std::string("/api/v1/items?limit=3&sort=") + sort;
      if (!cursor.empty()) path += "&cursor=" + cursor;
      auto page = pm.get(path);
      REQUIRE(page.status == 200);
      CHECK(page.body["items"].size() <= 3);
      for (auto& it : page.body["items"]) CHECK(seen.insert(it["id"].get<long>()).second);
      cursor = page.body["next_cursor"].is_null() ? "" : page.body["next_cursor"].get<std::string>();
      REQUIRE(++pages < 50);
    } while (!cursor.empty());
    CHECK(seen.size() == all.size());
  }
  CHECK(pm.get("/api/v1/items?limit=0").status == 400);
  CHECK(pm.get("/api/v1/items?limit=501").status == 400);
  CHECK(pm.get("/api/v1/items?limit=x").status == 400);
  CHECK(pm.get("/api/v1/items?cursor=zz").status == 400);
  CHECK(pm.get("/api/v1/items?status=done").status == 400);
  CHECK(pm.get("/api/v1/items?sort=random").status == 400);
  auto planned = pm.get("/api/v1/items?status=planned,in_progress");
  REQUIRE(planned.status == 200);
  for (auto& it : planned.body["items"])
    CHECK((it["status"] == "planned" || it["status"] == "in_progress"));
}

TEST_CASE("viewers never receive internal notes or deal values") {
  ServerProcess server;
  Session viewer(server, "zhao.viewer");
  auto list = viewer.get("/api/v1/items?limit=500");
  REQUIRE(list.status == 200);
  for (auto& it : list.body["items"]) {
    CHECK_FALSE(it.contains("internal_note"));
    CHECK_FALSE(it.contains("value_at_stake"));
  }
  CHECK(list.raw.find("CDN") == std::string::npos);  // the live-streaming item's internal note
}

TEST_CASE("static files are served with their types and security headers") {
  char tmpl[] = "/tmp/shipboard-web-XXXXXX";
  std::string web = mkdtemp(tmpl);
  std::ofstream(web + "/index.html") << "<!doctype html><title>x</title>";
  std::ofstream(web + "/app.wasm") << std::string("\0asm\1\0\0\0", 8);
  ServerOptions o;
  o.web_dir = web;
  ServerProcess server(o);
  auto c = server.client();
  auto wasm = c.Get("/app.wasm");
  REQUIRE(wasm);
  CHECK(wasm->status == 200);
  CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
  auto index = c.Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(index->get_header_value("Content-Security-Policy").find("frame-ancestors 'self'") !=
        std::string::npos);
  auto traversal = c.Get("/../../etc/passwd");
  REQUIRE(traversal);
  CHECK(traversal->status == 404);
  CHECK(traversal->body.find("root:") == std::string::npos);
  std::filesystem::remove_all(web);
}

TEST_CASE("first start without --demo creates only an admin, with the given password") {
  ServerOptions o;
  o.demo = false;
  o.env["SHIPBOARD_ADMIN_PASSWORD"] = "a-long-admin-passphrase";
  ServerProcess server(o);
  Session admin(server, "admin", "a-long-admin-passphrase");
  CHECK(admin.user["role"] == "admin");
  CHECK(admin.get("/api/v1/items").body["items"].empty());
  CHECK_THROWS(Session(server, "admin", "shipboard-demo"));

  ServerOptions random;
  random.demo = false;
  ServerProcess second(random);
  auto out = second.output();
  auto pos = out.find("Password (shown once): ");
  REQUIRE(pos != std::string::npos);
  auto password = out.substr(pos + 23);
  password = password.substr(0, password.find('\n'));
  CHECK(password.size() >= 20);
  Session admin2(second, "admin", password);
  CHECK(admin2.user["login"] == "admin");
}

TEST_CASE("generate fills a large board that the server then serves and searches") {
  char tmpl[] = "/tmp/shipboard-gen-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string cmd = std::string("SHIPBOARD_ADMIN_PASSWORD=generated-pass-1 ") + SHIPBOARD_SERVER_BIN +
                    " generate --db " + dir + "/g.db --items 300 --requests 900 --questions 600"
                    " --customers 40 > " + dir + "/out.txt 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  // A second run refuses to write over a board.
  CHECK(std::system(cmd.c_str()) != 0);
  ServerOptions o;
  o.demo = false;
  o.db_file = dir + "/g.db";
  ServerProcess server(o);
  Session sales(server, "sales1", "generated-pass-1");
  auto page = sales.get("/api/v1/items?limit=500&sort=demand");
  REQUIRE(page.status == 200);
  CHECK(page.body["items"].size() == 300);
  double prev = 1e18;
  for (auto& it : page.body["items"]) {
    CHECK(it["demand_score"].get<double>() <= prev);
    prev = it["demand_score"];
  }
  CHECK(page.body["items"][0]["request_count"].get<int>() > 0);
  auto hits = sales.get("/api/v1/search?q=" + httplib::encode_query_component("直播"));
  REQUIRE(hits.status == 200);
  CHECK(hits.body["items"].size() > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("--demo is refused unless listening on loopback; bad flags are reported") {
  std::string bin = SHIPBOARD_SERVER_BIN;
  CHECK(std::system((bin + " --demo --listen 0.0.0.0:0 --db /tmp/shipboard-never.db >/dev/null 2>&1").c_str()) != 0);
  CHECK_FALSE(std::filesystem::exists("/tmp/shipboard-never.db"));
  CHECK(std::system((bin + " --listen nonsense >/dev/null 2>&1").c_str()) != 0);
  CHECK(std::system((bin + " --frobnicate 1 >/dev/null 2>&1").c_str()) != 0);
  CHECK(std::system((bin + " --help >/dev/null 2>&1").c_str()) == 0);
}

TEST_CASE("sign-in is throttled per account with 429 and Retry-After; sign-out ends the session") {
  ServerProcess server;
  auto c = server.client();
  auto attempt = [&](const char* login, const char* password) {
    auto r = c.Post("/api/v1/session", json{{"login", login}, {"password", password}}.dump(),
                    "application/json");
    REQUIRE(r);
    return r;
  };
  for (int i = 0; i < 5; ++i) CHECK(attempt("lin.sales", "wrong-password")->status == 401);
  auto limited = attempt("lin.sales", "wrong-password");
  CHECK(limited->status == 429);
  CHECK(std::stol(limited->get_header_value("Retry-After")) >= 1);
  // Even the right password waits; other accounts are not affected.
  CHECK(attempt("lin.sales", "shipboard-demo")->status == 429);
  CHECK(attempt("li.sales", "shipboard-demo")->status == 200);

  // A new session id at every sign-in; sign-out invalidates on the server.
  Session a(server, "chen.pm"), b(server, "chen.pm");
  CHECK(a.cookie != b.cookie);
  CHECK(a.get("/api/v1/me").status == 200);
  auto out = a.send("DELETE", "/api/v1/session", "", {});
  CHECK(out.status == 204);
  CHECK(a.get("/api/v1/me").status == 401);
  CHECK(b.get("/api/v1/me").status == 200);
}
