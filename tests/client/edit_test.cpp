// Editing releases and customers in the headless client: the PM's release form and a
// customer's form (PM any, sales their own), If-Match on PATCH, a 412's current shown and re-applied,
// a 422's field errors and a client-side check shown; and the leading of wrapped text blocks.
#include <cstdio>

#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "views/views.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/utf8.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

Release release_5() {
  Release r;
  r.id = 5;
  r.name = "2026.3";
  r.planned_date = "2026-06-30";
  r.notes = "First notes.";
  r.faq = "Q: when? A: June.";
  r.version = 2;
  return r;
}

Customer customer(Id id, const std::string& name, std::int64_t whole, Id owner) {
  Customer c;
  c.id = id;
  c.name = name;
  c.annual_value = Money{whole * 100, "CNY"};
  c.owner_id = owner;
  c.version = 1;
  return c;
}

bool has_text_containing(const Harness& h, const std::string& part) {
  for (const Widget& w : h.widgets()) {
    if (w.role == "text" && w.name.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a PM edits a release: 412 with current shown and re-applied, 422 shown, then saved") {
  Harness h(Lang::en);
  h.world().hash = "#/releases/5";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming")}, {release_5()});
  h.frames(2);
  REQUIRE(h.app.route.view == View::release);
  REQUIRE(h.click("button", tr(Text::edit)));
  REQUIRE(h.app.releases.edit.id == 5);
  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2026.3 GA");
  REQUIRE(h.click("textbox", tr(Text::release_notes)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("直播回放上線");
  REQUIRE(h.click("button", tr(Text::save)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/releases/5");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"2\"");
  CHECK(patch->csrf == "csrf-chen.pm");
  CHECK(json::parse(patch->body) == json({{"name", "2026.3 GA"}, {"notes", "直播回放上線"}}));

  // Changed meanwhile: the client fetches the release as it is now and shows the difference.
  Release now = release_5();
  now.planned_date = "2026-07-15";
  // A long Chinese FAQ: the panel shows a prefix, cut at a character (not a byte) boundary.
  now.faq = "問：匯出的 Excel 會包含隱藏欄位嗎？答：不會，只匯出畫面上看得到的欄位。";
  now.version = 3;
  h.server_releases[5] = now;
  REQUIRE(stub::reply("PATCH", "/api/v1/releases/5", 412,
                      json{{"title", "Precondition Failed"}, {"current", to_json(now)}}.dump()));
  // The 412 carries the release as it is now: no second request for it.
  CHECK(stub::find_pending("GET", "/api/v1/releases/5") == nullptr);
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.app.releases.edit.conflict.has_value());
  CHECK(h.has_text(tr(Text::conflict_other)));
  CHECK(h.has_text(std::string(tr(Text::col_planned)) + ": 2026-06-30 → 2026-07-15"));
  CHECK(has_text_containing(h, std::string(tr(Text::release_faq)) + ": Q: when? A: June. → 問：匯出"));
  for (const Widget& w : h.widgets()) {  // every mirrored name is valid UTF-8
    CHECK(json(w.name).dump() == json::parse(json(w.name).dump()).dump());
  }
  REQUIRE(h.find("button", tr(Text::save)).has_value());
  CHECK(h.find("button", tr(Text::save))->disabled);

  REQUIRE(h.click("button", tr(Text::conflict_reapply)));
  patch = stub::find_pending("PATCH", "/api/v1/releases/5");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"3\"");
  CHECK(json::parse(patch->body) == json({{"name", "2026.3 GA"}, {"notes", "直播回放上線"}}));
  REQUIRE(stub::reply(
      "PATCH", "/api/v1/releases/5", 422,
      R"({"title":"Unprocessable","detail":"invalid release","errors":[{"field":"name","message":"already used"}]})"));
  h.frames(2);
  CHECK(has_text_containing(h, "name: already used"));
  CHECK(h.app.releases.edit.id == 5);  // the form stays open with the PM's text

  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2026.3.1");
  REQUIRE(h.click("button", tr(Text::save)));
  patch = stub::find_pending("PATCH", "/api/v1/releases/5");
  REQUIRE(patch != nullptr);
  Release saved = now;
  saved.name = "2026.3.1";
  saved.notes = "直播回放上線";
  saved.version = 4;
  REQUIRE(stub::reply("PATCH", "/api/v1/releases/5", 200, to_json(saved).dump()));
  h.frames(2);
  CHECK(h.app.releases.edit.id == 0);
  REQUIRE(app_find_release(h.app, 5) != nullptr);
  CHECK(app_find_release(h.app, 5)->name == "2026.3.1");
  CHECK(h.find("heading", "2026.3.1").has_value());
  CHECK(h.app.items.release_names[5] == "2026.3.1");
}

TEST_CASE("sales see no release edit button") {
  Harness h(Lang::zh_Hant);
  h.world().hash = "#/releases/5";
  h.sign_in_as("lin.sales", "sales", {}, {release_5()});
  h.frames(2);
  REQUIRE(h.app.route.view == View::release);
  CHECK(h.find("heading", "2026.3").has_value());
  CHECK_FALSE(h.find("button", tr(Text::edit)).has_value());
}

TEST_CASE("a PM creates a release: 422 keeps the form and says why, 201 opens the new release") {
  Harness h(Lang::zh_Hant);
  h.world().hash = "#/releases";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming")}, {release_5()});
  h.frames(2);
  REQUIRE(h.app.route.view == View::releases);
  REQUIRE(h.click("button", tr(Text::new_release)));
  REQUIRE(h.app.releases.edit.id == kNewRecord);
  CHECK_FALSE(h.find("button", tr(Text::new_release)));  // one new form at a time
  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.type("2027.2 秋季版");
  REQUIRE(h.click("textbox", tr(Text::col_planned)));
  h.type("2027-09-31");
  REQUIRE(h.click("textbox", tr(Text::release_notes)));
  h.type("會議室預約上線");
  REQUIRE(h.click("button", tr(Text::create)));
  const stub::Call* post = stub::find_pending("POST", "/api/v1/releases");
  REQUIRE(post != nullptr);
  CHECK(post->csrf == "csrf-chen.pm");
  json body = json::parse(post->body);
  CHECK(body["name"] == "2027.2 秋季版");
  CHECK(body["planned_date"] == "2027-09-31");
  CHECK(body["notes"] == "會議室預約上線");
  CHECK(body["state"] == "planned");
  CHECK_FALSE(body.contains("shipped_date"));
  REQUIRE(stub::reply("POST", "/api/v1/releases", 422,
                      R"({"title":"Unprocessable Content","detail":"invalid fields",)"
                      R"("errors":[{"field":"planned_date","message":"not a date"}]})"));
  h.frames(2);
  CHECK(h.app.releases.edit.id == kNewRecord);  // what was typed stays
  CHECK(std::string(h.app.releases.edit.name) == "2027.2 秋季版");
  CHECK(has_text_containing(h, "planned_date: not a date"));

  REQUIRE(h.click("textbox", tr(Text::col_planned)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2027-09-30");
  REQUIRE(h.click("button", tr(Text::create)));
  body = json::parse(stub::find_pending("POST", "/api/v1/releases")->body);
  CHECK(body["planned_date"] == "2027-09-30");
  Release made;
  made.id = 6;
  made.name = "2027.2 秋季版";
  made.planned_date = "2027-09-30";
  made.notes = "會議室預約上線";
  REQUIRE(stub::reply("POST", "/api/v1/releases", 201, to_json(made).dump()));
  h.frames(3);
  CHECK(h.app.releases.edit.id == 0);
  CHECK(h.app.route.view == View::release);
  CHECK(h.app.route.item_id == 6);
  CHECK(h.app.items.release_names.at(6) == "2027.2 秋季版");
  CHECK(h.find("heading", "2027.2 秋季版").has_value());
}

TEST_CASE("sales create a customer: the annual value is checked, POSTed in the board's currency") {
  Harness h(Lang::en);
  h.server_customers[11] = customer(11, "Acme Media", 1200000, 7);
  h.world().hash = "#/customers";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::customers);
  REQUIRE(h.click("button", tr(Text::new_customer)));
  REQUIRE(h.app.customers.edit.id == kNewRecord);
  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.type("高雄港務");
  REQUIRE(h.click("textbox", tr(Text::col_annual_value)));
  h.type("a lot");
  REQUIRE(h.click("button", tr(Text::create)));
  CHECK(stub::find_pending("POST", "/api/v1/customers") == nullptr);
  CHECK(has_text_containing(h, tr(Text::annual_value_invalid)));
  REQUIRE(h.click("textbox", tr(Text::col_annual_value)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2,500,000");
  REQUIRE(h.click("button", tr(Text::create)));
  const stub::Call* post = stub::find_pending("POST", "/api/v1/customers");
  REQUIRE(post != nullptr);
  const json body = json::parse(post->body);
  CHECK(body["name"] == "高雄港務");
  CHECK(body["annual_value"] == json({{"amount", 250000000}, {"currency", "CNY"}}));
  CHECK(body["channel"] == "direct");
  Customer made = customer(12, "高雄港務", 2500000, 7);
  REQUIRE(stub::reply("POST", "/api/v1/customers", 201, to_json(made).dump()));
  h.drain_empty();
  h.frames(3);
  CHECK(h.app.customers.edit.id == 0);
  CHECK(h.app.customers.open == 12);
  REQUIRE(h.app.customers.list.size() == 2);
  CHECK(h.find("button", "高雄港務").has_value());
}

TEST_CASE("support and viewers get no New release / New customer buttons") {
  for (const char* role : {"support", "viewer"}) {
    CAPTURE(role);
    Harness h(Lang::en);
    h.world().hash = "#/releases";
    h.sign_in_as("someone", role, {make_item(1, "Live streaming")}, {release_5()});
    h.frames(2);
    CHECK_FALSE(h.find("button", tr(Text::new_release)));
    h.world().hash_changes.push_back("#/customers");
    h.frames(2);
    h.drain_empty();
    h.frames(2);
    CHECK_FALSE(h.find("button", tr(Text::new_customer)));
  }
}

TEST_CASE("customers: sales edit their own only; a bad annual value is caught; PATCH sent") {
  Harness h(Lang::zh_Hans);
  h.server_customers[11] = customer(11, "Acme Media", 1200000, 7);  // owned by the user (id 7)
  h.server_customers[12] = customer(12, "Other Corp", 900000, 99);
  h.world().hash = "#/customers";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::customers);
  REQUIRE(h.click("button", "Other Corp"));
  h.drain_empty();
  h.frames(2);
  CHECK(h.app.customers.open == 12);
  CHECK_FALSE(h.find("button", tr(Text::edit)).has_value());

  REQUIRE(h.click("button", "Acme Media"));
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::edit)));
  REQUIRE(h.app.customers.edit.id == 11);
  CHECK(std::string(h.app.customers.edit.annual) == "1200000");
  REQUIRE(h.click("textbox", tr(Text::col_annual_value)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("lots");
  REQUIRE(h.click("button", tr(Text::save)));
  CHECK(stub::find_pending("PATCH", "/api/v1/customers/11") == nullptr);
  CHECK(has_text_containing(h, tr(Text::annual_value_invalid)));

  REQUIRE(h.click("textbox", tr(Text::col_annual_value)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("1,500,000");
  REQUIRE(h.click("button", tr(Text::save)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/customers/11");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"1\"");
  const json body = json::parse(patch->body);
  CHECK(body.size() == 1);
  CHECK(body["annual_value"]["amount"] == 150000000);
  Customer saved = customer(11, "Acme Media", 1500000, 7);
  saved.version = 2;
  REQUIRE(stub::reply("PATCH", "/api/v1/customers/11", 200, to_json(saved).dump()));
  h.frames(2);
  CHECK(h.app.customers.edit.id == 0);
  CHECK(h.app.customers.list.front().annual_value.amount == 150000000);
}

TEST_CASE("a PM's customer save that meets a 412 shows the change and re-applies") {
  Harness h(Lang::en);
  h.server_customers[11] = customer(11, "Acme Media", 1200000, 99);
  h.world().hash = "#/customers";
  h.sign_in_as("chen.pm", "pm", {});
  h.frames(2);
  REQUIRE(h.click("button", "Acme Media"));
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::edit)));  // PMs edit any customer
  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("Acme Media Group");
  REQUIRE(h.click("button", tr(Text::save)));
  Customer now = customer(11, "Acme Media", 2000000, 99);
  now.version = 2;
  h.server_customers[11] = now;
  REQUIRE(stub::reply("PATCH", "/api/v1/customers/11", 412,
                      json{{"current", to_json(now, Audience::full)}}.dump()));
  CHECK(stub::find_pending("GET", "/api/v1/customers/11") == nullptr);
  h.drain_empty();
  h.frames(2);
  CHECK(h.has_text(tr(Text::conflict_other)));
  CHECK(has_text_containing(h, "CNY 1,200,000 → CNY 2,000,000"));
  REQUIRE(h.click("button", tr(Text::conflict_reapply)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/customers/11");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"2\"");
  CHECK(json::parse(patch->body) == json({{"name", "Acme Media Group"}}));
}

TEST_CASE("wrapped text blocks get leading between their lines (1.4 × the font size)") {
  Harness h(Lang::zh_Hant);
  Release r = release_5();
  r.notes = "";
  for (int i = 0; i < 40; ++i) r.notes += "直播回放功能";  // one long paragraph: wraps
  h.world().hash = "#/releases/5";
  h.sign_in_as("lin.sales", "sales", {}, {r});
  h.frames(2);
  std::optional<Widget> block;
  for (const Widget& w : h.widgets()) {
    if (w.role == "text" && w.name == r.notes) block = w;
  }
  REQUIRE(block.has_value());
  const float em = ImGui::GetStyle().FontSizeBase;
  // n lines with a gap of 0.4 em between them: h = n·em + (n−1)·0.4·em.
  const float lines = (block->h + 0.4f * em) / (1.4f * em);
  INFO("height " << block->h << " em " << em << " lines " << lines);
  CHECK(lines >= 2.0f);
  CHECK(std::fabs(lines - std::round(lines)) < 0.05f);
}

TEST_CASE("owners are named from the team directory, loaded once") {
  Harness h(Lang::zh_Hant);
  h.server_customers[11] = customer(11, "Acme Media", 1200000, 99);
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  CHECK(user_label(h.app, Id{99}) == "#99");  // not loaded yet
  h.world().hash_changes.push_back("#/customers");
  h.frames(2);
  REQUIRE(stub::reply("GET", "/api/v1/team", 200,
                      list_json(json::array({{{"id", 99}, {"name", "李國華"}, {"role", "sales"}},
                                             {{"id", 7}, {"name", "林業務"}, {"role", "sales"}}}))));
  h.drain_empty();
  h.frames(2);
  CHECK(h.app.team_state == LoadState::loaded);
  CHECK(user_label(h.app, Id{99}) == "李國華");
  CHECK(user_label(h.app, Id{7}) == "lin.sales (" + std::string(tr(Text::me)) + ")");
  CHECK(user_label(h.app, Id{5}) == "#5");
  CHECK(user_label(h.app, std::nullopt) == tr(Text::none_value));
  h.world().hash_changes.push_back("#/items/1");
  h.frames(2);
  h.drain_empty();
  h.frames(2);
  CHECK(stub::find_pending("GET", "/api/v1/team") == nullptr);  // once
  int team_calls = 0;
  for (const stub::Call& c : h.world().sent) team_calls += c.path.rfind("/api/v1/team", 0) == 0;
  CHECK(team_calls == 1);
}

TEST_CASE("the release timeline places releases by date") {
  const std::vector<float> at =
      timeline_positions({"2026-01-01", "2026-04-01", "2026-12-31", "2026-01-08", "soon"});
  REQUIRE(at.size() == 5);
  CHECK(at[0] == Approx(0.0f));
  CHECK(at[2] == Approx(1.0f));
  CHECK(at[1] == Approx(90.0f / 364.0f));  // a quarter in: 90 days of 364
  CHECK(at[3] == Approx(7.0f / 364.0f));   // a week in, not evenly spaced
  CHECK(at[4] == Approx(0.5f));            // no date: the middle
  CHECK(timeline_positions({"2027-03-01", "2027-03-01"}) == std::vector<float>{0.5f, 0.5f});
  CHECK(timeline_positions({"2024-02-28", "2024-03-01", "2024-03-02"})[1] == Approx(2.0f / 3.0f));  // 29 Feb
}

TEST_CASE("a customer's contacts are shown, and edited as rows: added, removed, sent as a list") {
  Harness h(Lang::en);
  Customer acme = customer(11, "Acme Media", 1200000, 7);
  acme.contacts = {Contact{"王大明", "CTO", ContactRole::decision_maker},
                   Contact{"Ann Lee", "", ContactRole::critic}};
  h.server_customers[11] = acme;
  h.world().hash = "#/customers";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.click("button", "Acme Media"));
  h.drain_empty();
  h.frames(2);
  CHECK(h.has_text("王大明 · CTO · " + std::string(tr(Text::contact_decision_maker))));
  CHECK(h.has_text("Ann Lee · " + std::string(tr(Text::contact_critic))));

  REQUIRE(h.click("button", tr(Text::edit)));
  REQUIRE(h.app.customers.edit.contacts.size() == 2);
  // Remove Ann Lee (the second row), add 陳小姐 as a champion.
  int removes = 0;
  std::optional<Widget> second;
  for (const Widget& w : h.widgets()) {
    if (w.role == "button" && w.name == tr(Text::remove) && ++removes == 2) second = w;
  }
  REQUIRE(second);
  h.click_at(second->x + second->w / 2, second->y + second->h / 2);
  h.frames(2);
  REQUIRE(h.app.customers.edit.contacts.size() == 1);
  REQUIRE(h.click("button", tr(Text::add_contact)));
  REQUIRE(h.app.customers.edit.contacts.size() == 2);
  REQUIRE(h.click_mark("contact_name:1"));
  h.type("陳小姐");
  REQUIRE(h.click("button", tr(Text::save)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/customers/11");
  REQUIRE(patch != nullptr);
  const json body = json::parse(patch->body);
  CHECK(body.size() == 1);  // only the contacts changed
  CHECK(body["contacts"] == json::array({{{"name", "王大明"}, {"title", "CTO"}, {"role", "decision_maker"}},
                                          {{"name", "陳小姐"}, {"title", ""}, {"role", "champion"}}}));
}

TEST_CASE("the release timeline mirrors each label where it is drawn") {
  Harness h(Lang::en);
  h.world().hash = "#/releases";
  Release shipped = release_5();
  shipped.id = 4;
  shipped.name = "2026.2";
  shipped.state = ReleaseState::released;
  shipped.planned_date = "2026-03-01";
  shipped.shipped_date = "2026-03-05";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")}, {shipped, release_5()});
  h.frames(2);
  REQUIRE(h.app.route.view == View::releases);
  const auto name = h.find("text", "2026.2"), later = h.find("text", "2026.3");
  const auto date = h.find("text", "2026-03-05 · " + std::string(tr(ReleaseState::released)));
  REQUIRE(name);
  REQUIRE(later);
  REQUIRE(date);
  CHECK(h.has_text("2026-06-30 · " + std::string(tr(ReleaseState::planned))));
  CHECK(name->y < date->y);   // names above the line, dates below
  CHECK(name->x < later->x);  // by date, left to right
}

// The charts' ImDrawList text has no items of its own; the mirror still gets each one, over it.
TEST_CASE("the Pareto chart mirrors each bar by customer and its axis labels") {
  Harness h(Lang::en);
  h.server_customers[11] = customer(11, "Acme Media", 7000000, 7);
  h.server_customers[12] = customer(12, "Beta Bank", 2000000, 7);
  h.server_customers[13] = customer(13, "Gamma Games", 1000000, 7);
  h.world().hash = "#/customers";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::customers);
  char acme[128], gamma[128];
  std::snprintf(acme, sizeof acme, tr(Text::pareto_bar), "Acme Media", 70, 70, "A");
  std::snprintf(gamma, sizeof gamma, tr(Text::pareto_bar), "Gamma Games", 10, 100, "B");  // 90% came before it: tier B
  const auto first = h.find("text", acme), last = h.find("text", gamma);
  REQUIRE(first);
  REQUIRE(last);
  CHECK(first->x < last->x);  // ranked by value, left to right
  CHECK(std::fabs((first->y + first->h) - (last->y + last->h)) < 1.0f);  // one baseline (tier letters)
  const auto top = h.find("text", "100%"), eighty = h.find("text", "80%"), ninety_five = h.find("text", "95%");
  REQUIRE(top);
  REQUIRE(eighty);
  REQUIRE(ninety_five);
  CHECK(ninety_five->y < eighty->y);
  CHECK(eighty->x > last->x);  // the marks are labelled on the right
  CHECK(top->x < first->x);    // the scale on the left
}

TEST_CASE("wrapping breaks between CJK characters, not before closing punctuation") {
  Harness h(Lang::en);
  h.frame();
  ImGui::NewFrame();  // a font and size to measure with (ProggyClean: one advance per character)
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float adv = font->GetFontBaked(size)->GetCharAdvance('M') * size / font->GetFontBaked(size)->Size;
  const auto line = [&](const std::string& text, int chars) {
    const char* s = text.c_str();
    return std::string(s, wrap_position(font, size, s, s + text.size(), adv * float(chars) + 0.5f));
  };
  // Dear ImGui's wrap moved the whole Chinese run to the next line after "SSO ".
  CHECK(line("SSO 上线后，现有账号", 8) == "SSO 上线后，");
  CHECK(line("SSO 上线后，现有账号", 7) == "SSO 上线");     // "，" never starts a line
  CHECK(line("客戶說：「直播」", 5) == "客戶說：");          // "「" never ends a line
  CHECK(line("hello world again", 8) == "hello ");
  CHECK(line("abcdefghij", 4) == "abcd");                     // no break at all: cut
  CHECK(line("ab\ncd", 10) == "ab");
  CHECK(line("短句", 10) == "短句");
  ImGui::EndFrame();
}

TEST_CASE("the insights bars mirror the label and the value apart, each where it is drawn") {
  Harness h(Lang::en);
  Item live = make_item(1, "Live streaming");
  live.demand_score = 3.0;
  Item pdf = make_item(2, "Export to PDF");
  pdf.demand_score = 1.5;
  h.world().hash = "#/insights";
  h.sign_in_as("mei.pm", "pm", {live, pdf});
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.app.route.view == View::insights);
  const auto label = h.find("text", "Live streaming"), value = h.find("text", "3.0");
  const auto other = h.find("text", "1.5");
  REQUIRE(label);
  REQUIRE(value);
  REQUIRE(other);
  CHECK(value->x > label->x + label->w);                // the value sits at the bar's end
  CHECK(std::fabs(value->y - label->y) < 1.0f);         // on the label's row
  CHECK(other->x < value->x);                           // a shorter bar ends sooner
  CHECK(other->y > value->y);                           // the next row down
}

// [SECTION] Long texts: what the server accepts (limits::kLongText code points) survives a form
namespace {
// n Chinese characters (3 UTF-8 bytes each), cycling through a phrase so a cut would show.
std::string chinese_text(std::size_t n) {
  const std::string phrase = "直播功能預計於第三季上線請告知客戶";
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < phrase.size(); i += 3) chars.push_back(phrase.substr(i, 3));
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += chars[i % chars.size()];
  return out;
}
}  // namespace

TEST_CASE("an item whose answer is 20,000 Chinese characters keeps it when only the status changes") {
  const std::string answer = chinese_text(limits::kLongText);
  REQUIRE(answer.size() == 60000);
  Harness h(Lang::en);
  h.world().hash = "#/items/1";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming", answer, ItemStatus::planned)});
  h.frames(2);
  REQUIRE(h.app.page.state == LoadState::loaded);
  CHECK(h.app.page.edit_answer == answer);  // the form holds all of it, not ~680 characters
  // The status combo sits below the 20,000-character answer, out of the headless window: the
  // choice goes into the form as the combo would put it, and the form is saved as Save does.
  h.app.page.edit_status = ItemStatus::in_progress;
  item_save(h.app);
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/items/1");
  REQUIRE(patch != nullptr);
  // Only the status goes out: the answer is unchanged, so it is neither sent nor cut.
  CHECK(json::parse(patch->body) == json({{"status", "in_progress"}}));
  Item saved = make_item(1, "Live streaming", answer, ItemStatus::in_progress);
  saved.version = 2;
  REQUIRE(stub::reply("PATCH", "/api/v1/items/1", 200, to_json(saved).dump()));
  h.frames(2);
  CHECK(h.app.page.item.customer_answer == answer);
  CHECK(h.app.page.edit_answer == answer);
}

TEST_CASE("a text field stops at the core's limit, at a whole character") {
  Release r = release_5();
  r.notes = chinese_text(limits::kLongText - 2);
  Harness h(Lang::en);
  h.world().hash = "#/releases/5";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming")}, {r});
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::edit)));
  REQUIRE(h.click("textbox", tr(Text::release_notes)));
  h.key(ImGuiKey_End, ImGuiMod_Ctrl);
  h.type("再加五個字");  // 5 more: 3 past the limit
  h.frames(1);
  const std::string& notes = h.app.releases.edit.notes;
  CHECK(utf8_length(notes) == limits::kLongText);
  CHECK(is_valid_utf8(notes));
  CHECK(notes.substr(notes.size() - 6) == "再加");
}

