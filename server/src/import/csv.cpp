// CSV bytes for the CRM import and export (see csv.hpp): iconv for the encodings, libcsv for
// the records, the core's common-Hanzi score to tell GB18030 from Big5.
#include "import/csv.hpp"

#include <csv.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "shipboard/crm_import.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server::csv {
namespace {

struct Converted {
  bool ok = false;
  std::string text;
  std::size_t bad_offset = 0;  // where the first byte that does not decode is
};

// The whole of `bytes` from `from` to UTF-8; not ok at the first sequence that does not decode.
Converted convert(std::string_view bytes, const char* from) {
  Converted out;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return out;
  out.text.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  bool ok = true;
  while (in_left > 0) {
    char* o = out.text.data() + written;
    std::size_t o_left = out.text.size() - written;
    std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    written = out.text.size() - o_left;
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      out.text.resize(out.text.size() * 2);
      continue;
    }
    ok = false;  // EILSEQ or EINVAL (a sequence cut at the end)
    break;
  }
  iconv_close(cd);
  out.bad_offset = bytes.size() - in_left;
  out.text.resize(written);
  out.ok = ok;
  return out;
}

std::int64_t line_of(std::string_view bytes, std::size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + std::min(offset, bytes.size()), '\n');
}

const char* iconv_name(const std::string& enc) {
  return enc == "gb18030" ? "GB18030" : "BIG5-HKSCS";  // HKSCS: Big5 with the CP950 additions
}

}  // namespace

std::string normalize_encoding(std::string_view name) {
  std::string n;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ' && c != '"')
      n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n.empty() || n == "auto") return "auto";
  if (n == "utf8") return "utf-8";
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936" || n == "euccn") return "gb18030";
  if (n == "big5" || n == "cp950" || n == "big5hkscs") return "big5";
  return "";
}

Decoded decode(std::string_view bytes, const std::string& encoding) {
  Decoded out;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                            (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    out.error = "the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\"";
    return out;
  }
  bool bom = bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) bytes.remove_prefix(3);
  if (bytes.find('\0') != std::string_view::npos) {
    out.error = "a binary file, not CSV text (it has NUL bytes)";
    return out;
  }
  std::string enc = bom && encoding == "auto" ? "utf-8" : encoding;
  if (enc == "auto" && is_valid_utf8(bytes)) enc = "utf-8";
  if (enc == "utf-8") {
    if (!is_valid_utf8(bytes)) {
      std::size_t i = 0;
      while (i < bytes.size()) {
        std::size_t at = i;
        if (decode_utf8(bytes, i) == kInvalidCodePoint) {
          i = at;
          break;
        }
      }
      out.error = "not valid UTF-8 (line " + std::to_string(line_of(bytes, i)) +
                  "); choose encoding=gb18030 or big5, or auto";
      return out;
    }
    out.ok = true;
    out.encoding = "utf-8";
    out.text = std::string(bytes);
    return out;
  }
  if (enc == "gb18030" || enc == "big5") {
    auto c = convert(bytes, iconv_name(enc));
    if (!c.ok) {
      out.error = "not valid " + std::string(enc == "gb18030" ? "GB18030" : "Big5") + " (line " +
                  std::to_string(line_of(bytes, c.bad_offset)) + ")";
      return out;
    }
    out.ok = true;
    out.encoding = enc;
    out.text = std::move(c.text);
    return out;
  }
  // auto, not UTF-8: whichever of GB18030 and Big5 decodes and reads as more common Chinese.
  auto gb = convert(bytes, iconv_name("gb18030"));
  auto big5 = convert(bytes, iconv_name("big5"));
  if (!gb.ok && !big5.ok) {
    out.error = "not text in UTF-8, GB18030 or Big5 (line " +
                std::to_string(line_of(bytes, std::max(gb.bad_offset, big5.bad_offset))) + ")";
    return out;
  }
  bool use_big5 = big5.ok && (!gb.ok || common_hanzi_score(big5.text) > common_hanzi_score(gb.text));
  out.ok = true;
  out.encoding = use_big5 ? "big5" : "gb18030";
  out.text = std::move(use_big5 ? big5.text : gb.text);
  return out;
}

namespace {

struct ParseState {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
  std::size_t fields_in_record = 0;
  std::string error;
};

void on_field(void* s, size_t len, void* data) {
  auto* st = static_cast<ParseState*>(data);
  ++st->fields_in_record;
  if (!st->error.empty()) return;
  if (st->fields_in_record > kMaxFields) return;  // reported at the end of the record
  if (len > kMaxCellBytes) {
    st->error = "record " + std::to_string(st->rows.size() + 1) + " has a cell longer than " +
                std::to_string(kMaxCellBytes / 1024) + " KiB";
    return;
  }
  st->current.emplace_back(static_cast<const char*>(s), len);
}

void on_record(int, void* data) {
  auto* st = static_cast<ParseState*>(data);
  if (st->error.empty() && st->fields_in_record > kMaxFields)
    st->error = "record " + std::to_string(st->rows.size() + 1) + " has " +
                std::to_string(st->fields_in_record) + " fields; at most " +
                std::to_string(kMaxFields);
  if (st->error.empty()) st->rows.push_back(std::move(st->current));
  st->current.clear();
  st->fields_in_record = 0;
}

}  // namespace

Records parse(std::string_view utf8) {
  Records out;
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    out.error = "the CSV parser could not start";
    return out;
  }
  ParseState st;
  std::size_t done = csv_parse(&p, utf8.data(), utf8.size(), on_field, on_record, &st);
  bool bad = done != utf8.size();
  if (!bad && csv_fini(&p, on_field, on_record, &st) != 0) bad = true;
  if (bad) {
    int e = csv_error(&p);
    std::int64_t record = static_cast<std::int64_t>(st.rows.size()) + 1;
    out.error_row = record;
    out.error = e == CSV_EPARSE
                    ? "record " + std::to_string(record) +
                          " is not valid CSV: a quote that is not closed, or text after a "
                          "closing quote"
                    : std::string("the CSV could not be read: ") + csv_strerror(e);
    csv_free(&p);
    return out;
  }
  csv_free(&p);
  if (!st.error.empty()) {
    out.error = st.error;
    return out;
  }
  // CSV_APPEND_NULL keeps cells NUL-terminated in the parser's buffer; the strings are copies.
  out.rows = std::move(st.rows);
  out.ok = true;
  return out;
}

void append_record(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    std::string cell = neutralise_cell(cells[i]);
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                 (!cell.empty() && (cell.front() == ' ' || cell.back() == ' ' ||
                                    cell.front() == '\t' || cell.back() == '\t'));
    if (!quote) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

std::string write(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& r : rows) append_record(out, r);
  return out;
}

}  // namespace shipboard::server::csv
