// The client's side of the HTTP API, once: bodies read as JSON without exceptions, fields read
// with their type checked, list answers decoded entry by entry through the core's codecs, the
// If-Match value of a version, and the message a failed write shows (problem+json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/model.hpp"

namespace shipboard::client {

// The body as JSON; null when it does not parse.
nlohmann::json parse_or_null(const std::string& body);
// A string field of an object ("" when absent or not a string) and an integer id (0 likewise).
std::string string_field(const nlohmann::json& j, const char* key);
Id id_field(const nlohmann::json& j, const char* key);
// A list answer's shape: {"items": [...]}.
bool is_list(const nlohmann::json& j);

// The `items` of a 200 list answer, each entry through `decode` (entries it refuses are left
// out); nullopt when the answer is not a 200 with a list.
template <typename T, typename F>
std::optional<std::vector<T>> decode_list(const HttpResponse& r, F decode) {
  if (r.status != 200) return std::nullopt;
  nlohmann::json j = parse_or_null(r.body);
  if (!is_list(j)) return std::nullopt;
  std::vector<T> out;
  for (const nlohmann::json& e : j["items"]) {
    auto d = decode(e);
    if (d.ok()) out.push_back(std::move(*d.value));
  }
  return out;
}

// The If-Match header value for a record's version: "\"3\"".
std::string if_match(std::int64_t version);
// A failed write's message: the problem's detail and each field error ("eta: must be ...").
std::string problem_text(const HttpResponse& r);

}  // namespace shipboard::client
