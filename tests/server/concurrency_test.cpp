// Concurrency (issue "Hardening"): many clients run random operations at once — item PATCHes
// with If-Match, customer requests, questions and answers — and log what the server
// acknowledged. Afterwards the final state equals a serial replay of the event log and of the
// acknowledged operations, and no update was silently overwritten: concurrent PATCHes of one
// version give exactly one 200 and 412 for all the others.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

std::string path_of(long item) {
  return "/api/v1/items/" + std::to_string(item);
}

// Every event of an item, oldest first, through the history endpoint's pages.
std::vector<json> item_events(const Session& s, long item) {
  std::vector<json> out;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    std::string p = path_of(item) + "/history?limit=500";
    if (!cursor.empty()) p += "&cursor=" + httplib::encode_query_component(cursor);
    auto r = s.get(p);
    REQUIRE(r.status == 200);
    for (auto& e : r.body["items"]) out.push_back(e);
    if (r.body["next_cursor"].is_null()) break;
    cursor = r.body["next_cursor"].get<std::string>();
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("concurrent PATCHes of one version: exactly one wins, the rest get 412",
          "[concurrency]") {
  ServerProcess server;
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  auto token = admin.post("/api/v1/tokens", {{"label", "race"}, {"role", "pm"}})
                   .body["token"]
                   .get<std::string>();
  auto item = pm.post("/api/v1/items", {{"title", "競爭"}}).body["id"].get<long>();
  const int kClients = 8, kRounds = 25;
  int total_ok = 0, total_412 = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto tag = pm.get(path_of(item)).header("ETag");
    std::vector<int> status(kClients, 0);
    std::barrier start(kClients);
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
      threads.emplace_back([&, c] {
        auto s = Session::bearer(server, token);
        start.arrive_and_wait();
        try {
          status[c] =
              s.patch(path_of(item),
                      {{"title", "r" + std::to_string(round) + " c" + std::to_string(c)}}, tag)
                  .status;
        } catch (const std::exception&) {
          status[c] = -1;
        }
      });
    }
    for (auto& t : threads) t.join();
    int ok = 0, stale = 0, winner = -1;
    for (int c = 0; c < kClients; ++c) {
      if (status[c] == 200) ++ok, winner = c;
      if (status[c] == 412) ++stale;
    }
    INFO("round " << round);
    CHECK(ok == 1);
    CHECK(stale == kClients - 1);
    total_ok += ok;
    total_412 += stale;
    // The winner's change is what the item now holds.
    CHECK(pm.get(path_of(item)).body["title"] ==
          "r" + std::to_string(round) + " c" + std::to_string(winner));
  }
  WARN("same-version PATCH races: " << kRounds << " rounds × " << kClients << " clients: "
                                    << total_ok << " × 200, " << total_412 << " × 412");
}

