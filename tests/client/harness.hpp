// A headless Dear ImGui context running the real client (app_draw) for tests: no backend, no
// GPU (texture requests are acknowledged and dropped), a fixed 1366×1100 display, ProggyClean.
// Widgets are found through the app's own accessibility mirror (role + name) or test marks,
// and operated with real input events (mouse position/buttons, characters, keys).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "state/app_state.hpp"
#include "imgui.h"
#include "stub_platform.hpp"

namespace shipboard::client::test {

struct Widget {
  std::string role, name;
  float x = 0, y = 0, w = 0, h = 0;
  int checked = -1;   // -1: not checkable
  int expanded = -1;  // -1: not openable
  bool disabled = false;
  int parent = -1;  // index of the containing table, row, cell or menu in widgets(); -1: the page
  bool opens_menu = false;
  int row_index = -1;  // aria-rowindex
  int row_count = -1;  // aria-rowcount
  int col_index = -1;  // aria-colindex
  int col_count = -1;  // aria-colcount
  std::string sort;    // aria-sort
};
// Roles that hold other entries (named by their content, except tables and menus).
bool is_container(const std::string& role);

class Harness {
 public:
  explicit Harness(Lang lang = Lang::en);
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  AppState app;
  stub::World& world() { return stub::world(); }

  void frame();  // one UI frame (hash changes delivered first, clock +16 ms)
  void frames(int n);
  std::vector<Widget> widgets() const;  // the a11y mirror's last list
  std::optional<Widget> find(const std::string& role, const std::string& name) const;
  bool has_text(const std::string& text) const;  // a mirrored text block with this name
  // The text of every text entry inside widgets()[index] (a cell...), joined by " ".
  std::string text_inside(int index) const;
  std::optional<Widget> mark(const std::string& name) const;  // test_mark rectangles
  void click_at(float x, float y);
  // Clicks the centre of the widget with this role and name; false when there is none.
  bool click(const std::string& role, const std::string& name);
  bool click_mark(const std::string& name);
  void type(const std::string& utf8);
  void key(ImGuiKey k, ImGuiKey mod = ImGuiKey_None);
  // app_start with /me answered 401: the sign-in form, its login field focused.
  void show_sign_in();
  // app_start, /me answered as `login` with `role`, items/releases answered with `items`,
  // everything else the board asks for answered with an empty list.
  void sign_in_as(const std::string& login, const std::string& role, const std::vector<Item>& items,
                  const std::vector<Release>& releases = {});
  // Answers every pending GET with an empty list (what a fresh server would say).
  void drain_empty();
  // What drain_empty answers GET /api/v1/{items,releases,customers}[/N] with.
  std::map<Id, Item> server_items;
  std::map<Id, Release> server_releases;
  std::map<Id, Customer> server_customers;

 private:
  ImGuiContext* ctx_ = nullptr;
};

// Canned server JSON.
Item make_item(Id id, const std::string& title, const std::string& answer = "",
               ItemStatus status = ItemStatus::planned);
std::string list_json(const nlohmann::json& items);
std::string items_json(const std::vector<Item>& items);
std::string session_json(Id id, const std::string& login, const std::string& role);

}  // namespace shipboard::client::test
