// StaticFiles: serves gzip-compressed copies of the web root's text and wasm files, compressed
// once per file version and shared between requests.
#include "http/static_files.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "http/response_cache.hpp"

namespace shipboard::server {
namespace {

const char* compressible_type(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".wasm")) return "application/wasm";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return nullptr;
}

std::string resolve(const std::string& path) {
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) return {};
  return buf;
}

}  // namespace

StaticFiles::StaticFiles(std::string web_root) : root_(resolve(web_root)) {}

bool StaticFiles::serve(const httplib::Request& req, httplib::Response& res) {
  if (root_.empty() || (req.method != "GET" && req.method != "HEAD")) return false;
  if (req.path.empty() || req.path[0] != '/' || req.path.find('\0') != std::string::npos ||
      req.path.find("..") != std::string::npos || req.path.find('\\') != std::string::npos)
    return false;  // the mount point's own checks answer these
  std::string rel = req.path;
  if (rel.back() == '/') rel += "index.html";
  const char* type = compressible_type(rel);
  if (!type || !accepts_gzip(req)) return false;
  std::string path = resolve(root_ + rel);
  if (path.empty() || path.compare(0, root_.size() + 1, root_ + "/") != 0) return false;
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64ll << 20))
    return false;
  const long long mtime_ns =
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000ll + st.st_mtim.tv_nsec;

  std::shared_ptr<const std::string> gz;
  std::string etag;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(path);
    if (it != entries_.end() && it->second.size == st.st_size && it->second.mtime_ns == mtime_ns) {
      gz = it->second.gzip;
      etag = it->second.etag;
    }
  }
  if (!gz) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream data;
    data << in.rdbuf();
    auto compressed = std::make_shared<const std::string>(gzip_compress(data.str(), 9));
    if (compressed->empty()) return false;
    char tag[64];
    std::snprintf(tag, sizeof tag, "\"gz-%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(mtime_ns));
    etag = tag;
    gz = compressed;
    std::lock_guard lock(mutex_);
    if (entries_.size() > 256) entries_.clear();
    entries_[path] = Entry{st.st_size, mtime_ns, gz, etag};
  }
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", "no-cache");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return true;
  }
  res.status = 200;
  res.set_header("Content-Encoding", "gzip");
  res.set_content_provider(gz->size(), type,
                           [gz](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(gz->data() + offset, length);
                           });
  return true;
}

}  // namespace shipboard::server
