// GET /metrics: Prometheus text for an admin's API token only; it counts requests by route
// template and status (not by concrete path), times them in a histogram, and counts failed
// sign-ins and open event streams.
#include <catch2/catch.hpp>

#include <string>

#include "server_fixture.hpp"

using namespace shipboard::test;

namespace {

// The value of the sample line that starts with `series` ("name{labels}"), or -1.
double sample(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("metrics: admin token only, requests by route template and status", "[metrics]") {
  ServerProcess server;
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto made = admin.post("/api/v1/tokens", {{"label", "prometheus"}, {"role", "admin"}});
  REQUIRE(made.status == 201);
  Session scraper = Session::bearer(server, made.body["token"].get<std::string>());
  auto sales_token = admin.post("/api/v1/tokens", {{"label", "a script"}, {"role", "sales"}});
  REQUIRE(sales_token.status == 201);

  CHECK(Session::anonymous(server).get("/metrics").status == 401);
  CHECK(admin.get("/metrics").status == 403);  // a browser session, even an admin's
  CHECK(pm.get("/metrics").status == 403);
  CHECK(Session::bearer(server, sales_token.body["token"].get<std::string>())
            .get("/metrics")
            .status == 403);

  for (int id : {1, 2, 3}) REQUIRE(pm.get("/api/v1/items/" + std::to_string(id)).status == 200);
  CHECK(pm.get("/api/v1/items/999999").status == 404);
  auto c = server.client();
  auto wrong = c.Post("/api/v1/session", R"({"login":"lin.sales","password":"not-the-one"})",
                      "application/json");
  REQUIRE(wrong);
  REQUIRE(wrong->status == 401);
  auto stream = open_stream(server, pm);
  REQUIRE(stream->status == 200);

  auto m = scraper.get("/metrics");
  REQUIRE(m.status == 200);
  CHECK(m.header("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  const std::string& t = m.raw;
  const std::string item = R"(method="GET",route="/api/v1/items/:id")";
  // By template: three 200s and one 404 under one route, no per-id series.
  CHECK(sample(t, "shipboard_http_requests_total{" + item + R"(,status="200"})") >= 3);
  CHECK(sample(t, "shipboard_http_requests_total{" + item + R"(,status="404"})") == 1);
  CHECK(t.find("/api/v1/items/999999") == std::string::npos);
  CHECK(sample(t, "shipboard_http_request_duration_seconds_count{" + item + "}") >= 4);
  CHECK(sample(t, "shipboard_http_request_duration_seconds_bucket{" + item + R"(,le="+Inf"})") ==
        sample(t, "shipboard_http_request_duration_seconds_count{" + item + "}"));
  CHECK(sample(t, "shipboard_sign_in_failures_total") == 1);
  CHECK(sample(t, "shipboard_event_streams_open") == 1);
  CHECK(sample(t, "process_resident_memory_bytes") > 1e6);
  CHECK(t.find("# TYPE shipboard_http_request_duration_seconds histogram") != std::string::npos);
}
