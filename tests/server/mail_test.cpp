// Email for the outbox (server/src/outbound/mail.hpp), without a Shipboard server: the MIME
// composer's output parsed back (headers, RFC 2047 encoded-words decoded to the Chinese subject
// and names, both parts base64-decoded to the exact UTF-8 text and HTML, CRLF only, line
// limits, RFC 8058 headers), header injection refused or repaired, the SMTP URL check
// and the Date format; then real sends through libcurl to tests/smtp/server.py (Debian's
// python3-aiosmtpd) on 127.0.0.1: plain, STARTTLS with AUTH and a certificate made here by
// openssl, implicit TLS, a wrong password, a refused recipient and a dead port. Nothing but
// loopback is ever contacted; every address is at example.com.
//
// Map: [SECTION] the test SMTP server · compose_mime · URL and
// date checks · real sends to tests/smtp/server.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mime_reader.hpp"
#include "outbound/mail.hpp"
#include "server_fixture.hpp"
#include "shipboard/utf8.hpp"
#include "smtp_fixture.hpp"

using namespace shipboard;
using namespace shipboard::server::outbound;
using nlohmann::json;
using shipboard::test::free_port;
using shipboard::test::HelperProcess;
using shipboard::test::read_text;
using shipboard::test::repo_root;
using shipboard::test::SmtpServer;
using namespace shipboard::test;

// Reading mail back: tests/server/mime_reader.hpp.

namespace {

const std::int64_t kDate = 1796310245;  // Thu, 03 Dec 2026 15:04:05 +0000
const std::string kSubject = "「直播功能」已上線";

Mail sample_mail() {
  Mail m;
  m.from = "Shipboard 看板 <board@example.com>";
  m.to = "lin@example.com";
  m.to_name = "林小美";
  m.subject = kSubject;
  m.text = "「直播功能」的狀態改為：已上線。\n\nhttps://board.example.com/#/items/42\n";
  m.html =
      "<p>「直播功能」的狀態改為：<b>已上線</b>。</p>\r\n<p><a "
      "href=\"https://board.example.com/#/items/42\">打開</a></p>";
  m.list_unsubscribe_url = "https://board.example.com/unsubscribe?token=abc123";
  m.message_id_domain = "board.example.com";
  m.extra_headers = {{"Auto-Submitted", "auto-generated"}};
  return m;
}

std::string crlf(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
    out += s[i];
  }
  return out;
}

bool header_line_starts(const std::string& raw, const std::string& prefix) {
  for (const auto& line : lines_of(raw))
    if (line.rfind(prefix, 0) == 0) return true;
  return false;
}

// [SECTION] the test SMTP server

std::string sample_mime() {
  return compose_mime(sample_mail(), rfc5322_date(kDate), "outbox-1");
}

}  // namespace

// [SECTION] compose_mime

