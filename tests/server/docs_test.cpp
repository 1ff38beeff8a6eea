// The API docs stay true to the server: the OpenAPI document served at GET /api/v1/openapi.json
// names exactly the routes the server registers (the route tables of server/src/routes/,
// shipboard::server::all_routes()) and the router knows every documented one; docs/api.md names
// every route, carries the role matrix the server enforces, and its ```sh examples run, in
// order in one bash, against a fresh --demo server with every curl call succeeding.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "routes/route.hpp"
#include "server_fixture.hpp"
#include "shipboard/permissions.hpp"

using namespace shipboard::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Route = std::pair<std::string, std::string>;  // {"GET", "/api/v1/items/{id}"}

// Every route of the route tables (server/src/routes/), with :name path parameters written
// {name} as OpenAPI does.
std::set<Route> registered_routes() {
  static const std::regex param(R"(:([A-Za-z_][A-Za-z0-9_]*))");
  std::set<Route> out;
  for (const auto* r : shipboard::server::all_routes()) {
    std::string path = r->path;  // the badge's pattern is a regex for its ".svg" suffix
    if (path.rfind("/badge/items/", 0) == 0) path = "/badge/items/{id}.svg";
    out.insert({shipboard::server::to_string(r->method), std::regex_replace(path, param, "{$1}")});
  }
  return out;
}

std::set<Route> documented_routes(const json& doc) {
  std::set<Route> out;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const char* m : {"get", "post", "put", "patch", "delete", "head", "options", "trace"})
      if (item.contains(m)) {
        std::string method = m;
        for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.insert({method, path});
      }
  return out;
}

// Every "$ref" in the document points at something that exists.
void check_refs(const json& doc, const json& node) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "$ref" && v.is_string()) {
        std::string ref = v.get<std::string>();
        INFO("$ref " << ref);
        REQUIRE(ref.rfind("#/", 0) == 0);
        CHECK(doc.contains(json::json_pointer(ref.substr(1))));
      } else {
        check_refs(doc, v);
      }
    }
  } else if (node.is_array()) {
    for (const auto& v : node) check_refs(doc, v);
  }
}

