// The accessibility mirror's structure in the headless client: the search results, the board
// table and the PM's triage cards are tables (table > row > columnheader / cell, each cell's text
// as a sighted user reads it), a live answer change reaches its cell, the Copy button names the
// item and opens the customer chooser as a menu of menuitems, and a11y_dismiss closes it.
#include <algorithm>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "shipboard/codec.hpp"
#include "ui/a11y.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;
using nlohmann::json;

namespace {

std::vector<Item> items() {
  Item live =
      make_item(1, "Live streaming", "Live streaming ships in 2026-Q3.", ItemStatus::in_progress);
  live.answer_stale = true;
  live.eta = Eta{"2026-Q3"};
  live.commitment = Commitment::tentative;
  live.demand_score = 42.5;
  Item pdf = make_item(2, "Export to PDF", "", ItemStatus::planned);
  return {live, pdf};
}

int index_of(const std::vector<Widget>& all, const std::string& role, const std::string& name) {
  for (int i = 0; i < int(all.size()); ++i) {
    if (all[std::size_t(i)].role == role && all[std::size_t(i)].name == name) return i;
  }
  return -1;
}

// The nearest container of `role` around widgets[i], -1 when there is none.
int up(const std::vector<Widget>& all, int i, const std::string& role) {
  for (int p = all[std::size_t(i)].parent; p >= 0; p = all[std::size_t(p)].parent) {
    if (all[std::size_t(p)].role == role) return p;
  }
  return -1;
}

// The entries directly inside widgets[parent], in order.
std::vector<int> children(const std::vector<Widget>& all, int parent) {
  std::vector<int> out;
  for (int i = 0; i < int(all.size()); ++i) {
    if (all[std::size_t(i)].parent == parent) out.push_back(i);
  }
  return out;
}

// The text of each cell (or columnheader) of a row, buttons' names included, in order.
std::vector<std::string> row_texts(const std::vector<Widget>& all, int row) {
  std::vector<std::string> out;
  for (int cell : children(all, row)) {
    std::string text;
    for (int c : children(all, cell)) {
      if (!is_container(all[std::size_t(c)].role))
        text += (text.empty() ? "" : " ") + all[std::size_t(c)].name;
    }
    out.push_back(text);
  }
  return out;
}

}  // namespace

TEST_CASE("the search results are a table: headers, a row per result, every cell's text") {
  Harness h(Lang::en);
  h.sign_in_as("lin.sales", "sales", items());
  REQUIRE(h.app.route.view == View::search);
  const std::vector<Widget> all = h.widgets();
  const int table = index_of(all, "table", tr(Text::search_results));
  REQUIRE(table >= 0);
  CHECK(all[std::size_t(table)].row_count == 3);  // two results and the header row
  CHECK(all[std::size_t(table)].col_count == 6);
  const std::vector<int> rows = children(all, table);
  REQUIRE(rows.size() == 3);
  for (int r : rows) CHECK(all[std::size_t(r)].role == "row");
  // The header row: a columnheader per column, named by its text.
  CHECK(all[std::size_t(rows[0])].row_index == 1);
  for (int c : children(all, rows[0])) CHECK(all[std::size_t(c)].role == "columnheader");
  CHECK(row_texts(all, rows[0]) == std::vector<std::string>{"Title", "Status", "Release", "ETA",
                                                            "Commitment", "Customer answer"});
  // Item 1: what a sighted salesperson reads in each cell, the copy button inside the answer's.
  const int title = index_of(all, "button", "Live streaming");
  REQUIRE(title >= 0);
  const int row = up(all, title, "row");
  CHECK(all[std::size_t(title)].parent == children(all, row)[0]);
  CHECK(up(all, row, "table") == table);
  CHECK(all[std::size_t(row)].row_index == 2);
  const std::string copy_name = "Copy the customer answer for “Live streaming”";
  CHECK(row_texts(all, row) ==
        std::vector<std::string>{"Live streaming Feature · video", "In progress", "—", "2026-Q3",
                                 "Tentative",
                                 copy_name + " (stale) Live streaming ships in 2026-Q3."});
  const int copy = index_of(all, "button", copy_name);
  REQUIRE(copy >= 0);
  CHECK(all[std::size_t(copy)].opens_menu);
  CHECK(all[std::size_t(all[std::size_t(copy)].parent)].role == "cell");
  // Cells of one row are as tall as the row; a row spans its cells.
  for (int c : children(all, row)) {
    CHECK(all[std::size_t(c)].y == Approx(all[std::size_t(row)].y));
    CHECK(all[std::size_t(c)].h == Approx(all[std::size_t(row)].h));
  }
  // Item 2 has no answer yet: the cell says so.
  const int row2 = up(all, index_of(all, "button", "Export to PDF"), "row");
  CHECK(row_texts(all, row2).back() == "—");
}

