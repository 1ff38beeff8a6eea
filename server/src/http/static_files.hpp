// Compressed static files: the client's app.wasm and app.js are most of a cold load, and
// cpp-httplib sends mounted files uncompressed. For a GET of a compressible file under --web
// from a client that accepts gzip, this answers with a gzip body compressed once (level 9) and
// kept in memory until the file's size or mtime changes; everything else falls through to the
// mount point. Paths are resolved with realpath and must stay inside the web root.
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace shipboard::server {

class StaticFiles {
 public:
  explicit StaticFiles(std::string web_root);
  // True when it answered (200 gzip or 304); false to let the mount point serve the file.
  bool serve(const httplib::Request& req, httplib::Response& res);

 private:
  struct Entry {
    long long size = 0;
    long long mtime_ns = 0;
    std::shared_ptr<const std::string> gzip;
    std::string etag;
  };
  std::string root_;  // realpath of --web, empty when it does not exist
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by resolved path
};

}  // namespace shipboard::server
