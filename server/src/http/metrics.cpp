// Recording and rendering the server's metrics (http/metrics.hpp).
#include "http/metrics.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace shipboard::server {

std::size_t Metrics::add_route(const std::string& method, const std::string& path) {
  auto r = std::make_unique<Route>();
  r->method = method;
  r->path = path;
  routes_.push_back(std::move(r));
  return routes_.size() - 1;
}

void Metrics::Histogram::observe(double seconds) {
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  buckets[b].fetch_add(1, std::memory_order_relaxed);
  count.fetch_add(1, std::memory_order_relaxed);
  micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::observe(std::size_t route, int status, double seconds) {
  if (route >= routes_.size()) return;
  Route& r = *routes_[route];
  if (status >= 100 && status <= 599)
    r.by_status[static_cast<std::size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
  r.latency.observe(seconds);
}

void Metrics::observe_db_write(double seconds) {
  db_writes_.observe(seconds);
}

namespace {

// A label value as the exposition format wants it: backslash, quote and newline escaped.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// One histogram's series: cumulative buckets by `le`, then _sum and _count; `labels` may be "".
template <class Buckets>
void append_histogram(std::string& out, const std::string& name, const std::string& labels,
                      const Buckets& buckets, std::uint64_t micros, std::uint64_t count) {
  const std::string sep = labels.empty() ? "" : ",";
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    cumulative += buckets[b].load(std::memory_order_relaxed);
    const std::string le = b < Metrics::kBuckets.size() ? number(Metrics::kBuckets[b]) : "+Inf";
    out += name + "_bucket{" + labels + sep + "le=\"" + le + "\"} " + std::to_string(cumulative) +
           "\n";
  }
  out += name + "_sum" + braces + " " + number(static_cast<double>(micros) / 1e6) + "\n";
  out += name + "_count" + braces + " " + std::to_string(count) + "\n";
}

}  // namespace

std::string Metrics::render(int open_streams) const {
  std::string out;
  out += "# HELP shipboard_http_requests_total Requests answered, by route template and status.\n";
  out += "# TYPE shipboard_http_requests_total counter\n";
  for (const auto& r : routes_) {
    const std::string labels = "method=\"" + r->method + "\",route=\"" + label(r->path) + "\"";
    for (std::size_t s = 0; s < r->by_status.size(); ++s) {
      auto n = r->by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "shipboard_http_requests_total{" + labels + ",status=\"" + std::to_string(s + 100) +
             "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP shipboard_http_request_duration_seconds Time to answer, by route template.\n";
  out += "# TYPE shipboard_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    auto count = r->latency.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string labels = "method=\"" + r->method + "\",route=\"" + label(r->path) + "\"";
    append_histogram(out, "shipboard_http_request_duration_seconds", labels, r->latency.buckets,
                     r->latency.micros.load(std::memory_order_relaxed), count);
  }
  out += "# HELP shipboard_event_streams_open Event streams open now.\n";
  out += "# TYPE shipboard_event_streams_open gauge\n";
  out += "shipboard_event_streams_open " + std::to_string(open_streams) + "\n";
  out +=
      "# HELP shipboard_db_write_duration_seconds Time each write transaction held the "
      "database.\n";
  out += "# TYPE shipboard_db_write_duration_seconds histogram\n";
  append_histogram(out, "shipboard_db_write_duration_seconds", "", db_writes_.buckets,
                   db_writes_.micros.load(std::memory_order_relaxed),
                   db_writes_.count.load(std::memory_order_relaxed));
  out += "# HELP shipboard_sign_in_failures_total Failed sign-ins (wrong login or password).\n";
  out += "# TYPE shipboard_sign_in_failures_total counter\n";
  out += "shipboard_sign_in_failures_total " +
         std::to_string(sign_in_failures_.load(std::memory_order_relaxed)) + "\n";
  out +=
      "# HELP shipboard_company_sign_in_failures_total Company (OpenID Connect) sign-ins "
      "refused.\n";
  out += "# TYPE shipboard_company_sign_in_failures_total counter\n";
  out += "shipboard_company_sign_in_failures_total " +
         std::to_string(oidc_failures_.load(std::memory_order_relaxed)) + "\n";
  out +=
      "# HELP shipboard_proxy_headers_ignored_total Proxy login headers from untrusted "
      "peers, ignored.\n";
  out += "# TYPE shipboard_proxy_headers_ignored_total counter\n";
  out += "shipboard_proxy_headers_ignored_total " +
         std::to_string(proxy_ignored_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP process_resident_memory_bytes Resident memory of the server process.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += "process_resident_memory_bytes " + std::to_string(resident_bytes()) + "\n";
  return out;
}

std::uint64_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace shipboard::server
