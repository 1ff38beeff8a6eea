// The client's flows on a headless Dear ImGui context, operated like a user: widgets are found
// in the accessibility mirror by role and name (or by test mark) and clicked / typed into with
// real input events; the server is the stub platform's canned JSON.
#include <algorithm>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "shipboard/codec.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

std::vector<Item> demo_items() {
  Item live =
      make_item(1, "Live streaming", "Live streaming ships in 2026-Q3.", ItemStatus::in_progress);
  live.answer_stale = true;
  live.eta = Eta{"2026-Q3"};
  live.commitment = Commitment::tentative;
  Item pdf = make_item(2, "Export to PDF", "PDF export is planned for Q4.");
  Item replay = make_item(3, "直播回放", "回放功能已排入計畫。");
  return {live, pdf, replay};
}

std::vector<Id> result_ids(const AppState& app) {
  std::vector<Id> ids;
  for (int i : app.search.results) ids.push_back(app.items.items[std::size_t(i)].id);
  return ids;
}

int count_text(const Harness& h, const std::string& text) {
  int n = 0;
  for (const Widget& w : h.widgets()) n += (w.role == "text" && w.name == text);
  return n;
}

// An item.status_changed event on item 1.
Event status_event(Id id, const std::string& at) {
  Event ev;
  ev.id = id;
  ev.type = "item.status_changed";
  ev.entity = "item";
  ev.entity_id = 1;
  ev.at = at;
  return ev;
}

}  // namespace

// Tab from the login field moves to the password field over a few frames (the tabbing request
// is scored on the next frame, the activation lands on the one after). Keys typed in that gap
// used to be dropped (Dear ImGui drops characters no active field takes): they must all land.
TEST_CASE("characters typed right after Tab land in the next field") {
  for (int gap = 0; gap <= 4; ++gap) {
    CAPTURE(gap);
    Harness h(Lang::en);
    h.show_sign_in();
    REQUIRE(h.app.screen == Screen::sign_in);
    h.type("mei");  // the form focuses the login field by itself
    REQUIRE(std::string(h.app.sign_in.login) == "mei");
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiKey_Tab, true);
    io.AddKeyEvent(ImGuiKey_Tab, false);
    for (int i = 0; i < gap; ++i) h.frame();
    for (const char c : std::string("shipboard-demo")) {  // one character a frame, as typed
      const char one[2] = {c, '\0'};
      io.AddInputCharactersUTF8(one);
      h.frame();
    }
    h.frames(3);
    CHECK(std::string(h.app.sign_in.login) == "mei");
    CHECK(std::string(h.app.sign_in.password) == "shipboard-demo");
  }
}

// On a loaded machine the browser hands over many keys per frame: the Tab, the whole password
// and the Enter can all wait in the queue together. The Enter must reach the password field
// after its characters (it used to arrive first, on an empty field, and nothing was sent).
TEST_CASE("a password typed with Enter in the same frame as the Tab is sent whole") {
  Harness h(Lang::en);
  h.show_sign_in();
  REQUIRE(h.app.screen == Screen::sign_in);
  h.type("lin.sales");
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Tab, true);
  io.AddKeyEvent(ImGuiKey_Tab, false);
  for (const char c : std::string("shipboard-demo")) {  // each key as the browser sends it
    const ImGuiKey key = c == '-' ? ImGuiKey_Minus : ImGuiKey(ImGuiKey_A + (c - 'a'));
    const char one[2] = {c, '\0'};
    io.AddKeyEvent(key, true);
    io.AddInputCharactersUTF8(one);
    io.AddKeyEvent(key, false);
  }
  io.AddKeyEvent(ImGuiKey_Enter, true);
  io.AddKeyEvent(ImGuiKey_Enter, false);
  for (int i = 0; i < 60 && !stub::find_pending("POST", "/api/v1/session"); ++i) h.frame();
  CHECK(std::string(h.app.sign_in.login) == "lin.sales");
  const stub::Call* post = stub::find_pending("POST", "/api/v1/session");
  REQUIRE(post != nullptr);
  const json body = json::parse(post->body);
  CHECK(body["login"] == "lin.sales");
  CHECK(body["password"] == "shipboard-demo");
}

