// #/admin (admins only): users (list, add, change role, deactivate / reactivate with If-Match),
// embed tokens (create, revoke; a new token shows the snippet an intranet page pastes) and API
// bearer tokens (create, revoke; the secret is shown once).
#include <nlohmann/json.hpp>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

constexpr Role kRoles[] = {Role::admin, Role::pm, Role::support, Role::sales, Role::viewer};

void heading(Text t) {
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t), "heading");
  ImGui::Separator();
}

bool role_combo(const char* id, int* index) {
  bool changed = false;
  a11y_next("combobox", tr(Text::col_role));
  if (ImGui::BeginCombo(id, tr(kRoles[*index]))) {
    for (int i = 0; i < 5; ++i) {
      if (ImGui::Selectable(tr(kRoles[i]), i == *index)) {
        *index = i;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// A read-only box with a secret or snippet and a Copy button.
void copy_box(const char* id, const std::string& text) {
  ImGui::PushID(id);
  std::string buf = text;
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7);
  a11y_next("textbox", text);
  ImGui::InputText("##value", buf.data(), buf.size() + 1, ImGuiInputTextFlags_ReadOnly);
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::copy))) clipboard_copy_now(text);
  test_mark(std::string("copy_box:") + id);
  ImGui::PopID();
}

void draw_users(AppState& app) {
  AdminState& a = app.admin;
  const float em = ImGui::GetFontSize();
  heading(Text::admin_users);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  const float row = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
  if (ImGui::BeginTable("users", 4, flags, ImVec2(0, row * float(a.users.size() + 1) + em))) {
    a11y_table(tr(Text::admin_users));
    ImGui::TableSetupColumn(tr(Text::col_login), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_name), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_role), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_active), 0, em * 7);
    ImGui::TableHeadersRow();
    for (const User& u : a.users) {
      ImGui::PushID(int(u.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(u.login.c_str());
      a11y_text(u.login);
      ImGui::TableSetColumnIndex(1);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(u.name.c_str());
      a11y_text(u.name);
      ImGui::TableSetColumnIndex(2);
      int role = 0;
      while (role < 4 && kRoles[role] != u.role) ++role;
      ImGui::SetNextItemWidth(em * 6.5f);
      if (role_combo("##role", &role)) {
        admin_patch_user(app, u, {{"role", std::string(to_string(kRoles[role]))}});
      }
      ImGui::TableSetColumnIndex(3);
      const bool self = app.user && app.user->id == u.id;
      ImGui::BeginDisabled(self);
      if (ImGui::Button(u.active ? tr(Text::deactivate) : tr(Text::reactivate))) {
        admin_patch_user(app, u, {{"active", !u.active}});
      }
      ImGui::EndDisabled();
      test_mark("user_active:" + u.login);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  flow_begin();
  flow_input("##new_login", Text::col_login, &a.new_login, limits::kMaxLogin, 8);
  flow_input("##new_name", Text::col_name, &a.new_name, limits::kShortText, 8);
  flow_input("##new_password", Text::password, &a.new_password, limits::kMaxPassword, 8,
             ImGuiInputTextFlags_Password);
  flow_next(em * 7);
  ImGui::SetNextItemWidth(em * 7);
  role_combo("##new_role", &a.new_role);
  if (flow_button(tr(Text::create_user))) admin_create_user(app);
  test_mark("create_user");
}

void draw_tokens(AppState& app) {
  AdminState& a = app.admin;
  const float em = ImGui::GetFontSize();
  heading(Text::embed_tokens);
  for (const EmbedToken& t : a.embed_tokens) {
    ImGui::PushID(int(t.id));
    ImGui::Text("#%lld %s · %s", (long long)t.id, t.label.c_str(),
                t.scope.area.empty() ? tr(Text::scope_board) : t.scope.area.c_str());
    ImGui::SameLine();
    if (t.revoked) ImGui::TextDisabled("%s", tr(Text::revoked));
    else if (ImGui::SmallButton(tr(Text::revoke))) admin_revoke(app, true, t.id);
    ImGui::PopID();
  }
  flow_begin();
  flow_input("##embed_label", Text::label_hint, &a.embed_label, limits::kShortText, 12);
  flow_input("##embed_area", Text::area_scope_hint, &a.embed_area, limits::kShortText, 12);
  if (flow_button(tr(Text::create_embed_token))) admin_create_embed_token(app);
  test_mark("create_embed_token");
  if (!a.last_embed_token.empty()) {
    ImGui::TextWrapped("%s", tr(Text::embed_snippet));
    const Id item = app.items.items.empty() ? 1 : app.items.items.front().id;
    copy_box("snippet", embed_snippet(a.last_embed_token, item));
  }

  heading(Text::api_tokens);
  for (const ApiToken& t : a.api_tokens) {
    ImGui::PushID(int(t.id) + 100000);
    ImGui::Text("#%lld %s · %s", (long long)t.id, t.label.c_str(), t.role.c_str());
    ImGui::SameLine();
    if (t.revoked) ImGui::TextDisabled("%s", tr(Text::revoked));
    else if (ImGui::SmallButton(tr(Text::revoke))) admin_revoke(app, false, t.id);
    ImGui::PopID();
  }
  flow_begin();
  flow_input("##api_label", Text::label_hint, &a.api_label, limits::kShortText, 12);
  flow_next(em * 7);
  ImGui::SetNextItemWidth(em * 7);
  role_combo("##api_role", &a.api_role);
  if (flow_button(tr(Text::create_api_token))) admin_create_api_token(app);
  if (!a.last_api_token.empty()) {
    ImGui::TextWrapped("%s", tr(Text::token_once));
    copy_box("api_token", a.last_api_token);
  }
}

}  // namespace

void draw_admin(AppState& app) {
  AdminState& a = app.admin;
  ImGui::TextUnformatted(tr(Text::admin_title));
  a11y_text(tr(Text::admin_title), "heading");
  if (!a.message.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(a.error ? ImVec4(0.95f, 0.45f, 0.4f, 1) : ImVec4(0.45f, 0.8f, 0.5f, 1), "%s",
                       a.message.c_str());
  }
  if (!app_can(app, int(Action::manage_users))) return;
  ImGui::BeginChild("##admin_body", ImVec2(0, 0));
  if (a.state == LoadState::loading && a.users.empty()) ImGui::TextDisabled("%s", tr(Text::loading));
  draw_users(app);
  draw_tokens(app);
  ImGui::EndChild();
}

}  // namespace shipboard::client
