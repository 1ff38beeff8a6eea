// The client's API helpers (api.hpp).
#include "state/api.hpp"

namespace shipboard::client {

using nlohmann::json;

json parse_or_null(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json() : j;
}

std::string string_field(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

Id id_field(const json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  return (it != j.end() && it->is_number_integer()) ? it->get<Id>() : 0;
}

bool is_list(const json& j) { return j.is_object() && j.contains("items") && j["items"].is_array(); }

std::string if_match(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

std::string problem_text(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  std::string out = (j.is_object() && j.contains("detail") && j["detail"].is_string())
                        ? j["detail"].get<std::string>()
                        : "HTTP " + std::to_string(r.status);
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const json& e : j["errors"]) {
      if (e.is_object() && e.contains("field") && e["field"].is_string() && e.contains("message") &&
          e["message"].is_string()) {
        out += "; " + e["field"].get<std::string>() + ": " + e["message"].get<std::string>();
      }
    }
  }
  return out;
}


}  // namespace shipboard::client
