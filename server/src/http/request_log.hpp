// One log line per request, through spdlog (Debian's libspdlog): `--log-format json` writes a
// JSON object per line (ts, level, request_id, method, route, status, ms, user_id) for log
// shippers, `text` a readable line, `off` nothing. The request id is the client's
// X-Request-Id when well-formed (1–64 of [A-Za-z0-9._-]), else a new one; it is echoed.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace shipboard::server {

struct RequestRecord {
  std::string request_id;
  std::string method;
  std::string route;  // the route template ("/api/v1/items/:id"), or the path for static files
  int status = 0;
  std::optional<double> ms;             // time to answer, when measured
  std::optional<std::int64_t> user_id;  // the signed-in caller, if any
};

class RequestLog {
 public:
  // format: "json", "text" or "off".
  explicit RequestLog(const std::string& format);
  ~RequestLog();
  void write(const RequestRecord& r);

 private:
  std::shared_ptr<spdlog::logger> logger_;
  bool json_ = false;
};

// The request's X-Request-Id when well-formed, else a new random one (16 hex digits).
std::string request_id_for(const httplib::Request& req);

}  // namespace shipboard::server
