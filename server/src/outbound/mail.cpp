// The MIME composer and the libcurl SMTP sender; see mail.hpp. MIME by RFC 5322 (headers,
// folding at 78, lines ≤ 998), RFC 2045/2046 (multipart/alternative, base64 in 76-character
// lines), RFC 2047 (B encoded-words of ≤ 75 characters) and RFC 8058 (one-click unsubscribe).
// SMTP through libcurl's smtp:// and smtps:// (MAIL FROM, one RCPT TO, the message uploaded
// by a read callback; libcurl does the dot-stuffing). The server's reply lines come from the
// debug callback (only CURLINFO_HEADER_IN: what we send, AUTH included, is never kept).
#include "outbound/mail.hpp"

#include "shipboard/commands.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "config.hpp"
#include "outbound/http_client.hpp"
#include "outbound/signatures.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server::outbound {
namespace {

constexpr std::size_t kFoldAt = 78;     // RFC 5322 §2.1.1: SHOULD
constexpr std::size_t kMaxLine = 998;   // RFC 5322 §2.1.1: MUST
constexpr std::size_t kMaxWord = 75;    // RFC 2047 §2: an encoded-word
constexpr std::size_t kWordExtra = 12;  // "=?UTF-8?B?" + "?="

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += kBase64[v >> 6 & 63];
    out += kBase64[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v =
        static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8;
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += kBase64[v >> 6 & 63];
    out += '=';
  }
  return out;
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_control(c); });
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 5322 atext: what a dot-atom is made of besides the dots.
bool is_atext(unsigned char c) {
  return std::isalnum(c) || (c != 0 && c < 0x80 && std::strchr("!#$%&'*+-/=?^_`{|}~", c));
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.') {
      if (s[i + 1] == '.') return false;  // s.back() is not a dot, so i + 1 < size
    } else if (!is_atext(c)) {
      return false;
    }
  }
  return true;
}

// Valid UTF-8 with every control character (C0, DEL, C1) a space and malformed bytes U+FFFD:
// what the subject and display names become before they are written.
std::string sanitize_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = decode_utf8(s, i);
    if (cp == kInvalidCodePoint) cp = 0xFFFD;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) cp = ' ';
    append_utf8(out, cp);
  }
  return out;
}

// RFC 2047 B encoded-words for valid UTF-8 `text`: the first at most `first_max` characters
// long (so it fits after the header name), the others at most 75, each holding whole
// characters. Adjacent encoded-words separated by folding white space decode back to `text`.
std::vector<std::string> encoded_words(std::string_view text, std::size_t first_max) {
  auto bytes_for = [](std::size_t word_len) { return (word_len - kWordExtra) / 4 * 3; };
  std::size_t limit =
      first_max >= kWordExtra + 8 ? bytes_for(std::min(first_max, kMaxWord)) : bytes_for(kMaxWord);
  std::vector<std::string> words;
  std::string chunk;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    decode_utf8(text, i);
    const std::string_view ch = text.substr(start, i - start);
    if (!chunk.empty() && chunk.size() + ch.size() > limit) {
      words.push_back("=?UTF-8?B?" + base64(chunk) + "?=");
      chunk.clear();
      limit = bytes_for(kMaxWord);
    }
    chunk += ch;
  }
  if (!chunk.empty() || words.empty()) words.push_back("=?UTF-8?B?" + base64(chunk) + "?=");
  return words;
}

// "Name: token token …" + CRLF, folded (CRLF and a space before a token) where a line would
// pass 78 characters; never before the first token nor before an empty one (a line of white
// space alone is not allowed).
std::string fold_header(std::string_view name, const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ':';
  std::size_t line = out.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && !tokens[i].empty() && line + 1 + tokens[i].size() > kFoldAt) {
      out += "\r\n";
      line = 0;
    }
    out += ' ';
    out += tokens[i];
    line += 1 + tokens[i].size();
  }
  out += "\r\n";
  return out;
}

bool lines_fit(std::string_view header) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find("\r\n", start);
    if (end == std::string_view::npos) end = header.size();
    if (end - start > kMaxLine) return false;
    start = end + 2;
  }
  return true;
}

