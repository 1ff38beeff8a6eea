// Internal to the core's sources: a table of an enum's values and their spellings, and the
// three things done with one (value -> name, name -> value, "a, b, c" for error messages).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace shipboard::enum_names {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E v) {
  for (const auto& [e, s] : names)
    if (e == v) return s;
  return "";
}

template <class E, std::size_t N>
std::string join_names(const Names<E, N>& names) {
  std::string out;
  for (const auto& [value, name] : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <class E, std::size_t N>
std::optional<E> parse_name(const Names<E, N>& names, std::string_view s) {
  for (const auto& [e, n] : names)
    if (n == s) return e;
  return std::nullopt;
}

}  // namespace shipboard::enum_names
