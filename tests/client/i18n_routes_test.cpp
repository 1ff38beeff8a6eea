// Client tables and routes without a frame: every UI string present in zh-Hant, zh-Hans and en
// with the same printf conversions, language tags, and hash routes (#/items/42) both ways.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "state/app_state.hpp"
#include "ui/i18n.hpp"

using namespace shipboard;
using namespace shipboard::client;

namespace {
// The printf conversions of a format string, in order ("%d", "%.1f", ...). A '%' not followed
// by a conversion ("80% and 95%" in a string shown with "%s") is text, not a conversion.
std::string conversions(const char* s) {
  std::string out;
  for (const char* p = s; *p; ++p) {
    if (*p != '%') continue;
    if (p[1] == '%') {
      ++p;
      continue;
    }
    const char* q = p + 1;
    while (*q && std::strchr("0123456789.-+", *q)) ++q;
    if (*q && std::strchr("diufsxc", *q)) out += *q;
  }
  return out;
}
}  // namespace

TEST_CASE("every UI string exists in all three languages with the same conversions") {
  int differ_from_en = 0;
  for (int i = 0; i < int(Text::count_); ++i) {
    const Text id = Text(i);
    INFO("Text id " << i);
    const char* hant = tr(id, Lang::zh_Hant);
    const char* hans = tr(id, Lang::zh_Hans);
    const char* en = tr(id, Lang::en);
    REQUIRE(hant != nullptr);
    REQUIRE(hans != nullptr);
    REQUIRE(en != nullptr);
    CHECK(std::strlen(hant) > 0);
    CHECK(std::strlen(hans) > 0);
    CHECK(std::strlen(en) > 0);
    CHECK(conversions(hant) == conversions(en));
    CHECK(conversions(hans) == conversions(en));
    if (std::strcmp(hant, en) != 0) ++differ_from_en;
  }
  // Almost everything is translated (a few rows are the same on purpose: "—", "Shipboard").
  CHECK(differ_from_en > int(Text::count_) * 9 / 10);
  CHECK(std::string(tr(Text::sign_in, Lang::zh_Hant)) == "登入");
  CHECK(std::string(tr(Text::sign_in, Lang::zh_Hans)) == "登录");
}

TEST_CASE("set_language switches tr() and the language tags parse") {
  set_language(Lang::zh_Hans);
  CHECK(std::string(tr(Text::copy)) == "复制");
  set_language(Lang::en);
  CHECK(std::string(tr(Text::copy)) == "Copy");
  CHECK(parse_language("zh-TW") == Lang::zh_Hant);
  CHECK(parse_language("zh-HK") == Lang::zh_Hant);
  CHECK(parse_language("zh-Hant") == Lang::zh_Hant);
  CHECK(parse_language("zh-CN") == Lang::zh_Hans);
  CHECK(parse_language("zh") == Lang::zh_Hans);
  CHECK(parse_language("en-GB") == Lang::en);
  CHECK(parse_language("fr") == Lang::en);
  CHECK(language_tag(Lang::zh_Hant) == "zh-Hant");
}

TEST_CASE("hash routes parse and format") {
  bool named = false;
  Route r = parse_route("#/items/42", &named);
  CHECK(named);
  CHECK(r.view == View::item);
  CHECK(r.item_id == 42);
  CHECK(route_hash(r) == "#/items/42");
  r = parse_route("#/releases/3", &named);
  CHECK((named && r.view == View::release && r.item_id == 3));
  CHECK(route_hash(r) == "#/releases/3");
  for (const char* h : {"#/search", "#/board", "#/queue", "#/releases", "#/customers", "#/insights",
                        "#/notifications", "#/admin"}) {
    INFO(h);
    const Route p = parse_route(h, &named);
    CHECK(named);
    CHECK(route_hash(p) == h);
  }
  CHECK(parse_route("#/board?x=1", &named).view == View::board);
  for (const char* bad : {"", "#", "#/items/", "#/items/abc", "#/items/0", "#/items/-1", "#/nope",
                          "#/items/99999999999999999999999"}) {
    INFO(bad);
    parse_route(bad, &named);
    CHECK_FALSE(named);
  }
}