// An unstructured header (Subject, extra headers) for sanitized `value`: plain ASCII folded at
// its spaces, else (or when it holds "=?", which a reader would take for an encoded-word, or a
// word too long to fold) encoded-words.
std::string unstructured_header(std::string_view name, const std::string& value) {
  if (is_ascii(value) && value.find("=?") == std::string::npos) {
    std::vector<std::string> tokens;
    std::size_t start = 0;
    for (;;) {
      const std::size_t sp = value.find(' ', start);
      tokens.emplace_back(value.substr(start, sp == std::string::npos ? sp : sp - start));
      if (sp == std::string::npos) break;
      start = sp + 1;
    }
    std::string h = fold_header(name, tokens);
    if (lines_fit(h)) return h;
  }
  return fold_header(name, encoded_words(value, kFoldAt - name.size() - 2));
}

// Tokens of a display name before an address: a quoted-string for plain ASCII, else
// encoded-words. `name` is sanitized.
std::vector<std::string> phrase_tokens(std::string_view header, const std::string& name) {
  if (is_ascii(name) && name.find("=?") == std::string::npos && name.size() < 900) {
    std::string q = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    q += '"';
    return {q};
  }
  return encoded_words(name, kFoldAt - header.size() - 2);
}

std::string address_header(std::string_view header, const std::string& name,
                           const std::string& address) {
  const std::string clean = std::string(trim(sanitize_text(name)));
  if (clean.empty()) return fold_header(header, {address});
  std::vector<std::string> tokens = phrase_tokens(header, clean);
  tokens.push_back("<" + address + ">");
  return fold_header(header, tokens);
}

struct NamedAddress {
  std::string name;
  std::string address;
};

// "Name <addr>", "\"Name\" <addr>" or "addr"; throws std::invalid_argument (naming `what`) on
// a control character anywhere or an address is_valid_email refuses.
NamedAddress parse_address(const std::string& s, const char* what) {
  if (has_control(s)) throw std::invalid_argument(std::string(what) + ": control characters");
  NamedAddress out;
  std::string_view v = trim(s);
  const std::size_t lt = v.rfind('<');
  if (lt != std::string_view::npos) {
    if (v.back() != '>') throw std::invalid_argument(std::string(what) + ": expected Name <addr>");
    out.address = std::string(v.substr(lt + 1, v.size() - lt - 2));
    std::string_view name = trim(v.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        out.name += name[i];
      }
    } else {
      out.name = std::string(name);
    }
  } else {
    out.address = std::string(v);
  }
  if (!is_valid_email(out.address))
    throw std::invalid_argument(std::string(what) + ": not a valid email address: " + out.address);
  return out;
}

// The Message-ID as "<left@right>" (see compose_mime); throws std::invalid_argument.
std::string message_id_value(std::string id, const std::string& domain) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  if (id.find('@') == std::string::npos) id += "@" + domain;
  const std::size_t at = id.find('@');
  if (has_control(id) || !is_dot_atom(id.substr(0, at)) || !is_dot_atom(id.substr(at + 1)) ||
      id.size() > 900)
    throw std::invalid_argument("message_id: not a valid Message-ID: " + id);
  return "<" + id + ">";
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr const char* kOwnHeaders[] = {"Date",
                                       "From",
                                       "To",
                                       "Subject",
                                       "Message-ID",
                                       "MIME-Version",
                                       "Content-Type",
                                       "Content-Transfer-Encoding",
                                       "List-Unsubscribe",
                                       "List-Unsubscribe-Post"};

