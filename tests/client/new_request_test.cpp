// The New request dialog in the headless client: opened from the search with what was typed,
// its customer picker (the caller's own first), the debounced similar items with "add my
// customer to this item instead" (the request goes to that item, no new item), a new item and
// its request otherwise (a failed request is retried on the same item, not a second one), and
// the form's own checks before anything is sent.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "shipboard/codec.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

Customer customer(Id id, const std::string& name, Id owner) {
  Customer c;
  c.id = id;
  c.name = name;
  c.owner_id = owner;
  c.annual_value = Money{100000000, "CNY"};
  return c;
}

// A salesperson (user 7) on the search page who typed `query` and opened the dialog from there.
void open_dialog(Harness& h, const std::string& query) {
  h.sign_in_as("lin.sales", "sales", {make_item(1, "直播連麥功能", "預計 2027-Q1 上線。")});
  REQUIRE(h.app.route.view == View::search);
  REQUIRE(h.click("textbox", tr(Text::search_hint)));
  h.type(query);
  h.frames(20);
  h.drain_empty();  // the search's own server query
  h.frames(2);
  REQUIRE(h.click_mark("new_request"));
  h.frames(2);
  REQUIRE(h.app.new_request.open);
  CHECK(h.app.new_request.title == query);
  // Someone else's customer comes first by value; the caller's own is listed first.
  REQUIRE(stub::reply("GET", "/api/v1/customers?limit=500", 200,
                      list_json(json::array({to_json(customer(12, "遠東百貨", 3)),
                                             to_json(customer(11, "華星零售", 7))}))));
  h.frames(2);
  REQUIRE(h.app.new_request.customers.size() == 2);
  CHECK(h.app.new_request.customers[0].id == 11);
}

std::string similar_json(Id id, const std::string& title, double score) {
  Item it = make_item(id, title, "預計 2027-Q1 上線。");
  json j = to_json(it);
  j["score"] = score;
  return list_json(json::array({j}));
}

}  // namespace

TEST_CASE("new request: similar items while typing; adding the customer there files no new item") {
  Harness h(Lang::en);
  open_dialog(h, "直播連麥");
  // Nothing is asked until the typing pauses; then once, for the title as it is.
  CHECK(stub::find_pending("GET", "/api/v1/items/similar") == nullptr);
  h.frames(25);
  const stub::Call* similar = stub::find_pending("GET", "/api/v1/items/similar");
  REQUIRE(similar != nullptr);
  CHECK(similar->path == "/api/v1/items/similar?limit=5&title=%E7%9B%B4%E6%92%AD%E9%80%A3%E9%BA%A5");
  REQUIRE(stub::reply("GET", "/api/v1/items/similar", 200, similar_json(1, "直播連麥功能", 0.62)));
  h.frames(2);
  REQUIRE(h.app.new_request.similar.size() == 1);
  // The list is mirrored as a table, with its match and the button naming the item.
  CHECK(h.has_text(tr(Text::new_request_similar)));
  CHECK(h.has_text("#1  直播連麥功能"));
  CHECK(h.has_text("62%"));
  const std::string add = tr_with(Text::new_request_add_here_for, "直播連麥功能");
  REQUIRE(h.find("button", add));

  // Without a customer the form says so and sends nothing.
  REQUIRE(h.click("button", add));
  h.frame();
  CHECK(h.has_text(tr(Text::new_request_pick_customer)));
  CHECK(stub::find_pending("POST", "/api/v1/items") == nullptr);

  REQUIRE(h.click_mark("new_request_customer:11"));
  REQUIRE(h.click("textbox", tr(Text::new_request_value)));
  h.type("1,200,000");
  REQUIRE(h.click("textbox", tr(Text::new_request_quote)));
  h.type("雙十一前要有");
  h.frames(2);
  REQUIRE(h.click("button", add));
  h.frame();
  const stub::Call* post = stub::find_pending("POST", "/api/v1/items/1/requests");
  REQUIRE(post != nullptr);
  CHECK(post->csrf == "csrf-lin.sales");
  const json body = json::parse(post->body);
  CHECK(body["customer_id"] == 11);
  CHECK(body["importance"] == "important");
  CHECK(body["value_at_stake"] == json({{"amount", 120000000}, {"currency", "CNY"}}));
  CHECK(body["quote"] == "雙十一前要有");
  REQUIRE(stub::reply("POST", "/api/v1/items/1/requests", 201, R"({"id": 5})"));
  h.frames(3);
  CHECK_FALSE(h.app.new_request.open);
  CHECK(h.app.new_request.filed_item == 1);
  CHECK(h.app.route == (Route{View::item, 1}));
  CHECK_FALSE(h.find("button", add));  // the dialog is gone
  for (const stub::Call& c : h.world().sent) CHECK_FALSE((c.method == "POST" && c.path == "/api/v1/items"));
}