TEST_CASE("random concurrent operations equal a serial replay of the event log", "[concurrency]") {
  ServerProcess server;
  Session admin(server, "admin");
  Session pm(server, "chen.pm");
  std::vector<std::string> pm_tokens, sales_tokens;
  for (int i = 0; i < 3; ++i) {
    pm_tokens.push_back(
        admin.post("/api/v1/tokens", {{"label", "pm" + std::to_string(i)}, {"role", "pm"}})
            .body["token"]
            .get<std::string>());
    sales_tokens.push_back(
        admin.post("/api/v1/tokens", {{"label", "s" + std::to_string(i)}, {"role", "sales"}})
            .body["token"]
            .get<std::string>());
  }
  std::vector<long> items;
  for (int i = 0; i < 4; ++i)
    items.push_back(
        pm.post("/api/v1/items", {{"title", "並發 " + std::to_string(i)}}).body["id"].get<long>());
  auto customers = pm.get("/api/v1/customers?limit=500").body["items"];
  REQUIRE(customers.size() >= 2);

  struct Patch {
    long item;
    long version;  // the version the server answered with
    std::string title;
  };
  std::mutex mutex;
  std::vector<Patch> acked_patches;
  std::map<long, int> acked_requests;   // item → count
  std::map<long, int> acked_questions;  // item → count
  std::set<long> asked, answered;
  std::atomic<long> ops{0}, conflicts{0}, errors{0};

  const int kClients = 6, kOpsPerClient = 70;
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937 rng(100 + c);
      auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
      };
      bool is_pm = c % 2 == 0;
      auto s = Session::bearer(server, is_pm ? pm_tokens[c / 2] : sales_tokens[c / 2]);
      for (int i = 0; i < kOpsPerClient; ++i) {
        long item = items[pick(items.size())];
        ++ops;
        try {
          if (is_pm && pick(3) != 0) {
            // Read, then PATCH with the version read; another client may have won meanwhile.
            auto got = s.get(path_of(item));
            std::string title = "c" + std::to_string(c) + " op" + std::to_string(i);
            auto r = s.patch(path_of(item), {{"title", title}}, got.header("ETag"));
            if (r.status == 200) {
              std::lock_guard lock(mutex);
              acked_patches.push_back({item, r.body["version"].get<long>(), title});
            } else if (r.status == 412) {
              ++conflicts;
              // The 412 carries the item as it is now: newer than what was read.
              if (r.body["current"]["version"].get<long>() <= got.body["version"].get<long>())
                ++errors;
            } else {
              ++errors;
            }
          } else if (is_pm) {
            long q = 0;
            {
              std::lock_guard lock(mutex);
              std::vector<long> open;
              for (long a : asked)
                if (!answered.count(a)) open.push_back(a);
              if (!open.empty()) q = open[pick(open.size())];
            }
            if (q == 0) continue;
            auto r = s.post("/api/v1/questions/" + std::to_string(q) + "/answers",
                            {{"body", "答覆 " + std::to_string(i)}});
            std::lock_guard lock(mutex);
            if (r.status == 201)
              answered.insert(q);
            else if (r.status != 409 && r.status != 201)
              ++errors;
          } else if (pick(2) == 0) {
            auto r = s.post(path_of(item) + "/requests",
                            {{"customer_id", customers[pick(customers.size())]["id"]},
                             {"importance", "important"},
                             {"value_at_stake", {{"amount", 1000 + i}, {"currency", "CNY"}}}});
            std::lock_guard lock(mutex);
            if (r.status == 201)
              ++acked_requests[item];
            else
              ++errors;
          } else {
            auto r = s.post("/api/v1/questions",
                            {{"item_id", item},
                             {"body", "問 c" + std::to_string(c) + " " + std::to_string(i)}});
            std::lock_guard lock(mutex);
            if (r.status == 201) {
              ++acked_questions[item];
              asked.insert(r.body["id"].get<long>());
            } else {
              ++errors;
            }
          }
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors == 0);
  CHECK(acked_patches.size() > 20);

  // Serial replay: per item, the acknowledged patches ordered by the version they produced
  // are exactly the title changes in the event log, in order, and the last one is the state.
  long events_checked = 0;
  for (long item : items) {
    std::vector<Patch> mine;
    for (auto& p : acked_patches)
      if (p.item == item) mine.push_back(p);
    std::sort(mine.begin(), mine.end(), [](auto& a, auto& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < mine.size(); ++i) CHECK(mine[i].version > mine[i - 1].version);
    auto events = item_events(pm, item);
    std::vector<std::pair<long, std::string>> title_changes;
    json replay;
    for (auto& e : events) {
      ++events_checked;
      const auto& d = e["data"];
      if (e["type"] == "item.created") replay["title"] = d["title"];
      if (d.contains("changes") && d["changes"].contains("title")) {
        title_changes.emplace_back(d["version"].get<long>(), d["title"].get<std::string>());
        replay["title"] = d["title"];
      }
    }
    REQUIRE(title_changes.size() == mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
      CHECK(title_changes[i].first == mine[i].version);
      CHECK(title_changes[i].second == mine[i].title);
    }
    auto now = pm.get(path_of(item));
    if (!mine.empty()) CHECK(now.body["title"] == mine.back().title);
    CHECK(now.body["title"] == replay["title"]);
    CHECK(now.body["request_count"].get<int>() == acked_requests[item]);
    auto listed = pm.get(path_of(item) + "/requests").body["items"].size();
    CHECK(static_cast<int>(listed) == acked_requests[item]);
    auto qs = pm.get("/api/v1/questions?limit=500&item=" + std::to_string(item)).body["items"];
    CHECK(static_cast<int>(qs.size()) == acked_questions[item]);
    for (auto& q : qs)
      CHECK((q["state"] == "answered") == (answered.count(q["id"].get<long>()) > 0));
  }
  WARN("concurrent operations: " << ops << " by " << kClients << " clients; "
                                 << acked_patches.size() << " PATCHes acknowledged, " << conflicts
                                 << " answered 412, " << events_checked << " events replayed, "
                                 << answered.size() << " questions answered");
}