TEST_CASE("a live answer change reaches its cell without any request") {
  Harness h(Lang::zh_Hant);
  h.sign_in_as("lin.sales", "sales", items());
  const Item held = items()[0];
  Event ev;
  ev.id = 60;
  ev.type = "item.answer_changed";
  ev.entity = "item";
  ev.entity_id = 1;
  ev.at = "2026-02-02T09:00:00Z";
  ev.data =
      json{{"title", held.title},
           {"version", held.version + 1},
           {"changes",
            {{"customer_answer", {{"from", held.customer_answer}, {"to", "直播已進入公測。"}}}}}};
  live_apply(h.app, to_json(ev).dump());
  h.frames(2);
  const std::vector<Widget> all = h.widgets();
  const int text = index_of(all, "text", "直播已進入公測。");
  REQUIRE(text >= 0);
  CHECK(all[std::size_t(all[std::size_t(text)].parent)].role == "cell");
  CHECK(index_of(all, "text", held.customer_answer) < 0);
  CHECK(index_of(all, "button", "複製「Live streaming」給客戶的答覆") >= 0);
}

TEST_CASE("the board table: sortable headers are buttons in columnheaders with aria-sort") {
  Harness h(Lang::en);
  h.world().hash = "#/board";
  h.sign_in_as("chen.pm", "pm", items());
  REQUIRE(h.click_mark("board:table"));
  h.drain_empty();
  h.frames(2);
  std::vector<Widget> all = h.widgets();
  const int table = index_of(all, "table", tr(Text::items_title));
  REQUIRE(table >= 0);
  const int demand = index_of(all, "button", tr(Text::sort_demand));
  REQUIRE(demand >= 0);
  const int header = all[std::size_t(demand)].parent;
  CHECK(all[std::size_t(header)].role == "columnheader");
  CHECK(all[std::size_t(header)].sort == "descending");
  const int title_header = children(all, children(all, table)[0])[0];
  CHECK(h.text_inside(title_header) == "Title");  // not sortable: text, no button
  CHECK(all[std::size_t(title_header)].sort.empty());
  const int row = up(all, index_of(all, "button", "Live streaming"), "row");
  REQUIRE(row >= 0);
  const std::vector<std::string> cells = row_texts(all, row);
  REQUIRE(cells.size() == 8);
  CHECK(cells[1] == "In progress");
  CHECK(cells[3] == "42.5");
  CHECK(cells[4] == "CNY 1,200,000");
  CHECK(cells[5] == "2026-Q3");
  CHECK(cells[6] == "2026-02-01");
  // Sorting through the mirror: the header's button.
  REQUIRE(h.click("button", tr(Text::sort_eta)));
  all = h.widgets();
  CHECK(
      all[std::size_t(all[std::size_t(index_of(all, "button", tr(Text::sort_eta)))].parent)].sort ==
      "ascending");
  CHECK(h.app.board.filters.sort == "eta");
  // As the page activates it (a11y_click: the move, then the press a frame later; a header
  // takes a press only when it was hovered the frame before).
  const auto value = h.find("button", tr(Text::sort_value));
  REQUIRE(value.has_value());
  a11y_click(value->x + value->w / 2, value->y + value->h / 2);
  h.frames(4);
  CHECK(h.app.board.filters.sort == "value");
}

TEST_CASE("the Copy button opens the customer chooser as a menu of menuitems") {
  Harness h(Lang::en);
  h.sign_in_as("lin.sales", "sales", items());
  REQUIRE(h.click("button", "Copy the customer answer for “Live streaming”"));
  Customer acme;
  acme.id = 11;
  acme.name = "Acme Media";
  REQUIRE(
      stub::reply("GET", "/api/v1/customers?mine=1", 200, list_json(json::array({to_json(acme)}))));
  h.frames(3);
  std::vector<Widget> all = h.widgets();
  const int menu = index_of(all, "menu", tr(Text::copy_for));
  REQUIRE(menu >= 0);
  std::vector<std::string> names;
  for (int i : children(all, menu)) {
    CHECK(all[std::size_t(i)].role == "menuitem");
    names.push_back(all[std::size_t(i)].name);
  }
  CHECK(names == std::vector<std::string>{"Acme Media", tr(Text::copy_no_record)});
  REQUIRE(h.click("menuitem", "Acme Media"));
  CHECK(h.world().clipboard == "Live streaming ships in 2026-Q3.");
  h.frames(2);
  CHECK(index_of(h.widgets(), "menu", tr(Text::copy_for)) < 0);
  // Escape in the page's menu: a11y_dismiss closes it on the next frame.
  REQUIRE(h.click("button", "Copy the customer answer for “Live streaming”"));
  h.frames(2);
  REQUIRE(index_of(h.widgets(), "menu", tr(Text::copy_for)) >= 0);
  a11y_dismiss();
  h.frames(2);
  CHECK(index_of(h.widgets(), "menu", tr(Text::copy_for)) < 0);
  CHECK(h.world().clipboard == "Live streaming ships in 2026-Q3.");
}

