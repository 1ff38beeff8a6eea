// The enablement pack's rules: which language of a customer answer a customer gets (own,
// other Chinese script converted, board's), pack membership, contact order, FAQ choice, the
// re-tell prompt's content, and the commands and staleness rules that carry languages.
#include <catch2/catch.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/enablement.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/workflow.hpp"

using namespace shipboard;
using nlohmann::json;

namespace {
Item shipped_item() {
  Item it;
  it.id = 12;
  it.title = "直播";
  it.status = ItemStatus::shipped;
  it.release_id = 3;
  it.commitment = Commitment::committed;
  it.eta = parse_eta("2027-01-15");
  it.customer_answer = "直播功能已上線，請聯絡我們開通。";
  return it;
}
}  // namespace

TEST_CASE("script conversion uses the OpenCC folding table, character by character") {
  CHECK(to_simplified("直播功能已上線，請聯絡我們開通。") == "直播功能已上线，请联络我们开通。");
  CHECK(to_simplified("Live 視頻 ok") == "Live 视频 ok");
  CHECK(to_traditional("视频已上市") == "視頻已上市");
  // Ambiguous inverses are kept: 发 <- 發, 髮; 线 <- 線, 綫.
  CHECK(to_traditional("发") == "发");
  CHECK(to_traditional("上线") == "上线");
  CHECK(to_simplified("") == "");
}

TEST_CASE("answer_for_lang: own language, then the other script converted, then the board's") {
  Item it = shipped_item();
  SECTION("the board's language gets the main answer") {
    auto t = answer_for_lang(it, "zh-Hant");
    CHECK(t == LangText{it.customer_answer, "zh-Hant", false, std::nullopt});
  }
  SECTION("zh-Hans with only the main zh-Hant answer: converted, fell back") {
    auto t = answer_for_lang(it, "zh-Hans");
    CHECK(t.text == "直播功能已上线，请联络我们开通。");
    CHECK(t.lang == "zh-Hans");
    CHECK(t.fell_back);
    CHECK(t.fallback_from == "zh-Hant");
  }
  SECTION("an answer written in the language wins") {
    it.customer_answers["zh-Hans"] = "直播已经上线。";
    it.customer_answers["en"] = "Live streaming has shipped.";
    CHECK(answer_for_lang(it, "zh-Hans") ==
          LangText{"直播已经上线。", "zh-Hans", false, std::nullopt});
    CHECK(answer_for_lang(it, "en") ==
          LangText{"Live streaming has shipped.", "en", false, std::nullopt});
  }
  SECTION("en without an en answer: the board's main answer, fell back") {
    auto t = answer_for_lang(it, "en");
    CHECK(t == LangText{it.customer_answer, "zh-Hant", true, std::string("zh-Hant")});
  }
  SECTION("zh-Hant on a zh-Hans board with only zh-Hans written: converted back") {
    Item s = it;
    s.customer_answer = "视频已上市";
    auto t = answer_for_lang(s, "zh-Hant", "zh-Hans");
    CHECK(t == LangText{"視頻已上市", "zh-Hant", true, std::string("zh-Hans")});
  }
  SECTION("nothing written: empty, not fell back; unknown languages read as the board's") {
    Item e = it;
    e.customer_answer.clear();
    CHECK(answer_for_lang(e, "en") == LangText{"", "en", false, std::nullopt});
    CHECK(answer_for_lang(it, "fr").lang == "zh-Hant");
    CHECK_FALSE(answer_for_lang(it, "fr").fell_back);
  }
}

