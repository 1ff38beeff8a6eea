// The enablement pack and re-tell prompts over loopback against a real server: a rep tells a
// customer, the PM moves the ETA, the rep's inbox gets one prompt with what was said then and
// what is true now, GET /me/retell counts it, telling again clears both; and a release's pack
// per rep — texts in the customer's language (converted from the other Chinese script, or the
// board's answer, saying so), partners' owners seeing end customers, contacts in telling
// order, FAQ entries, the told flag, PM coverage, release.shipped linking the pack, 403/404.
//
// Index: [SECTION] helpers  [SECTION] re-tell prompts  [SECTION] the pack
#include <catch2/catch.hpp>

#include <string>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

// [SECTION] helpers ---------------------------------------------------------------------------
std::string str(long long id) {
  return std::to_string(id);
}
json money(long long amount) {
  return {{"amount", amount}, {"currency", "CNY"}};
}

long long create(const Session& who, const std::string& path, const json& body) {
  auto r = who.post(path, body);
  INFO(path << " " << body.dump() << " -> " << r.status << " " << r.raw);
  REQUIRE(r.status == 201);
  return r.body["id"].get<long long>();
}

// PATCH with the current ETag.
Session::Reply patch_now(const Session& who, const std::string& path, const json& body) {
  auto cur = who.get(path);
  REQUIRE(cur.status == 200);
  return who.patch(path, body, cur.header("ETag"));
}

// The caller's inbox entries of `kind` (newest first).
std::vector<json> inbox_of(const Session& who, const std::string& kind) {
  auto r = who.get("/api/v1/inbox?limit=200");
  REQUIRE(r.status == 200);
  std::vector<json> out;
  for (const auto& n : r.body["items"])
    if (n["kind"] == kind) out.push_back(n);
  return out;
}

const json* pack_customer(const json& pack, long long id) {
  for (const auto& c : pack["customers"])
    if (c["customer"]["id"] == id) return &c;
  return nullptr;
}

const json* pack_item(const json& customer, long long item_id) {
  for (const auto& i : customer["items"])
    if (i["item_id"] == item_id) return &i;
  return nullptr;
}

}  // namespace

