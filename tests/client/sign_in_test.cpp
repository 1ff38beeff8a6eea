// The sign-in view's ways in (GET /api/v1/session/options): company sign-in (OpenID Connect)
// as a button that sends the page to /auth/oidc/start, above the password form or instead of
// it when local sign-in is off; the password form alone while the options are unknown or when
// the server cannot say. Checked through the accessibility mirror, as a screen reader sees it.
#include <algorithm>

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;

namespace {

constexpr const char* kOptions = "/api/v1/session/options";

int options_requests() {
  const auto& sent = stub::world().sent;
  return int(std::count_if(sent.begin(), sent.end(),
                           [](const stub::Call& c) { return c.method == "GET" && c.path == kOptions; }));
}

// The sign-in view with its options request answered (status, body).
void show_with_options(Harness& h, int status, const std::string& body) {
  h.show_sign_in();
  REQUIRE(h.app.screen == Screen::sign_in);
  REQUIRE(stub::reply("GET", kOptions, status, body));
  h.frames(3);
}

bool has_password_form(const Harness& h) {
  return h.find("textbox", tr(Text::login)) && h.find("textbox", tr(Text::password)) &&
         h.find("button", tr(Text::sign_in));
}

}  // namespace

TEST_CASE("sign-in options {local:false, oidc:true}: only the company button, and why") {
  Harness h(Lang::en);
  show_with_options(h, 200, R"({"local": false, "oidc": true})");
  const auto button = h.find("button", "Sign in with your company account");
  REQUIRE(button);
  CHECK_FALSE(button->disabled);
  CHECK_FALSE(h.find("textbox", tr(Text::login)));
  CHECK_FALSE(h.find("textbox", tr(Text::password)));
  CHECK_FALSE(h.find("button", tr(Text::sign_in)));
  CHECK(h.has_text("Sign-in with a local account is turned off by the administrator."));
  CHECK_FALSE(h.has_text(tr(Text::sign_in_or_local)));
  CHECK(h.has_text(tr(Text::sign_in_title)));
  CHECK(h.world().navigations.empty());
  REQUIRE(h.click("button", "Sign in with your company account"));
  CHECK(h.world().navigations == std::vector<std::string>{"/auth/oidc/start"});
  CHECK(h.world().sent.back().path == kOptions);  // no request of its own: the page leaves
}

TEST_CASE("sign-in options {local:true, oidc:true}: the company button above the form") {
  Harness h(Lang::zh_Hant);
  show_with_options(h, 200, R"({"local": true, "oidc": true})");
  const auto button = h.find("button", "使用公司帳號登入");
  const auto login = h.find("textbox", "帳號");
  REQUIRE(button);
  REQUIRE(login);
  CHECK(has_password_form(h));
  CHECK(h.has_text("或使用本機帳號"));
  CHECK_FALSE(h.has_text(tr(Text::local_sign_in_off)));
  CHECK(button->y + button->h <= login->y);  // above the form
  CHECK(button->w >= login->w - 1);          // as wide as the form
  // The login field still takes the keyboard by itself, and the form still signs in.
  h.type("lin.sales");
  CHECK(h.app.sign_in.login == "lin.sales");
  REQUIRE(h.click("textbox", "密碼"));
  h.type("shipboard-demo");
  h.key(ImGuiKey_Enter);
  CHECK(stub::find_pending("POST", "/api/v1/session") != nullptr);
  CHECK(h.world().navigations.empty());
}

TEST_CASE("Enter on the focused company button goes to /auth/oidc/start") {
  Harness h(Lang::en);
  show_with_options(h, 200, R"({"local": false, "oidc": true})");
  REQUIRE(h.find("button", tr(Text::sign_in_company)));
  // The keyboard's way: Tab to the button (the only focusable widget of the form), then Enter.
  h.key(ImGuiKey_Tab);
  CHECK(h.world().navigations.empty());  // focusing it does not press it
  h.key(ImGuiKey_Enter);
  CHECK(h.world().navigations == std::vector<std::string>{"/auth/oidc/start"});
}

TEST_CASE("sign-in options that fail or are not known yet: the password form only") {
  SECTION("an older server: 404") {
    Harness h(Lang::en);
    show_with_options(h, 404, R"({"title":"Not Found"})");
    CHECK(h.app.sign_in_options.state == LoadState::failed);
    CHECK(has_password_form(h));
    CHECK_FALSE(h.find("button", tr(Text::sign_in_company)));
    CHECK_FALSE(h.has_text(tr(Text::sign_in_or_local)));
    CHECK_FALSE(h.has_text(tr(Text::local_sign_in_off)));
  }
  SECTION("no answer (network error)") {
    Harness h(Lang::en);
    show_with_options(h, 0, "TypeError: Failed to fetch");
    CHECK(has_password_form(h));
    CHECK_FALSE(h.find("button", tr(Text::sign_in_company)));
  }
  SECTION("a 200 that is not the options object") {
    Harness h(Lang::en);
    show_with_options(h, 200, "<html>sign in</html>");
    CHECK(has_password_form(h));
    CHECK_FALSE(h.find("button", tr(Text::sign_in_company)));
  }
  SECTION("not answered yet") {
    Harness h(Lang::en);
    h.show_sign_in();
    REQUIRE(stub::find_pending("GET", kOptions));
    CHECK(has_password_form(h));
    CHECK_FALSE(h.find("button", tr(Text::sign_in_company)));
  }
  SECTION("company sign-in not configured") {
    Harness h(Lang::en);
    show_with_options(h, 200, R"({"local": true, "oidc": false})");
    CHECK(has_password_form(h));
    CHECK_FALSE(h.find("button", tr(Text::sign_in_company)));
    CHECK_FALSE(h.has_text(tr(Text::sign_in_or_local)));
  }
}

TEST_CASE("the sign-in options are asked once, kept across sign-out") {
  Harness h(Lang::en);
  show_with_options(h, 200, R"({"local": true, "oidc": true})");
  h.frames(5);
  CHECK(options_requests() == 1);
  REQUIRE(h.click("textbox", tr(Text::login)));
  h.type("lin.sales");
  REQUIRE(h.click("textbox", tr(Text::password)));
  h.type("shipboard-demo");
  REQUIRE(h.click("button", tr(Text::sign_in)));
  REQUIRE(stub::reply("POST", "/api/v1/session", 200, session_json(7, "lin.sales", "sales")));
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.app.screen == Screen::signed_in);
  app_sign_out(h.app);
  h.frames(3);
  REQUIRE(h.app.screen == Screen::sign_in);
  CHECK(h.find("button", tr(Text::sign_in_company)));
  CHECK(options_requests() == 1);
}

TEST_CASE("a 403 from POST /api/v1/session says local sign-in is off") {
  Harness h(Lang::zh_Hans);
  h.show_sign_in();  // the options never answered: the form shows
  REQUIRE(h.click("textbox", tr(Text::login)));
  h.type("lin.sales");
  REQUIRE(h.click("textbox", tr(Text::password)));
  h.type("shipboard-demo");
  h.key(ImGuiKey_Enter);
  REQUIRE(stub::reply("POST", "/api/v1/session", 403, R"({"title":"Forbidden"})"));
  h.frames(2);
  CHECK(h.app.sign_in.error == Text::local_sign_in_off);
  CHECK(h.has_text("管理员已关闭本机账号登录。"));
}
