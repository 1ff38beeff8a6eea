// Password rules of OWASP ASVS level 1 as the core decoders enforce them (create and patch
// user): at least 8 characters (code points), long passphrases (64 and more) allowed up to
// the limit, and the most common passwords refused whatever their letter case.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"

using namespace shipboard;
using nlohmann::json;

namespace {

bool password_ok(const std::string& password) {
  auto u = decode_create_user(
      json{{"login", "amy.chen"}, {"name", "Amy"}, {"role", "sales"}, {"password", password}});
  auto p = decode_patch_user(json{{"password", password}});
  CHECK(u.ok() == p.ok());  // the same rule on create and on change
  if (!u.ok()) {
    REQUIRE(u.errors.size() == 1);
    CHECK(u.errors[0].field == "password");
  }
  return u.ok();
}

}  // namespace

TEST_CASE("passwords: length in characters, long passphrases, common ones refused") {
  CHECK_FALSE(password_ok("1234567"));
  CHECK_FALSE(password_ok("七個中文字密碼"));  // 7 code points, 21 bytes
  CHECK(password_ok("八個中文字的密碼"));      // 8 code points
  CHECK(password_ok("eight-ch"));
  CHECK(password_ok(std::string(64, 'k')));
  CHECK(password_ok("correct horse battery staple, " + std::string(100, 'z')));
  CHECK(password_ok(std::string(limits::kMaxPassword, 'k')));
  CHECK_FALSE(password_ok(std::string(limits::kMaxPassword + 1, 'k')));

  for (const char* common :
       {"password",   "Password",   "PASSWORD1",  "password123", "12345678", "123456789",
        "1234567890", "qwertyuiop", "QwErTyUiOp", "iloveyou",    "11111111", "abc12345",
        "1q2w3e4r",   "sunshine",   "football",   "baseball",    "welcome1", "admin123",
        "p@ssw0rd",   "zaq12wsx",   "woaini1314"}) {
    INFO(common);
    CHECK_FALSE(password_ok(common));
    auto u = decode_create_user(
        json{{"login", "amy.chen"}, {"name", "Amy"}, {"role", "sales"}, {"password", common}});
    REQUIRE_FALSE(u.errors.empty());
    CHECK(u.errors[0].message.find("common") != std::string::npos);
  }
  // Near misses of common passwords are fine: the list is exact, not a pattern.
  CHECK(password_ok("password-for-shipboard"));
  CHECK(password_ok("12345678 and more"));
  // Sign-in is not where rules apply: an old password still signs in (and is then refused
  // as a new one).
  CHECK(decode_sign_in(json{{"login", "amy.chen"}, {"password", "password"}}).ok());
}
