// The PM's triage in the headless client: new requests (items under review) listed by value with
// possible duplicates found by the core's title similarity, Plan / Decline sent as PATCH with
// If-Match (a 412 reloads and says so), "Merge into…" from the question queue and from the item page
// (POST .../merge, errors shown, the page follows the merge), and the follow state read.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "shipboard/codec.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

std::vector<Item> board() {
  return {make_item(1, "直播回放功能", "", ItemStatus::planned),
          make_item(2, "Export to PDF", "", ItemStatus::planned),
          make_item(3, "SSO with Azure AD", "", ItemStatus::in_progress)};
}

Item filed(Id id, const std::string& title, std::int64_t requests, std::int64_t whole) {
  Item it = make_item(id, title, "", ItemStatus::under_review);
  it.request_count = requests;
  it.value_at_stake = Money{whole * 100, "CNY"};
  it.version = 4;
  return it;
}

// A PM on #/queue with two new requests to triage: 11 is alike to item 1, 12 to nothing.
void open_queue(Harness& h) {
  h.world().hash = "#/queue";
  std::vector<Item> items = board();
  h.sign_in_as("chen.pm", "pm", items);
  REQUIRE(h.app.route.view == View::queue);
  REQUIRE(h.click("button", tr(Text::refresh)));
  REQUIRE(stub::reply("GET", "/api/v1/items?status=under_review&sort=value", 200,
                      items_json({filed(11, "直播回放", 2, 800000), filed(12, "Dark mode", 1, 5000)})));
  h.drain_empty();
  h.frames(2);
}

}  // namespace

TEST_CASE("triage lists new requests with their possible duplicates") {
  Harness h(Lang::en);
  open_queue(h);
  const QuestionQueue& in = h.app.queue;
  REQUIRE(in.triage.size() == 2);
  CHECK(in.duplicates.at(11) == std::vector<Id>{1});  // 直播回放 ~ 直播回放功能 (0.6)
  CHECK(in.duplicates.at(12).empty());
  CHECK(h.find("button", "直播回放"));          // the item itself, a link to its page
  CHECK(h.find("button", "直播回放功能"));      // the duplicate, a link too
  CHECK(h.has_text(tr(Text::possible_duplicate)));
  CHECK(h.has_text("Requests: 2 · CNY 800,000 · 2026-01-05"));
}

TEST_CASE("Plan and Decline send the status with If-Match; a 412 reloads and says so") {
  Harness h(Lang::zh_Hant);
  open_queue(h);
  REQUIRE(h.click_mark("plan:12"));
  const stub::Call* patch = stub::find_pending("PATCH", "/api/v1/items/12");
  REQUIRE(patch != nullptr);
  CHECK(patch->if_match == "\"4\"");
  CHECK(patch->csrf == "csrf-chen.pm");
  CHECK(json::parse(patch->body) == json({{"status", "planned"}}));
  CHECK(h.app.queue.triage_busy == 12);
  h.frame();
  h.click_mark("plan:11");  // one at a time: the buttons are disabled meanwhile
  CHECK(stub::find_pending("PATCH", "/api/v1/items/11") == nullptr);
  Item planned = filed(12, "Dark mode", 1, 5000);
  planned.status = ItemStatus::planned;
  planned.version = 5;
  REQUIRE(stub::reply("PATCH", "/api/v1/items/12", 200, to_json(planned).dump()));
  h.frames(2);
  REQUIRE(h.app.queue.triage.size() == 1);
  CHECK(h.app.queue.triage[0].id == 11);
  const Item* on_board = app_find_item(h.app, 12);
  REQUIRE(on_board != nullptr);
  CHECK(on_board->status == ItemStatus::planned);

  REQUIRE(h.click_mark("decline:11"));
  REQUIRE(stub::find_pending("PATCH", "/api/v1/items/11") != nullptr);
  CHECK(json::parse(stub::find_pending("PATCH", "/api/v1/items/11")->body) ==
        json({{"status", "declined"}}));
  REQUIRE(stub::reply("PATCH", "/api/v1/items/11", 412, R"({"title":"Precondition Failed"})"));
  h.frames(2);
  CHECK(h.app.queue.triage_notice == Text::triage_changed);
  CHECK(h.has_text(tr(Text::triage_changed)));
  CHECK(stub::find_pending("GET", "/api/v1/items?status=under_review") != nullptr);  // reloaded
}

