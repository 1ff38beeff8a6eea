// OpenID Connect ID token verification (server/src/oidc/id_token.cpp) without a provider: keys
// are generated here with OpenSSL, published as a JWKS built here, and tokens signed here. What
// must verify does, with its claims read; every forgery, confusion and bad claim is refused with
// the right failure and a reason that does not repeat the token.
#include <catch2/catch.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "oidc/id_token.hpp"

using namespace shipboard::server::oidc;
using json = nlohmann::json;

namespace {

using Pkey = std::shared_ptr<EVP_PKEY>;

constexpr std::int64_t kNow = 1'750'000'000;
const std::string kIssuer = "https://id.example.com/realms/acme";
const std::string kClient = "shipboard";
const std::string kNonce = "n-0S6_WzA2Mj";

Pkey rsa_key(std::size_t bits = 2048) {
  // EVP_PKEY_Q_keygen is variadic: the RSA size must be passed as a size_t.
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits), EVP_PKEY_free);
  REQUIRE(k);
  return k;
}

Pkey p256_key() {
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  REQUIRE(k);
  return k;
}

std::string b64url(std::string_view bin) {
  std::string out(sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bin.data()),
                    bin.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string bn_bytes(EVP_PKEY* k, const char* name) {
  BIGNUM* bn = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(k, name, &bn) == 1);
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

// The uncompressed public point 0x04 || x || y (x and y keep their leading zero bytes, which
// BN_bn2bin of OSSL_PKEY_PARAM_EC_PUB_X would drop).
std::string p256_point(EVP_PKEY* k) {
  unsigned char pub[65];
  std::size_t len = 0;
  REQUIRE(EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &len) == 1);
  REQUIRE(len == 65);
  REQUIRE(pub[0] == 0x04);
  return std::string(reinterpret_cast<char*>(pub), len);
}

json jwk(EVP_PKEY* k, const std::string& kid, const std::string& alg = "") {
  json j = {{"kid", kid}, {"use", "sig"}};
  if (EVP_PKEY_is_a(k, "RSA")) {
    j["kty"] = "RSA";
    j["n"] = b64url(bn_bytes(k, OSSL_PKEY_PARAM_RSA_N));
    j["e"] = b64url(bn_bytes(k, OSSL_PKEY_PARAM_RSA_E));
  } else {
    auto point = p256_point(k);
    j["kty"] = "EC";
    j["crv"] = "P-256";
    j["x"] = b64url(point.substr(1, 32));
    j["y"] = b64url(point.substr(33, 32));
  }
  if (!alg.empty()) j["alg"] = alg;
  return j;
}

KeySet keyset(const std::vector<json>& jwks) {
  auto parsed = KeySet::parse(json{{"keys", jwks}}.dump());
  REQUIRE(std::holds_alternative<KeySet>(parsed));
  return std::get<KeySet>(parsed);
}

// A signature as the JWS wants it: PKCS#1 v1.5 bytes for RSA, r || s for EC unless `der`.
std::string sign(EVP_PKEY* k, std::string_view input, bool der = false) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  REQUIRE(EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, k, nullptr) == 1);
  auto data = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t len = 0;
  REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) == 1);
  std::string sig(len, '\0');
  REQUIRE(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                         input.size()) == 1);
  sig.resize(len);
  if (!EVP_PKEY_is_a(k, "EC") || der) return sig;
  auto p = reinterpret_cast<const unsigned char*>(sig.data());
  ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
  REQUIRE(es);
  unsigned char rs[64];
  REQUIRE(BN_bn2binpad(ECDSA_SIG_get0_r(es), rs, 32) == 32);
  REQUIRE(BN_bn2binpad(ECDSA_SIG_get0_s(es), rs + 32, 32) == 32);
  ECDSA_SIG_free(es);
  return std::string(reinterpret_cast<char*>(rs), sizeof rs);
}

std::string signing_input(const json& header, const json& payload) {
  return b64url(header.dump()) + "." + b64url(payload.dump());
}

std::string token(const json& header, const json& payload, EVP_PKEY* k) {
  auto input = signing_input(header, payload);
  return input + "." + b64url(sign(k, input));
}

json header(const std::string& alg, const std::string& kid) {
  return {{"alg", alg}, {"typ", "JWT"}, {"kid", kid}};
}

json claims() {
  return {{"iss", kIssuer},         {"sub", "248289761001"},
          {"aud", kClient},         {"exp", kNow + 300},
          {"iat", kNow - 10},       {"nonce", kNonce},
          {"name", "Jane Doe"},     {"email", "jane@example.com"},
          {"email_verified", true}, {"preferred_username", "jane"}};
}

