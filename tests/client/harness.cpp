// The headless client harness (see harness.hpp): one ImGui context per test, the real client
// frame (a11y_begin_frame → app_draw → a11y_end_frame → Render) and input through ImGuiIO.
#include "harness.hpp"

#include <algorithm>
#include <map>

#include "ui/a11y.hpp"
#include "shipboard/codec.hpp"
#include "views/views.hpp"

namespace shipboard::client::test {

using nlohmann::json;

Harness::Harness(Lang lang) {
  stub::reset();
  set_language(lang);
  ctx_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1366, 1100);  // tall: forms below the fold stay clickable
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;
  // A renderer that takes every texture request at once: glyphs bake on demand, as in 1.92.
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.Fonts->AddFontDefault();
  ImGuiStyle& style = ImGui::GetStyle();  // as main.cpp's apply_theme
  ImGui::StyleColorsDark();
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.CellPadding = ImVec2(8, 5);
  style.WindowPadding = ImVec2(14, 10);
  style.FontSizeBase = 15.0f;
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) { clipboard_set(text); };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) { return clipboard_get(); };
}

Harness::~Harness() {
  ImGui::DestroyContext(ctx_);
  stub::reset();
}

void Harness::frame() {
  stub::World& w = world();
  while (!w.hash_changes.empty()) {  // the browser's hashchange, between frames
    const std::string h = w.hash_changes.front();
    w.hash_changes.erase(w.hash_changes.begin());
    app_apply_hash(app, h);
  }
  w.now += 16;
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 60.0f;
  test_marks_clear();
  type_ahead_before_frame(app);
  a11y_before_frame();
  ImGui::NewFrame();
  a11y_begin_frame();
  app_draw(app);
  a11y_end_frame();
  type_ahead_after_frame(app);
  ImGui::Render();
  if (ImDrawData* dd = ImGui::GetDrawData(); dd && dd->Textures) {
    for (ImTextureData* tex : *dd->Textures) {
      if (tex->Status == ImTextureStatus_WantCreate) {
        tex->SetTexID(ImTextureID(1));
        tex->SetStatus(ImTextureStatus_OK);
      } else if (tex->Status == ImTextureStatus_WantUpdates) {
        tex->SetStatus(ImTextureStatus_OK);
      } else if (tex->Status == ImTextureStatus_WantDestroy && tex->UnusedFrames > 0) {
        tex->SetTexID(ImTextureID_Invalid);
        tex->SetStatus(ImTextureStatus_Destroyed);
      }
    }
  }
  ++app.frames_drawn;
  app_after_frame(app);
}

void Harness::frames(int n) {
  for (int i = 0; i < n; ++i) frame();
}

std::vector<Widget> Harness::widgets() const {
  std::vector<Widget> out;
  json list = json::parse(a11y_json(), nullptr, false);
  if (!list.is_array()) return out;
  for (const json& e : list) {
    Widget w;
    w.role = e.value("r", "");
    w.name = e.value("n", "");
    w.x = e.value("x", 0.0f);
    w.y = e.value("y", 0.0f);
    w.w = e.value("w", 0.0f);
    w.h = e.value("h", 0.0f);
    if (e.contains("c")) w.checked = e["c"].get<bool>() ? 1 : 0;
    if (e.contains("e")) w.expanded = e["e"].get<bool>() ? 1 : 0;
    w.disabled = e.value("d", false);
    w.parent = e.value("p", -1);
    w.opens_menu = e.value("m", false);
    w.row_index = e.value("ri", -1);
    w.row_count = e.value("rc", -1);
    w.col_index = e.value("ci", -1);
    w.col_count = e.value("cc", -1);
    w.sort = e.value("s", "");
    out.push_back(std::move(w));
  }
  return out;
}

std::optional<Widget> Harness::find(const std::string& role, const std::string& name) const {
  for (const Widget& w : widgets()) {
    if (w.role == role && w.name == name) return w;
  }
  return std::nullopt;
}

bool is_container(const std::string& role) {
  return role == "table" || role == "row" || role == "columnheader" || role == "cell" ||
         role == "menu";
}

std::string Harness::text_inside(int index) const {
  const std::vector<Widget> all = widgets();
  auto inside = [&](int i) {
    for (int p = all[std::size_t(i)].parent; p >= 0; p = all[std::size_t(p)].parent) {
      if (p == index) return true;
    }
    return false;
  };
  std::string out;
  for (int i = 0; i < int(all.size()); ++i) {
    if (all[std::size_t(i)].role != "text" || !inside(i)) continue;
    out += (out.empty() ? "" : " ") + all[std::size_t(i)].name;
  }
  return out;
}

bool Harness::has_text(const std::string& text) const {
  for (const Widget& w : widgets()) {
    if ((w.role == "text" || w.role == "heading") && w.name == text) return true;
  }
  return false;
}

std::optional<Widget> Harness::mark(const std::string& name) const {
  json marks = json::parse(test_marks_json(), nullptr, false);
  if (!marks.is_object() || !marks.contains(name)) return std::nullopt;
  Widget w;
  w.name = name;
  w.x = marks[name]["x"].get<float>();
  w.y = marks[name]["y"].get<float>();
  w.w = marks[name]["w"].get<float>();
  w.h = marks[name]["h"].get<float>();
  return w;
}