// Text in canonical form (every line break CRLF), base64 in lines of 76 and a CRLF each.
std::string base64_body(std::string_view text) {
  std::string canonical;
  canonical.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      canonical += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      canonical += "\r\n";
    } else {
      canonical += text[i];
    }
  }
  const std::string b64 = base64(canonical);
  std::string out;
  out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
  for (std::size_t i = 0; i < b64.size(); i += 76) {
    out.append(b64, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string part_headers(const char* type) {
  return std::string("Content-Type: ") + type +
         "; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n";
}

// Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t count = std::min(size * n, up->data->size() - up->pos);
  std::memcpy(buffer, up->data->data() + up->pos, count);
  up->pos += count;
  return count;
}

// The server's reply lines (CURLINFO_HEADER_IN), the last 32 of them, each cut at 300 bytes,
// with the command they answer: the first word of the last command sent (CURLINFO_HEADER_OUT;
// the rest of it, AUTH's credentials say, is not kept) or "" for the message itself
// (CURLINFO_DATA_OUT); "" for the greeting.
struct Reply {
  std::string line;
  std::string command;
};
struct Dialogue {
  std::vector<Reply> replies;
  std::string command;
};

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* d = static_cast<Dialogue*>(user);
  std::string_view text(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    d->command.clear();
    for (char ch : text) {
      if (ch == ' ' || ch == '\r' || ch == '\n' || d->command.size() == 16) break;
      d->command += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    return 0;
  }
  if (type == CURLINFO_DATA_OUT) {
    d->command = "(message)";
    return 0;
  }
  if (type != CURLINFO_HEADER_IN) return 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (d->replies.size() == 32) d->replies.erase(d->replies.begin());
    d->replies.push_back({sanitize_text(utf8_prefix(line, 300)), d->command});
  }
  return 0;
}

}  // namespace