TEST_CASE("compose_mime writes a multipart/alternative message that parses back", "[mail]") {
  const Mail mail = sample_mail();
  const std::string raw = compose_mime(mail, rfc5322_date(kDate), "outbox-42");
  INFO(raw);
  check_lines(raw);
  check_encoded_words(raw);
  const Parsed msg = parse(raw);

  for (const char* name :
       {"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted"})
    CHECK(msg.count(name) == 1);
  CHECK(msg.header("Date") == "Thu, 03 Dec 2026 15:04:05 +0000");
  CHECK(msg.header("Subject").find("=?UTF-8?B?") == 0);
  CHECK(decode_words(msg.header("Subject")) == kSubject);
  CHECK(decode_words(msg.header("From")) == "Shipboard 看板 <board@example.com>");
  CHECK(decode_words(msg.header("To")) == "林小美 <lin@example.com>");
  CHECK(msg.header("Message-ID") == "<outbox-42@board.example.com>");
  CHECK(msg.header("MIME-Version") == "1.0");
  CHECK(msg.header("List-Unsubscribe") == "<https://board.example.com/unsubscribe?token=abc123>");
  CHECK(msg.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
  CHECK(msg.header("Auto-Submitted") == "auto-generated");
  CHECK(msg.count("Content-Transfer-Encoding") == 0);

  const std::string type = msg.header("Content-Type");
  CHECK(type.rfind("multipart/alternative;", 0) == 0);
  const std::string boundary = boundary_of(type);
  CHECK(boundary.size() >= 30);
  CHECK(raw.find(boundary) != std::string::npos);
  const auto parts = parts_of(msg.body, boundary);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].header("Content-Type") == "text/plain; charset=UTF-8");
  CHECK(parts[1].header("Content-Type") == "text/html; charset=UTF-8");
  for (const auto& p : parts) {
    CHECK(p.header("Content-Transfer-Encoding") == "base64");
    check_base64_lines(p.body);
  }
  // The text's LF line breaks became CRLF (canonical text); the HTML had CRLF already.
  CHECK(base64_decode(parts[0].body) == crlf(mail.text));
  CHECK(base64_decode(parts[1].body) == mail.html);

  SECTION("the same inputs give the same bytes; another Message-ID another boundary") {
    CHECK(compose_mime(mail, rfc5322_date(kDate), "outbox-42") == raw);
    const std::string other = compose_mime(mail, rfc5322_date(kDate), "outbox-43");
    CHECK(boundary_of(parse(other).header("Content-Type")) != boundary);
  }
  SECTION("Message-ID forms") {
    CHECK(parse(compose_mime(mail, "x", "<a.b@c.example.com>")).header("Message-ID") ==
          "<a.b@c.example.com>");
    CHECK(parse(compose_mime(mail, "x", "a.b@c.example.com")).header("Message-ID") ==
          "<a.b@c.example.com>");
    Mail m = mail;
    m.message_id_domain.clear();  // the From address's domain
    CHECK(parse(compose_mime(m, "x", "id-7")).header("Message-ID") == "<id-7@example.com>");
    CHECK_THROWS_AS(compose_mime(mail, "x", "a b"), std::invalid_argument);
    CHECK_THROWS_AS(compose_mime(mail, "x", "a@b>\r\nBcc: x@example.com"), std::invalid_argument);
  }
  SECTION("no unsubscribe URL: no List-Unsubscribe headers") {
    Mail m = mail;
    m.list_unsubscribe_url.clear();
    const Parsed p = parse(compose_mime(m, "x", "id"));
    CHECK(p.count("List-Unsubscribe") == 0);
    CHECK(p.count("List-Unsubscribe-Post") == 0);
  }
}

TEST_CASE("compose_mime folds long subjects and names without breaking characters", "[mail]") {
  Mail m = sample_mail();
  SECTION("a long Chinese subject: many encoded-words, each ≤ 75 and whole characters") {
    std::string subject;
    for (int i = 0; i < 12; ++i) subject += "「直播功能」已上線，請測試🚀 ";
    m.subject = subject;
    const std::string raw = compose_mime(m, "x", "id");
    check_lines(raw);
    check_encoded_words(raw);
    const std::string value = parse(raw).header("Subject");
    CHECK(std::count(value.begin(), value.end(), '?') / 4 > 5);  // several words
    CHECK(decode_words(value) == subject);
  }
  SECTION("a long ASCII subject is folded at its spaces and unfolds back") {
    m.subject = "Live streaming  is now shipped";
    for (int i = 0; i < 10; ++i)
      m.subject += " and one more long clause number " + std::to_string(i);
    const std::string raw = compose_mime(m, "x", "id");
    check_lines(raw);
    CHECK(parse(raw).header("Subject") == m.subject);
    CHECK(raw.find("Subject: =?") == std::string::npos);
  }
  SECTION("an ASCII word too long to fold, or text that looks encoded, is encoded") {
    m.subject = "see " + std::string(1200, 'x');
    std::string raw = compose_mime(m, "x", "id");
    check_lines(raw);
    check_encoded_words(raw);
    CHECK(decode_words(parse(raw).header("Subject")) == m.subject);
    m.subject = "=?UTF-8?B?5L2g5aW9?= is literal";
    raw = compose_mime(m, "x", "id");
    CHECK(decode_words(parse(raw).header("Subject")) == m.subject);
  }
  SECTION("ASCII display names are quoted; a long Chinese name is folded") {
    m.from = "\"Ship, \\\"Board\\\"\" <board@example.com>";
    m.to_name = std::string("林小美") + "的非常長的顯示名稱" +
                "林小美的非常長的顯示名稱林小美的非常長的顯示名稱";
    const std::string raw = compose_mime(m, "x", "id");
    check_lines(raw);
    check_encoded_words(raw);
    const Parsed p = parse(raw);
    CHECK(p.header("From") == "\"Ship, \\\"Board\\\"\" <board@example.com>");
    CHECK(decode_words(p.header("To")) == m.to_name + " <lin@example.com>");
  }
  SECTION("no display name: the bare address") {
    m.from = "board@example.com";
    m.to_name.clear();
    const Parsed p = parse(compose_mime(m, "x", "id"));
    CHECK(p.header("From") == "board@example.com");
    CHECK(p.header("To") == "lin@example.com");
  }
  SECTION("only text, or only HTML: that part alone") {
    m.html.clear();
    Parsed p = parse(compose_mime(m, "x", "id"));
    CHECK(p.header("Content-Type") == "text/plain; charset=UTF-8");
    CHECK(p.header("Content-Transfer-Encoding") == "base64");
    CHECK(base64_decode(p.body) == crlf(m.text));
    m.text.clear();
    m.html = "<p>只有 HTML</p>";
    p = parse(compose_mime(m, "x", "id"));
    CHECK(p.header("Content-Type") == "text/html; charset=UTF-8");
    CHECK(base64_decode(p.body) == m.html);
  }
}