TEST_CASE("pack membership, contact order and FAQ choice") {
  Release rel;
  rel.id = 3;
  rel.state = ReleaseState::in_progress;
  Item shipped = shipped_item();
  Item beta = shipped;
  beta.status = ItemStatus::beta;
  Item declined = shipped;
  declined.status = ItemStatus::declined;
  CHECK(in_enablement_pack(shipped, rel));
  CHECK_FALSE(in_enablement_pack(beta, rel));
  rel.state = ReleaseState::released;
  CHECK(in_enablement_pack(beta, rel));
  CHECK_FALSE(in_enablement_pack(declined, rel));
  Item other = shipped;
  other.release_id = 4;
  CHECK_FALSE(in_enablement_pack(other, rel));
  Item merged = shipped;
  merged.merged_into = 99;
  CHECK_FALSE(in_enablement_pack(merged, rel));

  std::vector<Contact> people{{"A", "", ContactRole::critic},
                              {"B", "", ContactRole::champion},
                              {"C", "CTO", ContactRole::decision_maker},
                              {"D", "", ContactRole::champion}};
  auto ordered = contacts_in_telling_order(people);
  REQUIRE(ordered.size() == 4);
  CHECK(ordered[0].name == "C");
  CHECK(ordered[1].name == "B");
  CHECK(ordered[2].name == "D");
  CHECK(ordered[3].name == "A");

  LibraryAnswer hant, en;
  hant.id = 1;
  hant.lang = "zh-Hant";
  en.id = 2;
  en.lang = "en";
  CHECK(faq_for_lang({hant, en}, "en").size() == 1);
  CHECK(faq_for_lang({hant, en}, "en")[0].id == 2);
  CHECK(faq_for_lang({hant, en}, "zh-Hans").size() == 2);  // none in zh-Hans: all of them
  CHECK(faq_for_lang({hant, en, hant}, "zh-Hans", 2).size() == 2);
}

TEST_CASE("told entries carry their language and commitment; staleness compares both") {
  Item it = shipped_item();
  it.customer_answers["en"] = "Shipped.";
  CreateTold cmd;
  cmd.customer_id = 7;
  cmd.item_id = it.id;
  cmd.lang = "en";
  Told t = make_told(cmd, 1, 5, &it, nullptr, "2027-01-16T00:00:00Z");
  CHECK(t.text == "Shipped.");
  CHECK(t.lang == "en");
  CHECK(t.commitment == Commitment::committed);
  CHECK_FALSE(told_stale(t, it));

  Item moved = it;
  moved.commitment = Commitment::tentative;
  CHECK(told_stale(t, moved));  // the commitment changed
  Item reworded = it;
  reworded.customer_answers["en"] = "Shipped, ask us to turn it on.";
  CHECK(told_stale(t, reworded));  // the answer in the told language changed
  Item main_changed = it;
  main_changed.customer_answer = "改了";
  CHECK_FALSE(told_stale(t, main_changed));  // not the language that was told

  cmd.lang = "zh-Hans";  // converted from the main answer
  Told s = make_told(cmd, 2, 5, &it, nullptr, "2027-01-16T00:00:00Z");
  CHECK(s.text == to_simplified(it.customer_answer));
  CHECK_FALSE(told_stale(s, it));

  Told old = t;  // an entry from before languages: compared with the main answer
  old.lang.clear();
  old.commitment.reset();
  old.text = it.customer_answer;
  CHECK_FALSE(told_stale(old, moved));

  auto j = to_json(t);
  CHECK(j["lang"] == "en");
  CHECK(j["commitment"] == "committed");
  auto back = decode_told(j);
  REQUIRE(back.ok());
  CHECK(*back.value == t);
}

TEST_CASE("the re-tell prompt says what was told then and what is true now") {
  Item it = shipped_item();
  it.status = ItemStatus::planned;
  it.eta = parse_eta("2027-Q1");
  it.commitment = Commitment::tentative;
  CreateTold cmd;
  cmd.customer_id = 7;
  cmd.item_id = it.id;
  Told t = make_told(cmd, 9, 5, &it, nullptr, "2026-12-01T00:00:00Z");
  CHECK(t.lang == "zh-Hant");
  Item now = it;
  now.eta = parse_eta("2027-Q2");
  auto j = retell_json(t, "華星零售", now);
  CHECK(j["customer_id"] == 7);
  CHECK(j["customer_name"] == "華星零售");
  CHECK(j["item_id"] == 12);
  CHECK(j["item_title"] == "直播");
  CHECK(j["told_text"] == it.customer_answer);
  CHECK(j["told_at"] == "2026-12-01T00:00:00Z");
  CHECK(j["then"]["eta"] == "2027-Q1");
  CHECK(j["now"]["eta"] == "2027-Q2");
  CHECK(j["now"]["status"] == "planned");
  CHECK(j["now"]["commitment"] == "tentative");
  CHECK(j["now"]["customer_answer"] == it.customer_answer);
}

