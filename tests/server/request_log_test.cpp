// The request log: with --log-format json one JSON object per line for every request (route
// template, status, time, caller, request id); X-Request-Id is taken when well-formed and made
// otherwise, and echoed either way.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <thread>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

// The server's JSON log lines whose request_id is `id`.
std::vector<json> lines_with(const ServerProcess& server, const std::string& id) {
  std::vector<json> out;
  for (int attempt = 0; attempt < 50 && out.empty(); ++attempt) {
    std::istringstream in(server.output());
    for (std::string line; std::getline(in, line);) {
      auto j = json::parse(line, nullptr, false);
      if (j.is_object() && j.value("request_id", "") == id) out.push_back(j);
    }
    if (out.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return out;
}

}  // namespace

TEST_CASE("request log: JSON lines with route template, status, ms, user and request id", "[log]") {
  ServerProcess server({.extra_args = {"--log-format", "json"}});
  Session pm(server, "chen.pm");
  auto c = server.client();
  httplib::Headers h{{"Cookie", pm.cookie}, {"X-Request-Id", "trace-42.a_b"}};
  auto r = c.Get("/api/v1/items/3", h);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("X-Request-Id") == "trace-42.a_b");
  auto lines = lines_with(server, "trace-42.a_b");
  REQUIRE(lines.size() == 1);
  const json& l = lines[0];
  CHECK(l["method"] == "GET");
  CHECK(l["route"] == "/api/v1/items/:id");  // the template, not /api/v1/items/3
  CHECK(l["status"] == 200);
  CHECK(l["level"] == "info");
  CHECK(l["user_id"] == pm.user["id"]);
  CHECK(l["ms"].is_number());
  CHECK(l["ts"].get<std::string>().size() == 24);  // 2026-12-03T10:41:07.123Z

  // A malformed id is replaced by a made one, echoed, and logged under it.
  auto bad = c.Get("/api/v1/nothing-here", {{"X-Request-Id", "two words\t!"}});
  REQUIRE(bad);
  CHECK(bad->status == 404);
  const std::string made = bad->get_header_value("X-Request-Id");
  CHECK(made.size() == 16);
  CHECK(made.find_first_not_of("0123456789abcdef") == std::string::npos);
  auto unknown = lines_with(server, made);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0]["route"] == "/api/v1/nothing-here");
  CHECK(unknown[0]["status"] == 404);
  CHECK(unknown[0]["level"] == "warn");
  CHECK(unknown[0]["user_id"].is_null());
}

TEST_CASE("request log: --log-format is checked", "[log]") {
  CHECK_THROWS(ServerProcess({.extra_args = {"--log-format", "xml"}}));
}