TEST_CASE("compose_mime refuses header injection in addresses and repairs text", "[mail]") {
  const std::string date = rfc5322_date(kDate);
  auto refused = [&](Mail m) {
    CHECK_THROWS_AS(compose_mime(m, date, "id"), std::invalid_argument);
  };
  Mail m = sample_mail();
  SECTION("addresses, the URL and extra headers: refused") {
    m.to = "lin@example.com\r\nBcc: evil@example.com";
    refused(m);
    m = sample_mail();
    m.to = "lin@example.com>\nBcc: evil@example.com";
    refused(m);
    m = sample_mail();
    m.to = "not an address";
    refused(m);
    m = sample_mail();
    m.from = "Shipboard <board@example.com>\r\nBcc: evil@example.com";
    refused(m);
    m = sample_mail();
    m.from = "Ship\rboard <board@example.com>";
    refused(m);
    m = sample_mail();
    m.from = "Shipboard <board@example.com";
    refused(m);
    m = sample_mail();
    m.list_unsubscribe_url = "https://board.example.com/u>\r\nBcc: evil@example.com";
    refused(m);
    m = sample_mail();
    m.list_unsubscribe_url = "http://board.example.com/u";  // RFC 8058: https
    refused(m);
    m = sample_mail();
    m.list_unsubscribe_url = "mailto:unsubscribe@example.com";
    refused(m);
    m = sample_mail();
    m.extra_headers = {{"X-Ok\r\nBcc", "evil@example.com"}};
    refused(m);
    m = sample_mail();
    m.extra_headers = {{"X-Ok", "fine\r\nBcc: evil@example.com"}};
    refused(m);
    m = sample_mail();
    m.extra_headers = {{"subject", "a second subject"}};
    refused(m);
    m = sample_mail();
    m.extra_headers = {{"Content-Type", "text/plain"}};
    refused(m);
    CHECK_THROWS_AS(compose_mime(sample_mail(), "Thu\r\nBcc: evil@example.com", "id"),
                    std::invalid_argument);
  }
  SECTION("http:// to loopback is allowed for the unsubscribe URL (development)") {
    m.list_unsubscribe_url = "http://127.0.0.1:8080/unsubscribe?token=abc";
    CHECK_NOTHROW(compose_mime(m, date, "id"));
  }
  SECTION("subject and names: CR and LF become spaces, nothing is injected") {
    m.subject = "Hi\r\nBcc: evil@example.com";
    m.to_name = "林\r\nBcc: evil@example.com";
    m.from = "Shipboard <board@example.com>";
    const std::string raw = compose_mime(m, date, "id");
    check_lines(raw);
    CHECK_FALSE(header_line_starts(raw, "Bcc"));
    const Parsed p = parse(raw);
    CHECK(p.count("Bcc") == 0);
    CHECK(p.header("Subject") == "Hi  Bcc: evil@example.com");
    CHECK(decode_words(p.header("To")) == "林  Bcc: evil@example.com <lin@example.com>");
    m.subject = "「直播」\n已上線";
    CHECK(decode_words(parse(compose_mime(m, date, "id")).header("Subject")) == "「直播」 已上線");
  }
}

// [SECTION] URL and date checks (the address check is the core's: tests/core/commands_test.cpp)

