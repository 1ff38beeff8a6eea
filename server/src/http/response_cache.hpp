// Serialised JSON responses kept in memory, keyed by request and audience, so a hot list is
// built and serialised once per change rather than once per request (P1 in
// docs/performance.md). An entry is valid while the event hub's write generation is the one it
// was built at and for at most `max_age` (other server processes writing the same database are
// seen within that, as event streams see them within their poll interval). Each entry keeps an
// identity and a gzip body and a strong ETag; bodies are shared, never copied per request.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace shipboard::server {

struct CachedBody {
  std::string identity;  // application/json
  std::string gzip;      // empty when too small to be worth compressing
  std::string etag;      // strong, "\"<hash>\""
};

class ResponseCache {
 public:
  using Clock = std::chrono::steady_clock;
  ResponseCache(std::size_t max_bytes, std::chrono::milliseconds max_age)
      : max_bytes_(max_bytes), max_age_(max_age) {}

  // The entry for `key` when it was built at `generation` and is younger than max_age.
  std::shared_ptr<const CachedBody> get(const std::string& key, std::uint64_t generation,
                                        Clock::time_point now);
  // Builds (gzip, ETag) and stores an entry; returns it. `generation` must be read before the
  // data was: a write in between then makes the entry stale at once rather than wrong.
  std::shared_ptr<const CachedBody> put(const std::string& key, std::uint64_t generation,
                                        Clock::time_point now, std::string json);
  void clear();
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const CachedBody> body;
    std::uint64_t generation;
    Clock::time_point built;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  std::uint64_t generation_ = 0;  // of every entry in the map
  std::size_t max_bytes_;
  std::chrono::milliseconds max_age_;
};

// gzip (RFC 1952) of `data` at zlib level 6; empty on failure.
std::string gzip_compress(const std::string& data, int level = 6);

// True when the request's Accept-Encoding accepts gzip (q > 0).
bool accepts_gzip(const httplib::Request& req);

// Answers 200 with the cached body (gzip when accepted), or 304 when If-None-Match matches.
// The body is streamed from the shared entry, so httplib neither copies nor recompresses it.
void send_cached(const httplib::Request& req, httplib::Response& res,
                 std::shared_ptr<const CachedBody> body, const char* content_type);

}  // namespace shipboard::server
