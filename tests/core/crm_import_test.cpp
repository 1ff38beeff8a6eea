// The CRM import's words and values in the core: word lists written folded, importance and
// channel in English and both Chinese scripts, headers that map themselves, amounts into minor
// units (and the ones refused), the contacts cell both ways, formula neutralising both ways,
// and the common-Hanzi score that tells a right decoding from a wrong one.
#include <catch2/catch.hpp>

#include "shipboard/crm_import.hpp"
#include "shipboard/search_text.hpp"

using namespace shipboard;

TEST_CASE("import: header synonyms are folded and name real fields", "[import]") {
  for (ImportKind k : kAllImportKinds) {
    for (const auto& s : header_synonyms(k)) {
      INFO(to_string(k) << " " << s.header);
      CHECK(fold_header(s.header) == s.header);
      CHECK(is_import_field(k, s.field));
    }
  }
  CHECK(parse_import_kind("customers") == ImportKind::customers);
  CHECK_FALSE(parse_import_kind("told"));
}

TEST_CASE("import: headers map themselves in English and both scripts", "[import]") {
  using K = ImportKind;
  CHECK(field_for_header(K::customers, "annual_value") == "annual_value");
  CHECK(field_for_header(K::customers, "Annual Value") == "annual_value");
  CHECK(field_for_header(K::customers, "客戶名稱") == "name");  // Traditional
  CHECK(field_for_header(K::customers, "客户名称") == "name");  // Simplified
  CHECK(field_for_header(K::customers, "年度金額") == "annual_value");
  CHECK(field_for_header(K::customers, "負責人") == "owner");
  CHECK(field_for_header(K::customers, "Account Name") == "name");
  CHECK(field_for_header(K::customers, "\xEF\xBB\xBFname") == "name");  // a BOM left on it
  CHECK(field_for_header(K::requests, "Priority") == "importance");
  CHECK(field_for_header(K::requests, "重要性") == "importance");
  CHECK(field_for_header(K::items, "狀態") == "status");
  CHECK_FALSE(field_for_header(K::customers, "favourite colour"));
}

TEST_CASE("import: importance words in English, Traditional and Simplified", "[import]") {
  CHECK(parse_importance_word("nice") == Importance::nice);
  CHECK(parse_importance_word(" Important ") == Importance::important);
  CHECK(parse_importance_word("BLOCKER") == Importance::blocker);
  CHECK(parse_importance_word("一般") == Importance::nice);
  CHECK(parse_importance_word("重要") == Importance::important);
  CHECK(parse_importance_word("阻斷") == Importance::blocker);  // Traditional
  CHECK(parse_importance_word("阻断") == Importance::blocker);  // Simplified
  CHECK(parse_importance_word("關鍵") == Importance::blocker);
  CHECK_FALSE(parse_importance_word("urgent-ish"));
  CHECK_FALSE(parse_importance_word(""));
}

TEST_CASE("import: channel, contact role, item kind and status words", "[import]") {
  CHECK(parse_channel_word("direct") == Channel::direct);
  CHECK(parse_channel_word("直銷") == Channel::direct);
  CHECK(parse_channel_word("直销") == Channel::direct);
  for (const char* w : {"partner", "代理", "渠道", "經銷", "经销", "合作夥伴"}) {
    INFO(w);
    CHECK(parse_channel_word(w) == Channel::partner);
  }
  CHECK_FALSE(parse_channel_word("online"));
  CHECK(parse_contact_role_word("接納者") == ContactRole::champion);
  CHECK(parse_contact_role_word("不满者") == ContactRole::critic);
  CHECK(parse_contact_role_word("權力者") == ContactRole::decision_maker);
  CHECK(parse_contact_role_word("Decision-Maker") == ContactRole::decision_maker);
  CHECK(parse_item_kind_word("Bug") == ItemKind::bug);
  CHECK(parse_item_kind_word("改進") == ItemKind::improvement);
  CHECK(parse_item_status_word("in progress") == ItemStatus::in_progress);
  CHECK(parse_item_status_word("已上線") == ItemStatus::shipped);
  CHECK(parse_currency_word("cny") == "CNY");
  CHECK(parse_currency_word("人民幣") == "CNY");
  CHECK(parse_currency_word("新台幣") == "TWD");
  CHECK_FALSE(parse_currency_word("dollars"));
}