TEST_CASE("check_smtp_url: smtp:// and smtps:// with a host", "[mail]") {
  for (const char* ok :
       {"smtp://127.0.0.1:2525", "smtps://mail.example.com:465", "smtp://mail.example.com",
        "smtp://[::1]:25", "smtp://mail.example.com:587/board.example.com"}) {
    INFO(ok);
    CHECK_FALSE(check_smtp_url(ok).has_value());
  }
  for (const char* bad :
       {"", "mail.example.com:25", "http://mail.example.com", "https://mail.example.com",
        "ftp://mail.example.com", "smtp://", "smtp://:25", "smtp://mail.example.com:0",
        "smtp://mail.example.com:70000", "smtp://user:pw@mail.example.com:587",
        "smtp://mail.example.com:587?starttls=1", "smtp://mail.example.com:587#x",
        "smtp://mail.example.com\r\n:25"}) {
    INFO(bad);
    const auto why = check_smtp_url(bad);
    CHECK(why.has_value());
    if (why) CHECK(!why->empty());
  }
}

TEST_CASE("rfc5322_date formats UTC", "[mail]") {
  CHECK(rfc5322_date(kDate) == "Thu, 03 Dec 2026 15:04:05 +0000");
  CHECK(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(1835481599) == "Tue, 29 Feb 2028 23:59:59 +0000");
  CHECK(rfc5322_date(951868800) == "Wed, 01 Mar 2000 00:00:00 +0000");
  CHECK(rfc5322_date(-1) == "Wed, 31 Dec 1969 23:59:59 +0000");
}

// [SECTION] real sends to tests/smtp/server.py

TEST_CASE("send_mail over plain SMTP to loopback", "[mail]") {
  SmtpServer server;
  const std::string mime = sample_mime();
  const MailResult r = send_mail(server.settings(), "", "lin@example.com", mime);
  INFO(r.error << "\n" << server.process->output());
  REQUIRE(r.ok);
  CHECK(r.smtp_code == 250);
  CHECK(r.error.empty());
  REQUIRE(server.messages() == 1);
  CHECK(server.eml(1) == mime);  // byte for byte, after the dot-stuffing is undone
  const json side = server.sidecar(1);
  CHECK(side["mail_from"] == "board@example.com");
  CHECK(side["rcpt_tos"] == json::array({"lin@example.com"}));
  CHECK(side["tls"] == false);
  CHECK(side["auth_login"].is_null());

  SECTION("a message with lines that start with a dot arrives unchanged") {
    const std::string dotted = "Subject: dots\r\n\r\n.\r\n..two\r\n. three\r\nend\r\n";
    const MailResult d =
        send_mail(server.settings(), "board@example.com", "lin@example.com", dotted);
    INFO(d.error);
    REQUIRE(d.ok);
    CHECK(server.eml(2) == dotted);
  }
  SECTION("credentials go over plain SMTP to loopback when no STARTTLS is offered") {
    SmtpServer authed("plain", {"--auth", "shipboard:s3cret pass"});
    SmtpSettings s = authed.settings();
    s.user = "shipboard";
    s.password = "s3cret pass";
    const MailResult a = send_mail(s, "", "lin@example.com", mime);
    INFO(a.error << "\n" << authed.process->output());
    REQUIRE(a.ok);
    CHECK(authed.sidecar(1)["tls"] == false);
    CHECK(authed.sidecar(1)["auth_login"] == "shipboard");
  }
}

TEST_CASE("send_mail with STARTTLS and AUTH, the certificate verified", "[mail]") {
  SmtpServer server("starttls", {"--auth", "shipboard:correct horse"});
  SmtpSettings s = server.settings();
  s.user = "shipboard";
  s.password = "correct horse";
  s.ca_file = server.cert();
  s.tls_verify = true;
  const std::string mime = sample_mime();

  SECTION("delivered over TLS with the login") {
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error << "\n" << server.process->output());
    REQUIRE(r.ok);
    CHECK(r.smtp_code == 250);
    REQUIRE(server.messages() == 1);
    CHECK(server.eml(1) == mime);
    const json side = server.sidecar(1);
    CHECK(side["tls"] == true);
    CHECK(side["auth_login"] == "shipboard");
    CHECK(side["rcpt_tos"] == json::array({"lin@example.com"}));
  }
  SECTION("smtp://localhost verifies against the DNS name") {
    s.url = "smtp://localhost:" + std::to_string(server.port);
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error);
    REQUIRE(r.ok);
    CHECK(server.sidecar(1)["tls"] == true);
  }
  SECTION("a wrong password: an error, not permanent, nothing delivered") {
    s.password = "wrong horse";
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error);
    CHECK_FALSE(r.ok);
    CHECK(r.smtp_code == 535);
    CHECK_FALSE(r.permanent);
    CHECK(!r.error.empty());
    CHECK(server.messages() == 0);
  }
  SECTION("no credentials: MAIL FROM refused (530), not permanent") {
    s.user.clear();
    s.password.clear();
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error);
    CHECK_FALSE(r.ok);
    CHECK(r.smtp_code == 530);
    CHECK_FALSE(r.permanent);
    CHECK(server.messages() == 0);
  }
  SECTION("the self-signed certificate without its CA file: refused") {
    s.ca_file.clear();
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.permanent);
    CHECK(server.messages() == 0);
  }
  SECTION("tls_verify false accepts it") {
    s.ca_file.clear();
    s.tls_verify = false;
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    INFO(r.error);
    REQUIRE(r.ok);
    CHECK(server.sidecar(1)["tls"] == true);
  }
}

