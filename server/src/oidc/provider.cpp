// Discovery, keys and the code exchange against the company's OpenID provider; provider.hpp.
#include "oidc/provider.hpp"

#include <nlohmann/json.hpp>

#include "outbound/http_client.hpp"

namespace shipboard::server::oidc {
namespace {

outbound::Limits limits_for(const Config& c) {
  outbound::Limits l;
  l.max_body_bytes = 256 * 1024;
  // http is accepted for a loopback issuer only (the config refuses anything else).
  (void)c;
  return l;
}

std::string text_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Provider::Provider(const Config& config) : config_(config) {}

Fetched<Metadata> Provider::metadata() {
  {
    std::lock_guard lock(mutex_);
    if (metadata_) return *metadata_;
  }
  std::string issuer = config_.oidc_issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  auto res = outbound::send({"GET", issuer + "/.well-known/openid-configuration", {}, "", "", ""},
                            limits_for(config_));
  using F = Fetched<Metadata>;
  if (!res.ok())
    return F::failed("the company sign-in provider did not answer its configuration (" +
                     (res.error.empty() ? "HTTP " + std::to_string(res.status) : res.error) + ")");
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (!j.is_object()) return F::failed("the provider's configuration is not JSON");
  Metadata m{text_field(j, "issuer"), text_field(j, "authorization_endpoint"),
             text_field(j, "token_endpoint"), text_field(j, "jwks_uri")};
  // The metadata must be the configured issuer's own (OpenID Connect Discovery §4.3).
  if (m.issuer != config_.oidc_issuer)
    return F::failed("the provider calls itself \"" + m.issuer.substr(0, 200) +
                     "\", not the configured " + config_.oidc_issuer);
  if (m.authorization_endpoint.empty() || m.token_endpoint.empty() || m.jwks_uri.empty())
    return F::failed("the provider's configuration lacks an endpoint");
  std::lock_guard lock(mutex_);
  metadata_ = m;
  return m;
}

std::string Provider::authorization_url(const Metadata& m, const std::string& state,
                                        const std::string& nonce,
                                        const std::string& code_challenge) const {
  using outbound::form_encode;
  std::string scope = "openid profile email";
  if (!config_.oidc_scopes.empty()) scope = config_.oidc_scopes;
  std::string url = m.authorization_endpoint;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "response_type=code&client_id=" + form_encode(config_.oidc_client_id) +
         "&redirect_uri=" + form_encode(config_.oidc_redirect_url) +
         "&scope=" + form_encode(scope) + "&state=" + form_encode(state) +
         "&nonce=" + form_encode(nonce) + "&code_challenge=" + form_encode(code_challenge) +
         "&code_challenge_method=S256";
  return url;
}

Fetched<std::string> Provider::exchange_code(const std::string& code,
                                             const std::string& code_verifier) {
  using F = Fetched<std::string>;
  auto meta = metadata();
  if (!meta.value) return F::failed(meta.error);
  const auto& m = *meta.value;
  using outbound::form_encode;
  outbound::Request req;
  req.method = "POST";
  req.url = m.token_endpoint;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
  req.body = "grant_type=authorization_code&code=" + form_encode(code) +
             "&redirect_uri=" + form_encode(config_.oidc_redirect_url) +
             "&code_verifier=" + form_encode(code_verifier);
  if (config_.oidc_client_secret.empty()) {
    req.body += "&client_id=" + form_encode(config_.oidc_client_id);  // a public client
  } else {
    // client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1).
    req.basic_user = form_encode(config_.oidc_client_id);
    req.basic_password = form_encode(config_.oidc_client_secret);
  }
  auto res = outbound::send(req, limits_for(config_));
  if (!res.error.empty())
    return F::failed("the provider's token endpoint did not answer (" + res.error + ")");
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (!res.ok()) {
    std::string why = j.is_object() ? text_field(j, "error") : "";
    std::string detail = j.is_object() ? text_field(j, "error_description") : "";
    return F::failed("the provider refused the sign-in code (HTTP " + std::to_string(res.status) +
                     (why.empty() ? "" : ", " + why.substr(0, 100)) +
                     (detail.empty() ? "" : ": " + detail.substr(0, 200)) + ")");
  }
  std::string id_token = j.is_object() ? text_field(j, "id_token") : "";
  if (id_token.empty()) return F::failed("the provider's answer has no ID token");
  return F(id_token);
}

Fetched<KeySet> Provider::keys(bool refresh) {
  using F = Fetched<KeySet>;
  auto meta = metadata();
  if (!meta.value) return F::failed(meta.error);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    // A token with a kid we do not hold re-reads the keys, but such re-reads come at most every
    // 5 s: forged kids must not make the server hammer the provider.
    if (keys_ && !refresh) return *keys_;
    if (keys_ && refreshed_ && now - keys_read_ < std::chrono::seconds(5)) return *keys_;
  }
  auto res = outbound::send({"GET", meta.value->jwks_uri, {}, "", "", ""}, limits_for(config_));
  if (!res.ok())
    return F::failed("the provider's keys could not be read (" +
                     (res.error.empty() ? "HTTP " + std::to_string(res.status) : res.error) + ")");
  auto parsed = KeySet::parse(res.body);
  if (auto* err = std::get_if<std::string>(&parsed))
    return F::failed("the provider's keys: " + *err);
  std::lock_guard lock(mutex_);
  keys_ = std::get<KeySet>(parsed);
  keys_read_ = now;
  refreshed_ = refresh;
  return *keys_;
}

Verdict Provider::verify(const std::string& id_token, const std::string& nonce, std::int64_t now) {
  Expected expected;
  expected.issuer = config_.oidc_issuer;
  expected.client_id = config_.oidc_client_id;
  expected.nonce = nonce;
  expected.now = now;
  Verdict v;
  for (bool refresh : {false, true}) {
    auto ks = keys(refresh);
    if (!ks.value) {
      v.failure = Failure::unknown_kid;
      v.reason = ks.error;
      return v;
    }
    v = verify_id_token(id_token, *ks.value, expected);
    if (v.failure != Failure::unknown_kid) break;
  }
  return v;
}

}  // namespace shipboard::server::oidc