Expected expected() {
  Expected e;
  e.issuer = kIssuer;
  e.client_id = kClient;
  e.nonce = kNonce;
  e.now = kNow;
  return e;
}

// The provider: its keys and the JWKS it publishes; generated once (RSA keygen takes a while).
struct Provider {
  Pkey rsa = rsa_key(), rsa_other = rsa_key(), rsa_pss = rsa_key();
  Pkey ec = p256_key(), ec_other = p256_key();
  KeySet keys = keyset({jwk(rsa.get(), "rsa-1", "RS256"), jwk(ec.get(), "ec-1"),
                        jwk(rsa_pss.get(), "rsa-ps", "PS256")});
};

const Provider& provider() {
  static const Provider p;
  return p;
}

// The failure's name ("none" when accepted with claims), after checking what every verdict
// promises: claims exactly when nothing failed, a reason that does not repeat the token, and an
// OpenSSL error queue left empty.
std::string outcome(const std::string& tok, const KeySet& keys = provider().keys,
                    const Expected& ex = expected()) {
  Verdict v = verify_id_token(tok, keys, ex);
  CHECK(ERR_peek_error() == 0);  // no stale OpenSSL errors left for the thread's next user
  if (v.failure == Failure::none) return v.claims ? "none" : "none without claims";
  CHECK_FALSE(v.claims);
  CHECK_FALSE(v.reason.empty());
  if (tok.size() >= 16) CHECK(v.reason.find(tok) == std::string::npos);
  auto last_dot = tok.rfind('.');
  if (last_dot != std::string::npos && tok.size() - last_dot > 16)
    CHECK(v.reason.find(tok.substr(last_dot + 1)) == std::string::npos);
  return std::string(to_string(v.failure));
}

std::string rs256(const json& payload) {
  return token(header("RS256", "rsa-1"), payload, provider().rsa.get());
}

}  // namespace

TEST_CASE("JWKS: RSA and P-256 signing keys kept, everything else skipped", "[oidc]") {
  auto& p = provider();
  CHECK(p.keys.size() == 3);
  CHECK(p.keys.has_kid("rsa-1"));
  CHECK(p.keys.has_kid("ec-1"));
  CHECK_FALSE(p.keys.has_kid("nope"));
  for (const auto& k : p.keys.keys()) {
    if (k.kid == "rsa-1") CHECK((k.kty == "RSA" && k.alg == "RS256"));
    if (k.kid == "ec-1") CHECK((k.kty == "EC" && k.alg.empty()));
  }

  auto weak = rsa_key(1024);
  auto off_curve = jwk(p.ec_other.get(), "ec-off");
  auto y = p256_point(p.ec_other.get()).substr(33, 32);
  y[31] = static_cast<char>(y[31] ^ 1);
  off_curve["y"] = b64url(y);
  auto padded = jwk(p.ec_other.get(), "ec-padded");
  padded["x"] = padded["x"].get<std::string>() + "=";
  auto short_x = jwk(p.ec_other.get(), "ec-short");
  short_x["x"] = b64url(p256_point(p.ec_other.get()).substr(2, 31));
  auto enc = jwk(p.rsa_other.get(), "rsa-enc");
  enc["use"] = "enc";
  auto wrap_only = jwk(p.rsa_other.get(), "rsa-wrap");
  wrap_only["key_ops"] = {"wrapKey"};
  auto bad_kid = jwk(p.rsa_other.get(), "x");
  bad_kid["kid"] = 7;
  auto p384 = jwk(p.ec_other.get(), "ec-384");
  p384["crv"] = "P-384";
  auto verify_ops = jwk(p.rsa_other.get(), "rsa-ops");
  verify_ops["key_ops"] = {"verify"};
  auto no_use = jwk(p.ec_other.get(), "ec-no-use");
  no_use.erase("use");
  KeySet mixed = keyset({
      json{{"kty", "oct"}, {"kid", "hmac"}, {"k", b64url("secret")}},
      json{{"kty", "OKP"}, {"kid", "ed"}, {"crv", "Ed25519"}, {"x", b64url(std::string(32, 'a'))}},
      jwk(weak.get(), "rsa-1024"),
      off_curve,
      padded,
      short_x,
      enc,
      wrap_only,
      bad_kid,
      p384,
      json("not a key"),
      json{{"kty", "RSA"}, {"kid", "no-n"}, {"e", "AQAB"}},
      verify_ops,
      no_use,
  });
  CHECK(ERR_peek_error() == 0);
  CHECK(mixed.size() == 2);
  CHECK(mixed.has_kid("rsa-ops"));
  CHECK(mixed.has_kid("ec-no-use"));
  for (const char* kid : {"hmac", "ed", "rsa-1024", "ec-off", "ec-padded", "ec-short", "rsa-enc",
                          "rsa-wrap", "ec-384", "no-n"})
    CHECK_FALSE(mixed.has_kid(kid));

  // A coordinate with its leading zero byte dropped (as authlib publishes one key in 128) is the
  // same number: the key is kept, and its tokens verify.
  Pkey lead_zero = p256_key();
  std::string point = p256_point(lead_zero.get());
  for (int tries = 0; point[1] != 0 && point[33] != 0 && tries < 20000; ++tries) {
    lead_zero = p256_key();
    point = p256_point(lead_zero.get());
  }
  REQUIRE((point[1] == 0 || point[33] == 0));
  auto stripped = jwk(lead_zero.get(), "ec-stripped");
  auto strip = [](std::string c) { return c.substr(c.find_first_not_of('\0')); };
  stripped["x"] = b64url(strip(point.substr(1, 32)));
  stripped["y"] = b64url(strip(point.substr(33, 32)));
  CHECK((stripped["x"].get<std::string>().size() < 43 ||
         stripped["y"].get<std::string>().size() < 43));
  KeySet with_stripped = keyset({stripped});
  REQUIRE(with_stripped.has_kid("ec-stripped"));
  CHECK(outcome(token(header("ES256", "ec-stripped"), claims(), lead_zero.get()), with_stripped) ==
        "none");
  // Longer than 32 bytes is not P-256, whatever the leading bytes.
  auto long_x = jwk(lead_zero.get(), "ec-long");
  long_x["x"] = b64url(std::string(1, '\0') + point.substr(1, 32));
  CHECK(keyset({long_x}).size() == 0);

  CHECK(keyset({}).size() == 0);
  CHECK(KeySet().size() == 0);
  for (const char* not_jwks :
       {"", "not json", "[]", "{}", R"({"keys":{}})", R"({"keys":"x"})", R"({"keys":[)"}) {
    auto parsed = KeySet::parse(not_jwks);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    CHECK_FALSE(std::get<std::string>(parsed).empty());
  }
}

