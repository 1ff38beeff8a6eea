// Verifying OpenID Connect ID tokens (oidc/id_token.hpp) with OpenSSL 3: JWKS keys are built with
// EVP_PKEY_fromdata and checked with EVP_PKEY_public_check, signatures are checked with
// EVP_DigestVerify, base64url is decoded by libsodium and JSON parsed by nlohmann::json, without
// exceptions. The payload is parsed only after its signature has verified.
#include "oidc/id_token.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace shipboard::server::oidc {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxJwksBytes = 1024 * 1024;
constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

// OpenSSL leaves an error queue per thread behind a failed call; a stale entry there can make a
// later, unrelated OpenSSL user on the same thread (libcurl's TLS) misreport. Clear it on return.
struct ClearOpensslErrors {
  ~ClearOpensslErrors() { ERR_clear_error(); }
};

enum class Alg { rs256, es256 };

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Strict base64url without padding: '=' or any character outside the alphabet, a length of 4k+1
// and non-zero trailing bits all fail.
std::optional<std::string> base64url_decode(std::string_view in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

// A value from the token or the JWKS, fit for a log line: printable ASCII, at most `max` chars.
std::string loggable(std::string_view s, std::size_t max = 64) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < max; ++i)
    out += (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\') ? s[i] : '?';
  if (s.size() > max) out += "...";
  return out + "\"";
}

// A public key from OSSL_PARAMs, or null; the key must pass OpenSSL's public key check (for EC:
// the point is on the curve and not the identity; for RSA: n odd without small factors, e odd).
std::shared_ptr<EVP_PKEY> key_from_params(const char* type, OSSL_PARAM_BLD* bld) {
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  Owned<EVP_PKEY> pkey(raw);
  Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return std::shared_ptr<EVP_PKEY>(pkey.release(), EVP_PKEY_free);
}

// RSA from the big-endian n and e. They go in as BIGNUMs: OSSL_PARAM integers are native-endian,
// so the JWK's bytes cannot be passed as they are.
std::shared_ptr<EVP_PKEY> rsa_key(const std::string& n_bytes, const std::string& e_bytes) {
  if (n_bytes.empty() || e_bytes.empty() || e_bytes.size() > 8) return nullptr;
  Owned<BIGNUM> n(BN_bin2bn(bytes(n_bytes), static_cast<int>(n_bytes.size()), nullptr));
  Owned<BIGNUM> e(BN_bin2bn(bytes(e_bytes), static_cast<int>(e_bytes.size()), nullptr));
  if (!n || !e || BN_num_bits(n.get()) < kMinRsaBits || BN_num_bits(n.get()) > kMaxRsaBits)
    return nullptr;
  Owned<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
    return nullptr;
  return key_from_params("RSA", bld.get());
}

// EC P-256 from the coordinates x and y, as the uncompressed point 0x04 || x || y. RFC 7518
// asks for 32 bytes each, but some providers (authlib among them) drop a coordinate's leading
// zero bytes, one key in 128; such a coordinate is the same number, so it is padded back. The
// point must still be on the curve (key_from_params checks), so a truncated one is refused.
std::shared_ptr<EVP_PKEY> p256_key(const std::string& x, const std::string& y) {
  if (x.empty() || y.empty() || x.size() > 32 || y.size() > 32) return nullptr;
  std::string point = "\x04" + std::string(32 - x.size(), '\0') + x +
                      std::string(32 - y.size(), '\0') + y;
  Owned<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1)
    return nullptr;
  return key_from_params("EC", bld.get());
}

