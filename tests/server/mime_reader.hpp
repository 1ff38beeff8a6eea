// Reading a mail back in tests: a message or body part split into unfolded headers and body,
// RFC 2047 encoded-words and base64 decoded, multipart bodies split at their boundary, and the
// line rules of RFC 5322 (CRLF only, ≤ 998, headers ≤ 78) and RFC 2045 (base64 ≤ 76) checked.
// Written here rather than taken from a library on purpose: the reader must not share the
// composer's assumptions (server/src/outbound/mail.cpp).
#pragma once

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shipboard/utf8.hpp"

namespace shipboard::test {

inline std::string base64_decode(std::string_view in) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    const auto v = alphabet.find(c);
    REQUIRE(v != std::string::npos);
    buffer = buffer << 6 | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buffer >> bits & 0xFF);
    }
  }
  return out;
}

// A message (or a body part) split into unfolded headers and the body.
struct Parsed {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int count(const std::string& name) const {
    int n = 0;
    for (const auto& [k, v] : headers) n += k == name;
    return n;
  }
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    FAIL("no header " << name);
    return {};
  }
};

inline Parsed parse(const std::string& raw) {
  Parsed p;
  const std::size_t end = raw.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  p.body = raw.substr(end + 4);
  std::size_t start = 0;
  const std::string head = raw.substr(0, end + 2);
  while (start < head.size()) {
    const std::size_t eol = head.find("\r\n", start);
    const std::string line = head.substr(start, eol - start);
    start = eol + 2;
    if (line[0] == ' ' || line[0] == '\t') {
      REQUIRE(!p.headers.empty());
      p.headers.back().second += line;  // unfolding removes only the CRLF
      continue;
    }
    const std::size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    std::size_t v = colon + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    p.headers.emplace_back(line.substr(0, colon), line.substr(v));
  }
  return p;
}

// RFC 2047 decoding of =?UTF-8?B?…?= words (white space between two of them dropped).
inline std::string decode_words(const std::string& value) {
  static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  bool after_word = false;
  std::size_t pos = 0;
  for (std::sregex_iterator it(value.begin(), value.end(), word), end; it != end; ++it) {
    const std::string between = value.substr(pos, it->position() - pos);
    if (!(after_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
    out += base64_decode((*it)[1].str());
    pos = it->position() + it->length();
    after_word = true;
  }
  return out + value.substr(pos);
}

// Every encoded-word of `raw`: at most 75 characters, whole UTF-8 characters each.
inline void check_encoded_words(const std::string& raw) {
  static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  for (std::sregex_iterator it(raw.begin(), raw.end(), word), end; it != end; ++it) {
    INFO(it->str());
    CHECK(it->length() <= 75);
    CHECK(is_valid_utf8(base64_decode((*it)[1].str())));
  }
}

inline std::vector<std::string> lines_of(const std::string& raw) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < raw.size()) {
    std::size_t eol = raw.find("\r\n", start);
    if (eol == std::string::npos) eol = raw.size();
    lines.push_back(raw.substr(start, eol - start));
    start = eol + 2;
  }
  return lines;
}

// CRLF only, every line ≤ 998, header lines ≤ 78 (each header here can be folded).
inline void check_lines(const std::string& raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      REQUIRE(i + 1 < raw.size());
      CHECK(raw[i + 1] == '\n');
    }
    if (raw[i] == '\n') CHECK((i > 0 && raw[i - 1] == '\r'));
  }
  CHECK(raw.size() >= 2);
  CHECK(raw.substr(raw.size() - 2) == "\r\n");
  bool in_header = true;
  for (const auto& line : lines_of(raw)) {
    INFO(line);
    CHECK(line.size() <= 998);
    if (line.empty()) in_header = false;
    if (in_header) CHECK(line.size() <= 78);
  }
}

// A multipart body split at `boundary` into its parts.
inline std::vector<Parsed> parts_of(const std::string& body, const std::string& boundary) {
  std::vector<Parsed> parts;
  const std::string first = "--" + boundary + "\r\n";
  REQUIRE(body.rfind(first, 0) == 0);
  std::size_t start = first.size();
  for (;;) {
    const std::size_t next = body.find("\r\n--" + boundary, start);
    REQUIRE(next != std::string::npos);
    parts.push_back(parse(body.substr(start, next - start) + "\r\n"));
    const std::size_t after = next + 4 + boundary.size();
    if (body.compare(after, 4, "--\r\n") == 0) {
      CHECK(after + 4 == body.size());
      break;
    }
    REQUIRE(body.compare(after, 2, "\r\n") == 0);
    start = after + 2;
  }
  return parts;
}

// Every line of a base64 body: ≤ 76 characters of the alphabet.
inline void check_base64_lines(const std::string& body) {
  static const std::regex b64("[A-Za-z0-9+/=]{1,76}");
  for (const auto& line : lines_of(body)) {
    INFO(line);
    CHECK(std::regex_match(line, b64));
  }
}

inline std::string boundary_of(const std::string& content_type) {
  std::smatch m;
  REQUIRE(std::regex_search(content_type, m, std::regex("boundary=\"([^\"]+)\"")));
  return m[1];
}

// A mail's text and HTML parts, decoded (a multipart/alternative of two base64 parts).
struct MailParts {
  Parsed head;
  std::string text, html;
};
inline MailParts read_mail(const std::string& raw) {
  MailParts m;
  m.head = parse(raw);
  for (const auto& part : parts_of(m.head.body, boundary_of(m.head.header("Content-Type")))) {
    const std::string type = part.header("Content-Type");
    if (type.rfind("text/plain", 0) == 0) m.text = base64_decode(part.body);
    if (type.rfind("text/html", 0) == 0) m.html = base64_decode(part.body);
  }
  return m;
}

}  // namespace shipboard::test
