// Email for the notification outbox: a pure MIME composer (multipart/alternative, UTF-8 text
// and HTML as base64, RFC 2047 headers, RFC 8058 one-click unsubscribe) and one guarded SMTP
// sender over Debian's libcurl (smtp:// with STARTTLS, smtps:// with implicit TLS, connect and
// total timeouts, the SMTP code and whether a failure is permanent). Blocking like
// http_client.hpp: call send_mail from a worker, never while holding a lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shipboard::server::outbound {

struct Mail {
  std::string from;     // "Shipboard <board@example.com>", "\"Ship, Board\" <…>" or bare address
  std::string to;       // bare address
  std::string to_name;  // display name, may be empty
  std::string subject;
  std::string text;                  // text/plain part; line breaks are sent as CRLF
  std::string html;                  // text/html part; line breaks are sent as CRLF
  std::string list_unsubscribe_url;  // https URL for one-click unsubscribe, may be empty
  std::string message_id_domain;     // for a message_id without "@"; empty: the From domain
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. Auto-Submitted
};

// The whole message, CRLF line endings, every line ≤ 78 characters where it can be folded
// (always ≤ 998). Pure: the caller passes the Date value (rfc5322_date) and the Message-ID,
// "<local@domain>", "local@domain", or just "local" (then "@" + message_id_domain, or the
// From address's domain, is added); the MIME boundary is derived from the Message-ID, so the
// same inputs give the same bytes.
// Structure: both text and html → multipart/alternative (text/plain first); only one of them
// → that part alone. Both parts base64 in 76-character lines, charset=UTF-8; their line breaks
// (LF, CR or CRLF) become CRLF first, the canonical form of text (RFC 2045 §6.8).
// Headers: Date, From, To, Subject, Message-ID, MIME-Version, List-Unsubscribe and
// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058) when list_unsubscribe_url is
// set, extra_headers, Content-Type. Display names and the subject are RFC 2047 encoded-words
// (=?UTF-8?B?…?=, each ≤ 75 characters, never splitting a UTF-8 character) when they are not
// plain ASCII; ASCII display names go in a quoted-string.
// Header injection: addresses (from, to), the Message-ID, the unsubscribe URL and
// extra_headers are refused with std::invalid_argument when they hold CR, LF (or any control
// character) or are malformed (shipboard::is_valid_email, the core's check; the URL must be
// https://, or http:// to a loopback host; extra header names must be letters, digits and hyphens
// and must not be one of the headers above; non-ASCII extra header values are encoded like the
// subject). The subject and display names are repaired instead: every control character (CR, LF,
// NUL, …; a tab too) becomes a space.
std::string compose_mime(const Mail& mail, const std::string& date_rfc5322,
                         const std::string& message_id);

// "Thu, 03 Dec 2026 15:04:05 +0000" for a Unix time (UTC). Pure.
std::string rfc5322_date(std::int64_t unix_seconds);

// Whether `from` is a From value compose_mime takes: "Name <addr>", "\"Name\" <addr>" or a
// bare address, no control characters.
bool valid_from(const std::string& from);

struct SmtpSettings {
  // smtp://host:port (STARTTLS) or smtps://host:port (implicit TLS); a path names the EHLO
  // domain (smtp://mail.example.com:587/board.example.com), else libcurl says "localhost".
  std::string url;
  std::string user, password;  // AUTH (libcurl picks PLAIN/LOGIN/…) when user is set
  std::string from;            // the From header and envelope sender, "Name <addr>" or addr
  bool tls_verify = true;      // verify the certificate chain and the host name
  std::string ca_file;         // a CA bundle used instead of the system's (tests)
  long connect_timeout_ms = 5000, total_timeout_ms = 30000;
};

// Why `url` cannot be an SMTP server URL, or nothing when it can: smtp:// or smtps:// only,
// a host, a port within 1..65535 when one is given (the defaults are 25 and 465), no user or
// password in it (they are settings of their own), no query or fragment.
std::optional<std::string> check_smtp_url(const std::string& url);

struct MailResult {
  bool ok = false;
  long smtp_code = 0;  // the last SMTP reply code (250 when ok); 0: no SMTP answer
  std::string error;   // libcurl's error text and the server's reply line that failed
  // A 5xx answer to RCPT TO, DATA or the message itself: this mail will not go, don't retry.
  // Not for a 5xx greeting or one to EHLO, STARTTLS, AUTH (535: a wrong password) or MAIL FROM:
  // those are the server's or the settings' fault and every mail would get them. Also set
  // when `rcpt` is not an address is_valid_email accepts.
  bool permanent = false;
};

// One message (`mime`, e.g. compose_mime's) to one recipient. `envelope_from` is the
// MAIL FROM address, bare or "Name <addr>" (empty: settings.from); both addresses must pass
// is_valid_email. TLS rules:
// - smtps://: implicit TLS.
// - smtp:// to a host that is not loopback: STARTTLS is required (CURLUSESSL_ALL); a server
//   that does not offer it fails the send before MAIL FROM and before any credentials.
// - smtp:// to a loopback host (127.0.0.0/8, ::1, localhost): STARTTLS when the server offers
//   it (CURLUSESSL_TRY), plain otherwise (credentials too: they never leave the machine).
// Certificates are verified (chain and host name) unless tls_verify is false. Never through a
// proxy from the environment; no signals (CURLOPT_NOSIGNAL).
MailResult send_mail(const SmtpSettings& settings, const std::string& envelope_from,
                     const std::string& rcpt, const std::string& mime);

}  // namespace shipboard::server::outbound