void Harness::click_at(float x, float y) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(x, y);
  frame();  // hover
  io.AddMouseButtonEvent(0, true);
  frame();
  io.AddMouseButtonEvent(0, false);
  frame();
  frame();  // what the click changed is drawn
}

bool Harness::click(const std::string& role, const std::string& name) {
  std::optional<Widget> w = find(role, name);
  if (!w) return false;
  click_at(w->x + w->w * 0.5f, w->y + w->h * 0.5f);
  return true;
}

bool Harness::click_mark(const std::string& name) {
  std::optional<Widget> w = mark(name);
  if (!w) return false;
  click_at(w->x + w->w * 0.5f, w->y + w->h * 0.5f);
  return true;
}

void Harness::type(const std::string& utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
  frames(2);
}

void Harness::key(ImGuiKey k, ImGuiKey mod) {
  ImGuiIO& io = ImGui::GetIO();
  if (mod != ImGuiKey_None) io.AddKeyEvent(mod, true);
  io.AddKeyEvent(k, true);
  frame();
  io.AddKeyEvent(k, false);
  if (mod != ImGuiKey_None) io.AddKeyEvent(mod, false);
  frames(2);
}

// A tiny fake server for what the views load on their own: the items, releases and customers
// the test put in server_*, by id or as the whole list; an empty list for everything else.
void Harness::drain_empty() {
  auto& p = world().pending;
  auto id_after = [](const std::string& path, const std::string& prefix, Id* id) {
    if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) return false;
    if (path.find_first_not_of("0123456789", prefix.size()) != std::string::npos) return false;
    *id = std::stoll(path.substr(prefix.size()));
    return true;
  };
  auto one = [&](const std::string& path, const auto& table, const std::string& prefix) {
    Id id = 0;
    if (!id_after(path, prefix, &id)) return false;
    auto it = table.find(id);
    if (it == table.end()) {
      stub::reply("GET", path, 404, R"({"title":"Not Found"})");
    } else {
      stub::reply("GET", path, 200, to_json(it->second).dump());
    }
    return true;
  };
  auto all = [](const auto& table) {
    json a = json::array();
    for (const auto& [id, v] : table) a.push_back(to_json(v));
    return list_json(a);
  };
  for (std::size_t guard = 0; guard < 64; ++guard) {
    auto it =
        std::find_if(p.begin(), p.end(), [](const stub::Call& c) { return c.method == "GET"; });
    if (it == p.end()) return;
    const std::string path = it->path;
    if (one(path, server_items, "/api/v1/items/") ||
        one(path, server_releases, "/api/v1/releases/") ||
        one(path, server_customers, "/api/v1/customers/")) {
      continue;
    }
    if (path.rfind("/api/v1/items?limit=500", 0) == 0 &&
        path.find("customer=") == std::string::npos) {
      stub::reply("GET", path, 200, all(server_items));
    } else if (path.rfind("/api/v1/releases?", 0) == 0) {
      stub::reply("GET", path, 200, all(server_releases));
    } else if (path.rfind("/api/v1/customers?", 0) == 0) {
      stub::reply("GET", path, 200, all(server_customers));
    } else {
      stub::reply("GET", path, 200, list_json(json::array()));
    }
  }
}

void Harness::show_sign_in() {
  app_start(app);
  frame();
  stub::reply("GET", "/api/v1/me", 401, R"({"title":"unauthorized"})");
  frames(3);
}

void Harness::sign_in_as(const std::string& login, const std::string& role,
                         const std::vector<Item>& items, const std::vector<Release>& releases) {
  for (const Item& it : items) server_items[it.id] = it;
  for (const Release& r : releases) server_releases[r.id] = r;
  app_start(app);
  frame();
  stub::reply("GET", "/api/v1/me", 200, session_json(7, login, role));
  frames(2);
  drain_empty();
  frames(2);
  drain_empty();
  frames(2);
}

// [SECTION] Canned JSON ----------------------------------------------------------------------
Item make_item(Id id, const std::string& title, const std::string& answer, ItemStatus status) {
  Item it;
  it.id = id;
  it.title = title;
  it.area = "video";
  it.status = status;
  it.customer_answer = answer;
  it.version = 3;
  it.created_at = "2026-01-05T08:00:00Z";
  it.updated_at = "2026-02-01T08:00:00Z";
  it.value_at_stake = Money{120000000, "CNY"};
  return it;
}

std::string list_json(const json& items) {
  return json{{"items", items}}.dump();
}

std::string items_json(const std::vector<Item>& items) {
  json a = json::array();
  for (const Item& it : items) a.push_back(to_json(it));
  return list_json(a);
}

std::string session_json(Id id, const std::string& login, const std::string& role) {
  return json{{"user", {{"id", id}, {"login", login}, {"name", login}, {"role", role}}},
              {"csrf_token", "csrf-" + login}}
      .dump();
}

}  // namespace shipboard::client::test