// [SECTION] re-tell prompts -------------------------------------------------------------------
TEST_CASE("re-tell: tell, the PM moves the ETA, one prompt with then and now, tell again clears it",
          "[enablement][retell]") {
  ServerProcess server;
  Session pm(server, "chen.pm");
  Session sales(server, "lin.sales");
  Session viewer(server, "zhao.viewer");

  const auto item = create(pm, "/api/v1/items",
                           {{"title", "跨店會員積分"},
                            {"status", "planned"},
                            {"eta", "2027-Q1"},
                            {"commitment", "tentative"},
                            {"customer_answer", "預計 2027 年第一季提供。"}});
  const auto customer =
      create(sales, "/api/v1/customers", {{"name", "重述測試客戶"}, {"annual_value", money(100)}});
  const std::string item_path = "/api/v1/items/" + str(item);

  auto told = sales.post("/api/v1/told", {{"customer_id", customer}, {"item_id", item}});
  REQUIRE(told.status == 201);
  CHECK(told.body["text"] == "預計 2027 年第一季提供。");
  CHECK(told.body["lang"] == "zh-Hant");
  CHECK(told.body["commitment"] == "tentative");

  auto none = sales.get("/api/v1/me/retell");
  REQUIRE(none.status == 200);
  CHECK(none.body["count"] == 0);
  CHECK(none.body["items"].empty());
  CHECK(inbox_of(sales, "told.stale").empty());

  // The PM moves the ETA: the rep gets one prompt with what they said and what is true now.
  REQUIRE(patch_now(pm, item_path, {{"eta", "2027-Q2"}}).status == 200);
  auto prompts = inbox_of(sales, "told.stale");
  REQUIRE(prompts.size() == 1);
  const json& p = prompts[0];
  CHECK_FALSE(p["read"].get<bool>());
  CHECK(p["item_id"] == item);
  CHECK(p["payload"]["customer_id"] == customer);
  CHECK(p["payload"]["customer_name"] == "重述測試客戶");
  CHECK(p["payload"]["item_id"] == item);
  CHECK(p["payload"]["item_title"] == "跨店會員積分");
  CHECK(p["payload"]["told_text"] == "預計 2027 年第一季提供。");
  CHECK(p["payload"]["told_at"] == told.body["created_at"]);
  CHECK(p["payload"]["then"]["eta"] == "2027-Q1");
  CHECK(p["payload"]["now"]["eta"] == "2027-Q2");
  CHECK(p["payload"]["now"]["status"] == "planned");
  CHECK(p["payload"]["now"]["commitment"] == "tentative");
  CHECK(p["payload"]["now"]["customer_answer"] == "預計 2027 年第一季提供。");
  CHECK(inbox_of(pm, "told.stale").empty());  // only the teller is prompted

  // Another change while the prompt is unread: still one unread prompt, now telling the latest.
  REQUIRE(patch_now(pm, item_path, {{"eta", "2027-Q3"}}).status == 200);
  prompts = inbox_of(sales, "told.stale");
  REQUIRE(prompts.size() == 1);
  CHECK(prompts[0]["payload"]["now"]["eta"] == "2027-Q3");
  CHECK(prompts[0]["payload"]["then"]["eta"] == "2027-Q1");

  auto one = sales.get("/api/v1/me/retell");
  REQUIRE(one.status == 200);
  CHECK(one.body["count"] == 1);
  REQUIRE(one.body["items"].size() == 1);
  CHECK(one.body["items"][0]["customer_id"] == customer);
  CHECK(one.body["items"][0]["item_id"] == item);
  CHECK(one.body["items"][0]["told_text"] == "預計 2027 年第一季提供。");
  CHECK(one.body["items"][0]["now"]["eta"] == "2027-Q3");
  CHECK(viewer.get("/api/v1/me/retell").status == 403);
  CHECK(Session::anonymous(server).get("/api/v1/me/retell").status == 401);

  // Telling again (copy) clears it: out of /me/retell, the prompt read.
  REQUIRE(sales.post("/api/v1/told", {{"customer_id", customer}, {"item_id", item}}).status ==
          201);
  CHECK(sales.get("/api/v1/me/retell").body["count"] == 0);
  prompts = inbox_of(sales, "told.stale");
  REQUIRE(prompts.size() == 1);
  CHECK(prompts[0]["read"].get<bool>());
  auto log = sales.get("/api/v1/told?limit=1");
  REQUIRE(log.body["items"].size() == 1);
  CHECK_FALSE(log.body["items"][0]["stale"].get<bool>());

  // A commitment change alone makes it stale again: a new prompt, since the last one was read.
  REQUIRE(patch_now(pm, item_path, {{"commitment", "committed"}}).status == 200);
  prompts = inbox_of(sales, "told.stale");
  REQUIRE(prompts.size() == 2);
  CHECK_FALSE(prompts[0]["read"].get<bool>());
  CHECK(prompts[0]["payload"]["then"]["commitment"] == "tentative");
  CHECK(prompts[0]["payload"]["now"]["commitment"] == "committed");
  CHECK(sales.get("/api/v1/me/retell").body["count"] == 1);
  // A change that tells customers nothing new (the internal note) prompts nobody.
  REQUIRE(patch_now(pm, item_path, {{"internal_note", "內部備註"}}).status == 200);
  CHECK(inbox_of(sales, "told.stale").size() == 2);
}

