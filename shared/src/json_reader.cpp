// Strict JSON object reading for command decoders: types, ranges, UTF-8, unknown fields.
#include "shipboard/json_reader.hpp"

#include <algorithm>

namespace shipboard {

std::string check_text(std::string_view s, std::size_t max_len, bool allow_empty) {
  if (!is_valid_utf8(s)) return "must be valid UTF-8";
  if (s.find('\0') != std::string_view::npos) return "must not contain NUL characters";
  bool blank = std::all_of(s.begin(), s.end(),
                           [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (!allow_empty && blank) return "must not be empty";
  if (utf8_length(s) > max_len) return "must be at most " + std::to_string(max_len) + " characters";
  return {};
}

JsonReader::JsonReader(const nlohmann::json& object, FieldErrors& errors, std::string prefix)
    : object_(object), errors_(errors), prefix_(std::move(prefix)), object_ok_(object.is_object()) {
  if (!object_ok_) {
    std::string field = prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1);
    errors_.push_back({field, "must be a JSON object"});
  }
}

const nlohmann::json* JsonReader::find(std::string_view key) {
  if (!object_ok_) return nullptr;
  known_.emplace_back(key);
  auto it = object_.find(std::string(key));
  if (it == object_.end()) return nullptr;
  return &*it;
}

bool JsonReader::has(std::string_view key) const {
  return object_ok_ && object_.contains(std::string(key));
}

const nlohmann::json* JsonReader::raw(std::string_view key) {
  return find(key);
}

void JsonReader::error(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

std::optional<std::string> JsonReader::text(std::string_view key, bool required,
                                            std::size_t max_len, bool allow_empty) {
  const auto* v = find(key);
  if (v == nullptr || v->is_null()) {
    if (required && object_ok_) error(path(key), "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    error(path(key), "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (auto msg = check_text(s, max_len, allow_empty); !msg.empty()) {
    error(path(key), msg);
    return std::nullopt;
  }
  return s;
}

std::optional<std::optional<std::string>> JsonReader::text_nullable(std::string_view key,
                                                                    std::size_t max_len) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    error(path(key), "must be a string or null");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (auto msg = check_text(s, max_len, true); !msg.empty()) {
    error(path(key), msg);
    return std::nullopt;
  }
  return std::optional<std::string>{s};
}

std::optional<std::int64_t> JsonReader::integer(std::string_view key, bool required,
                                                std::int64_t min, std::int64_t max) {
  const auto* v = find(key);
  if (v == nullptr || v->is_null()) {
    if (required && object_ok_) error(path(key), "is required");
    return std::nullopt;
  }
  std::int64_t n;
  if (v->is_number_integer() && !v->is_number_unsigned()) {
    n = v->get<std::int64_t>();
  } else if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) {
      error(path(key), "must be at most " + std::to_string(max));
      return std::nullopt;
    }
    n = static_cast<std::int64_t>(u);
  } else {
    error(path(key), v->is_number_float() ? "must be an integer" : "must be a number");
    return std::nullopt;
  }
  if (n < min || n > max) {
    error(path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<std::int64_t> JsonReader::id(std::string_view key, bool required) {
  return integer(key, required, 1, (std::int64_t{1} << 53));
}

std::optional<std::optional<std::int64_t>> JsonReader::id_nullable(std::string_view key) {
  if (!has(key)) {
    find(key);
    return std::nullopt;
  }
  const auto* v = find(key);
  if (v->is_null()) return std::optional<std::int64_t>{};
  auto n = id(key, true);
  if (!n) return std::nullopt;
  return std::optional<std::int64_t>{*n};
}

std::optional<bool> JsonReader::boolean(std::string_view key, bool required) {
  const auto* v = find(key);
  if (v == nullptr || v->is_null()) {
    if (required && object_ok_) error(path(key), "is required");
    return std::nullopt;
  }
  if (!v->is_boolean()) {
    error(path(key), "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

void JsonReader::reject_unknown() {
  if (!object_ok_) return;
  for (const auto& [k, v] : object_.items()) {
    if (std::find(known_.begin(), known_.end(), k) == known_.end()) {
      error(path(k), "is not a field that can be set here");
    }
  }
}

}  // namespace shipboard
