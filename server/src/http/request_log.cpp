// Writing the request log (http/request_log.hpp).
#include "http/request_log.hpp"

#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace shipboard::server {

RequestLog::RequestLog(const std::string& format) : json_(format == "json") {
  if (format == "off") return;
  // Not registered in spdlog's global registry: every App (tests start several) has its own.
  logger_ = std::make_shared<spdlog::logger>("shipboard",
                                             std::make_shared<spdlog::sinks::stdout_sink_mt>());
  logger_->set_pattern(json_ ? "%v" : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                       spdlog::pattern_time_type::utc);
  logger_->flush_on(spdlog::level::info);
}

RequestLog::~RequestLog() = default;

void RequestLog::write(const RequestRecord& r) {
  if (!logger_) return;
  const auto level = r.status >= 500   ? spdlog::level::err
                     : r.status >= 400 ? spdlog::level::warn
                                       : spdlog::level::info;
  if (json_) {
    char ts[64];
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(millis));
    nlohmann::json j{
        {"ts", ts},
        {"level", r.status >= 500   ? "error"
                  : r.status >= 400 ? "warn"
                                    : "info"},
        {"request_id", r.request_id},
        {"method", r.method},
        {"route", r.route},
        {"status", r.status},
        {"ms", r.ms ? nlohmann::json(std::round(*r.ms * 1000) / 1000) : nlohmann::json()},
        {"user_id", r.user_id ? nlohmann::json(*r.user_id) : nlohmann::json()}};
    logger_->log(level, "{}", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    logger_->log(level, "{} {} {} {} user={} id={}", r.method, r.route, r.status,
                 r.ms ? fmt::format("{:.2f}ms", *r.ms) : std::string("-"),
                 r.user_id ? std::to_string(*r.user_id) : std::string("-"), r.request_id);
  }
}

std::string request_id_for(const httplib::Request& req) {
  const std::string given = req.get_header_value("X-Request-Id");
  bool ok = !given.empty() && given.size() <= 64;
  for (char c : given)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      ok = false;
  if (ok) return given;
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

}  // namespace shipboard::server
