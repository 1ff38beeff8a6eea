// Signatures for outgoing webhooks and chat bots: HMAC-SHA256 (OpenSSL) as lowercase hex for
// Shipboard's generic webhooks, and the DingTalk and Feishu custom-bot signing schemes (base64
// via libsodium). Pure functions: the caller passes the timestamp, nothing reads a clock.
#pragma once

#include <cstdint>
#include <string>

namespace shipboard::server::outbound {

// Raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256(const std::string& key, const std::string& message);
// The same as lowercase hex.
std::string hmac_sha256_hex(const std::string& key, const std::string& message);

// Generic webhook: the header value "sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>".
std::string generic_signature(const std::string& secret, const std::string& timestamp,
                              const std::string& body);

// DingTalk: `url` with "timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(key = secret,
// msg = timestamp_ms + "\n" + secret)>" appended after "?" or "&" as the URL needs (before a
// "#fragment" if it has one).
std::string dingtalk_signed_url(const std::string& url, const std::string& secret,
                                std::int64_t timestamp_ms);

// Feishu: `body` (a JSON object, e.g. render_chat's output) with "timestamp" (seconds, as a
// string) and "sign" (base64 HMAC-SHA256(key = timestamp_s + "\n" + secret, msg = "")) added
// at the top level. Throws std::invalid_argument when `body` is not a JSON object.
std::string feishu_signed_body(const std::string& body, const std::string& secret,
                               std::int64_t timestamp_s);

}  // namespace shipboard::server::outbound