TEST_CASE("signing in through the form sets the session and loads the board") {
  Harness h(Lang::en);
  h.show_sign_in();
  REQUIRE(h.app.screen == Screen::sign_in);
  REQUIRE(h.click("textbox", tr(Text::login)));
  h.type("lin.sales");
  REQUIRE(h.click("textbox", tr(Text::password)));
  h.type("shipboard-demo");
  CHECK(std::string(h.app.sign_in.login) == "lin.sales");
  REQUIRE(h.click("button", tr(Text::sign_in)));
  const stub::Call* post = stub::find_pending("POST", "/api/v1/session");
  REQUIRE(post != nullptr);
  const json body = json::parse(post->body);
  CHECK(body["login"] == "lin.sales");
  CHECK(body["password"] == "shipboard-demo");

  REQUIRE(stub::reply("POST", "/api/v1/session", 200, session_json(7, "lin.sales", "sales")));
  CHECK(h.app.screen == Screen::signed_in);
  REQUIRE(h.app.user.has_value());
  CHECK(h.app.user->login == "lin.sales");
  CHECK(h.app.user->role_value == Role::sales);
  CHECK(h.app.csrf_token == "csrf-lin.sales");
  CHECK(stub::find_pending("GET", "/api/v1/items?limit=500") != nullptr);
  CHECK(h.world().live_connects == 1);
  h.frames(2);
  CHECK(h.world().hash == "#/search");  // sales land on search
}

TEST_CASE("a wrong password shows the message and clears the field") {
  Harness h(Lang::zh_Hant);
  app_start(h.app);
  h.frame();
  stub::reply("GET", "/api/v1/me", 401, "{}");
  h.frames(3);
  REQUIRE(h.click("textbox", tr(Text::login)));
  h.type("lin.sales");
  REQUIRE(h.click("textbox", tr(Text::password)));
  h.type("wrong-password");
  h.key(ImGuiKey_Enter);
  REQUIRE(stub::reply("POST", "/api/v1/session", 401, R"({"title":"unauthorized"})"));
  h.frames(2);
  CHECK(h.app.screen == Screen::sign_in);
  CHECK(std::string(h.app.sign_in.password).empty());
  CHECK(h.app.sign_in.error == Text::sign_in_failed);
}

TEST_CASE("the search view filters as you type, marks stale answers and merges server hits") {
  Harness h(Lang::en);
  h.sign_in_as("lin.sales", "sales", demo_items());
  REQUIRE(h.app.route.view == View::search);
  CHECK(result_ids(h.app) == std::vector<Id>{1, 2, 3});
  CHECK(count_text(h, tr(Text::answer_stale)) == 1);  // only item 1's answer is stale

  REQUIRE(h.click("textbox", tr(Text::search_hint)));
  h.type("live");
  CHECK(std::string(h.app.search.query) == "live");
  CHECK(result_ids(h.app) == std::vector<Id>{1});
  CHECK(count_text(h, tr(Text::answer_stale)) == 1);
  CHECK(stub::find_pending("GET", "/api/v1/search") == nullptr);  // debounced
  h.frames(20);                                                   // > 250 ms later
  const stub::Call* search = stub::find_pending("GET", "/api/v1/search?q=live");
  REQUIRE(search != nullptr);
  const json hits = {
      {"items",
       {{{"entity", "item"}, {"id", 3}, {"item", to_json(demo_items()[2])}},
        {{"entity", "question"}, {"id", 9}, {"title", "Is live ready?"}, {"excerpt", "..."}}}}};
  REQUIRE(stub::reply("GET", "/api/v1/search?q=live", 200, hits.dump()));
  h.frames(2);
  CHECK(result_ids(h.app) == std::vector<Id>{1, 3});  // the server's item 3 merged in
  REQUIRE(h.app.search.other_hits.size() == 1);
  CHECK(h.app.search.other_hits[0].title == "Is live ready?");

  // Backspace four times, then Chinese (Traditional query, folded against the title).
  for (int i = 0; i < 4; ++i) h.key(ImGuiKey_Backspace);
  CHECK(std::string(h.app.search.query).empty());
  h.type("直播");
  CHECK(result_ids(h.app) == std::vector<Id>{3});
  CHECK(count_text(h, tr(Text::answer_stale)) == 0);
}