TEST_CASE("the PM's triage cards are a table with a row per card, buttons named by item") {
  Harness h(Lang::en);
  h.world().hash = "#/queue";
  h.sign_in_as("chen.pm", "pm", items());
  REQUIRE(h.click("button", tr(Text::refresh)));
  Item filed = make_item(11, "Live replay", "", ItemStatus::under_review);
  filed.request_count = 2;
  filed.value_at_stake = Money{80000000, "CNY"};
  REQUIRE(
      stub::reply("GET", "/api/v1/items?status=under_review&sort=value", 200, items_json({filed})));
  h.drain_empty();
  h.frames(2);
  const std::vector<Widget> all = h.widgets();
  const int table = index_of(all, "table", tr(Text::triage_title));
  REQUIRE(table >= 0);
  CHECK(all[std::size_t(table)].row_count == 2);
  const std::vector<int> rows = children(all, table);
  REQUIRE(rows.size() == 2);
  CHECK(row_texts(all, rows[0]).size() == 4);
  for (int c : children(all, rows[0])) CHECK(all[std::size_t(c)].role == "columnheader");
  CHECK(h.text_inside(rows[0]) == "Title Requests Possible duplicates Actions");
  const std::vector<std::string> cells = row_texts(all, rows[1]);
  CHECK(all[std::size_t(rows[1])].row_index == 2);
  REQUIRE(cells.size() == 3);  // no possible duplicate: that cell is left out...
  std::vector<int> columns;    // ...and the others keep their column
  for (int c : children(all, rows[1])) columns.push_back(all[std::size_t(c)].col_index);
  CHECK(columns == std::vector<int>{1, 2, 4});
  CHECK(all[std::size_t(table)].col_count == 4);
  CHECK(cells[0] == "Live replay");
  CHECK(cells[1] == "Requests: 2 · CNY 800,000 · 2026-01-05");
  CHECK(cells[2] == "Plan “Live replay” Decline “Live replay” Merge “Live replay” into…");
  // The open questions' table is there too (empty: its placeholder, no table).
  CHECK(index_of(all, "table", tr(Text::queue_title)) < 0);
}

TEST_CASE("the item page's fields are a table of name and value") {
  Harness h(Lang::en);
  h.world().hash = "#/items/1";
  h.sign_in_as("lin.sales", "sales", items());
  h.frames(2);
  REQUIRE(h.app.page.state == LoadState::loaded);
  const std::vector<Widget> all = h.widgets();
  const int table = index_of(all, "table", tr(Text::item_fields));
  REQUIRE(table >= 0);
  std::vector<std::string> lines;
  for (int row : children(all, table)) lines.push_back(h.text_inside(row));
  CHECK(lines[0] == "Status In progress");
  CHECK(std::find(lines.begin(), lines.end(), "ETA 2026-Q3") != lines.end());
  CHECK(std::find(lines.begin(), lines.end(), "Commitment Tentative") != lines.end());
  // The answer under it, with its named copy button and stale mark.
  CHECK(h.has_text("Live streaming ships in 2026-Q3."));
  CHECK(h.find("button", "Copy the customer answer for “Live streaming”").has_value());
}

// The page focuses a mirrored text box (element.focus()) and types at once: a11y_click moves
// the mouse, presses and releases over three frames, and the characters wait behind it.
TEST_CASE("text typed right after a mirror activation lands in the field it activated") {
  Harness h(Lang::en);
  h.world().hash = "#/items/1";
  h.sign_in_as("lin.sales", "sales", items());
  h.frames(2);
  REQUIRE(h.app.page.state == LoadState::loaded);
  const auto box = h.find("textbox", tr(Text::ask_hint));
  REQUIRE(box.has_value());
  REQUIRE_FALSE(ImGui::GetIO().WantTextInput);
  a11y_click(box->x + box->w / 2, box->y + box->h / 2);
  ImGui::GetIO().AddInputCharactersUTF8("When?");
  h.frames(6);
  CHECK(h.app.page.ask == "When?");
  CHECK(ImGui::GetIO().WantTextInput);
}

// Names come from user text: quotes, backslashes and control characters are escaped (invalid
// UTF-8 would become U+FFFD; the server's JSON never carries any), and the page still gets a
// list it can parse.
TEST_CASE("the mirror's list is valid JSON whatever the names hold") {
  Harness h(Lang::en);
  std::vector<Item> odd = items();
  odd[1].title = "Say \"hi\" \\ tab\there 直播 end";
  h.sign_in_as("lin.sales", "sales", odd);
  const json list = json::parse(a11y_json(), nullptr, false);
  REQUIRE(list.is_array());
  CHECK(index_of(h.widgets(), "button", "Say \"hi\" \\ tab\there 直播 end") >= 0);
  for (const json& e : list) {
    CHECK(e.contains("k"));
    CHECK(e["x"].is_number());
  }
}
