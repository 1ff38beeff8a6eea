// Item JSON round trip, ETA parsing, the strict field reader (unknown fields, types, UTF-8) and
// the UTF-8 helpers (validation, length, cutting to a byte limit).
#include <catch2/catch.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/url.hpp"
#include "shipboard/utf8.hpp"

using namespace shipboard;
using nlohmann::json;

TEST_CASE("an item survives the JSON round trip") {
  Item it;
  it.id = 42;
  it.kind = ItemKind::feature;
  it.title = "直播功能（Live streaming）";
  it.description = "支援 1080p 直播";
  it.area = "媒體";
  it.status = ItemStatus::in_progress;
  it.release_id = 7;
  it.eta = parse_eta("2027-Q1");
  it.commitment = Commitment::tentative;
  it.customer_answer = "預計 2027 年第一季推出。";
  it.internal_note = "依賴 CDN 合約";
  it.owner_id = 3;
  it.created_by = 5;
  it.demand_score = 12.5;
  it.request_count = 4;
  it.value_at_stake = Money{150000000, "CNY"};
  it.version = 9;
  it.created_at = "2026-11-01T08:00:00Z";
  it.updated_at = "2026-11-20T09:30:00Z";

  auto back = decode_item(json::parse(to_json(it).dump()));
  REQUIRE(back.ok());
  CHECK(*back.value == it);
}

TEST_CASE("restricted audiences never see internal fields") {
  Item it;
  it.id = 1;
  it.internal_note = "secret";
  it.value_at_stake = Money{5, "CNY"};
  auto j = to_json(it, Audience::restricted);
  CHECK_FALSE(j.contains("internal_note"));
  CHECK_FALSE(j.contains("value_at_stake"));
  CHECK_FALSE(j.contains("created_by"));
  CHECK(to_json(it, Audience::full).at("internal_note") == "secret");
}

TEST_CASE("decode_item reports wrong types and bad values as field errors") {
  auto bad =
      decode_item(json{{"id", 1}, {"status", "finished"}, {"title", 5}, {"eta", "2027-13-01"}});
  REQUIRE_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (auto& e : bad.errors) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"title", "status", "eta"});
  CHECK_FALSE(decode_item(json::array()).ok());
}

TEST_CASE("ETAs are real dates or quarters") {
  CHECK(parse_eta("2027-03-31"));
  CHECK(parse_eta("2028-02-29"));
  CHECK_FALSE(parse_eta("2027-02-29"));
  CHECK(parse_eta("2027-Q4"));
  CHECK_FALSE(parse_eta("2027-Q5"));
  CHECK_FALSE(parse_eta("2027-3-1"));
  CHECK_FALSE(parse_eta("soon"));
  CHECK(eta_end_date(*parse_eta("2027-Q1")) == "2027-03-31");
  CHECK(eta_end_date(*parse_eta("2027-Q4")) == "2027-12-31");
}

TEST_CASE("dates and timestamps as days and seconds since the epoch") {
  CHECK(epoch_day("1970-01-01") == 0);
  CHECK(epoch_day("2000-03-01") == 11017);
  CHECK(*epoch_day("2024-03-01") - *epoch_day("2024-02-28") == 2);  // 29 February
  CHECK(*epoch_day("2023-03-01") - *epoch_day("2023-02-28") == 1);
  CHECK(epoch_day("2026-11-28T11:22:11Z") == epoch_day("2026-11-28"));
  CHECK_FALSE(epoch_day("2027-02-29"));
  CHECK_FALSE(epoch_day("2027-Q1"));
  CHECK_FALSE(epoch_day("2026-11-28 11:22"));
  CHECK(epoch_seconds("1970-01-02T00:00:01Z") == 86401);
  CHECK(epoch_seconds("2026-11-28T11:22:11Z") == 1795864931);
  CHECK_FALSE(epoch_seconds("2026-11-28T24:00:00Z"));
  CHECK_FALSE(epoch_seconds("2026-11-28T11:22:11"));
  CHECK_FALSE(epoch_seconds("2026-11-28"));
}

TEST_CASE("UTF-8 validation rejects malformed sequences") {
  CHECK(is_valid_utf8("視頻 video"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xE8\xA6"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK(utf8_length("視頻ab") == 4);
}

TEST_CASE("utf8_prefix cuts to a byte limit, never inside a character") {
  CHECK(utf8_prefix("release notes", 7) == "release");  // ASCII: exactly max_bytes
  // 視頻 is two 3-byte characters: a cut inside one ends before it.
  CHECK(utf8_prefix("視頻", 4) == "視");
  CHECK(utf8_prefix("視頻", 5) == "視");
  CHECK(utf8_prefix("視頻", 2).empty());
  CHECK(utf8_prefix("ab視頻", 3) == "ab");
  // 😀 is one 4-byte character (F0 9F 98 80).
  CHECK(utf8_prefix("a😀b", 2) == "a");
  CHECK(utf8_prefix("a😀b", 4) == "a");
  CHECK(utf8_prefix("a😀b", 5) == "a😀");
  CHECK(utf8_prefix("😀", 3).empty());
  CHECK(utf8_prefix("視頻 video", 0).empty());
  CHECK(utf8_prefix("", 0).empty());
  // Shorter than the limit, or exactly it: unchanged.
  CHECK(utf8_prefix("視頻 ok", 100) == "視頻 ok");
  CHECK(utf8_prefix("視頻", 6) == "視頻");
  CHECK(is_valid_utf8(utf8_prefix("直播功能😀（Live）", 13)));
}

TEST_CASE("JsonReader rejects unknown and server-owned fields and bad strings") {
  FieldErrors errors;
  json body{{"title", "直播"}, {"version", 3}, {"role", "admin"}};
  JsonReader r(body, errors);
  auto title = r.text("title", true, limits::kShortText);
  r.reject_unknown();
  CHECK(title == "直播");
  REQUIRE(errors.size() == 2);

  FieldErrors e2;
  json long_title{{"title", std::string(201, 'x')}};
  JsonReader r2(long_title, e2);
  CHECK_FALSE(r2.text("title", true, limits::kShortText));
  CHECK(e2.at(0).message == "must be at most 200 characters");

  FieldErrors e3;
  json huge{{"n", 1e300}, {"m", 18446744073709551615ull}};
  JsonReader r3(huge, e3);
  CHECK_FALSE(r3.integer("n", true, 0, 10));
  CHECK_FALSE(r3.integer("m", true, 0, 10));
  CHECK(e3.size() == 2);
}

TEST_CASE("url_encode leaves unreserved characters and encodes every other byte") {
  CHECK(url_encode("直播 live") == "%E7%9B%B4%E6%92%AD%20live");
  CHECK(url_encode("a-b_c.d~e") == "a-b_c.d~e");
  CHECK(url_encode("a&b=c/d?e#f+g%") == "a%26b%3Dc%2Fd%3Fe%23f%2Bg%25");
  CHECK(url_encode("") == "");
}
