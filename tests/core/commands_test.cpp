// Command decoding: required fields, unknown and server-owned fields, nulls, ranges, UTF-8,
// cross-field rules, and the encode -> decode round trip the client relies on.
#include <algorithm>

#include <catch2/catch.hpp>

#include "shipboard/commands.hpp"

using namespace shipboard;
using nlohmann::json;

namespace {
std::vector<std::string> fields_of(const FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}
bool has_field(const FieldErrors& errors, const std::string& f) {
  auto v = fields_of(errors);
  return std::find(v.begin(), v.end(), f) != v.end();
}
template <class T, class Decode>
void check_round_trip(const T& command, Decode decode) {
  auto back = decode(to_json(command));
  INFO(to_json(command).dump());
  REQUIRE(back.ok());
  CHECK(*back.value == command);
}
}  // namespace

TEST_CASE("create_item: minimal and full bodies") {
  auto min = decode_create_item(json{{"title", "直播"}});
  REQUIRE(min.ok());
  CHECK(min.value->kind == ItemKind::feature);
  CHECK(min.value->description.empty());
  CHECK_FALSE(min.value->status);

  auto full = decode_create_item(json{{"kind", "bug"},
                                      {"title", "Crash on login"},
                                      {"description", "..."},
                                      {"area", "auth"},
                                      {"status", "planned"},
                                      {"release_id", 3},
                                      {"eta", "2027-Q1"},
                                      {"commitment", "committed"},
                                      {"customer_answer", "Fixed in 2027.1"},
                                      {"internal_note", "root cause: cache"},
                                      {"owner_id", 2}});
  REQUIRE(full.ok());
  CHECK(full.value->eta == parse_eta("2027-Q1"));
  CHECK(full.value->commitment == Commitment::committed);
  check_round_trip(*full.value, decode_create_item);

  // Null on a nullable field means "not given".
  auto nulls = decode_create_item(json{{"title", "x"}, {"release_id", nullptr}, {"eta", nullptr}});
  REQUIRE(nulls.ok());
  CHECK_FALSE(nulls.value->release_id);
}

TEST_CASE("create_item rejects server-owned, unknown and malformed fields, all at once") {
  auto bad = decode_create_item(json{{"title", ""},
                                     {"kind", "epic"},
                                     {"eta", "next year"},
                                     {"release_id", 0},
                                     {"id", 5},
                                     {"version", 2},
                                     {"created_by", 1},
                                     {"answer_stale", false},
                                     {"demand_score", 9}});
  REQUIRE_FALSE(bad.ok());
  CHECK_FALSE(bad.value);
  for (const char* f : {"title", "kind", "eta", "release_id", "id", "version", "created_by",
                        "answer_stale", "demand_score"})
    CHECK(has_field(bad.errors, f));

  CHECK(decode_create_item(json{{"title", std::string(200, 'a')}}).ok());
  CHECK_FALSE(decode_create_item(json{{"title", std::string(201, 'a')}}).ok());
  std::string cjk200;
  for (int i = 0; i < 200; ++i) cjk200 += "視";
  CHECK(decode_create_item(json{{"title", cjk200}}).ok());  // code points, not bytes
  CHECK_FALSE(decode_create_item(json{{"title", cjk200 + "頻"}}).ok());
  CHECK_FALSE(decode_create_item(json{{"title", "bad \xC3\x28 utf8"}}).ok());
  CHECK_FALSE(decode_create_item(json{{"title", 5}}).ok());
  CHECK_FALSE(decode_create_item(json{{"title", "x"}, {"kind", nullptr}}).ok());
  CHECK_FALSE(decode_create_item(json::array()).ok());
  CHECK_FALSE(decode_create_item(json("text")).ok());

  auto commit = decode_create_item(json{{"title", "x"}, {"commitment", "committed"}});
  REQUIRE_FALSE(commit.ok());
  CHECK(fields_of(commit.errors) == std::vector<std::string>{"commitment"});
}