TEST_CASE("copying an answer for a customer puts it on the clipboard and records told") {
  Harness h(Lang::en);
  h.sign_in_as("lin.sales", "sales", demo_items());
  REQUIRE(h.click_mark("copy:1"));
  REQUIRE(stub::find_pending("GET", "/api/v1/customers?mine=1") != nullptr);
  Customer acme;
  acme.id = 11;
  acme.name = "Acme Media";
  REQUIRE(
      stub::reply("GET", "/api/v1/customers?mine=1", 200, list_json(json::array({to_json(acme)}))));
  h.frames(2);
  REQUIRE(h.click("menuitem", "Acme Media"));
  CHECK(h.world().clipboard == "Live streaming ships in 2026-Q3.");
  const stub::Call* told = stub::find_pending("POST", "/api/v1/told");
  REQUIRE(told != nullptr);
  CHECK(told->csrf == "csrf-lin.sales");
  const json body = json::parse(told->body);
  CHECK(body["customer_id"] == 11);
  CHECK(body["item_id"] == 1);
  CHECK_FALSE(h.app.copy.told_ok);
  REQUIRE(stub::reply("POST", "/api/v1/told", 201, "{}"));
  CHECK(h.app.copy.told_ok);
  const json state = json::parse(app_state_json(h.app));
  CHECK(state["copy"]["customer_id"] == 11);
  CHECK(state["copy"]["text"] == "Live streaming ships in 2026-Q3.");

  // "Copy without recording": clipboard only, no second told.
  h.frames(2);
  REQUIRE(h.click_mark("copy:2"));
  REQUIRE(h.click("menuitem", tr(Text::copy_no_record)));
  CHECK(h.world().clipboard == "PDF export is planned for Q4.");
  CHECK(stub::find_pending("POST", "/api/v1/told") == nullptr);
}

TEST_CASE("a 412 on the PM's save shows what changed and re-applies on the latest version") {
  Harness h(Lang::en);
  h.world().hash = "#/items/1";  // a deep link
  h.sign_in_as("chen.pm", "pm", demo_items());
  h.frames(2);
  REQUIRE(h.app.route.view == View::item);
  REQUIRE(h.app.page.state == LoadState::loaded);
  REQUIRE(h.click("textbox", tr(Text::col_eta)));
  h.key(ImGuiKey_A, ImGuiMod_Ctrl);
  h.type("2026-Q4");
  CHECK(std::string(h.app.page.edit_eta) == "2026-Q4");
  REQUIRE(h.click("button", tr(Text::save)));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/items/1");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"3\"");
  CHECK(json::parse(patch->body) == json({{"eta", "2026-Q4"}}));

  Item current = demo_items()[0];  // meanwhile: someone moved it to beta
  current.status = ItemStatus::beta;
  current.version = 4;
  REQUIRE(
      stub::reply("PATCH", "/api/v1/items/1", 412,
                  json{{"title", "precondition failed"}, {"current", to_json(current)}}.dump()));
  h.frames(3);
  REQUIRE(h.app.page.conflict.has_value());
  CHECK(h.has_text(tr(Text::conflict_title)));
  CHECK(h.has_text(std::string(tr(Text::col_status)) + ": " + tr(ItemStatus::in_progress) + " → " +
                   tr(ItemStatus::beta)));
  const auto save = h.find("button", tr(Text::save));
  REQUIRE(save.has_value());
  CHECK(save->disabled);

  REQUIRE(h.click("button", tr(Text::conflict_reapply)));
  patch = stub::find_pending("PATCH", "/api/v1/items/1");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"4\"");
  CHECK(json::parse(patch->body) == json({{"eta", "2026-Q4"}}));  // my change only, not status
  Item saved = current;
  saved.eta = Eta{"2026-Q4"};
  saved.version = 5;
  REQUIRE(stub::reply("PATCH", "/api/v1/items/1", 200, to_json(saved).dump()));
  h.frames(2);
  CHECK_FALSE(h.app.page.conflict.has_value());
  REQUIRE(app_find_item(h.app, 1) != nullptr);
  CHECK(app_find_item(h.app, 1)->eta == Eta{"2026-Q4"});
  CHECK(app_find_item(h.app, 1)->status == ItemStatus::beta);
}

TEST_CASE("a 422 on save shows the server's field errors") {
  Harness h(Lang::en);
  h.world().hash = "#/items/2";
  h.sign_in_as("chen.pm", "pm", demo_items());
  h.frames(2);
  REQUIRE(h.click("textbox", tr(Text::col_eta)));
  h.type("soon");
  REQUIRE(h.click("button", tr(Text::save)));
  REQUIRE(stub::reply(
      "PATCH", "/api/v1/items/2", 422,
      R"({"title":"invalid","detail":"invalid fields","errors":[{"field":"eta","message":"must be YYYY-MM-DD or YYYY-Qn"}]})"));
  h.frames(2);
  CHECK(h.app.page.save_error.find("eta: must be YYYY-MM-DD or YYYY-Qn") != std::string::npos);
}