// A member that must be a string when present: nullopt when absent, "bad" reported via ok.
std::optional<std::string> optional_string(const json& obj, const char* name, bool& ok) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_string()) {
    ok = false;
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<KeySet::Key> key_from_jwk(const json& jwk) {
  if (!jwk.is_object()) return std::nullopt;
  bool ok = true;
  auto kty = optional_string(jwk, "kty", ok);
  auto use = optional_string(jwk, "use", ok);
  auto kid = optional_string(jwk, "kid", ok);
  auto alg = optional_string(jwk, "alg", ok);
  if (!ok || !kty || (use && *use != "sig")) return std::nullopt;
  if (auto ops = jwk.find("key_ops"); ops != jwk.end()) {
    if (!ops->is_array() || std::find(ops->begin(), ops->end(), json("verify")) == ops->end())
      return std::nullopt;
  }
  auto member = [&](const char* name) -> std::optional<std::string> {
    bool fine = true;
    auto text = optional_string(jwk, name, fine);
    if (!text) return std::nullopt;
    return base64url_decode(*text);
  };
  KeySet::Key key{kid.value_or(""), *kty, alg.value_or(""), nullptr};
  if (*kty == "RSA") {
    auto n = member("n");
    auto e = member("e");
    if (n && e) key.pkey = rsa_key(*n, *e);
  } else if (*kty == "EC") {
    auto crv = optional_string(jwk, "crv", ok);
    auto x = member("x");
    auto y = member("y");
    if (ok && crv && *crv == "P-256" && x && y) key.pkey = p256_key(*x, *y);
  }
  if (!key.pkey) return std::nullopt;
  return key;
}

// ES256's JWS signature is r || s, 32 bytes each; OpenSSL verifies the DER form of ECDSA-Sig-Value.
std::optional<std::string> es256_to_der(const std::string& sig) {
  if (sig.size() != 64) return std::nullopt;
  Owned<ECDSA_SIG> es(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(sig), 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes(sig) + 32, 32, nullptr);
  if (!es || !r || !s || ECDSA_SIG_set0(es.get(), r, s) != 1) {  // set0 owns r, s on success
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  int len = i2d_ECDSA_SIG(es.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(es.get(), &p) != len) return std::nullopt;
  return der;
}

bool signature_verifies(EVP_PKEY* pkey, Alg alg, std::string_view signing_input,
                        const std::string& sig) {
  std::string der;
  if (alg == Alg::es256) {
    auto converted = es256_to_der(sig);
    if (!converted) return false;
    der = std::move(*converted);
  } else {
    // RSASSA-PKCS1-v1_5 signatures are exactly as long as the modulus.
    if (sig.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey))) return false;
    der = sig;
  }
  Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx ||
      EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, pkey, nullptr) != 1)
    return false;
  if (alg == Alg::rs256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return false;
  return EVP_DigestVerify(ctx.get(), bytes(der), der.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

Verdict fail(Failure f, std::string reason) {
  Verdict v;
  v.failure = f;
  v.reason = std::move(reason);
  return v;
}

enum class Read { ok, missing, bad };

// A NumericDate claim (seconds; JSON integer or float, finite).
Read read_time(const json& payload, const char* name, double& out) {
  auto it = payload.find(name);
  if (it == payload.end()) return Read::missing;
  if (!it->is_number()) return Read::bad;
  out = it->get<double>();
  return std::isfinite(out) ? Read::ok : Read::bad;
}

std::string seconds(double s) {
  return std::to_string(static_cast<long long>(s)) + " s";
}

std::string string_or_empty(const json& payload, const char* name) {
  auto it = payload.find(name);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Verdict check_claims(json payload, const Expected& ex) {
  const double now = static_cast<double>(ex.now);
  const double leeway = static_cast<double>(std::max<std::int64_t>(ex.leeway_s, 0));

  auto iss = payload.find("iss");
  if (iss == payload.end()) return fail(Failure::missing_claim, "The ID token names no issuer.");
  if (!iss->is_string()) return fail(Failure::malformed, "The ID token's issuer is not a string.");
  if (ex.issuer.empty() || iss->get_ref<const std::string&>() != ex.issuer)
    return fail(Failure::wrong_issuer,
                "The ID token was issued by " + loggable(iss->get<std::string>(), 200) +
                    ", not by the configured issuer " + loggable(ex.issuer, 200) + ".");

  auto aud = payload.find("aud");
  if (aud == payload.end()) return fail(Failure::missing_claim, "The ID token names no audience.");
  std::vector<std::string> audiences;
  if (aud->is_string()) {
    audiences.push_back(aud->get<std::string>());
  } else if (aud->is_array()) {
    for (const auto& a : *aud) {
      if (!a.is_string())
        return fail(Failure::malformed, "The ID token's audience is not a list of strings.");
      audiences.push_back(a.get<std::string>());
    }
  } else {
    return fail(Failure::malformed, "The ID token's audience is neither a string nor a list.");
  }
  if (ex.client_id.empty() ||
      std::find(audiences.begin(), audiences.end(), ex.client_id) == audiences.end())
    return fail(Failure::wrong_audience, "The ID token is not meant for this client (aud).");
  auto azp = payload.find("azp");
  if (azp != payload.end() && !azp->is_string())
    return fail(Failure::malformed, "The ID token's authorized party (azp) is not a string.");
  if (audiences.size() > 1 && azp == payload.end())
    return fail(Failure::wrong_audience,
                "The ID token has several audiences but names no authorized party (azp).");
  if (azp != payload.end() && azp->get_ref<const std::string&>() != ex.client_id)
    return fail(Failure::wrong_audience, "The ID token was issued to another client (azp " +
                                             loggable(azp->get<std::string>()) + ").");

  double exp = 0, nbf = 0, iat = 0;
  switch (read_time(payload, "exp", exp)) {
    case Read::missing:
      return fail(Failure::missing_claim, "The ID token has no expiry (exp).");
    case Read::bad:
      return fail(Failure::malformed, "The ID token's expiry (exp) is not a number.");
    case Read::ok:
      break;
  }
  if (!(exp > now - leeway))
    return fail(Failure::expired, "The ID token expired " + seconds(now - exp) + " ago.");
  switch (read_time(payload, "nbf", nbf)) {
    case Read::bad:
      return fail(Failure::malformed, "The ID token's not-before (nbf) is not a number.");
    case Read::ok:
      if (nbf > now + leeway)
        return fail(Failure::not_yet_valid, "The ID token is valid only in " + seconds(nbf - now) +
                                                " (nbf); is a clock wrong?");
      break;
    case Read::missing:
      break;
  }
  switch (read_time(payload, "iat", iat)) {
    case Read::missing:
      return fail(Failure::missing_claim, "The ID token has no issue time (iat).");
    case Read::bad:
      return fail(Failure::malformed, "The ID token's issue time (iat) is not a number.");
    case Read::ok:
      break;
  }
  if (iat < now - static_cast<double>(ex.max_age_s) - leeway)
    return fail(Failure::issued_too_long_ago, "The ID token was issued " + seconds(now - iat) +
                                                  " ago, too long ago for a fresh sign-in.");
  if (iat > now + leeway)
    return fail(Failure::not_yet_valid, "The ID token was issued " + seconds(iat - now) +
                                            " in the future (iat); is a clock wrong?");

  auto nonce = payload.find("nonce");
  if (nonce == payload.end()) return fail(Failure::missing_claim, "The ID token carries no nonce.");
  if (!nonce->is_string()) return fail(Failure::malformed, "The ID token's nonce is not a string.");
  if (ex.nonce.empty())
    return fail(Failure::wrong_nonce, "No sign-in was started here (no nonce to compare with).");
  const auto& got = nonce->get_ref<const std::string&>();
  if (got.size() != ex.nonce.size() || sodium_memcmp(got.data(), ex.nonce.data(), got.size()) != 0)
    return fail(Failure::wrong_nonce, "The ID token belongs to another sign-in (nonce).");

  auto sub = payload.find("sub");
  if (sub == payload.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty())
    return fail(Failure::missing_claim, "The ID token names no subject (sub).");

  Claims c;
  c.iss = iss->get<std::string>();
  c.sub = sub->get<std::string>();
  c.name = string_or_empty(payload, "name");
  c.email = string_or_empty(payload, "email");
  c.preferred_username = string_or_empty(payload, "preferred_username");
  auto verified = payload.find("email_verified");
  c.email_verified = verified != payload.end() && verified->is_boolean() && verified->get<bool>();
  c.all = std::move(payload);
  Verdict v;
  v.claims = std::move(c);
  return v;
}

}  // namespace

std::variant<KeySet, std::string> KeySet::parse(const std::string& jwks_json) {
  ClearOpensslErrors clear;
  if (jwks_json.size() > kMaxJwksBytes) return std::string("the JWKS is larger than 1 MiB");
  auto doc = json::parse(jwks_json, nullptr, false);
  if (doc.is_discarded()) return std::string("the JWKS is not JSON");
  if (!doc.is_object()) return std::string("the JWKS is not a JSON object");
  auto list = doc.find("keys");
  if (list == doc.end() || !list->is_array()) return std::string("the JWKS has no \"keys\" array");
  auto keys = std::make_shared<std::vector<Key>>();
  for (const auto& jwk : *list)
    if (auto key = key_from_jwk(jwk)) keys->push_back(std::move(*key));
  KeySet set;
  set.keys_ = std::move(keys);
  return set;
}

bool KeySet::has_kid(const std::string& kid) const {
  const auto& all = keys();
  return std::any_of(all.begin(), all.end(), [&](const Key& k) { return k.kid == kid; });
}

const std::vector<KeySet::Key>& KeySet::keys() const {
  static const std::vector<Key> none;
  return keys_ ? *keys_ : none;
}

Verdict verify_id_token(const std::string& token, const KeySet& keys, const Expected& expected) {
  ClearOpensslErrors clear;
  if (token.empty()) return fail(Failure::malformed, "The ID token is empty.");
  if (token.size() > kMaxTokenBytes)
    return fail(Failure::malformed, "The ID token is longer than 16 KiB.");

  // The header first: an unaccepted alg is reported as such however the rest looks.
  const auto dot1 = token.find('.');
  if (dot1 == std::string::npos)
    return fail(Failure::malformed, "The ID token is not a JWS (header.payload.signature).");
  auto header_text = base64url_decode(std::string_view(token).substr(0, dot1));
  if (!header_text) return fail(Failure::malformed, "The ID token's header is not base64url.");
  auto header = json::parse(*header_text, nullptr, false);
  if (header.is_discarded() || !header.is_object())
    return fail(Failure::malformed, "The ID token's header is not a JSON object.");
  auto alg_it = header.find("alg");
  if (alg_it == header.end() || !alg_it->is_string())
    return fail(Failure::unsupported_alg, "The ID token's header names no signature algorithm.");
  const auto& alg_name = alg_it->get_ref<const std::string&>();
  Alg alg;
  if (alg_name == "RS256") {
    alg = Alg::rs256;
  } else if (alg_name == "ES256") {
    alg = Alg::es256;
  } else {
    return fail(Failure::unsupported_alg, "The ID token is signed with " + loggable(alg_name, 16) +
                                              ", which is not accepted (only RS256 and ES256).");
  }
  if (header.contains("crit"))
    return fail(Failure::malformed,
                "The ID token's header has critical extensions (crit), which are not understood.");

  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos)
    return fail(Failure::malformed, "The ID token does not have three parts.");
  const std::string_view whole(token);
  auto payload_text = base64url_decode(whole.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(whole.substr(dot2 + 1));
  if (!payload_text || !signature)
    return fail(Failure::malformed, "The ID token's payload or signature is not base64url.");

  // The key: the one the header names, or the only one of the alg's type. Never one carried in
  // the header (jwk, jku, x5u, x5c are ignored).
  const std::string kty = alg == Alg::rs256 ? "RSA" : "EC";
  const KeySet::Key* key = nullptr;
  if (auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string()) return fail(Failure::malformed, "The ID token's kid is not a string.");
    const auto& name = kid->get_ref<const std::string&>();
    const KeySet::Key* same_kid = nullptr;
    for (const auto& k : keys.keys()) {
      if (k.kid != name) continue;
      if (!same_kid) same_kid = &k;
      if (k.kty == kty) {
        key = &k;
        break;
      }
    }
    if (!same_kid)
      return fail(Failure::unknown_kid, "The ID token names key " + loggable(name) +
                                            ", which the provider does not publish.");
    if (!key)
      return fail(Failure::unsupported_alg, "The ID token is signed with " + alg_name +
                                                " but key " + loggable(name) + " is an " +
                                                same_kid->kty + " key.");
  } else {
    std::size_t count = 0;
    for (const auto& k : keys.keys())
      if (k.kty == kty && ++count == 1) key = &k;
    if (count != 1)
      return fail(Failure::unknown_kid,
                  "The ID token names no key (kid) and the provider publishes " +
                      std::to_string(count) + " " + kty + " keys.");
  }
  if (!key->alg.empty() && key->alg != alg_name)
    return fail(Failure::unsupported_alg, "The ID token is signed with " + alg_name + " but key " +
                                              loggable(key->kid) + " is published for " +
                                              loggable(key->alg, 16) + ".");

  if (!signature_verifies(key->pkey.get(), alg, whole.substr(0, dot2), *signature))
    return fail(Failure::bad_signature,
                "The ID token's signature does not verify with key " + loggable(key->kid) + ".");

  auto payload = json::parse(*payload_text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object())
    return fail(Failure::malformed, "The ID token's payload is not a JSON object.");
  return check_claims(std::move(payload), expected);
}

std::string_view to_string(Failure f) {
  switch (f) {
    case Failure::none:
      return "none";
    case Failure::malformed:
      return "malformed";
    case Failure::unsupported_alg:
      return "unsupported_alg";
    case Failure::unknown_kid:
      return "unknown_kid";
    case Failure::bad_signature:
      return "bad_signature";
    case Failure::wrong_issuer:
      return "wrong_issuer";
    case Failure::wrong_audience:
      return "wrong_audience";
    case Failure::expired:
      return "expired";
    case Failure::not_yet_valid:
      return "not_yet_valid";
    case Failure::issued_too_long_ago:
      return "issued_too_long_ago";
    case Failure::wrong_nonce:
      return "wrong_nonce";
    case Failure::missing_claim:
      return "missing_claim";
  }
  return "unknown";
}

}  // namespace shipboard::server::oidc