TEST_CASE("import: amounts as people type them, into minor units", "[import]") {
  auto amount = [](std::string_view text, std::string_view currency = "") {
    return parse_amount_text(text, currency);
  };
  CHECK(amount("1,200,000").money == Money{120000000, "CNY"});
  CHECK(amount("1200000.50").money == Money{120000050, "CNY"});
  CHECK(amount("1200000.5").money == Money{120000050, "CNY"});
  CHECK(amount("¥1,200,000").money == Money{120000000, "CNY"});
  CHECK(amount("￥1,200,000").money == Money{120000000, "CNY"});
  CHECK(amount("1,200,000", "USD").money == Money{120000000, "USD"});
  CHECK(amount("US$ 2,500").money == Money{250000, "USD"});
  CHECK(amount("NT$30,000").money == Money{3000000, "TWD"});
  CHECK(amount("1,200 usd").money == Money{120000, "USD"});
  CHECK(amount("120萬").money == Money{120000000, "CNY"});
  CHECK(amount("120万元").money == Money{120000000, "CNY"});
  CHECK(amount("1.5億").money == Money{15000000000, "CNY"});
  CHECK(amount("１２００").money == Money{120000, "CNY"});  // full-width digits
  CHECK(amount("0").money == Money{0, "CNY"});
  CHECK(amount("¥100", "人民幣").money == Money{10000, "CNY"});
  // Refused, each with its reason.
  CHECK(amount("abc").error == "not an amount: 'abc'");
  CHECK(amount("").error == "no amount");
  CHECK(amount("12,00").error == "not an amount: '12,00'");
  CHECK(amount("1.234").error == "more than 2 decimals: '1.234'");
  CHECK(amount("-5").error == "a negative amount: '-5'");
  CHECK(amount("$100", "CNY").error == "the amount is in USD but the currency is CNY");
  CHECK(amount("100", "bitcoin").error == "not a currency: 'bitcoin'");
  CHECK(amount("99999999999999999999").error.rfind("too large", 0) == 0);
  CHECK_FALSE(amount("1 2").money);
}

TEST_CASE("import: amounts written back read back the same", "[import]") {
  for (std::int64_t minor : {0LL, 1LL, 99LL, 100LL, 120000050LL, 120000000LL, 1000000000000LL}) {
    INFO(minor);
    auto back = parse_amount_text(format_amount(minor), "EUR");
    REQUIRE(back.money);
    CHECK(back.money->amount == minor);
  }
  CHECK(format_amount(120000050) == "1200000.50");
  CHECK(format_amount(100) == "1");
}

TEST_CASE("import: the contacts cell both ways", "[import]") {
  auto r = parse_contacts_text("王大明|CTO|權力者; 李小華|採購|critic\n陳一");
  REQUIRE(r.error.empty());
  REQUIRE(r.contacts.size() == 3);
  CHECK(r.contacts[0] == Contact{"王大明", "CTO", ContactRole::decision_maker});
  CHECK(r.contacts[1] == Contact{"李小華", "採購", ContactRole::critic});
  CHECK(r.contacts[2] == Contact{"陳一", "", ContactRole::champion});
  CHECK(parse_contacts_text(format_contacts(r.contacts)).contacts == r.contacts);
  CHECK(parse_contacts_text("").contacts.empty());
  CHECK(parse_contacts_text("a|b|c|d").error == "a contact is name|title|role, got 'a|b|c|d'");
  CHECK(parse_contacts_text("a|b|boss").error.rfind("not a contact role: 'boss'", 0) == 0);
  CHECK(parse_contacts_text("|CTO|critic").error.rfind("a contact without a name", 0) == 0);
}

TEST_CASE("import: cells that would be formulas are neutralised and read back", "[import]") {
  for (std::string_view cell : {"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx"}) {
    INFO(cell);
    std::string out = neutralise_cell(cell);
    CHECK(out[0] == '\'');
    CHECK(unneutralise_cell(out) == cell);
  }
  CHECK(neutralise_cell("直播") == "直播");
  CHECK(unneutralise_cell("'quoted") == "'quoted");  // only before a formula character
}

TEST_CASE("import: common Hanzi score in both scripts, not for mojibake", "[import]") {
  CHECK(common_hanzi_score("客户名称，年度金额") == common_hanzi_score("客戶名稱，年度金額"));
  CHECK(common_hanzi_score("我们的客户需要直播功能") >= 9);
  CHECK(common_hanzi_score("hello, world") == 0);
  // "客戶名稱" in Big5 bytes read as GB18030: 姘戶 ... rare characters.
  CHECK(common_hanzi_score("縐嚙詳嘔") < 2);
}
