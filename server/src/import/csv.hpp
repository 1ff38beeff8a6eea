// CSV bytes in and out for the CRM import and export: the encoding of an upload (UTF-8 with or
// without BOM, GB18030/GBK, Big5; detected or chosen) converted to UTF-8 with glibc's iconv,
// records parsed with Debian's libcsv (quotes, embedded newlines, CRLF, strict about
// unterminated quotes), and an export written as Excel reads it (UTF-8 BOM, CRLF, quoted as
// needed, formula cells neutralised). How detection decides: docs/decisions/008-csv-encodings.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shipboard::server::csv {

inline constexpr std::size_t kMaxImportBytes = 32u << 20;  // 32 MiB: 413 above
inline constexpr std::size_t kMaxFields = 200;              // per record
inline constexpr std::size_t kMaxCellBytes = 256u << 10;    // per cell

// "auto", "utf-8", "gb18030" or "big5" (also "gbk", "gb2312", "utf8", "cp950", any case);
// "" when unknown.
std::string normalize_encoding(std::string_view name);

struct Decoded {
  bool ok = false;
  std::string encoding;  // utf-8 | gb18030 | big5: what the bytes were read as
  std::string text;      // UTF-8, without a BOM
  std::string error;     // why not (binary, UTF-16, not valid in the chosen encoding)
};
// `encoding`: as normalize_encoding gives it ("auto" detects).
Decoded decode(std::string_view bytes, const std::string& encoding);

struct Records {
  bool ok = false;
  std::vector<std::vector<std::string>> rows;  // the header first
  std::string error;                           // with the record it happened in
  std::int64_t error_row = 0;
};
Records parse(std::string_view utf8);

// One CSV record of an export: cells neutralised against formulas, quoted when they hold a
// comma, quote, line break or edge space; ended with CRLF.
void append_record(std::string& out, const std::vector<std::string>& cells);
// A whole export: the UTF-8 BOM, then every record.
std::string write(const std::vector<std::vector<std::string>>& rows);

}  // namespace shipboard::server::csv
