// Migrations from fixture databases (issue "Hardening"): for every schema version so far there
// is a small database with data, committed as SQL text (tests/server/fixtures/schema_vN.sql,
// written by make_schema_fixtures.py). Each is loaded, the current server is started on it —
// which migrates it — and its data must be intact and served: items, requests, questions and
// answers, the library, customers, history, and search; it must also take new writes. A
// database newer than the server knows is refused.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Runs SQL on a database file; returns the first column of the last row of a query, if any.
std::string sql(const std::string& db_path, const std::string& text) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  std::string last;
  auto cb = [](void* out, int n, char** values, char**) {
    if (n > 0 && values[0]) *static_cast<std::string*>(out) = values[0];
    return 0;
  };
  int rc = sqlite3_exec(db, text.c_str(), cb, &last, &err);
  std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
  return last;
}

int latest_schema_version() {
  int latest = 0;
  for (const auto& e : fs::directory_iterator(repo_root() / "server/sql"))
    if (e.path().extension() == ".sql")
      latest = std::max(latest, std::stoi(e.path().filename().string().substr(0, 3)));
  return latest;
}

}  // namespace

TEST_CASE("every earlier schema version migrates with its data intact and served", "[migration]") {
  const int latest = latest_schema_version();
  REQUIRE(latest >= 4);
  std::vector<fs::path> fixtures;
  for (const auto& e : fs::directory_iterator(repo_root() / "tests/server/fixtures"))
    if (std::regex_match(e.path().filename().string(), std::regex(R"(schema_v\d+\.sql)")))
      fixtures.push_back(e.path());
  std::sort(fixtures.begin(), fixtures.end());
  // One fixture for every version before the current one (and the current one itself).
  std::set<int> versions;
  for (const auto& f : fixtures) versions.insert(std::stoi(f.filename().string().substr(8)));
  for (int v = 1; v < latest; ++v) {
    INFO("missing fixture for schema version "
         << v << ": run tests/server/fixtures/make_schema_fixtures.py");
    CHECK(versions.count(v));
  }

  int checked = 0;
  for (const auto& fixture : fixtures) {
    const int version = std::stoi(fixture.filename().string().substr(8));
    const std::string v = std::to_string(version);
    INFO("fixture " << fixture.filename().string());
    char tmpl[] = "/tmp/shipboard-migrate-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::string db = dir + "/old.db";
    sql(db, read_text(fixture));
    REQUIRE(sql(db, "PRAGMA user_version") == v);
    {
      ServerOptions o;
      o.demo = false;
      o.db_file = db;
      ServerProcess server(o);
      auto pm = Session::bearer(server, "fixture-api-token-for-migrations");
      // Items, with every stored field as it was.
      auto one = pm.get("/api/v1/items/1");
      REQUIRE(one.status == 200);
      CHECK(one.body["title"] == "直播回放 v" + v);
      CHECK(one.body["status"] == "planned");
      CHECK(one.body["eta"] == "2026-Q1");
      CHECK(one.body["release_id"] == 1);
      CHECK(one.body["customer_answer"] == "已排入春季版本");
      CHECK(one.body["internal_note"] == "internal 1");
      CHECK(one.body["request_count"] == 1);
      CHECK(one.body["version"] == 2);
      CHECK(one.header("ETag") == "\"2\"");
      auto list = pm.get("/api/v1/items?limit=500&sort=id");
      REQUIRE(list.status == 200);
      CHECK(list.body["items"].size() == 3);
      for (const char* sort : {"updated", "demand", "value", "eta"})
        CHECK(pm.get(std::string("/api/v1/items?sort=") + sort).body["items"].size() == 3);
      auto requests = pm.get("/api/v1/items/1/requests");
      REQUIRE(requests.status == 200);
      REQUIRE(requests.body["items"].size() == 1);
      CHECK(requests.body["items"][0]["quote"] == "下季度要用");
      // Questions and answers, the library, customers, releases, history.
      auto q = pm.get("/api/v1/questions/1");
      REQUIRE(q.status == 200);
      CHECK(q.body["state"] == "answered");
      REQUIRE(q.body["answers"].size() == 1);
      CHECK(q.body["answers"][0]["body"] == "yes, as mp4");
      CHECK(pm.get("/api/v1/questions?state=open").body["items"].size() == 1);
      CHECK(pm.get("/api/v1/answers/1").body["title"] == "直播回放说明");
      auto cu = pm.get("/api/v1/customers/1");
      REQUIRE(cu.status == 200);
      CHECK(cu.body["name"] == "华东银行");
      CHECK(cu.body["contacts"][0]["name"] == "王经理");
      CHECK(pm.get("/api/v1/releases/1").body["name"] == "Spring 2026");
      auto history = pm.get("/api/v1/items/1/history");
      REQUIRE(history.status == 200);
      CHECK(history.body["items"].size() >= 1);
      // Search finds the old rows (by Chinese bigram and English word), and questions.
      auto hits = [&](const std::string& query) {
        auto r = pm.get("/api/v1/search?q=" + httplib::encode_query_component(query));
        REQUIRE(r.status == 200);
        std::set<std::string> found;
        for (auto& h : r.body["items"])
          found.insert(h["entity"].get<std::string>() + std::to_string(h["id"].get<long>()));
        return found;
      };
      CHECK(hits("直播").count("item1"));
      CHECK(hits("livestream").count("item1"));
      CHECK(hits("報表").count("item2"));  // Traditional folds to the Simplified title
      CHECK(hits("spreadsheet").count("question2"));
      CHECK(hits("春季").count("release1"));
      // New writes work and are found.
      auto patched = pm.patch("/api/v1/items/2", {{"title", "报表导出 migrated"}}, "\"2\"");
      CHECK(patched.status == 200);
      CHECK(hits("migrated").count("item2"));
      auto made = pm.post("/api/v1/items", {{"title", "迁移后新建"}, {"area", "直播"}});
      CHECK(made.status == 201);
      CHECK(pm.post("/api/v1/questions", {{"item_id", 1}, {"body", "after migration?"}}).status ==
            201);
      CHECK(hits("migration").size() >= 1);
    }
    CHECK(sql(db, "PRAGMA user_version") == std::to_string(latest));
    CHECK(sql(db, "PRAGMA integrity_check") == "ok");
    ++checked;
    fs::remove_all(dir);
  }
  CHECK(checked >= latest - 1);
  WARN("migrations checked from " << checked << " fixture databases (schema versions 1.." << latest
                                  << ")");

  // A database from a newer server is refused, not opened.
  char tmpl[] = "/tmp/shipboard-migrate-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string db = dir + "/new.db";
  sql(db, read_text(fixtures.back()));
  sql(db, "PRAGMA user_version = " + std::to_string(latest + 1));
  ServerOptions o;
  o.demo = false;
  o.db_file = db;
  CHECK_THROWS(ServerProcess(o));
  fs::remove_all(dir);
}