bool valid_from(const std::string& from) {
  try {
    parse_address(from, "from");
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

std::string rfc5322_date(std::int64_t t) {
  static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = t / 86400, secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  const int weekday = static_cast<int>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d +0000", kDays[weekday], d,
                kMonths[m - 1], static_cast<long long>(y), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string compose_mime(const Mail& mail, const std::string& date_rfc5322,
                         const std::string& message_id) {
  const NamedAddress from = parse_address(mail.from, "from");
  if (has_control(mail.to)) throw std::invalid_argument("to: control characters");
  if (!is_valid_email(mail.to))
    throw std::invalid_argument("to: not a valid email address: " + mail.to);
  if (date_rfc5322.empty() || has_control(date_rfc5322) || date_rfc5322.size() > 100)
    throw std::invalid_argument("date: not a header value");
  const std::string domain = mail.message_id_domain.empty()
                                 ? from.address.substr(from.address.find('@') + 1)
                                 : mail.message_id_domain;
  const std::string id = message_id_value(message_id, domain);

  std::string out;
  out += "Date: " + date_rfc5322 + "\r\n";
  out += address_header("From", from.name, from.address);
  out += address_header("To", mail.to_name, mail.to);
  out += unstructured_header("Subject", sanitize_text(mail.subject));
  out += "Message-ID: " + id + "\r\n";
  out += "MIME-Version: 1.0\r\n";

  if (!mail.list_unsubscribe_url.empty()) {
    const std::string& url = mail.list_unsubscribe_url;
    std::string scheme, host;
    if (has_control(url) || url.find_first_of(" <>\"") != std::string::npos || url.size() > 900 ||
        !scheme_host(url, scheme, host) ||
        !(scheme == "https" || (scheme == "http" && is_loopback_host(host))))
      throw std::invalid_argument(
          "list_unsubscribe_url: must be an https:// URL (http:// only to loopback)");
    out += "List-Unsubscribe: <" + url + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }

  for (const auto& [name, value] : mail.extra_headers) {
    if (name.empty() || name.size() > 76 || !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        }))
      throw std::invalid_argument("extra header: not a header name: " + name);
    for (const char* own : kOwnHeaders)
      if (iequals(name, own)) throw std::invalid_argument("extra header: " + name + " is set here");
    if (has_control(value))
      throw std::invalid_argument("extra header " + name + ": control characters");
    out += unstructured_header(name, sanitize_text(value));
  }

  const bool both = !mail.text.empty() && !mail.html.empty();
  if (!both) {
    const bool html_only = mail.text.empty() && !mail.html.empty();
    out += part_headers(html_only ? "text/html" : "text/plain");
    out += "\r\n";
    out += base64_body(html_only ? mail.html : mail.text);
    return out;
  }
  // The boundary never occurs in base64 nor in the part headers ("=_" is not base64).
  const std::string boundary =
      "=_sb_" + hmac_sha256_hex("shipboard mime boundary", id).substr(0, 40);
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "--" + boundary + "\r\n";
  out += part_headers("text/plain");
  out += "\r\n";
  out += base64_body(mail.text);
  out += "--" + boundary + "\r\n";
  out += part_headers("text/html");
  out += "\r\n";
  out += base64_body(mail.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::optional<std::string> check_smtp_url(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u) return "libcurl could not start";
  if (has_control(url) || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return "not a URL: " + url;
  auto part = [&](CURLUPart which, std::string& value) {
    char* p = nullptr;
    if (curl_url_get(u.get(), which, &p, 0) != CURLUE_OK || !p) return false;
    value = p;
    curl_free(p);
    return true;
  };
  std::string scheme, host, port, ignored;
  if (!part(CURLUPART_SCHEME, scheme) || (scheme != "smtp" && scheme != "smtps"))
    return "the SMTP server URL must be smtp://host:port (STARTTLS) or smtps://host:port "
           "(implicit TLS), got " +
           url;
  if (!part(CURLUPART_HOST, host) || host.empty()) return "no host in " + url;
  if (part(CURLUPART_USER, ignored) || part(CURLUPART_PASSWORD, ignored))
    return "no user or password in the SMTP URL: they are settings of their own";
  if (part(CURLUPART_QUERY, ignored) || part(CURLUPART_FRAGMENT, ignored))
    return "no query or fragment in the SMTP URL: " + url;
  if (part(CURLUPART_PORT, port)) {
    const long n = std::strtol(port.c_str(), nullptr, 10);
    if (n < 1 || n > 65535) return "port out of range in " + url;
  }
  return std::nullopt;
}

MailResult send_mail(const SmtpSettings& settings, const std::string& envelope_from,
                     const std::string& rcpt, const std::string& mime) {
  global_init();
  MailResult res;
  if (auto problem = check_smtp_url(settings.url)) {
    res.error = *problem;
    return res;
  }
  std::string scheme, host;
  if (!scheme_host(settings.url, scheme, host)) {
    res.error = "not an absolute URL";
    return res;
  }
  std::string sender, recipient;
  try {
    sender = parse_address(envelope_from.empty() ? settings.from : envelope_from, "from").address;
  } catch (const std::invalid_argument& e) {
    res.error = e.what();
    return res;
  }
  if (has_control(rcpt) || !is_valid_email(rcpt)) {
    res.error = "not a valid recipient address: " + sanitize_text(rcpt);
    res.permanent = true;  // it will not become valid by waiting
    return res;
  }
  recipient = rcpt;

  const bool loopback = is_loopback_host(host);
  // smtps: TLS from the first byte; smtp: STARTTLS, required except to loopback.
  const long use_ssl = (scheme == "smtps" || !loopback) ? CURLUSESSL_ALL : CURLUSESSL_TRY;
  if (!settings.user.empty() && !loopback && use_ssl != CURLUSESSL_ALL) {
    res.error = "refusing to send SMTP credentials without TLS";  // unreachable by the rule above
    return res;
  }

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  if (!h) {
    res.error = "libcurl could not start";
    return res;
  }
  CURL* c = h.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  Upload upload{&mime};
  Dialogue dialogue;
  const std::string mail_from = "<" + sender + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpts(
      curl_slist_append(nullptr, ("<" + recipient + ">").c_str()), curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through an environment's proxy variables
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, settings.total_timeout_ms);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, settings.tls_verify ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, settings.tls_verify ? 2L : 0L);
  if (!settings.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &dialogue);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // only for on_debug: nothing is printed

  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.smtp_code);
  if (rc == CURLE_OK) {
    res.ok = true;
    return res;
  }
  res.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  if (res.smtp_code > 0) {
    // The reply that failed: the last one with that code (a QUIT's 221 may come after it).
    const std::string code = std::to_string(res.smtp_code);
    for (auto it = dialogue.replies.rbegin(); it != dialogue.replies.rend(); ++it)
      if (it->line.rfind(code, 0) == 0) {
        res.error += " (the server said: " + it->line + ")";
        // Permanent: a 5xx to this recipient or this message. A 5xx greeting or one to EHLO,
        // STARTTLS, AUTH or MAIL FROM is about the server or the settings (login, sender):
        // every mail would get it, and it goes away when the admin fixes them.
        res.permanent =
            res.smtp_code >= 500 && res.smtp_code < 600 &&
            (it->command == "RCPT" || it->command == "DATA" || it->command == "(message)");
        break;
      }
  }
  return res;
}

}  // namespace shipboard::server::outbound
