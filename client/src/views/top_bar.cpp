// The bar across the top of every screen: the board's name, the views (search, board, inbox)
// and whether live updates are connected, a language menu (zh-Hant, zh-Hans, en, each named
// in its own language), and once signed in, who and a sign-out button.
#include "imgui.h"
#include "shipboard/permissions.hpp"
#include "views/views.hpp"

namespace shipboard::client {

void draw_top_bar(AppState& app) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::app_title));
  if (app.screen == Screen::board) {
    auto tab = [&](Text label, View view, const char* mark) {
      ImGui::SameLine();
      const bool active = app.route.view == view;
      if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(tr(label))) app_navigate(app, Route{view, 0});
      if (active) ImGui::PopStyleColor();
      test_mark(mark);
    };
    tab(Text::nav_search, View::search, "nav:search");
    tab(Text::nav_board, View::board, "nav:board");
    if (app_can(app, int(Action::answer_question))) tab(Text::nav_inbox, View::inbox, "nav:inbox");
    ImGui::SameLine();
    if (app.live.online) {
      ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "● %s", tr(Text::live));
    } else {
      ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.35f, 1), "● %s", tr(Text::offline));
    }
  }

  const ImGuiStyle& style = ImGui::GetStyle();
  const char* current = tr(Text::lang_name);
  float right = ImGui::CalcTextSize(current).x + ImGui::GetFrameHeight() + style.FramePadding.x * 2;
  if (app.user) {
    right += ImGui::CalcTextSize(tr(Text::sign_out)).x + style.FramePadding.x * 2 +
             style.ItemSpacing.x;
    right += ImGui::CalcTextSize(tr(Text::signed_in_as)).x +
             ImGui::CalcTextSize(app.user->name.c_str()).x + style.ItemSpacing.x * 2;
  }
  ImGui::SameLine();
  const float gap = ImGui::GetContentRegionAvail().x - right;
  if (gap > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gap);

  if (app.user) {
    ImGui::TextDisabled("%s%s", tr(Text::signed_in_as), app.user->name.c_str());
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(ImGui::CalcTextSize(current).x + ImGui::GetFrameHeight() +
                          style.FramePadding.x * 2);
  if (ImGui::BeginCombo("##language", current)) {
    for (Lang lang : {Lang::zh_Hant, Lang::zh_Hans, Lang::en}) {
      if (ImGui::Selectable(tr(Text::lang_name, lang), lang == language())) {
        app_set_language(app, lang);
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::language));
  if (app.user) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::sign_out))) app_sign_out(app);
  }
  ImGui::Separator();
}

}  // namespace shipboard::client
