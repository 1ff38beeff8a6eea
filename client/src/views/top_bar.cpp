// The bar across the top of every screen: the board's name, the views the role may open
// (search, board, question queue, releases, customers, insights, notifications with the unread count,
// admin), whether live updates are connected, the theme switch, a language menu (each
// language named in itself) and who is signed in. Narrow windows get a views menu instead of
// tabs, and the rest flows onto a second line.
#include <string>
#include <vector>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "shipboard/permissions.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

struct Tab {
  Text label;
  View view;
  const char* mark;
};

std::string tab_label(const AppState& app, const Tab& t) {
  std::string s = tr(t.label);
  if (t.view == View::notifications && app.notifications.unread > 0) {
    s += " (" + std::to_string(app.notifications.unread) + ")";
  }
  return s + "##" + t.mark;
}

bool is_active(const AppState& app, View v) {
  return app.route.view == v || (v == View::releases && app.route.view == View::release);
}

}  // namespace

void draw_top_bar(AppState& app) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  flow_begin();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::app_title));
  a11y_text(tr(Text::app_title), "heading");
  if (app.screen == Screen::signed_in) {
    std::vector<Tab> tabs = {{Text::nav_search, View::search, "nav:search"},
                             {Text::nav_board, View::board, "nav:board"}};
    if (app_can(app, int(Action::answer_question))) tabs.push_back({Text::nav_queue, View::queue, "nav:queue"});
    tabs.push_back({Text::nav_releases, View::releases, "nav:releases"});
    if (app_can(app, int(Action::list_customers))) tabs.push_back({Text::nav_customers, View::customers, "nav:customers"});
    tabs.push_back({Text::nav_insights, View::insights, "nav:insights"});
    tabs.push_back({Text::nav_notifications, View::notifications, "nav:notifications"});
    if (route_allowed(app, View::admin)) tabs.push_back({Text::nav_admin, View::admin, "nav:admin"});
    float tabs_w = 0;
    for (const Tab& t : tabs) {
      tabs_w += ImGui::CalcTextSize(tab_label(app, t).c_str(), nullptr, true).x +
                style.FramePadding.x * 2 + style.ItemSpacing.x;
    }
    if (tabs_w < ImGui::GetContentRegionAvail().x - em * 4) {
      for (const Tab& t : tabs) {
        const std::string label = tab_label(app, t);
        flow_next(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + style.FramePadding.x * 2);
        const bool active = is_active(app, t.view);
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        a11y_next("link", label.substr(0, label.find("##")));
        if (ImGui::Button(label.c_str())) app_navigate(app, Route{t.view, 0});
        if (active) ImGui::PopStyleColor();
        test_mark(t.mark);
      }
    } else {
      // Narrow: one menu of the views; marks still name each entry while the menu is open.
      std::string current = tr(Text::nav_menu);
      for (const Tab& t : tabs) {
        if (is_active(app, t.view)) current = std::string(tr(Text::nav_menu)) + " · " + tr(t.label);
      }
      flow_next(em * 9);
      ImGui::SetNextItemWidth(em * 9);
      a11y_next("combobox", tr(Text::nav_menu));
      if (ImGui::BeginCombo("##views", current.c_str())) {
        for (const Tab& t : tabs) {
          if (ImGui::Selectable(tab_label(app, t).c_str(), is_active(app, t.view))) {
            app_navigate(app, Route{t.view, 0});
          }
          test_mark(t.mark);
        }
        ImGui::EndCombo();
      }
      test_mark("nav:menu");
    }
    const char* live = app.live.online ? tr(Text::live) : tr(Text::offline);
    flow_next(ImGui::CalcTextSize(live).x + em * 1.5f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(app.live.online ? ImVec4(0.3f, 0.75f, 0.4f, 1) : ImVec4(0.9f, 0.5f, 0.3f, 1),
                       "● %s", live);
  }

  // Right-hand group: who, theme, language, sign out.
  const char* current = tr(Text::lang_name);
  const char* theme = app.dark ? tr(Text::theme_light) : tr(Text::theme_dark);
  const float lang_w = ImGui::CalcTextSize(current).x + ImGui::GetFrameHeight() + style.FramePadding.x * 2;
  float right = lang_w + ImGui::CalcTextSize(theme).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  if (app.user) {
    right += ImGui::CalcTextSize(tr(Text::sign_out)).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
    right += ImGui::CalcTextSize(tr(Text::signed_in_as)).x +
             ImGui::CalcTextSize(app.user->name.c_str()).x + style.ItemSpacing.x;
  }
  flow_next(right);
  const float gap = ImGui::GetContentRegionAvail().x - right;
  if (ImGui::GetItemRectMax().y > ImGui::GetCursorScreenPos().y && gap > 0) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gap);  // same line: push to the right edge
  }
  if (app.user) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s%s", tr(Text::signed_in_as), app.user->name.c_str());
    a11y_text(std::string(tr(Text::signed_in_as)) + app.user->name);
    ImGui::SameLine();
  }
  if (ImGui::Button(theme)) app_set_theme(app, !app.dark);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::theme_hint));
  test_mark("theme");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(lang_w);
  a11y_next("combobox", tr(Text::language));
  if (ImGui::BeginCombo("##language", current)) {
    for (Lang lang : {Lang::zh_Hant, Lang::zh_Hans, Lang::en}) {
      if (ImGui::Selectable(tr(Text::lang_name, lang), lang == language())) app_set_language(app, lang);
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