// [SECTION] the pack ----------------------------------------------------------------------------
TEST_CASE("enablement pack: languages, partners, contacts, FAQ, told flag, coverage, shipping",
          "[enablement]") {
  ServerProcess server;
  Session pm(server, "chen.pm");
  Session lin(server, "lin.sales");
  Session li(server, "li.sales");
  Session viewer(server, "zhao.viewer");
  const auto lin_id = lin.user["id"].get<long long>();
  const auto li_id = li.user["id"].get<long long>();

  const auto release = create(pm, "/api/v1/releases",
                              {{"name", "2027.1 春季版"},
                               {"planned_date", "2027-01-15"},
                               {"state", "in_progress"},
                               {"notes", "直播與回放"}});
  const std::string pack_path = "/api/v1/releases/" + str(release) + "/enablement";
  // Live streaming: beta, with an English answer. Replay: shipped, only the main answer.
  const auto live = create(pm, "/api/v1/items",
                           {{"title", "直播帶貨"},
                            {"status", "beta"},
                            {"release_id", release},
                            {"customer_answer", "直播功能已上線，請聯絡我們開通。"},
                            {"customer_answers", {{"en", "Live streaming has shipped."}}}});
  const auto replay = create(pm, "/api/v1/items",
                             {{"title", "直播回放"},
                              {"status", "shipped"},
                              {"release_id", release},
                              {"customer_answer", "回放功能已上線。"}});
  auto live_item = lin.get("/api/v1/items/" + str(live));
  CHECK(live_item.body["customer_answers"] == json{{"en", "Live streaming has shipped."}});

  // Customers: X reads Simplified, Y English; E is an end customer of partner P (li's).
  const auto x = create(pm, "/api/v1/customers",
                        {{"name", "星河零售"},
                         {"annual_value", money(5000000)},
                         {"owner_id", lin_id},
                         {"lang", "zh-Hans"},
                         {"contacts",
                          {{{"name", "陈静"}, {"title", "培训部经理"}, {"role", "critic"}},
                           {{"name", "王磊"}, {"title", "CTO"}, {"role", "decision_maker"}},
                           {{"name", "刘洋"}, {"title", ""}, {"role", "champion"}}}}});
  const auto y = create(pm, "/api/v1/customers",
                        {{"name", "Harbor Foods"},
                         {"annual_value", money(9000000)},
                         {"owner_id", lin_id},
                         {"lang", "en"}});
  const auto partner = create(
      pm, "/api/v1/customers",
      {{"name", "聯通代理"}, {"annual_value", money(100)}, {"owner_id", li_id}});
  const auto e = create(pm, "/api/v1/customers",
                        {{"name", "小城超市"},
                         {"annual_value", money(1000000)},
                         {"owner_id", lin_id},
                         {"channel", "partner"},
                         {"partner_id", partner}});
  CHECK(lin.get("/api/v1/customers/" + str(e)).body["lang"] == "zh-Hant");  // the board's
  for (auto [customer, item] : {std::pair{x, replay}, {y, replay}, {y, live}, {e, replay}}) {
    REQUIRE(lin.post("/api/v1/items/" + str(item) + "/requests",
                     {{"customer_id", customer}, {"importance", "important"},
                      {"value_at_stake", money(1000)}})
                .status == 201);
  }
  create(pm, "/api/v1/answers",
         {{"title", "回放保存多久"}, {"body", "保存 30 天。"}, {"item_id", replay},
          {"lang", "zh-Hans"}});
  create(pm, "/api/v1/answers",
         {{"title", "回放保存多久"}, {"body", "保存 30 天。"}, {"item_id", replay},
          {"lang", "zh-Hant"}});

  SECTION("while in progress: only shipped items; texts in each customer's language") {
    auto r = lin.get(pack_path);
    INFO(r.raw);
    REQUIRE(r.status == 200);
    const json& pack = r.body;
    CHECK(pack["release"]["id"] == release);
    CHECK(pack["release"]["state"] == "in_progress");
    CHECK(pack["release"]["notes"] == "直播與回放");
    CHECK(pack["release"]["shipped_date"].is_null());
    CHECK_FALSE(pack.contains("coverage"));  // reps get no coverage
    CHECK(pack["truncated"] == false);
    REQUIRE(pack["customers"].size() == 3);  // X, Y, E (P is li's and requested nothing)
    CHECK(pack["customers"][0]["customer"]["id"] == y);  // largest annual value first
    CHECK(pack["customers"][1]["customer"]["id"] == x);
    CHECK(pack["customers"][2]["customer"]["id"] == e);

    const json& cx = *pack_customer(pack, x);
    CHECK(cx["customer"]["lang"] == "zh-Hans");
    CHECK(cx["customer"]["annual_value"] == money(5000000));
    CHECK(cx["via_partner"].is_null());
    REQUIRE(cx["contacts"].size() == 3);
    CHECK(cx["contacts"][0]["role"] == "decision_maker");
    CHECK(cx["contacts"][1]["role"] == "champion");
    CHECK(cx["contacts"][2]["role"] == "critic");
    REQUIRE(cx["items"].size() == 1);  // live is in beta: not yet in the pack
    const json& xr = cx["items"][0];
    CHECK(xr["item_id"] == replay);
    CHECK(xr["status"] == "shipped");
    CHECK(xr["text"] == "回放功能已上线。");  // converted to Simplified
    CHECK(xr["lang"] == "zh-Hans");
    CHECK(xr["fell_back"] == true);
    CHECK(xr["fallback_from"] == "zh-Hant");
    CHECK(xr["requested"] == true);
    CHECK(xr["told"] == false);
    CHECK(xr["told_at"].is_null());
    REQUIRE(xr["faq"].size() == 1);  // the zh-Hans entry only
    CHECK(xr["faq"][0]["lang"] == "zh-Hans");

    const json& yr = *pack_item(*pack_customer(pack, y), replay);
    CHECK(yr["text"] == "回放功能已上線。");  // no English answer: the board's
    CHECK(yr["lang"] == "zh-Hant");
    CHECK(yr["fell_back"] == true);
    CHECK(yr["faq"].size() == 2);  // none in English: all of them
    CHECK(pack_item(*pack_customer(pack, y), live) == nullptr);

    // The partner's owner sees the end customer, marked as through the partner.
    auto lr = li.get(pack_path);
    REQUIRE(lr.status == 200);
    REQUIRE(lr.body["customers"].size() == 1);
    CHECK(lr.body["customers"][0]["customer"]["id"] == e);
    CHECK(lr.body["customers"][0]["via_partner"] == json{{"id", partner}, {"name", "聯通代理"}});
    // And so does its own owner, directly.
    CHECK(pack_customer(pack, e)->at("via_partner").is_null());

    // Copying X's text records that text; the told flag flips.
    auto t = lin.post("/api/v1/told", {{"customer_id", x}, {"item_id", replay}});
    REQUIRE(t.status == 201);
    CHECK(t.body["text"] == "回放功能已上线。");
    CHECK(t.body["lang"] == "zh-Hans");
    auto after = lin.get(pack_path);
    const json& xr2 = *pack_item(*pack_customer(after.body, x), replay);
    CHECK(xr2["told"] == true);
    CHECK(xr2["told_at"] == t.body["created_at"]);
    CHECK(lin.get("/api/v1/me/retell").body["count"] == 0);  // the told text is current

    // Coverage for a PM: per rep, customers to tell, told, not yet told.
    auto cov = pm.get(pack_path);
    REQUIRE(cov.status == 200);
    CHECK(cov.body["customers"].empty());  // the PM owns none of them
    REQUIRE(cov.body.contains("coverage"));
    json lin_row, li_row;
    for (const auto& row : cov.body["coverage"]) {
      if (row["user_id"] == lin_id) lin_row = row;
      if (row["user_id"] == li_id) li_row = row;
    }
    CHECK(lin_row["name"] == lin.user["name"]);
    CHECK(lin_row["customers_to_tell"] == 3);
    CHECK(lin_row["told"] == 1);
    CHECK(lin_row["not_yet_told"] == 2);
    CHECK(li_row["customers_to_tell"] == 1);
    CHECK(li_row["told"] == 0);
    CHECK(li_row["not_yet_told"] == 1);
  }

  SECTION("released: every item is in; reps are notified with the release to link") {
    REQUIRE(patch_now(pm, "/api/v1/releases/" + str(release),
                      {{"state", "released"}, {"shipped_date", "2027-01-15"}})
                .status == 200);
    for (const Session* rep : {&lin, &li}) {
      auto shipped = inbox_of(*rep, "release.shipped");
      REQUIRE(shipped.size() == 1);
      CHECK(shipped[0]["payload"]["release_id"] == release);
    }
    auto r = lin.get(pack_path);
    REQUIRE(r.status == 200);
    CHECK(r.body["release"]["state"] == "released");
    CHECK(r.body["release"]["shipped_date"] == "2027-01-15");
    const json& cy = *pack_customer(r.body, y);
    REQUIRE(cy["items"].size() == 2);
    const json& yl = *pack_item(cy, live);
    CHECK(yl["text"] == "Live streaming has shipped.");  // written in English
    CHECK(yl["lang"] == "en");
    CHECK(yl["fell_back"] == false);
    CHECK(yl["fallback_from"].is_null());
    CHECK(yl["status"] == "beta");
    // Copying Y's English text records it in English.
    auto t = lin.post("/api/v1/told", {{"customer_id", y}, {"item_id", live}});
    REQUIRE(t.status == 201);
    CHECK(t.body["text"] == "Live streaming has shipped.");
    CHECK(pack_item(*pack_customer(lin.get(pack_path).body, y), live)->at("told") == true);
    // A new English wording makes that stale (told in English), and only that.
    REQUIRE(patch_now(pm, "/api/v1/items/" + str(live),
                      {{"customer_answers", {{"en", "Live streaming is available now."}}}})
                .status == 200);
    auto again = lin.get(pack_path);
    const json& yl2 = *pack_item(*pack_customer(again.body, y), live);
    CHECK(yl2["told"] == false);
    CHECK(yl2["retell"] == true);
    CHECK(yl2["text"] == "Live streaming is available now.");
    CHECK(lin.get("/api/v1/me/retell").body["count"] == 1);
  }

  SECTION("an item of a release that ships links its pack; bad input changes nothing") {
    REQUIRE(patch_now(pm, "/api/v1/items/" + str(live), {{"status", "shipped"}}).status == 200);
    auto changed = inbox_of(li, "item.status_changed");  // li: partner owner of no requester
    CHECK(changed.empty());  // E did not ask for live: li is not in its pack
    auto mine = inbox_of(lin, "item.status_changed");
    REQUIRE_FALSE(mine.empty());
    CHECK(mine[0]["item_id"] == live);
    CHECK(mine[0]["payload"]["release_id"] == release);

    auto bad = patch_now(pm, "/api/v1/items/" + str(live), {{"customer_answers", {{"fr", "x"}}}});
    CHECK(bad.status == 422);
    CHECK(bad.body["errors"][0]["field"] == "customer_answers.fr");
    CHECK(lin.get("/api/v1/items/" + str(live)).body["customer_answers"] ==
          json{{"en", "Live streaming has shipped."}});
    auto bad_lang = pm.post("/api/v1/customers",
                            {{"name", "x"}, {"annual_value", money(1)}, {"lang", "fr"}});
    CHECK(bad_lang.status == 422);
    CHECK(bad_lang.body["errors"][0]["field"] == "lang");
    CHECK(lin.post("/api/v1/items", {{"title", "t"}, {"customer_answers", {{"en", "x"}}}})
              .status == 403);  // a PM field
  }

  SECTION("roles and unknown releases") {
    CHECK(viewer.get(pack_path).status == 403);
    CHECK(Session::anonymous(server).get(pack_path).status == 401);
    CHECK(lin.get("/api/v1/releases/999999/enablement").status == 404);
    CHECK(lin.get("/api/v1/releases/abc/enablement").status == 404);
  }
}