TEST_CASE("new request: a new item, then its request; a refused request is retried on that item") {
  Harness h(Lang::zh_Hant);
  open_dialog(h, "Dark mode for the mobile app");
  h.frames(25);
  REQUIRE(stub::reply("GET", "/api/v1/items/similar", 200, list_json(json::array())));
  h.frames(2);
  CHECK(h.has_text(tr(Text::new_request_no_similar)));
  REQUIRE(h.click_mark("new_request_customer:12"));
  REQUIRE(h.click_mark("new_request_importance"));
  h.frames(2);
  REQUIRE(h.click_mark("new_request_importance:blocker"));
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::new_request_create)));
  h.frame();
  const stub::Call* create = stub::find_pending("POST", "/api/v1/items");
  REQUIRE(create != nullptr);
  const json item_body = json::parse(create->body);
  CHECK(item_body["title"] == "Dark mode for the mobile app");
  CHECK(item_body["kind"] == "feature");
  Item made = make_item(77, "Dark mode for the mobile app", "", ItemStatus::under_review);
  REQUIRE(stub::reply("POST", "/api/v1/items", 201, to_json(made).dump()));
  h.frame();
  REQUIRE(stub::find_pending("POST", "/api/v1/items/77/requests") != nullptr);
  CHECK(json::parse(stub::find_pending("POST", "/api/v1/items/77/requests")->body)["importance"] ==
        "blocker");
  REQUIRE(stub::reply("POST", "/api/v1/items/77/requests", 422,
                      R"({"title":"Unprocessable","detail":"quote is too long"})"));
  h.frames(2);
  CHECK(h.app.new_request.open);
  CHECK(h.app.new_request.created_item == 77);
  CHECK(app_find_item(h.app, 77) != nullptr);  // on the board already
  // The button now files the request only; the item is not made twice.
  REQUIRE(h.click("button", tr(Text::new_request_file)));
  h.frame();
  CHECK(stub::find_pending("POST", "/api/v1/items/77/requests") != nullptr);
  int item_posts = 0;
  for (const stub::Call& c : h.world().sent) item_posts += c.method == "POST" && c.path == "/api/v1/items";
  CHECK(item_posts == 1);
  REQUIRE(stub::reply("POST", "/api/v1/items/77/requests", 201, R"({"id": 9})"));
  h.frames(3);
  CHECK(h.app.route == (Route{View::item, 77}));
}

TEST_CASE("new request: a value that is not a whole number is refused before sending") {
  Harness h(Lang::zh_Hans);
  open_dialog(h, "报表导出");
  REQUIRE(h.click_mark("new_request_customer:11"));
  REQUIRE(h.click("textbox", tr(Text::new_request_value)));
  h.type("12.5");
  h.frames(2);
  REQUIRE(h.click("button", tr(Text::new_request_create)));
  h.frame();
  CHECK(h.has_text(tr(Text::new_request_bad_value)));
  CHECK(stub::find_pending("POST", "/api/v1/items") == nullptr);
  // Cancel closes it and the next opening starts empty (the customers are kept).
  REQUIRE(h.click("button", tr(Text::cancel)));
  h.frames(2);
  CHECK_FALSE(h.app.new_request.open);
  new_request_open(h.app, "");
  h.frames(2);
  CHECK(h.app.new_request.value.empty());
  CHECK(h.app.new_request.customers.size() == 2);
  CHECK(stub::find_pending("GET", "/api/v1/customers?limit=500") == nullptr);
}
