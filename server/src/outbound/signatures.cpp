// HMAC-SHA256 with OpenSSL's one-shot HMAC(), base64 with libsodium, and the vendors' schemes:
// - DingTalk 釘釘, "自定义机器人安全设置" (加签): string_to_sign = timestamp + "\n" + secret,
//   HmacSHA256 keyed with the secret, Base64, then urlEncode (UTF-8); timestamp in milliseconds,
//   sent as "&timestamp=XXX&sign=XXX" on the webhook URL. The page's Python sample is
//   hmac.new(secret, string_to_sign, sha256) then urllib.parse.quote_plus(base64.b64encode(..)).
// - Feishu 飛書, "自定义机器人使用指南" (签名校验): the string timestamp + "\n" + secret is the
//   HMAC *key* and the message is empty; Base64; timestamp in seconds; both go into the JSON
//   body as "timestamp" and "sign". The page's Python sample is
//   hmac.new(f"{timestamp}\n{secret}".encode(), b"", digestmod=sha256).
#include "outbound/signatures.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace shipboard::server::outbound {
namespace {

std::string base64(const std::string& raw) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

// Percent-encoding of everything but RFC 3986's unreserved characters, upper-case hex (as
// Python's quote_plus and Java's URLEncoder give for base64 text: + / = become %2B %2F %3D).
std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
        ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 0x0F];
    }
  }
  return out;
}

}  // namespace

std::string hmac_sha256(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
           &length) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string hmac_sha256_hex(const std::string& key, const std::string& message) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : hmac_sha256(key, message)) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

std::string generic_signature(const std::string& secret, const std::string& timestamp,
                              const std::string& body) {
  return "sha256=" + hmac_sha256_hex(secret, timestamp + "." + body);
}

std::string dingtalk_signed_url(const std::string& url, const std::string& secret,
                                std::int64_t timestamp_ms) {
  const std::string ts = std::to_string(timestamp_ms);
  const std::string sign = url_encode(base64(hmac_sha256(secret, ts + "\n" + secret)));
  const std::size_t hash = url.find('#');
  std::string base = url.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  if (base.find('?') == std::string::npos)
    base += '?';
  else if (base.back() != '?' && base.back() != '&')
    base += '&';
  return base + "timestamp=" + ts + "&sign=" + sign + fragment;
}

std::string feishu_signed_body(const std::string& body, const std::string& secret,
                               std::int64_t timestamp_s) {
  auto j = nlohmann::ordered_json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw std::invalid_argument("feishu_signed_body: the body is not a JSON object");
  const std::string ts = std::to_string(timestamp_s);
  j["timestamp"] = ts;
  j["sign"] = base64(hmac_sha256(ts + "\n" + secret, ""));
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
}

}  // namespace shipboard::server::outbound
