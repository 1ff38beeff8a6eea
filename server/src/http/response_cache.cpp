// ResponseCache: the in-memory store of serialised responses, their gzip form and ETags, and
// the sender that streams a shared body without copying or recompressing it.
#include "http/response_cache.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>

namespace shipboard::server {

std::shared_ptr<const CachedBody> ResponseCache::get(const std::string& key,
                                                     std::uint64_t generation,
                                                     Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return nullptr;
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.generation != generation || now - it->second.built > max_age_) return nullptr;
  return it->second.body;
}

std::shared_ptr<const CachedBody> ResponseCache::put(const std::string& key,
                                                     std::uint64_t generation,
                                                     Clock::time_point now, std::string json) {
  auto body = std::make_shared<CachedBody>();
  body->identity = std::move(json);
  if (body->identity.size() >= 1024) body->gzip = gzip_compress(body->identity);
  // FNV-1a over the identity body: equal bytes, equal tag, whatever the generation.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body->identity) h = (h ^ c) * 1099511628211ull;
  char tag[24];
  std::snprintf(tag, sizeof tag, "\"%016llx\"", static_cast<unsigned long long>(h));
  body->etag = tag;

  std::lock_guard lock(mutex_);
  if (generation < generation_) return body;  // built from data older than the map's
  if (generation != generation_) {
    entries_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  std::size_t cost = key.size() + body->identity.size() + body->gzip.size();
  if (cost > max_bytes_) return body;
  if (bytes_ + cost > max_bytes_) {  // simple and bounded: start over
    entries_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = entries_.insert_or_assign(key, Entry{body, generation, now});
  (void)it;
  (void)inserted;
  bytes_ += cost;
  return body;
}

void ResponseCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  bytes_ = 0;
}

std::size_t ResponseCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::string gzip_compress(const std::string& data, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(zs.total_out);
  return out;
}

bool accepts_gzip(const httplib::Request& req) {
  const std::string s = req.get_header_value("Accept-Encoding");
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t comma = s.find(',', pos);
    std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    std::size_t semi = part.find(';');
    std::string name = part.substr(0, semi);
    auto trim = [](std::string& t) {
      t.erase(0, t.find_first_not_of(" \t"));
      t.erase(t.find_last_not_of(" \t") + 1);
    };
    trim(name);
    if (name == "gzip" || name == "x-gzip" || name == "*") {
      if (semi == std::string::npos) return true;
      std::string q = part.substr(semi + 1);
      trim(q);
      if (q.rfind("q=", 0) != 0) return true;
      return std::strtod(q.c_str() + 2, nullptr) > 0.0;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return false;
}

void send_cached(const httplib::Request& req, httplib::Response& res,
                 std::shared_ptr<const CachedBody> body, const char* content_type) {
  res.set_header("ETag", body->etag);
  res.set_header("Vary", "Accept-Encoding");
  if (req.get_header_value("If-None-Match") == body->etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  const bool gz = !body->gzip.empty() && accepts_gzip(req);
  const std::string& bytes = gz ? body->gzip : body->identity;
  if (gz) res.set_header("Content-Encoding", "gzip");
  // A sized content provider: httplib writes it as is (no second compression, no copy).
  res.set_content_provider(
      bytes.size(), content_type,
      [body, gz](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        const std::string& b = gz ? body->gzip : body->identity;
        return sink.write(b.data() + offset, length);
      });
}

}  // namespace shipboard::server
