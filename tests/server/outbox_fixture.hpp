// What the tests of the outbox below the HTTP API share: a board in a temporary SQLite store
// with a PM who makes items and moves them, a webhook receiver on 127.0.0.1 that records what
// it got, waiting for a condition, and worker options that allow loopback targets.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include <httplib.h>

#include "outbound/worker.hpp"
#include "store/store.hpp"

namespace shipboard::test {

using namespace shipboard::store;
namespace outbound = shipboard::server::outbound;

// The wall clock as the store writes it, plus `ahead` seconds: the worker gives up on what was
// enqueued 24 h before its own clock, so the board's changes are stamped now, not on a fixed day.
inline std::string iso_now(int ahead = 0) {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + ahead;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

struct Board {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  Actor pm;
  Board() {
    dir = std::filesystem::temp_directory_path() /
          ("shipboard-outbox-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    store = open_sqlite_store((dir / "board.db").string(), SqliteOptions{});
    auto u = store->insert_user("lin", "林美玲", Role::pm, "x", iso_now(-600));
    pm = Actor{u.value->id, Role::pm};
  }
  ~Board() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
  Item item(const std::string& title, const std::string& area) {
    CreateItem c;
    c.title = title;
    c.area = area;
    return *store->create_item(pm, c, iso_now(-600)).value;
  }
  void move(const Item& it, ItemStatus s, const std::string& now = iso_now(-300)) {
    PatchItem p;
    p.status = s;
    REQUIRE(store->patch_item(pm, it.id, it.version, p, now).outcome == Outcome::ok);
  }
  Id channel(const std::string& url, WebhookFormat f, const std::string& secret = "",
             std::optional<std::string> area = std::nullopt) {
    Webhook w;
    w.url = url;
    w.format = f;
    w.secret = secret;
    w.area = area;
    return store->create_webhook(pm, w, iso_now(-600)).value->id;
  }
};

struct Receiver {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::mutex m;
  std::vector<httplib::Request> got;
  explicit Receiver(std::function<void(const httplib::Request&, httplib::Response&)> answer) {
    http.Post(".*", [this, answer](const httplib::Request& q, httplib::Response& r) {
      {
        std::lock_guard lock(m);
        got.push_back(q);
      }
      answer(q, r);
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
  }
  ~Receiver() {
    http.stop();
    thread.join();
  }
  std::size_t count() {
    std::lock_guard lock(m);
    return got.size();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/hook"; }
};

template <class F>
inline bool eventually(F f, int ms = 8000) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return f();
}

inline outbound::WorkerOptions loopback_allowed() {
  outbound::WorkerOptions o;
  o.poll_ms = 50;
  o.public_url = "https://board.example.com";
  REQUIRE_FALSE(outbound::parse_allow_list("127.0.0.0/8", o.guard));
  return o;
}

}  // namespace shipboard::test
