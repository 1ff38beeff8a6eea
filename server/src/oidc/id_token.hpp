// Verifying an OpenID Connect ID token (a JWS in compact serialisation) against the provider's
// published keys (its JWKS) with OpenSSL 3: only RS256 and ES256, the algorithm pinned by the key
// it names, never a key carried in the token; then iss, aud/azp, exp, nbf, iat, nonce and sub.
// The verifier reads no clock and no network: the caller passes the time and the fetched JWKS.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace shipboard::server::oidc {

// A provider's published signing keys, parsed from its JWKS JSON. Copies share the keys, which
// are immutable once parsed, so one KeySet may be used from several threads at once.
class KeySet {
 public:
  struct Key {
    std::string kid;  // empty when the JWK has none
    std::string kty;  // "RSA" or "EC" (always P-256)
    std::string alg;  // the JWK's alg, empty when it names none
    std::shared_ptr<EVP_PKEY> pkey;
  };

  KeySet() = default;  // no keys: every token is unknown_kid
  // Parses `{"keys":[...]}`. Keys that are not RSA (at least 2048 bits) or EC P-256, whose "use"
  // is not "sig", whose "key_ops" lack "verify", or whose numbers do not make a valid public key
  // are skipped. Returns an error text when the JSON is not a JWKS at all.
  static std::variant<KeySet, std::string> parse(const std::string& jwks_json);

  bool has_kid(const std::string& kid) const;
  std::size_t size() const { return keys_ ? keys_->size() : 0; }
  const std::vector<Key>& keys() const;

 private:
  std::shared_ptr<const std::vector<Key>> keys_;
};

struct Expected {
  std::string issuer;     // must equal iss exactly
  std::string client_id;  // must be in aud (a string or an array); azp, if present, must equal it
  std::string nonce;      // must equal the nonce claim exactly (constant-time compare)
  std::int64_t now = 0;   // unix seconds (passed in; the verifier reads no clock)
  std::int64_t leeway_s = 60;
  std::int64_t max_age_s = 600;  // iat no older than now - max_age_s - leeway, no later than
                                 // now + leeway
};

struct Claims {
  std::string iss, sub, name, email, preferred_username;
  bool email_verified = false;  // only a JSON true counts
  nlohmann::json all;           // the whole payload
};

enum class Failure {
  none,
  malformed,
  unsupported_alg,
  unknown_kid,
  bad_signature,
  wrong_issuer,
  wrong_audience,
  expired,
  not_yet_valid,
  issued_too_long_ago,
  wrong_nonce,
  missing_claim
};

struct Verdict {
  std::optional<Claims> claims;  // set only when everything checked
  Failure failure = Failure::none;
  std::string reason;  // a sentence for the sign-in error page / log, never containing the token
};

// The largest token looked at; a longer one is malformed.
inline constexpr std::size_t kMaxTokenBytes = 16 * 1024;

// Checks, in this order: the size; the header (base64url, a JSON object, no "crit") and its alg,
// exactly "RS256" or "ES256" (anything else, "none" and a missing alg too, is unsupported_alg);
// three base64url parts; the key (the header's kid, or without a kid the only key of the alg's
// kty), whose kty, and alg when the JWK has one, must fit the header's alg (else
// unsupported_alg); the signature over "header.payload" (RS256: RSASSA-PKCS1-v1_5 with SHA-256;
// ES256: 64 bytes r||s, any other length is bad_signature); only then the payload JSON and its
// claims: iss, aud/azp, exp > now - leeway, nbf <= now + leeway if present, iat, nonce, sub.
Verdict verify_id_token(const std::string& token, const KeySet& keys, const Expected& expected);

std::string_view to_string(Failure f);  // "unknown_kid" etc.

}  // namespace shipboard::server::oidc