TEST_CASE("patch_item distinguishes absent, null and a value") {
  auto p = decode_patch_item(json{{"eta", nullptr}, {"release_id", 4}});
  REQUIRE(p.ok());
  CHECK(p.value->eta.has_value());         // present...
  CHECK_FALSE(p.value->eta->has_value());  // ...and null: clear it
  CHECK(p.value->release_id == std::optional<std::optional<Id>>(std::optional<Id>(4)));
  CHECK_FALSE(p.value->owner_id);  // absent
  CHECK(p.value->touches_pm_fields());
  CHECK_FALSE(p.value->touches_author_fields());
  check_round_trip(*p.value, decode_patch_item);

  auto confirm = decode_patch_item(json{{"confirm_answer", true}});
  REQUIRE(confirm.ok());
  CHECK(confirm.value->confirm_answer);

  auto empty = decode_patch_item(json::object());
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.errors.at(0).message == "must change at least one field");
  CHECK_FALSE(decode_patch_item(json{{"confirm_answer", false}}).ok());

  CHECK_FALSE(decode_patch_item(json{{"title", nullptr}}).ok());  // not nullable
  CHECK_FALSE(decode_patch_item(json{{"title", ""}}).ok());
  CHECK_FALSE(decode_patch_item(json{{"status", "done"}}).ok());
  CHECK_FALSE(decode_patch_item(json{{"version", 3}}).ok());
  CHECK_FALSE(decode_patch_item(json{{"eta", "2027-Q0"}}).ok());
  CHECK_FALSE(decode_patch_item(json{{"owner_id", -1}}).ok());
  CHECK_FALSE(decode_patch_item(json{{"owner_id", 1.5}}).ok());

  PatchItem all;
  all.kind = ItemKind::improvement;
  all.title = "t";
  all.description = "d";
  all.area = "a";
  all.status = ItemStatus::beta;
  all.release_id = std::optional<Id>{};
  all.eta = std::optional<Eta>{Eta{"2027-05-01"}};
  all.commitment = Commitment::tentative;
  all.customer_answer = "";
  all.internal_note = "n";
  all.owner_id = std::optional<Id>{9};
  all.confirm_answer = true;
  check_round_trip(all, decode_patch_item);
}

TEST_CASE("requests need a customer, an importance and valid money") {
  auto ok =
      decode_create_request(json{{"customer_id", 4},
                                 {"importance", "blocker"},
                                 {"value_at_stake", {{"amount", 150000000}, {"currency", "CNY"}}},
                                 {"quote", "沒有直播就不續約"}});
  REQUIRE(ok.ok());
  CHECK(ok.value->value_at_stake.amount == 150000000);
  check_round_trip(*ok.value, decode_create_request);

  auto bad =
      decode_create_request(json{{"customer_id", 4},
                                 {"importance", "urgent"},
                                 {"value_at_stake", {{"amount", 1e19}, {"currency", "CN"}}}});
  REQUIRE_FALSE(bad.ok());
  CHECK(has_field(bad.errors, "importance"));
  CHECK(has_field(bad.errors, "value_at_stake.amount"));
  CHECK(has_field(bad.errors, "value_at_stake.currency"));

  auto over = decode_create_request(
      json{{"customer_id", 4},
           {"importance", "nice"},
           {"value_at_stake", {{"amount", 1000000000000000001LL}, {"currency", "CNY"}}}});
  CHECK_FALSE(over.ok());
  auto extra = decode_create_request(
      json{{"customer_id", 4},
           {"importance", "nice"},
           {"value_at_stake", {{"amount", 1}, {"currency", "CNY"}, {"rate", 1}}}});
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.errors.at(0).field == "value_at_stake.rate");
  CHECK_FALSE(decode_create_request(json{{"importance", "nice"}}).ok());
}

TEST_CASE("questions, answers, library entries and the told log") {
  auto q = decode_create_question(json{{"item_id", 7}, {"body", "能不能做？"}});
  REQUIRE(q.ok());
  check_round_trip(*q.value, decode_create_question);
  CHECK_FALSE(decode_create_question(json{{"body", "  "}}).ok());
  CHECK_FALSE(decode_create_question(json{{"body", "x"}, {"state", "answered"}}).ok());
  CHECK(decode_patch_question(json{{"body", "改一下"}}).ok());

  auto a = decode_answer_question(json{{"body", "可以"}, {"to_library", true}});
  REQUIRE(a.ok());
  CHECK(a.value->to_library);
  CHECK_FALSE(decode_answer_question(json{{"body", "x"}, {"to_library", "yes"}}).ok());

  auto lib = decode_create_library_answer(json{
      {"title", "直播"}, {"body", "預計 Q2"}, {"tags", {"直播", "roadmap"}}, {"lang", "zh-Hant"}});
  REQUIRE(lib.ok());
  check_round_trip(*lib.value, decode_create_library_answer);
  auto dup = decode_create_library_answer(
      json{{"title", "t"}, {"body", "b"}, {"tags", {"a", "a", ""}}, {"lang", "en"}});
  REQUIRE_FALSE(dup.ok());
  CHECK(fields_of(dup.errors) == std::vector<std::string>{"tags[1]", "tags[2]"});
  CHECK_FALSE(
      decode_create_library_answer(json{{"title", "t"}, {"body", "b"}, {"lang", "fr"}}).ok());
  json many = json::array();
  for (int i = 0; i < 21; ++i) many.push_back("t" + std::to_string(i));
  CHECK_FALSE(decode_create_library_answer(
                  json{{"title", "t"}, {"body", "b"}, {"tags", many}, {"lang", "en"}})
                  .ok());
  auto plib = decode_patch_library_answer(json{{"item_id", nullptr}});
  REQUIRE(plib.ok());
  check_round_trip(*plib.value, decode_patch_library_answer);

  CHECK(decode_create_told(json{{"customer_id", 4}, {"item_id", 7}}).ok());
  CHECK(decode_create_told(json{{"customer_id", 4}, {"answer_id", 3}}).ok());
  auto neither = decode_create_told(json{{"customer_id", 4}});
  REQUIRE_FALSE(neither.ok());
  CHECK(neither.errors.at(0).field == "item_id");
}

