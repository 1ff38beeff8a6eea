// Reading a request (JSON body, If-Match, limits, path ids) and writing a response (problem+json,
// JSON, ETag, pages); see exchange.hpp.
#include "http/exchange.hpp"

#include <charconv>

#include "shipboard/codec.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server {
namespace {

bool parse_positive(const std::string& s, std::int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out > 0;
}

}  // namespace

void problem(httplib::Response& res, int status, const std::string& title,
             const std::string& detail, const FieldErrors& errors) {
  nlohmann::json j{{"type", "about:blank"}, {"title", title}, {"status", status}};
  if (!detail.empty()) j["detail"] = detail;
  if (!errors.empty()) {
    auto& arr = j["errors"] = nlohmann::json::array();
    for (const auto& e : errors) arr.push_back({{"field", e.field}, {"message", e.message}});
  }
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/problem+json");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void set_etag(httplib::Response& res, std::int64_t version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

std::optional<nlohmann::json> json_body(const httplib::Request& req, httplib::Response& res) {
  auto type = req.get_header_value("Content-Type");
  auto semi = type.find(';');
  std::string base = type.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (auto& ch : base) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (base != "application/json") {
    problem(res, 415, "Unsupported Media Type", "send the body as application/json");
    return std::nullopt;
  }
  auto parsed = parse_json_body(req.body);
  if (!parsed.duplicate_key.empty()) {
    const std::string key = utf8_prefix(parsed.duplicate_key, 80);
    problem(res, 400, "Bad Request", "the body names the key \"" + key + "\" twice",
            {{key, "appears twice in one object; send it once"}});
    return std::nullopt;
  }
  if (!parsed.value) {
    problem(res, 400, "Bad Request", "the body is not valid JSON");
    return std::nullopt;
  }
  return std::move(parsed.value);
}

std::optional<std::int64_t> if_match(const httplib::Request& req, httplib::Response& res) {
  if (!req.has_header("If-Match")) {
    problem(res, 428, "Precondition Required",
            "send If-Match with the version you read (the ETag of GET)");
    return std::nullopt;
  }
  std::string v = req.get_header_value("If-Match");
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t n = 0;
  if (!parse_positive(v, n)) {
    problem(res, 412, "Precondition Failed", "If-Match does not name a version of this resource");
    return std::nullopt;
  }
  return n;
}

std::optional<int> list_limit(const httplib::Request& req, httplib::Response& res, int def,
                              int max) {
  if (!req.has_param("limit")) return def;
  std::int64_t n = 0;
  if (!parse_positive(req.get_param_value("limit"), n) || n > max) {
    problem(res, 400, "Bad Request", "limit must be an integer from 1 to " + std::to_string(max),
            {{"limit", "must be between 1 and " + std::to_string(max)}});
    return std::nullopt;
  }
  return static_cast<int>(n);
}

std::optional<std::int64_t> query_id(const httplib::Request& req, httplib::Response& res,
                                     const char* name, bool& bad) {
  if (!req.has_param(name)) return std::nullopt;
  std::int64_t n = 0;
  if (!parse_positive(req.get_param_value(name), n)) {
    bad = true;
    problem(res, 400, "Bad Request", std::string(name) + " must be a positive integer",
            {{name, "must be a positive integer"}});
    return std::nullopt;
  }
  return n;
}

std::optional<std::int64_t> path_id(const httplib::Request& req, httplib::Response& res,
                                    const char* name) {
  std::int64_t n = 0;
  auto it = req.path_params.find(name);
  if (it == req.path_params.end() || !parse_positive(it->second, n)) {
    problem(res, 404, "Not Found", "no such resource");
    return std::nullopt;
  }
  return n;
}

nlohmann::json page_json(nlohmann::json items, const std::optional<std::string>& next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor ? nlohmann::json(*next_cursor) : nlohmann::json(nullptr)}};
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  for (auto [it, end] = req.headers.equal_range("Cookie"); it != end; ++it) {
    const std::string& h = it->second;
    std::size_t pos = 0;
    while (pos < h.size()) {
      auto semi = h.find(';', pos);
      std::string part = h.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
      auto b = part.find_first_not_of(' ');
      if (b != std::string::npos) part = part.substr(b);
      if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
      if (semi == std::string::npos) break;
      pos = semi + 1;
    }
  }
  return {};
}

}  // namespace shipboard::server