// The ```sh blocks of a Markdown text, in order.
std::vector<std::string> sh_blocks(const std::string& md) {
  std::vector<std::string> blocks;
  std::istringstream in(md);
  std::string line, cur;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```sh") {
      inside = true;
      cur.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(cur);
    } else if (inside) {
      cur += line + "\n";
    }
  }
  return blocks;
}

}  // namespace

TEST_CASE("docs: GET /api/v1/openapi.json documents exactly the routes the server registers",
          "[docs]") {
  auto registered = registered_routes();
  REQUIRE(registered.size() > 40);  // the parser found the route files
  CHECK(registered.count({"GET", "/api/v1/openapi.json"}) == 1);
  CHECK(registered.count({"PATCH", "/api/v1/items/{id}"}) == 1);

  ServerProcess server;
  auto anon = Session::anonymous(server);
  auto r = anon.get("/api/v1/openapi.json");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
  CHECK(r.header("Cache-Control") == "no-cache");
  auto doc = json::parse(r.raw, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  CHECK(doc.value("openapi", "").rfind("3.1", 0) == 0);
  check_refs(doc, doc);
  for (const char* scheme : {"cookieAuth", "csrfToken", "bearerAuth", "embedToken"})
    CHECK(doc["components"]["securitySchemes"].contains(scheme));
  // The served copy is docs/openapi.json as built.
  CHECK(doc == json::parse(read_text(repo_root() / "docs/openapi.json")));

  auto documented = documented_routes(doc);
  for (const auto& [method, path] : registered) {
    INFO("registered but not in openapi.json: " << method << " " << path);
    CHECK(documented.count({method, path}) == 1);
  }
  for (const auto& [method, path] : documented) {
    INFO("in openapi.json but not registered in server/src: " << method << " " << path);
    CHECK(registered.count({method, path}) == 1);
    // Every documented operation has a summary and its responses.
    std::string m = method;
    for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json& op = doc["paths"][path][m];
    CHECK(op.contains("responses"));
    CHECK(op.contains("summary"));
  }

  // And the router knows every documented route: asked anonymously (so nothing changes),
  // none may fall through to the router's 404 ("no such resource") or 405. (A route may answer
  // its own 404: /auth/oidc/* does while company sign-in is not configured.)
  for (const auto& [method, path] : documented) {
    std::string concrete = std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "1");
    auto reply = anon.send(method, concrete, method == "GET" || method == "DELETE" ? "" : "{}", {});
    INFO(method << " " << concrete << " -> " << reply.status << " " << reply.raw);
    CHECK_FALSE((reply.status == 404 && reply.body.value("detail", "") == "no such resource"));
    CHECK(reply.status != 405);
    CHECK(reply.status < 500);
  }
}

TEST_CASE("docs: docs/api.md names every route and carries the enforced role matrix", "[docs]") {
  auto md = read_text(repo_root() / "docs/api.md");
  for (const auto& [method, path] : registered_routes()) {
    INFO("docs/api.md does not describe `" << method << " " << path << "`");
    CHECK(md.find("`" + method + " " + path + "`") != std::string::npos);
  }
  auto matrix = shipboard::permission_matrix_markdown();
  CHECK(md.find(matrix) != std::string::npos);
  auto doc = json::parse(read_text(repo_root() / "docs/openapi.json"));
  CHECK(doc["info"]["description"].get<std::string>().find(matrix) != std::string::npos);
}

TEST_CASE("docs: the curl examples of docs/api.md run against a --demo server", "[docs]") {
  auto md = read_text(repo_root() / "docs/api.md");
  auto blocks = sh_blocks(md);
  REQUIRE(blocks.size() >= 10);
  // Every curl call fails on an HTTP error (-f), so a failed request fails its block.
  static const std::regex curl_call(R"((^|[\s$(|])curl\s)");
  for (const auto& b : blocks) {
    std::istringstream in(b);
    std::string line;
    while (std::getline(in, line)) {
      auto first = line.find_first_not_of(' ');
      if (first != std::string::npos && line[first] == '#') continue;
      if (!std::regex_search(line, curl_call)) continue;
      INFO("curl without -f: " << line);
      CHECK(std::regex_search(line, std::regex(R"(curl\s+-f)")));
    }
  }

  ServerProcess server;
  fs::path work = fs::path(server.dir()) / "docs-examples";
  fs::create_directories(work);
  // One bash runs the blocks in order (they share variables, as in a terminal); after each
  // block it prints a marker, so a failure is pinned to its block.
  std::string script = "set -euo pipefail\nshopt -s inherit_errexit\n";
  for (std::size_t i = 0; i < blocks.size(); ++i)
    script += blocks[i] + "echo '@@docs-block-ok " + std::to_string(i) + "'\n";
  {
    std::ofstream out(work / "examples.sh");
    out << script;
  }
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  std::string cmd = "cd '" + work.string() + "' && BASE='" + base +
                    "' timeout 60 bash ./examples.sh > output.txt 2>&1; echo $?";
  std::string rc;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[64];
    while (fgets(buf, sizeof buf, p)) rc += buf;
    pclose(p);
  }
  auto output = read_text(work / "output.txt");
  std::size_t ok = 0;
  while (output.find("@@docs-block-ok " + std::to_string(ok) + "\n") != std::string::npos) ++ok;
  INFO("output:\n" << output);
  if (ok < blocks.size())
    FAIL("```sh block " << ok + 1 << " of docs/api.md failed:\n" << blocks[ok]);
  CHECK(rc == "0\n");
  CHECK(output.find("curl: (22)") == std::string::npos);  // no HTTP error anywhere
}
