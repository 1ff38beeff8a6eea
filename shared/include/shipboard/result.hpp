// Validation and decoding results of the core: a value or a list of field errors, never an
// exception. The server maps field errors to a 422 problem+json; the client shows them
// beside the fields.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shipboard {

struct FieldError {
  std::string field;    // JSON path of the field, e.g. "title" or "contacts[1].role"
  std::string message;  // English, short, lower case: "must not be empty"
  bool operator==(const FieldError&) const = default;
};

using FieldErrors = std::vector<FieldError>;

// The outcome of decoding or validating: `value` is set exactly when `errors` is empty.
template <class T>
struct Decoded {
  std::optional<T> value;
  FieldErrors errors;

  bool ok() const { return value.has_value() && errors.empty(); }
  static Decoded success(T v) { return Decoded{std::move(v), {}}; }
  static Decoded failure(FieldErrors e) { return Decoded{std::nullopt, std::move(e)}; }
};

}  // namespace shipboard
