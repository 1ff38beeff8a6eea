// UTF-8 in one place for the core, the server and the client: decoding one code point with
// the strict rules (no overlongs, surrogates or code points above U+10FFFF), encoding one,
// validating and counting a string, and cutting one to a byte limit on a character boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace shipboard {

// What decode_utf8 returns for a malformed byte.
inline constexpr std::uint32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes the code point at s[i] and advances i past it; on a malformed sequence returns
// kInvalidCodePoint and advances i by one byte. Requires i < s.size().
std::uint32_t decode_utf8(std::string_view s, std::size_t& i);

// Appends the UTF-8 encoding of `cp` (a valid code point).
void append_utf8(std::string& out, std::uint32_t cp);

// True when `s` is well-formed UTF-8 without overlongs, surrogates or code points > U+10FFFF.
bool is_valid_utf8(std::string_view s);

// Number of code points of a valid UTF-8 string.
std::size_t utf8_length(std::string_view s);

// At most `max_bytes` of valid UTF-8 `s`, never cut inside a character: a cut that would fall
// inside one ends before it instead.
std::string utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace shipboard