TEST_CASE("a release with 20,000-character notes keeps them when only its name changes") {
  Release r = release_5();
  r.notes = chinese_text(limits::kLongText);
  r.faq = std::string(limits::kLongText, 'f');
  Harness h(Lang::en);
  h.world().hash = "#/releases/5";
  h.sign_in_as("chen.pm", "pm", {make_item(1, "Live streaming")}, {r});
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::edit)));
  CHECK(h.app.releases.edit.notes == r.notes);
  CHECK(h.app.releases.edit.faq == r.faq);
  REQUIRE(h.click("textbox", tr(Text::field_name)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2026.3 GA");
  REQUIRE(h.click("button", tr(Text::save)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/releases/5");
  REQUIRE(patch != nullptr);
  CHECK(json::parse(patch->body) == json({{"name", "2026.3 GA"}}));
}

// A long Chinese customer name reaches the chart's mirror whole (was cut at 256 bytes).
TEST_CASE("the Pareto chart's mirror keeps a long Chinese customer name whole") {
  Harness h(Lang::zh_Hant);
  std::string name;
  while (name.size() < 600) name += "新竹晶創半導體股份有限公司";  // 3 bytes per character
  h.server_customers[11] = customer(11, name, 7000000, 7);
  h.server_customers[12] = customer(12, "Beta Bank", 3000000, 7);
  h.world().hash = "#/customers";
  h.sign_in_as("lin.sales", "sales", {make_item(1, "Live streaming")});
  h.frames(2);
  REQUIRE(h.app.route.view == View::customers);
  const std::string whole = format_text(tr(Text::pareto_bar), name.c_str(), 70, 70, "A");
  CHECK(whole.size() > 600);
  CHECK(h.find("text", whole).has_value());
}