TEST_CASE("commands carry customer languages and answers per language") {
  auto c = decode_create_customer(json::parse(
      R"({"name": "華星零售", "annual_value": {"amount": 100, "currency": "CNY"}, "lang": "en"})"));
  REQUIRE(c.ok());
  CHECK(c.value->lang == "en");
  auto made = make_customer(*c.value, 1, 5, "2027-01-01T00:00:00Z");
  REQUIRE(made.ok());
  CHECK(made.value->lang == "en");
  auto defaulted = decode_create_customer(
      json::parse(R"({"name": "x", "annual_value": {"amount": 1, "currency": "CNY"}})"));
  REQUIRE(defaulted.ok());
  CHECK(make_customer(*defaulted.value, 1, 5, "t").value->lang == "zh-Hant");
  auto bad = decode_create_customer(json::parse(
      R"({"name": "x", "annual_value": {"amount": 1, "currency": "CNY"}, "lang": "fr"})"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].field == "lang");
  auto patch = decode_patch_customer(json::parse(R"({"lang": "zh-Hans"})"));
  REQUIRE(patch.ok());
  CHECK(apply_patch(*made.value, *patch.value, "t2").value->lang == "zh-Hans");
  CHECK(to_json(*patch.value) == json::parse(R"({"lang": "zh-Hans"})"));
  CHECK(decode_customer(to_json(*made.value)).value->lang == "en");

  auto item = decode_create_item(json::parse(
      R"({"title": "直播", "customer_answers": {"en": "Soon.", "zh-Hans": ""}})"));
  REQUIRE(item.ok());
  CHECK(*item.value->customer_answers == std::map<std::string, std::string>{{"en", "Soon."}});
  CHECK_FALSE(may_create_item(Role::sales, *item.value));
  CHECK(may_create_item(Role::pm, *item.value));
  auto badkey = decode_patch_item(json::parse(R"({"customer_answers": {"fr": "Bientôt"}})"));
  REQUIRE_FALSE(badkey.ok());
  CHECK(badkey.errors[0].field == "customer_answers.fr");
  auto badtype = decode_patch_item(json::parse(R"({"customer_answers": ["en"]})"));
  REQUIRE_FALSE(badtype.ok());
  CHECK(badtype.errors[0].field == "customer_answers");
  auto toolong = decode_patch_item(
      json{{"customer_answers", {{"en", std::string(limits::kLongText + 1, 'a')}}}});
  REQUIRE_FALSE(toolong.ok());
  CHECK(toolong.errors[0].field == "customer_answers.en");

  auto p = decode_patch_item(json::parse(R"({"customer_answers": {"en": "Now."}})"));
  REQUIRE(p.ok());
  CHECK(p.value->touches_pm_fields());
  Item before = shipped_item();
  auto after = apply_patch(before, *p.value, "2027-02-01T00:00:00Z");
  REQUIRE(after.ok());
  CHECK(after.value->customer_answers.at("en") == "Now.");
  CHECK(after.value->version == before.version + 1);
  CHECK(diff_items(before, *after.value).customer_answer);
  auto j = to_json(*after.value, Audience::restricted);
  CHECK(j["customer_answers"]["en"] == "Now.");
  CHECK(decode_item(j).value->customer_answers == after.value->customer_answers);

  auto told = decode_create_told(json::parse(R"({"customer_id": 1, "item_id": 2, "lang": "en"})"));
  REQUIRE(told.ok());
  CHECK(told.value->lang == "en");
  CHECK_FALSE(decode_create_told(json::parse(R"({"customer_id": 1, "item_id": 2, "lang": "de"})"))
                  .ok());
}

TEST_CASE("pack permissions: reps and PMs read packs, only PMs and admins see coverage") {
  CHECK(allowed(Role::sales, Action::read_enablement));
  CHECK(allowed(Role::support, Action::read_enablement));
  CHECK(allowed(Role::pm, Action::read_enablement));
  CHECK(allowed(Role::admin, Action::read_enablement));
  CHECK_FALSE(allowed(Role::viewer, Action::read_enablement));
  CHECK_FALSE(embed_allowed(Action::read_enablement));
  CHECK(may_see_pack_coverage(Role::pm));
  CHECK(may_see_pack_coverage(Role::admin));
  CHECK_FALSE(may_see_pack_coverage(Role::sales));
  CHECK_FALSE(may_see_pack_coverage(Role::viewer));
  CHECK(parse_event_type("told.stale") == EventType::told_stale);
}
