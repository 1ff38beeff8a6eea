// The company's OpenID provider as Shipboard sees it: its metadata from
// /.well-known/openid-configuration (read once, again after a failure), its JWKS (re-read when
// a token names a kid it does not hold, at most every few seconds), and the code exchange at
// its token endpoint (client_secret_basic, PKCE verifier). Thread-safe; every request goes
// through the guarded outbound client and blocks only the sign-in that needs it.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "config.hpp"
#include "oidc/id_token.hpp"

namespace shipboard::server::oidc {

struct Metadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
};

// The value, or a sentence saying what went wrong (for the sign-in page and the log).
template <class T>
struct Fetched {
  std::optional<T> value;
  std::string error;
  Fetched(T v) : value(std::move(v)) {}
  static Fetched failed(std::string why) {
    Fetched f;
    f.error = std::move(why);
    return f;
  }

 private:
  Fetched() = default;
};

class Provider {
 public:
  explicit Provider(const Config& config);

  Fetched<Metadata> metadata();
  // The redirect to the provider for one sign-in.
  std::string authorization_url(const Metadata& m, const std::string& state,
                                const std::string& nonce, const std::string& code_challenge) const;
  // The ID token (compact JWS) for an authorization code.
  Fetched<std::string> exchange_code(const std::string& code, const std::string& code_verifier);
  // Verifies an ID token; on an unknown kid re-reads the JWKS once and tries again.
  Verdict verify(const std::string& id_token, const std::string& nonce, std::int64_t now);

 private:
  Fetched<KeySet> keys(bool refresh);
  const Config& config_;
  std::mutex mutex_;
  std::optional<Metadata> metadata_;
  std::optional<KeySet> keys_;
  std::chrono::steady_clock::time_point keys_read_{};
  bool refreshed_ = false;  // the last read was for an unknown kid
};

}  // namespace shipboard::server::oidc
