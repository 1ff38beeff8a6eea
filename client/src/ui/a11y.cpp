// The accessibility mirror's collector (see a11y.hpp). Dear ImGui reports every item through
// the test-engine hooks compiled in by IMGUI_ENABLE_TEST_ENGINE (imconfig_shipboard.h):
// ItemAdd gives its rectangle, ItemInfo its label and state (checkable/checked, openable/opened,
// text input). Wrappers add names for widgets whose label is hidden ("##id") and text blocks.
// Rectangles go to the page in device pixels, clipped to what is visible.
#include "ui/a11y.hpp"

#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/platform.hpp"

namespace shipboard::client {
namespace {

struct Entry {
  ImGuiID id = 0;
  std::string role;
  std::string name;
  ImRect rect;
  int checked = -1;   // -1: not checkable
  int expanded = -1;  // -1: not openable
  bool disabled = false;
};

struct Hint {
  bool set = false;
  std::string role;
  std::string name;
};

std::vector<Entry> entries;
std::unordered_map<ImGuiID, int> by_id;
Hint hint;
std::string published;
int published_count = 0;
int text_serial = 0;

// The visible part of `r` in the current window (tables and child windows clip).
bool visible_part(ImGuiContext* ctx, ImRect r, ImRect* out) {
  if (ctx->CurrentWindow) r.ClipWith(ctx->CurrentWindow->ClipRect);
  if (r.GetWidth() < 2 || r.GetHeight() < 2) return false;
  *out = r;
  return true;
}

std::string visible_label(const char* label) {
  std::string s = label ? label : "";
  if (auto p = s.find("##"); p != std::string::npos) s.erase(p);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

Entry* add(ImGuiContext* ctx, ImGuiID id, const ImRect& rect) {
  ImRect vis;
  if (!visible_part(ctx, rect, &vis)) return nullptr;
  auto it = by_id.find(id);
  if (it != by_id.end()) return &entries[it->second];
  Entry e;
  e.id = id;
  e.rect = vis;
  e.disabled = (ctx->LastItemData.ItemFlags & ImGuiItemFlags_Disabled) != 0;
  by_id[id] = int(entries.size());
  entries.push_back(std::move(e));
  return &entries.back();
}

// A text block (no id of its own: a serial number in a range widgets do not use).
void add_text(const ImRect& rect, const std::string& text, const char* role, bool disabled) {
  if (text.empty()) return;
  const ImGuiID id = 0x7f000000u + ImGuiID(++text_serial);
  Entry* e = add(GImGui, id, rect);
  if (!e) return;
  e->role = role;
  e->name = text;
  e->disabled = disabled;
}

}  // namespace

// [SECTION] Wrappers' side -----------------------------------------------------------------------
void a11y_begin_frame() {
  entries.clear();
  by_id.clear();
  hint = Hint{};
  text_serial = 0;
  GImGui->TestEngineHookItems = true;
}

void a11y_next(const char* role, const std::string& name) {
  hint.set = true;
  hint.role = role;
  hint.name = name;
}

void a11y_text(const std::string& text, const char* role) {
  if (!ImGui::IsItemVisible()) return;
  const ImGuiContext& g = *GImGui;
  add_text(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), text, role,
           (g.LastItemData.ItemFlags & ImGuiItemFlags_Disabled) != 0);
}

void a11y_text_at(float x0, float y0, float x1, float y1, const std::string& text) {
  if (!ImGui::IsRectVisible(ImVec2(x0, y0), ImVec2(x1, y1))) return;
  add_text(ImRect(x0, y0, x1, y1), text, "text", false);
}

void a11y_end_frame() {
  const float ratio = canvas_size().pixel_ratio;
  nlohmann::json list = nlohmann::json::array();
  for (const Entry& e : entries) {
    if (e.name.empty() || e.role.empty()) continue;  // an unnamed control helps nobody
    nlohmann::json j = {{"k", e.id}, {"r", e.role}, {"n", e.name},
                        {"x", e.rect.Min.x / ratio}, {"y", e.rect.Min.y / ratio},
                        {"w", e.rect.GetWidth() / ratio}, {"h", e.rect.GetHeight() / ratio}};
    if (e.checked >= 0) j["c"] = e.checked == 1;
    if (e.expanded >= 0) j["e"] = e.expanded == 1;
    if (e.disabled) j["d"] = true;
    list.push_back(std::move(j));
  }
  // Names come from user text: invalid UTF-8 is replaced, never thrown on (no exceptions here).
  std::string s = list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s == published) return;
  published = std::move(s);
  published_count = int(list.size());
  a11y_publish(published);
}

int a11y_count() { return published_count; }
std::string a11y_json() { return published.empty() ? "[]" : published; }

}  // namespace shipboard::client

// [SECTION] Dear ImGui's item hooks ----------------------------------------------------------------
using shipboard::client::Entry;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData* item_data) {
  namespace a = shipboard::client;
  if (!item_data || !a::hint.set) return;  // only hinted widgets are taken here (combos...)
  Entry* e = a::add(ctx, id, item_data->Rect.GetWidth() > 0 ? item_data->Rect : bb);
  if (e) {
    e->role = a::hint.role;
    e->name = a::hint.name;
    if (e->role == "combobox") {  // BeginCombo's popup id (imgui_widgets.cpp)
      e->expanded = ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, id), ImGuiPopupFlags_None) ? 1 : 0;
    }
  }
  a::hint.set = false;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
  namespace a = shipboard::client;
  if (ctx->LastItemData.ID != id || ImGui::FindWindowByID(id)) return;
  Entry* e = a::add(ctx, id, ctx->LastItemData.Rect);
  if (!e) return;
  if (e->role.empty()) {
    e->role = (flags & ImGuiItemStatusFlags_Inputable)   ? "textbox"
              : (flags & ImGuiItemStatusFlags_Checkable) ? "checkbox"
                                                          : "button";
  }
  if (e->name.empty()) e->name = a::visible_label(label);
  if (flags & ImGuiItemStatusFlags_Checkable) e->checked = (flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
  if (flags & ImGuiItemStatusFlags_Openable) e->expanded = (flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