TEST_CASE("ID token: valid RS256 and ES256 tokens are accepted with their claims", "[oidc]") {
  auto& p = provider();
  auto rs = rs256(claims());
  Verdict v = verify_id_token(rs, p.keys, expected());
  REQUIRE(v.failure == Failure::none);
  REQUIRE(v.claims);
  CHECK(v.reason.empty());
  CHECK(v.claims->iss == kIssuer);
  CHECK(v.claims->sub == "248289761001");
  CHECK(v.claims->name == "Jane Doe");
  CHECK(v.claims->email == "jane@example.com");
  CHECK(v.claims->email_verified);
  CHECK(v.claims->preferred_username == "jane");
  CHECK(v.claims->all.at("nonce") == kNonce);

  // ES256 with a JWK that names no alg.
  auto es = token(header("ES256", "ec-1"), claims(), p.ec.get());
  Verdict ve = verify_id_token(es, p.keys, expected());
  REQUIRE(ve.claims);
  CHECK(ve.claims->sub == "248289761001");
  // A copy of the key set shares the keys.
  KeySet copy = p.keys;
  CHECK(outcome(es, copy) == "none");

  // Only a JSON true verifies an email; absent optional claims read as empty.
  auto c = claims();
  c["email_verified"] = "true";
  c.erase("name");
  c.erase("preferred_username");
  Verdict vs = verify_id_token(rs256(c), p.keys, expected());
  REQUIRE(vs.claims);
  CHECK_FALSE(vs.claims->email_verified);
  CHECK(vs.claims->name.empty());
  CHECK(vs.claims->preferred_username.empty());

  // aud as an array: one entry, or several with azp naming us.
  c = claims();
  c["aud"] = {kClient};
  CHECK(outcome(rs256(c)) == "none");
  c["aud"] = {"other", kClient};
  c["azp"] = kClient;
  CHECK(outcome(rs256(c)) == "none");
  // Times within the leeway, and as floats.
  c = claims();
  c["exp"] = kNow - 30;
  c["nbf"] = kNow + 30;
  c["iat"] = kNow + 30;
  CHECK(outcome(rs256(c)) == "none");
  c = claims();
  c["exp"] = static_cast<double>(kNow) + 300.5;
  c["iat"] = static_cast<double>(kNow) - 0.25;
  c["nbf"] = static_cast<double>(kNow) - 10.0;
  CHECK(outcome(rs256(c)) == "none");
  c = claims();
  c["iat"] = kNow - 600 - 59;  // max_age plus leeway
  CHECK(outcome(rs256(c)) == "none");

  // Without a kid: the only key of the alg's type.
  KeySet one_each = keyset({jwk(p.rsa.get(), "rsa-1"), jwk(p.ec.get(), "ec-1")});
  json no_kid = {{"alg", "RS256"}};
  CHECK(outcome(token(no_kid, claims(), p.rsa.get()), one_each) == "none");
  CHECK(outcome(token({{"alg", "ES256"}}, claims(), p.ec.get()), one_each) == "none");
}