TEST_CASE("Merge into… from the question queue: the duplicate is chosen, errors shown, then merged") {
  Harness h(Lang::en);
  open_queue(h);
  REQUIRE(h.click_mark("merge:11"));
  h.frames(2);
  CHECK(h.app.merge.from == 11);
  CHECK(h.app.merge.into == 1);  // preselected: the most alike item
  REQUIRE_FALSE(merge_candidates(h.app).empty());
  CHECK(merge_candidates(h.app).front()->id == 1);  // and listed first
  REQUIRE(h.find("textbox", tr(Text::merge_search_hint)));
  REQUIRE(h.click("button", tr(Text::merge_confirm)));
  const stub::Call* post = stub::find_pending("POST", "/api/v1/items/11/merge");
  REQUIRE(post != nullptr);
  CHECK(json::parse(post->body) == json({{"into", 1}}));
  CHECK(post->csrf == "csrf-chen.pm");
  REQUIRE(stub::reply("POST", "/api/v1/items/11/merge", 409,
                      R"({"title":"Conflict","detail":"the item is merged already"})"));
  h.frames(2);
  CHECK(h.app.merge.from == 11);  // still open, with the reason
  CHECK(h.has_text(std::string(tr(Text::merge_failed)) + "the item is merged already"));

  // Another target, found by typing in the dialog (Traditional finds Simplified too).
  REQUIRE(h.click("textbox", tr(Text::merge_search_hint)));
  h.type("pdf");
  CHECK_FALSE(h.mark("into:1"));  // filtered out
  REQUIRE(h.click_mark("into:2"));
  CHECK(h.app.merge.into == 2);
  REQUIRE(h.click("button", tr(Text::merge_confirm)));
  Item into = make_item(2, "Export to PDF", "", ItemStatus::planned);
  into.request_count = 3;
  into.version = 9;
  REQUIRE(stub::reply("POST", "/api/v1/items/11/merge", 200, to_json(into).dump()));
  h.frames(3);
  CHECK(h.app.merge.from == 0);  // closed
  REQUIRE(h.app.queue.triage.size() == 1);
  CHECK(h.app.queue.triage[0].id == 12);
  CHECK(app_find_item(h.app, 2)->request_count == 3);
}

TEST_CASE("the item page: follow state read, Merge into… follows the merge, merged link shown") {
  Harness h(Lang::en);
  h.world().hash = "#/items/1";
  std::vector<Item> items = board();
  h.app.items.items.clear();
  for (const Item& it : items) h.server_items[it.id] = it;
  app_start(h.app);
  h.frame();
  REQUIRE(stub::reply("GET", "/api/v1/me", 200, session_json(7, "chen.pm", "pm")));
  h.frames(2);
  json one = to_json(items[0]);
  one["following"] = true;
  REQUIRE(stub::reply("GET", "/api/v1/items/1", 200, one.dump()));
  h.drain_empty();
  h.frames(2);
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.app.route.view == View::item);
  CHECK(h.app.page.following);
  REQUIRE(h.find("button", tr(Text::following)));
  REQUIRE(h.click("button", tr(Text::following)));
  CHECK(stub::find_pending("DELETE", "/api/v1/items/1/follow") != nullptr);

  REQUIRE(h.click_mark("merge"));
  h.frames(2);
  CHECK(h.app.merge.from == 1);
  CHECK(h.app.merge.into == 0);
  REQUIRE(h.find("button", tr(Text::merge_confirm)));
  CHECK(h.find("button", tr(Text::merge_confirm))->disabled);  // nothing chosen yet
  REQUIRE(h.click("textbox", tr(Text::merge_search_hint)));
  h.type("SSO");
  REQUIRE(h.click_mark("into:3"));
  REQUIRE(h.click("button", tr(Text::merge_confirm)));
  REQUIRE(stub::reply("POST", "/api/v1/items/1/merge", 200, to_json(items[2]).dump()));
  h.frames(2);
  CHECK(h.app.route.view == View::item);
  CHECK(h.app.route.item_id == 3);  // the page follows the merge
  CHECK(app_find_item(h.app, 1)->merged_into == Id{3});

  // The merged item's own page links to where it went.
  h.server_items[1].merged_into = 3;
  h.world().hash_changes.push_back("#/items/1");
  h.frames(2);
  h.drain_empty();
  h.frames(2);
  REQUIRE(h.app.route.item_id == 1);
  CHECK(h.has_text(tr(Text::merged_into)));
  CHECK(h.mark("merged_into"));
  CHECK_FALSE(h.mark("merge"));  // no second merge of a merged item
}
