// Strict reading of one JSON object into a struct: every field a client may send is read
// through a JsonReader, which records type errors, range errors, over-long or invalid UTF-8
// strings, and at the end any field nobody asked for (unknown or server-owned) as an error.
// Decoders never half-apply: a command is built only when the reader has no errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/result.hpp"
#include "shipboard/utf8.hpp"  // is_valid_utf8, utf8_length

namespace shipboard {

// Limits on text fields, in Unicode code points (one place for all of them).
namespace limits {
inline constexpr std::size_t kShortText = 200;       // titles, names, labels, logins
inline constexpr std::size_t kLongText = 20000;      // descriptions, answers, notes, FAQ
inline constexpr std::size_t kMaxListEntries = 100;  // contacts, tags
inline constexpr std::int64_t kMaxMoneyMinor = 1'000'000'000'000'000;  // 10^18 minor units
inline constexpr std::size_t kMaxTags = 20;                            // tags on one library answer
inline constexpr std::size_t kTag = 50;                                // one tag
inline constexpr std::size_t kMinLogin = 2;  // login: [a-z0-9._-], starts with [a-z0-9]
inline constexpr std::size_t kMaxLogin = 64;
inline constexpr std::size_t kMinPassword = 8;  // code points
inline constexpr std::size_t kMaxPassword = 200;
inline constexpr std::size_t kMaxIdsPerCall = 500;  // e.g. notifications marked read at once
}  // namespace limits

class JsonReader {
 public:
  // `prefix` is prepended to field names in errors ("contacts[0].").
  JsonReader(const nlohmann::json& object, FieldErrors& errors, std::string prefix = "");

  bool is_object() const { return object_ok_; }
  bool has(std::string_view key) const;  // present (possibly null); marks the key as known

  // Each reader returns nullopt when the field is absent or invalid (and records an error
  // when invalid, or when `required` and absent). Explicit null counts as absent unless the
  // *_nullable form is used.
  std::optional<std::string> text(std::string_view key, bool required, std::size_t max_len,
                                  bool allow_empty = false);
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);
  // For fields where null has a meaning ("clear this"): outer optional = present.
  std::optional<std::optional<std::string>> text_nullable(std::string_view key,
                                                          std::size_t max_len);
  std::optional<std::optional<std::int64_t>> id_nullable(std::string_view key);
  // Positive id (1..2^53).
  std::optional<std::int64_t> id(std::string_view key, bool required);
  const nlohmann::json* raw(std::string_view key);  // marks known; nullptr when absent

  void error(std::string field, std::string message);
  std::string path(std::string_view key) const { return prefix_ + std::string(key); }

  // Records an error for every key that no reader call touched. Call last.
  void reject_unknown();

 private:
  const nlohmann::json& object_;
  FieldErrors& errors_;
  std::string prefix_;
  bool object_ok_;
  std::vector<std::string> known_;
  const nlohmann::json* find(std::string_view key);
};

// Checks a decoded string: valid UTF-8, length bounds. Returns an error message or empty.
std::string check_text(std::string_view s, std::size_t max_len, bool allow_empty);

}  // namespace shipboard