TEST_CASE("ID token: other keys, alg confusion and tampering are refused", "[oidc]") {
  auto& p = provider();

  SECTION("signed by another key under the same kid") {
    CHECK(outcome(token(header("RS256", "rsa-1"), claims(), p.rsa_other.get())) == "bad_signature");
    CHECK(outcome(token(header("ES256", "ec-1"), claims(), p.ec_other.get())) == "bad_signature");
  }

  SECTION("alg none, missing or anything but RS256 and ES256") {
    auto input =
        b64url(json{{"alg", "none"}, {"typ", "JWT"}}.dump()) + "." + b64url(claims().dump());
    CHECK(outcome(input) == "unsupported_alg");
    CHECK(outcome(input + ".") == "unsupported_alg");
    CHECK(outcome(input + "." + b64url("x")) == "unsupported_alg");
    for (const json& h : {json{{"alg", "None"}}, json{{"alg", "rs256"}}, json{{"alg", "RS384"}},
                          json{{"alg", "PS256"}}, json{{"alg", "EdDSA"}}, json{{"alg", "ES256K"}},
                          json{{"alg", nullptr}}, json{{"alg", 256}}, json{{"kid", "rsa-1"}},
                          json{{"alg", "RSA-OAEP"}, {"enc", "A256GCM"}}}) {
      INFO(h.dump());
      CHECK(outcome(token(h, claims(), p.rsa.get())) == "unsupported_alg");
    }
  }

  SECTION("HS256 keyed with the RSA public key (the classic confusion)") {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    REQUIRE(PEM_write_bio_PUBKEY(bio.get(), p.rsa.get()) == 1);
    char* pem = nullptr;
    long pem_len = BIO_get_mem_data(bio.get(), &pem);
    for (const std::string& secret :
         {std::string(pem, static_cast<std::size_t>(pem_len)), jwk(p.rsa.get(), "rsa-1").dump()}) {
      auto input = signing_input(header("HS256", "rsa-1"), claims());
      unsigned char mac[32];
      std::size_t mac_len = 0;
      REQUIRE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                        reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
                        sizeof mac, &mac_len));
      auto forged = input + "." + b64url(std::string(reinterpret_cast<char*>(mac), mac_len));
      CHECK(outcome(forged) == "unsupported_alg");
    }
  }

  SECTION("the header's alg must fit the key it names") {
    // RS256 naming the EC key, however it was signed.
    CHECK(outcome(token(header("RS256", "ec-1"), claims(), p.ec.get())) == "unsupported_alg");
    CHECK(outcome(token(header("RS256", "ec-1"), claims(), p.rsa.get())) == "unsupported_alg");
    CHECK(outcome(token(header("ES256", "rsa-1"), claims(), p.rsa.get())) == "unsupported_alg");
    // A JWK published for PS256 does not verify RS256.
    CHECK(outcome(token(header("RS256", "rsa-ps"), claims(), p.rsa_pss.get())) ==
          "unsupported_alg");
  }

  SECTION("unknown or ambiguous keys") {
    CHECK(outcome(token(header("RS256", "rsa-2"), claims(), p.rsa.get())) == "unknown_kid");
    CHECK(outcome(token(header("RS256", ""), claims(), p.rsa.get())) == "unknown_kid");
    CHECK(outcome(rs256(claims()), KeySet()) == "unknown_kid");
    // No kid and two RSA keys (rsa-1, rsa-ps): no guessing.
    CHECK(outcome(token({{"alg", "RS256"}}, claims(), p.rsa.get())) == "unknown_kid");
    // A kid and a jwk in the header: the embedded key is never used.
    json h = header("RS256", "rsa-9");
    h["jwk"] = jwk(p.rsa_other.get(), "rsa-9");
    CHECK(outcome(token(h, claims(), p.rsa_other.get())) == "unknown_kid");
  }

  SECTION("tampered header, payload or signature") {
    auto good = rs256(claims());
    auto dot1 = good.find('.');
    auto dot2 = good.find('.', dot1 + 1);
    auto payload_changed = good;
    char& c = payload_changed[dot1 + 1 + (dot2 - dot1) / 2];
    c = c == 'A' ? 'B' : 'A';
    CHECK(outcome(payload_changed) == "bad_signature");
    // The same signature under another header or payload.
    json h = header("RS256", "rsa-1");
    h["x"] = 1;
    CHECK(outcome(b64url(h.dump()) + good.substr(dot1)) == "bad_signature");
    auto richer = claims();
    richer["email"] = "mallory@example.com";
    CHECK(outcome(good.substr(0, dot1 + 1) + b64url(richer.dump()) + good.substr(dot2)) ==
          "bad_signature");
    auto sig_changed = good;
    char& s = sig_changed[dot2 + 10];
    s = s == 'A' ? 'B' : 'A';
    CHECK(outcome(sig_changed) == "bad_signature");
    CHECK(outcome(good.substr(0, dot2 + 1)) == "bad_signature");  // empty signature
    // An RSA signature one byte short.
    auto rsa_sig = sign(p.rsa.get(), good.substr(0, dot2));
    CHECK(outcome(good.substr(0, dot2 + 1) + b64url(rsa_sig.substr(1))) == "bad_signature");
  }

  SECTION("ES256 signatures must be 64 bytes r || s") {
    auto input = signing_input(header("ES256", "ec-1"), claims());
    auto rs = sign(p.ec.get(), input);
    REQUIRE(rs.size() == 64);
    CHECK(outcome(input + "." + b64url(rs)) == "none");
    CHECK(outcome(input + "." + b64url(sign(p.ec.get(), input, true))) == "bad_signature");  // DER
    CHECK(outcome(input + "." + b64url(rs.substr(0, 63))) == "bad_signature");
    CHECK(outcome(input + "." + b64url(rs + '\0')) == "bad_signature");
    CHECK(outcome(input + "." + b64url(std::string(64, '\0'))) == "bad_signature");
    CHECK(outcome(input + ".") == "bad_signature");
    // s swapped for r: the right length, the wrong signature.
    CHECK(outcome(input + "." + b64url(rs.substr(32) + rs.substr(0, 32))) == "bad_signature");
  }
}