TEST_CASE("releases validate dates and the released state") {
  auto r = decode_create_release(json{{"name", "2027.1"}, {"planned_date", "2027-03-31"}});
  REQUIRE(r.ok());
  CHECK(r.value->state == ReleaseState::planned);
  check_round_trip(*r.value, decode_create_release);
  CHECK_FALSE(decode_create_release(json{{"name", "x"}, {"planned_date", "2027-3-31"}}).ok());
  auto released = decode_create_release(
      json{{"name", "x"}, {"planned_date", "2027-03-31"}, {"state", "released"}});
  REQUIRE_FALSE(released.ok());
  CHECK(released.errors.at(0).field == "shipped_date");
  auto patch = decode_patch_release(json{{"shipped_date", nullptr}, {"faq", ""}});
  REQUIRE(patch.ok());
  check_round_trip(*patch.value, decode_patch_release);
  CHECK_FALSE(decode_patch_release(json{{"shipped_date", "2027-02-29"}}).ok());
}

TEST_CASE("customers: channel rule, contacts, money") {
  json base{{"name", "華夏銀行"}, {"annual_value", {{"amount", 250000000}, {"currency", "CNY"}}}};
  auto c = decode_create_customer(base);
  REQUIRE(c.ok());
  CHECK(c.value->channel == Channel::direct);

  json partner = base;
  partner["channel"] = "partner";
  auto missing = decode_create_customer(partner);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.errors.at(0).field == "partner_id");
  partner["partner_id"] = 9;
  partner["contacts"] = {{{"name", "王經理"}, {"title", "IT"}, {"role", "champion"}},
                         {{"name", "李總"}, {"role", "decision_maker"}}};
  auto ok = decode_create_customer(partner);
  REQUIRE(ok.ok());
  CHECK(ok.value->contacts.size() == 2);
  CHECK(ok.value->contacts[1].title.empty());
  check_round_trip(*ok.value, decode_create_customer);

  json direct_with_partner = base;
  direct_with_partner["partner_id"] = 9;
  CHECK_FALSE(decode_create_customer(direct_with_partner).ok());

  json bad_contact = base;
  bad_contact["contacts"] = {{{"name", "x"}, {"role", "boss"}, {"phone", "1"}}};
  auto bc = decode_create_customer(bad_contact);
  REQUIRE_FALSE(bc.ok());
  CHECK(fields_of(bc.errors) == std::vector<std::string>{"contacts[0].role", "contacts[0].phone"});

  json tier = base;
  tier["tier"] = "A";
  CHECK_FALSE(decode_create_customer(tier).ok());

  auto p = decode_patch_customer(json{{"channel", "direct"}, {"partner_id", nullptr}});
  REQUIRE(p.ok());
  check_round_trip(*p.value, decode_patch_customer);
  CHECK_FALSE(decode_patch_customer(json{{"channel", "partner"}, {"partner_id", nullptr}}).ok());
}