TEST_CASE("send_mail with implicit TLS (smtps://)", "[mail]") {
  SmtpServer server("implicit", {"--auth", "shipboard:pw-for-465"});
  SmtpSettings s = server.settings("smtps");
  s.user = "shipboard";
  s.password = "pw-for-465";
  s.ca_file = server.cert();
  const std::string mime = sample_mime();
  const MailResult r = send_mail(s, "Other Sender <other@example.com>", "lin@example.com", mime);
  INFO(r.error << "\n" << server.process->output());
  REQUIRE(r.ok);
  CHECK(r.smtp_code == 250);
  REQUIRE(server.messages() == 1);
  CHECK(server.eml(1) == mime);
  const json side = server.sidecar(1);
  CHECK(side["tls"] == true);
  CHECK(side["auth_login"] == "shipboard");
  CHECK(side["mail_from"] == "other@example.com");

  SECTION("smtp:// to the TLS port does not get an SMTP answer") {
    s.url = server.url("smtp");
    s.total_timeout_ms = 1500;
    const MailResult p = send_mail(s, "", "lin@example.com", mime);
    CHECK_FALSE(p.ok);
    CHECK(server.messages() == 1);
  }
}

TEST_CASE("send_mail reports refusals and dead servers", "[mail]") {
  const std::string mime = sample_mime();
  SECTION("a refused recipient: 550, permanent") {
    SmtpServer server("plain", {"--reject-rcpt", "gone@example.com"});
    const MailResult r = send_mail(server.settings(), "", "gone@example.com", mime);
    INFO(r.error);
    CHECK_FALSE(r.ok);
    CHECK(r.smtp_code == 550);
    CHECK(r.permanent);
    CHECK(r.error.find("550") != std::string::npos);
    CHECK(r.error.find("mailbox unavailable") != std::string::npos);
    CHECK(server.messages() == 0);
    const MailResult ok = send_mail(server.settings(), "", "lin@example.com", mime);
    CHECK(ok.ok);
    CHECK(server.messages() == 1);
  }
  SECTION("a dead port: connection refused, quickly, no SMTP code") {
    SmtpSettings s;
    s.url = "smtp://127.0.0.1:" + std::to_string(free_port());
    s.from = "board@example.com";
    const auto start = std::chrono::steady_clock::now();
    const MailResult r = send_mail(s, "", "lin@example.com", mime);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    INFO(r.error);
    CHECK_FALSE(r.ok);
    CHECK(r.smtp_code == 0);
    CHECK_FALSE(r.permanent);
    CHECK(!r.error.empty());
    CHECK(ms < 2000);
  }
  SECTION("bad inputs are refused before connecting") {
    SmtpSettings s;
    s.url = "http://127.0.0.1:1";
    s.from = "board@example.com";
    MailResult r = send_mail(s, "", "lin@example.com", mime);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.permanent);
    s.url = "smtp://127.0.0.1:1";
    r = send_mail(s, "", "lin@example.com>\r\nRCPT TO:<evil@example.com", mime);
    CHECK_FALSE(r.ok);
    CHECK(r.permanent);
    r = send_mail(s, "board@example.com>\r\nRCPT TO:<evil@example.com", "lin@example.com", mime);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.permanent);
    s.from.clear();
    r = send_mail(s, "", "lin@example.com", mime);
    CHECK_FALSE(r.ok);
  }
}