TEST_CASE("ID token: issuer, audience, times, nonce and subject are checked", "[oidc]") {
  auto with = [](const char* name, const json& value) {
    auto c = claims();
    c[name] = value;
    return rs256(c);
  };
  auto without = [](const char* name) {
    auto c = claims();
    c.erase(name);
    return rs256(c);
  };

  CHECK(outcome(with("iss", "https://id.example.com/realms/other")) == "wrong_issuer");
  CHECK(outcome(with("iss", kIssuer + "/")) == "wrong_issuer");
  CHECK(outcome(without("iss")) == "missing_claim");
  auto no_issuer = expected();
  no_issuer.issuer.clear();
  CHECK(outcome(rs256(claims()), provider().keys, no_issuer) == "wrong_issuer");

  CHECK(outcome(with("aud", "other-client")) == "wrong_audience");
  CHECK(outcome(with("aud", json::array({"a", "b"}))) == "wrong_audience");
  CHECK(outcome(with("aud", json::array())) == "wrong_audience");
  CHECK(outcome(without("aud")) == "missing_claim");
  CHECK(outcome(with("aud", 5)) == "malformed");
  auto several = claims();
  several["aud"] = {kClient, "other-client"};
  CHECK(outcome(rs256(several)) == "wrong_audience");  // no azp
  several["azp"] = "other-client";
  CHECK(outcome(rs256(several)) == "wrong_audience");
  auto single = claims();
  single["azp"] = "other-client";
  CHECK(outcome(rs256(single)) == "wrong_audience");

  CHECK(outcome(with("exp", kNow - 61)) == "expired");
  CHECK(outcome(with("exp", kNow - 60)) == "expired");
  CHECK(outcome(without("exp")) == "missing_claim");
  CHECK(outcome(with("exp", std::to_string(kNow + 300))) == "malformed");
  CHECK(outcome(with("exp", true)) == "malformed");
  CHECK(outcome(with("nbf", kNow + 120)) == "not_yet_valid");
  CHECK(outcome(with("nbf", "soon")) == "malformed");
  CHECK(outcome(with("iat", kNow - 600 - 61)) == "issued_too_long_ago");
  CHECK(outcome(with("iat", kNow - 86400)) == "issued_too_long_ago");
  CHECK(outcome(with("iat", kNow + 61)) == "not_yet_valid");
  CHECK(outcome(without("iat")) == "missing_claim");
  auto strict = expected();
  strict.leeway_s = 0;
  strict.max_age_s = 5;
  CHECK(outcome(rs256(claims()), provider().keys, strict) == "issued_too_long_ago");

  CHECK(outcome(with("nonce", "n-0S6_WzA2Mk")) == "wrong_nonce");
  CHECK(outcome(with("nonce", kNonce + "x")) == "wrong_nonce");
  CHECK(outcome(with("nonce", "")) == "wrong_nonce");
  CHECK(outcome(without("nonce")) == "missing_claim");
  auto no_nonce = expected();
  no_nonce.nonce.clear();
  CHECK(outcome(with("nonce", ""), provider().keys, no_nonce) == "wrong_nonce");

  CHECK(outcome(without("sub")) == "missing_claim");
  CHECK(outcome(with("sub", "")) == "missing_claim");
  CHECK(outcome(with("sub", 42)) == "missing_claim");
}

