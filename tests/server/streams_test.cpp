// Event streams have their own budget (issue "Performance at the limit", the defect first): more
// streams than the budget, from one session, from many sessions, or from one peer, are refused
// with 429 and Retry-After, and meanwhile sign-in, reads and writes still answer at once. Streams
// are opened on raw loopback sockets and held open while the rest of the test runs.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

// How long one call takes, in milliseconds.
template <class F>
long timed_ms(F f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count());
}

}  // namespace

TEST_CASE("streams beyond their budget get 429 while requests keep answering", "[streams]") {
  // A small pool so the budget is the cliff: 12 streams at most, 4 per caller, workers 48.
  ServerProcess server({.extra_args = {"--threads", "8", "--max-threads", "48", "--max-streams",
                                       "12", "--max-streams-per-caller", "4"}});
  Session pm(server, "chen.pm");
  std::vector<Session> sales;
  for (const char* login : {"lin.sales", "li.sales", "wang.support", "zhao.viewer"})
    sales.emplace_back(server, login);

  // One session: 4 open, the 5th refused as too many for this caller.
  std::vector<std::unique_ptr<RawStream>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(open_stream(server, pm));
    REQUIRE(open.back()->status == 200);
  }
  auto fifth = open_stream(server, pm);
  CHECK(fifth->status == 429);
  CHECK(fifth->head.find("Retry-After:") != std::string::npos);
  CHECK(fifth->head.find("application/problem+json") != std::string::npos);

  // Other sessions fill the budget to 12; every stream past it is refused, whoever asks.
  for (auto& s : sales)
    for (int i = 0; i < 2; ++i) {
      open.push_back(open_stream(server, s));
      REQUIRE(open.back()->status == 200);
    }
  REQUIRE(open.size() == 12);
  std::vector<std::unique_ptr<RawStream>> refused;
  for (int i = 0; i < 40; ++i) {  // far past the budget, and past the worker pool's 48
    refused.push_back(open_stream(server, sales[static_cast<std::size_t>(i) % sales.size()]));
    CHECK(refused.back()->status == 429);
  }

  // Meanwhile the board answers: sign-in, a read, a write, each well within a second.
  long ms = timed_ms([&] {
    Session again(server, "lin.sales");
    CHECK_FALSE(again.csrf.empty());
  });
  CHECK(ms < 1000);
  ms = timed_ms([&] { CHECK(pm.get("/api/v1/items?limit=50").status == 200); });
  CHECK(ms < 1000);
  auto item = pm.get("/api/v1/items/1");
  ms = timed_ms([&] {
    auto r = pm.patch("/api/v1/items/1", {{"customer_answer", "預計下一版上線。"}},
                      "\"" + std::to_string(item.body["version"].get<long>()) + "\"");
    CHECK(r.status == 200);
  });
  CHECK(ms < 1000);

  // A closed stream gives its slot back.
  open.erase(open.begin());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = open_stream(server, pm)->status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(status == 200);
}

TEST_CASE("streams per peer address are limited", "[streams]") {
  ServerProcess server({.extra_args = {"--max-streams", "50", "--max-streams-per-caller", "50",
                                       "--max-streams-per-peer", "5"}});
  Session pm(server, "chen.pm");
  std::vector<std::unique_ptr<RawStream>> open;
  for (int i = 0; i < 5; ++i) {
    open.push_back(open_stream(server, pm));
    REQUIRE(open.back()->status == 200);
  }
  auto sixth = open_stream(server, pm);
  CHECK(sixth->status == 429);
  CHECK(sixth->head.find("Retry-After:") != std::string::npos);
}