TEST_CASE("a live event refetches the item it names and the view shows the new state") {
  Harness h(Lang::en);
  h.sign_in_as("lin.sales", "sales", demo_items());
  const Event ev = status_event(42, "2026-02-02T09:00:00Z");
  live_apply(h.app, to_json(ev).dump());
  CHECK(h.app.live.last_event_id == 42);
  live_apply(h.app, to_json(ev).dump());  // twice in one frame: still one request
  h.frame();  // what an event lacks (this one carries no data) is fetched with the next frame
  REQUIRE(stub::find_pending("GET", "/api/v1/items/1") != nullptr);
  CHECK(std::count_if(h.world().pending.begin(), h.world().pending.end(), [](const stub::Call& c) {
          return c.method == "GET" && c.path == "/api/v1/items/1";
        }) == 1);
  Item moved = demo_items()[0];
  moved.status = ItemStatus::shipped;
  moved.answer_stale = false;
  moved.version = 4;
  REQUIRE(stub::reply("GET", "/api/v1/items/1", 200, to_json(moved).dump()));
  h.frames(2);
  REQUIRE(app_find_item(h.app, 1) != nullptr);
  CHECK(app_find_item(h.app, 1)->status == ItemStatus::shipped);
  const json state = json::parse(app_state_json(h.app));
  CHECK(state["results"][0]["status"] == "shipped");
  CHECK(count_text(h, tr(Text::answer_stale)) == 0);
  // An older version arriving late does not win.
  live_apply(h.app, to_json(ev).dump());
  h.frame();
  Item old = demo_items()[0];
  REQUIRE(stub::reply("GET", "/api/v1/items/1", 200, to_json(old).dump()));
  CHECK(app_find_item(h.app, 1)->status == ItemStatus::shipped);
  // Garbage is ignored.
  live_apply(h.app, "{not json");
  CHECK(h.app.live.events_applied == 3);
}

TEST_CASE("a live item event that carries the next version is applied without a request") {
  Harness h(Lang::en);
  h.world().hash = "#/items/1";
  h.sign_in_as("lin.sales", "sales", demo_items());
  h.frames(2);
  REQUIRE(h.app.page.state == LoadState::loaded);
  const Item held = demo_items()[0];
  Event ev = status_event(50, "2026-02-02T09:00:00Z");
  ev.data = json{{"title", held.title}, {"status", "beta"}, {"version", held.version + 1},
                 {"changes", {{"status", {{"from", to_string(held.status)}, {"to", "beta"}}},
                              {"customer_answer", {{"from", held.customer_answer}, {"to", "直播已進入公測。"}}}}}};
  live_apply(h.app, to_json(ev).dump());
  h.frames(2);
  CHECK(app_find_item(h.app, 1)->status == ItemStatus::beta);
  CHECK(h.app.page.item.status == ItemStatus::beta);
  CHECK(h.app.page.item.customer_answer == "直播已進入公測。");
  CHECK(h.app.page.item.version == held.version + 1);
  CHECK(h.app.page.history.front().id == 50);  // the event is the history entry
  // No item, requests, questions or history fetched; only the unread count is asked for.
  CHECK(stub::find_pending("GET", "/api/v1/items/1") == nullptr);
  CHECK(stub::find_pending("GET", "/api/v1/items/1/requests") == nullptr);
  CHECK(stub::find_pending("GET", "/api/v1/items/1/history") == nullptr);
  CHECK(stub::find_pending("GET", "/api/v1/inbox?limit=200") != nullptr);
  // A version skipped (an event missed): the item is fetched.
  ev.id = 52;
  ev.data["version"] = held.version + 3;
  live_apply(h.app, to_json(ev).dump());
  h.frame();
  CHECK(stub::find_pending("GET", "/api/v1/items/1") != nullptr);
}