TEST_CASE("ID token: broken encodings are malformed", "[oidc]") {
  auto& p = provider();
  auto good = rs256(claims());
  auto dot1 = good.find('.');
  auto dot2 = good.find('.', dot1 + 1);

  CHECK(outcome("") == "malformed");
  CHECK(outcome("not-a-token") == "malformed");
  CHECK(outcome(good.substr(0, dot2)) == "malformed");                // two parts
  CHECK(outcome(good + "." + good.substr(dot2 + 1)) == "malformed");  // four parts
  CHECK(outcome(good.substr(0, dot1) + ".." + good.substr(dot2 + 1)) == "bad_signature");
  // Bad base64url: '+' and '/' are the other alphabet, padding is refused, so is '*'.
  CHECK(outcome(good.substr(0, dot2 + 1) + "+" + good.substr(dot2 + 2)) == "malformed");
  CHECK(outcome(good.substr(0, dot1 + 1) + "*" + good.substr(dot1 + 2)) == "malformed");
  CHECK(outcome(good + "=") == "malformed");
  CHECK(outcome(good.substr(0, dot1) + "=" + good.substr(dot1)) == "malformed");
  CHECK(outcome("%%%." + good.substr(dot1 + 1)) == "malformed");
  // Headers that are not a JSON object.
  CHECK(outcome(b64url("not json") + good.substr(dot1)) == "malformed");
  CHECK(outcome(b64url(R"(["RS256"])") + good.substr(dot1)) == "malformed");
  CHECK(outcome(b64url(R"({"alg":"RS256")") + good.substr(dot1)) == "malformed");
  // Critical extensions are not understood.
  json crit = header("RS256", "rsa-1");
  crit["crit"] = {"b64"};
  crit["b64"] = false;
  CHECK(outcome(token(crit, claims(), p.rsa.get())) == "malformed");
  // A non-string kid.
  CHECK(outcome(token({{"alg", "RS256"}, {"kid", 1}}, claims(), p.rsa.get())) == "malformed");
  // A properly signed payload that is not a JSON object.
  for (const std::string& payload : {std::string("not json"), std::string("[1,2]"),
                                     std::string("\"text\""), std::string("{\"iss\":")}) {
    auto input = b64url(header("RS256", "rsa-1").dump()) + "." + b64url(payload);
    CHECK(outcome(input + "." + b64url(sign(p.rsa.get(), input))) == "malformed");
  }
  // Too long, even if signed.
  auto big = claims();
  big["padding"] = std::string(kMaxTokenBytes, 'x');
  CHECK(outcome(rs256(big)) == "malformed");
  auto fits = claims();
  fits["padding"] = std::string(kMaxTokenBytes / 2, 'x');
  CHECK(outcome(rs256(fits)) == "none");
}

TEST_CASE("ID token: failures have names", "[oidc]") {
  CHECK(to_string(Failure::none) == "none");
  CHECK(to_string(Failure::unknown_kid) == "unknown_kid");
  CHECK(to_string(Failure::issued_too_long_ago) == "issued_too_long_ago");
  CHECK(to_string(Failure::missing_claim) == "missing_claim");
}
