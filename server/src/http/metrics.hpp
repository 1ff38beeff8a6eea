// Counters and latency histograms of the server for GET /metrics (Prometheus text exposition
// format 0.0.4): requests by route template and status, a latency histogram per route template,
// open event streams, sign-in failures and the process's resident memory. Lock-free on the
// request path: one block of atomics per route, fixed when the routes are mounted.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace shipboard::server {

class Metrics {
 public:
  // The histogram's upper bounds in seconds (Prometheus `le`), then +Inf.
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
  // Registers a route template ("GET", "/api/v1/items/:id"); returns its index for observe().
  std::size_t add_route(const std::string& method, const std::string& path);
  // One answered request of route `route` with `status`, taking `seconds`.
  void observe(std::size_t route, int status, double seconds);
  // A refused sign-in: wrong login or password, or a company sign-in refused (any reason).
  void sign_in_failed() { sign_in_failures_.fetch_add(1, std::memory_order_relaxed); }
  void company_sign_in_failed() { oidc_failures_.fetch_add(1, std::memory_order_relaxed); }
  // A proxy header from a peer outside --auth-proxy-trusted, ignored.
  void proxy_header_ignored() { proxy_ignored_.fetch_add(1, std::memory_order_relaxed); }
  // One write transaction holding the database for `seconds`.
  void observe_db_write(double seconds);
  // The exposition text; `open_streams` is read by the caller (the stream budget holds it).
  std::string render(int open_streams) const;

 private:
  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> micros{0};
    void observe(double seconds);
  };
  struct Route {
    std::string method, path;
    std::array<std::atomic<std::uint64_t>, 500> by_status{};  // status 100..599
    Histogram latency;
  };
  std::vector<std::unique_ptr<Route>> routes_;
  std::atomic<std::uint64_t> sign_in_failures_{0};
  std::atomic<std::uint64_t> oidc_failures_{0};
  std::atomic<std::uint64_t> proxy_ignored_{0};
  Histogram db_writes_;
};

// The resident set size of this process in bytes (/proc/self/statm), 0 when unknown.
std::uint64_t resident_bytes();

}  // namespace shipboard::server