TEST_CASE("the a11y mirror lists widgets with role, name and state; clicking works through it") {
  Harness h(Lang::en);
  h.world().hash = "#/board";
  h.sign_in_as("chen.pm", "pm", demo_items());
  h.frames(2);
  REQUIRE(h.app.route.view == View::board);
  CHECK(h.has_text(tr(Text::items_title)));
  CHECK(h.find("link", tr(Text::nav_releases)).has_value());
  CHECK(h.find("link", tr(Text::nav_queue)).has_value());  // PMs answer questions
  CHECK(h.find("link", tr(Text::nav_admin)).has_value());  // their chat channels
  const auto lang = h.find("combobox", tr(Text::language));
  REQUIRE(lang.has_value());
  CHECK(lang->expanded == 0);
  auto mine = h.find("checkbox", tr(Text::filter_mine));
  REQUIRE(mine.has_value());
  CHECK(mine->checked == 0);
  for (const Widget& w : h.widgets()) {
    INFO(w.role << " " << w.name);
    if (w.role != "row" && w.role != "cell" && w.role != "columnheader")
      CHECK_FALSE(w.name.empty());
    CHECK(w.w > 0);
    CHECK(w.h > 0);
  }

  REQUIRE(h.click("checkbox", tr(Text::filter_mine)));
  mine = h.find("checkbox", tr(Text::filter_mine));
  REQUIRE(mine.has_value());
  CHECK(mine->checked == 1);
  CHECK(stub::find_pending("GET", "/api/v1/items?limit=500&sort=demand&mine=1") != nullptr);

  REQUIRE(h.click("link", tr(Text::nav_releases)));
  h.frames(2);
  CHECK(h.app.route.view == View::releases);
  CHECK(h.world().hash == "#/releases");
  CHECK(h.world().title == std::string(tr(Text::nav_releases)) + " · Shipboard");

  // Switching the language through the combo renames the mirror's widgets.
  REQUIRE(h.click("combobox", tr(Text::language)));
  REQUIRE(h.click("button", tr(Text::lang_name, Lang::zh_Hant)));
  h.frames(2);
  CHECK(language() == Lang::zh_Hant);
  CHECK(h.find("link", "版本時程").has_value());
  set_language(Lang::en);
}

// History entries name the fields and values in the UI's language (they came through as
// "status: in_progress → beta"), releases by name, and each entry is a block in the mirror.
TEST_CASE("history shows changes in the reader's language, releases by name") {
  Harness h(Lang::zh_Hant);
  h.world().hash = "#/items/1";
  Release r;
  r.id = 5;
  r.name = "2026.3 夏季版";
  r.planned_date = "2026-06-30";
  h.sign_in_as("chen.pm", "pm", demo_items(), {r});
  h.frames(2);
  REQUIRE(h.app.route.view == View::item);
  Event ev = status_event(9, "2026-11-20T08:30:00Z");
  ev.data = json{{"changes", {{"status", {{"from", "planned"}, {"to", "in_progress"}}},
                              {"release_id", {{"from", nullptr}, {"to", 5}}}}}};
  h.app.page.history = {ev};
  h.frames(2);
  std::string entry;
  for (const Widget& w : h.widgets()) {
    if (w.role == "text" && w.name.find(tr(Text::ev_status_changed)) != std::string::npos) entry = w.name;
  }
  CAPTURE(entry);
  REQUIRE(!entry.empty());
  CHECK(entry.find(std::string(tr(Text::col_status)) + ": " + tr(ItemStatus::planned) + " → " +
                   tr(ItemStatus::in_progress)) != std::string::npos);
  CHECK(entry.find(std::string(tr(Text::col_release)) + ": — → 2026.3 夏季版") != std::string::npos);
  CHECK(entry.find("release_id") == std::string::npos);
  CHECK(entry.find("in_progress") == std::string::npos);
}

// A kanban card shows its whole title, wrapped to the column (a Selectable's label was cut at
// the column's edge), and the whole wrapped block opens the item.
TEST_CASE("kanban cards wrap long titles and open the item") {
  Harness h(Lang::en);
  const std::string title =
      "Single sign-on with SAML 2.0 and Azure AD for every workspace of a customer's group";
  std::vector<Item> items = demo_items();
  items.push_back(make_item(4, title, "", ItemStatus::planned));
  h.world().hash = "#/board";
  h.sign_in_as("chen.pm", "pm", items);
  h.frames(3);
  REQUIRE(h.app.route.view == View::board);
  REQUIRE(h.app.board.kanban);
  const auto card = h.find("link", title);
  REQUIRE(card);
  const float line = ImGui::GetFontSize();
  CHECK(card->h > line * 2.5f);  // three or more lines at this column width
  h.click_at(card->x + card->w / 2, card->y + card->h - line / 2);  // on its last line
  h.frames(2);
  CHECK(h.app.route.view == View::item);
  CHECK(h.app.route.item_id == 4);
}
