// The sign-in form: login and password, Enter or the button posts /api/v1/session. A wrong
// login or password gets one message for both (as the API does); the password is cleared.
#include "ui/a11y.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {

void draw_sign_in(AppState& app) {
  SignInForm& form = app.sign_in;
  const float width = ImGui::GetFontSize() * 22;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f,
                             ImGui::GetCursorPosY() + avail.y * 0.15f));
  ImGui::BeginChild("##sign_in", ImVec2(width, 0), ImGuiChildFlags_Borders |
                                                       ImGuiChildFlags_AutoResizeY |
                                                       ImGuiChildFlags_AlwaysUseWindowPadding);
  ImGui::TextUnformatted(tr(Text::sign_in_title));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", tr(Text::sign_in_hint));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  bool submit = false;
  ImGui::BeginDisabled(form.busy);
  ImGui::TextUnformatted(tr(Text::login));
  ImGui::SetNextItemWidth(-1);
  if (form.focus_login) {
    ImGui::SetKeyboardFocusHere();
    form.focus_login = false;
  }
  a11y_next("textbox", tr(Text::login));
  submit |= input_text("##login", &form.login, limits::kMaxLogin,
                             ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::TextUnformatted(tr(Text::password));
  ImGui::SetNextItemWidth(-1);
  a11y_next("textbox", tr(Text::password));
  submit |= input_text("##password", &form.password, limits::kMaxPassword,
                             ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::Spacing();
  submit |= ImGui::Button(form.busy ? tr(Text::signing_in) : tr(Text::sign_in), ImVec2(-1, 0));
  ImGui::EndDisabled();

  if (form.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.45f, 0.40f, 1.0f));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr(*form.error));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();

  if (submit && form.login[0] != '\0' && form.password[0] != '\0') app_sign_in(app);
}

}  // namespace shipboard::client
