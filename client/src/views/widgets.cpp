// Small widgets several views share: the status badge, the commitment label, the customer
// answer with its Copy button and stale mark, and the test marks (where a widget is on the
// page, for window.shipboard.state(), so browser tests click real widgets).
#include <map>

#include <nlohmann/json.hpp>

#include "platform.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

std::map<std::string, ImVec4> marks;  // name -> x, y, w, h in device pixels

ImVec4 status_colour(ItemStatus s) {
  switch (s) {
    case ItemStatus::under_review: return ImVec4(0.40f, 0.42f, 0.48f, 1.0f);
    case ItemStatus::planned: return ImVec4(0.25f, 0.45f, 0.75f, 1.0f);
    case ItemStatus::in_progress: return ImVec4(0.60f, 0.45f, 0.15f, 1.0f);
    case ItemStatus::beta: return ImVec4(0.50f, 0.30f, 0.70f, 1.0f);
    case ItemStatus::shipped: return ImVec4(0.20f, 0.55f, 0.30f, 1.0f);
    case ItemStatus::declined: return ImVec4(0.55f, 0.25f, 0.25f, 1.0f);
  }
  return ImVec4(0.4f, 0.4f, 0.4f, 1.0f);
}

}  // namespace

void status_badge(ItemStatus status) {
  const char* label = tr(status);
  const ImVec2 pad(ImGui::GetFontSize() * 0.4f, ImGui::GetFontSize() * 0.1f);
  const ImVec2 text = ImGui::CalcTextSize(label);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(text.x + pad.x * 2, text.y + pad.y * 2);
  ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                                            ImGui::GetColorU32(status_colour(status)),
                                            size.y * 0.5f);
  ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y),
                                      IM_COL32(255, 255, 255, 255), label);
  ImGui::Dummy(size);
}

ImVec4 commitment_colour(Commitment c) {
  switch (c) {
    case Commitment::committed: return ImVec4(0.45f, 0.85f, 0.50f, 1.0f);
    case Commitment::tentative: return ImVec4(0.95f, 0.75f, 0.35f, 1.0f);
    case Commitment::none: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

void commitment_label(Commitment c) { ImGui::TextColored(commitment_colour(c), "%s", tr(c)); }

void answer_with_copy(AppState& app, const Item& item, bool wrap) {
  if (item.customer_answer.empty()) {
    ImGui::TextDisabled("%s", tr(Text::none_value));
    return;
  }
  const bool just_copied = app.items.copied_item == item.id && now_ms() < app.animate_until_ms;
  ImGui::PushID(static_cast<int>(item.id));
  if (ImGui::SmallButton(just_copied ? tr(Text::copied) : tr(Text::copy))) copy_open(app, item.id);
  ImGui::PopID();
  test_mark("copy:" + std::to_string(item.id));
  ImGui::SameLine();
  if (item.answer_stale) {
    ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.35f, 1.0f), "%s", tr(Text::answer_stale));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::stale_hint));
    ImGui::SameLine(0, 0);
  }
  if (wrap) ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(item.customer_answer.c_str());
  if (wrap) ImGui::PopTextWrapPos();
}

void draw_copy_dialog(AppState& app) {
  CopyDialog& c = app.copy;
  if (c.open_requested) {
    ImGui::OpenPopup("##copy_for");
    c.open_requested = false;
  }
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 18, 0),
                                      ImVec2(ImGui::GetFontSize() * 30, ImGui::GetFontSize() * 28));
  if (!ImGui::BeginPopup("##copy_for")) return;
  ImGui::TextUnformatted(tr(Text::copy_for));
  ImGui::Separator();
  if (c.customers_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
  for (const Customer& cu : c.customers) {
    ImGui::PushID(static_cast<int>(cu.id));
    if (ImGui::Selectable(cu.name.c_str())) {
      copy_answer(app, cu.id);
      ImGui::CloseCurrentPopup();
    }
    test_mark("customer:" + std::to_string(cu.id));
    ImGui::PopID();
  }
  ImGui::Separator();
  if (ImGui::Selectable(tr(Text::copy_no_record))) {
    copy_answer(app, 0);
    ImGui::CloseCurrentPopup();
  }
  test_mark("customer:0");
  ImGui::EndPopup();
}

// [SECTION] Test marks ---------------------------------------------------------------------
void test_mark(const std::string& name) {
  if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped: not clickable
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  marks[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void test_marks_clear() { marks.clear(); }

std::string test_marks_json() {
  const float ratio = canvas_size().pixel_ratio;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : marks) {
    j[name] = {{"x", r.x / ratio}, {"y", r.y / ratio}, {"w", r.z / ratio}, {"h", r.w / ratio}};
  }
  return j.dump();
}

}  // namespace shipboard::client