TEST_CASE("users, sign-in, embed tokens and the inbox") {
  auto u = decode_create_user(json{{"login", "amy.chen"},
                                   {"name", "陳艾米"},
                                   {"role", "sales"},
                                   {"password", "長長的密碼1234"}});
  REQUIRE(u.ok());
  check_round_trip(*u.value, decode_create_user);
  CHECK(is_valid_login("a1"));
  CHECK(is_valid_login("amy_chen-2.x"));
  CHECK_FALSE(is_valid_login("a"));
  CHECK_FALSE(is_valid_login("Amy"));
  CHECK_FALSE(is_valid_login(".amy"));
  CHECK_FALSE(is_valid_login("amy chen"));
  CHECK_FALSE(is_valid_login(std::string(65, 'a')));
  auto bad = decode_create_user(
      json{{"login", "陳"}, {"name", "x"}, {"role", "root"}, {"password", "short"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(fields_of(bad.errors) == std::vector<std::string>{"login", "role", "password"});

  auto pu = decode_patch_user(json{{"role", "pm"}, {"active", false}});
  REQUIRE(pu.ok());
  check_round_trip(*pu.value, decode_patch_user);
  CHECK_FALSE(decode_patch_user(json::object()).ok());

  CHECK(decode_sign_in(json{{"login", "Whatever Typed"}, {"password", "x"}}).ok());
  CHECK_FALSE(decode_sign_in(json{{"login", "amy"}}).ok());

  auto t = decode_create_embed_token(json{{"label", "wiki"}, {"scope", "area:直播"}});
  REQUIRE(t.ok());
  CHECK(t.value->scope.area == "直播");
  check_round_trip(*t.value, decode_create_embed_token);
  CHECK(decode_create_embed_token(json{{"label", "wiki"}, {"scope", "board"}}).ok());
  CHECK_FALSE(decode_create_embed_token(json{{"label", "wiki"}, {"scope", "area:"}}).ok());
  CHECK_FALSE(decode_create_embed_token(json{{"label", "wiki"}, {"scope", "all"}}).ok());

  auto mr = decode_mark_read(json{{"ids", {1, 2, 3}}});
  REQUIRE(mr.ok());
  CHECK(mr.value->ids == std::vector<Id>{1, 2, 3});
  check_round_trip(*mr.value, decode_mark_read);
  CHECK(decode_mark_read(json{{"all", true}}).ok());
  CHECK_FALSE(decode_mark_read(json::object()).ok());
  CHECK_FALSE(decode_mark_read(json{{"ids", {1, 0}}}).ok());
  CHECK_FALSE(decode_mark_read(json{{"ids", json::array()}}).ok());
  CHECK_FALSE(decode_mark_read(json{{"ids", {1}}, {"all", true}}).ok());
}

TEST_CASE("merge needs a positive id") {
  CHECK(decode_merge_item(json{{"into", 3}}).ok());
  CHECK_FALSE(decode_merge_item(json{{"into", "3"}}).ok());
  CHECK_FALSE(decode_merge_item(json::object()).ok());
}

TEST_CASE("is_valid_email: a practical check of what admins type and the outbox mails",
          "[commands]") {
  for (const char* ok : {"lin@example.com", "a.b+tag@sub.example.com", "o'brien@example.com",
                         "x_y-z@example-mail.co.uk", "1@example.com", "a@xn--fsqu00a.example",
                         "!#$%&*+/=?^_`{|}~-@example.com"}) {
    INFO(ok);
    CHECK(is_valid_email(ok));
  }
  const std::string local64(64, 'a'), local65(65, 'a');
  CHECK(is_valid_email(local64 + "@example.com"));
  CHECK_FALSE(is_valid_email(local65 + "@example.com"));
  std::string long_domain;
  while (long_domain.size() < 250) long_domain += "abcdefghi.";
  long_domain += "com";
  CHECK_FALSE(is_valid_email("a@" + long_domain));  // > 254 in all
  for (const char* bad : {"",
                          "lin",
                          "lin@",
                          "@example.com",
                          "lin@@example.com",
                          "a@b@example.com",
                          "lin@example",
                          "lin @example.com",
                          "lin@exa mple.com",
                          "\"lin\"@example.com",
                          "<lin@example.com>",
                          "lin@example.com>",
                          "lin,x@example.com",
                          "lin;x@example.com",
                          ".lin@example.com",
                          "lin.@example.com",
                          "l..in@example.com",
                          "lin@-example.com",
                          "lin@example-.com",
                          "lin@example..com",
                          "lin@.example.com",
                          "lin@example.com.",
                          "lin@[127.0.0.1]",
                          "lin@1.2.3.4",
                          "lin@example.c_m",
                          "lin\r\n@example.com",
                          "lin@example.com\r\n",
                          "林@example.com",
                          "lin@例子.example",
                          "lin\t@example.com"}) {
    INFO(bad);
    CHECK_FALSE(is_valid_email(bad));
  }
  CHECK_FALSE(is_valid_email(std::string("lin\0x@example.com", 17)));
}
