// Request guards; see request_guard.hpp.
#include "http/request_guard.hpp"

#include <cctype>
#include <charconv>

#include "http/exchange.hpp"

namespace shipboard::server {

bool reject_oversized_body(const httplib::Request& req, httplib::Response& res,
                           std::size_t max_bytes) {
  if (!req.has_header("Content-Length")) return false;
  const std::string v = req.get_header_value("Content-Length");
  unsigned long long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  // A malformed length is httplib's to refuse (400) when it reads the body.
  if (ec == std::errc::result_out_of_range)
    n = ~0ULL;
  else if (ec != std::errc() || p != v.data() + v.size())
    return false;
  if (n <= max_bytes) return false;
  problem(res, 413, "Content Too Large", "the body is larger than allowed");
  res.set_header("Connection", "close");  // the unread body must not be taken for a request
  return true;
}

std::optional<std::string> bearer_token(const httplib::Request& req) {
  if (!req.has_header("Authorization")) return std::nullopt;
  const std::string v = req.get_header_value("Authorization");
  static const std::string kScheme = "bearer";
  if (v.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != kScheme[i]) return std::nullopt;
  if (v.size() > kScheme.size() && v[kScheme.size()] != ' ') return std::nullopt;
  auto b = v.find_first_not_of(' ', kScheme.size());
  return b == std::string::npos ? std::string() : v.substr(b);
}

}  // namespace shipboard::server
