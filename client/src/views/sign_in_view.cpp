// The sign-in view. The ways in come from GET /api/v1/session/options, asked when the view is
// first shown: "Sign in with your company account" (OpenID Connect: the page goes to
// /auth/oidc/start) when the server has it, above the login + password form unless the
// operator turned local sign-in off (then a line says so instead). Until the options are
// known, or when the server cannot say (an older one answers 404), the password form alone.
// The form: Enter or the button posts /api/v1/session. A wrong login or password gets one
// message for both (as the API does); the password is cleared.
#include "ui/a11y.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {

void draw_sign_in(AppState& app) {
  sign_in_options_load(app);  // once
  SignInForm& form = app.sign_in;
  const SignInOptions& options = app.sign_in_options;
  const bool known = options.state == LoadState::loaded;
  const bool company = known && options.oidc;
  const bool local = !known || options.local;
  const float width = ImGui::GetFontSize() * 22;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f,
                             ImGui::GetCursorPosY() + avail.y * 0.15f));
  ImGui::BeginChild("##sign_in", ImVec2(width, 0), ImGuiChildFlags_Borders |
                                                       ImGuiChildFlags_AutoResizeY |
                                                       ImGuiChildFlags_AlwaysUseWindowPadding);
  ImGui::TextUnformatted(tr(Text::sign_in_title));
  a11y_text(tr(Text::sign_in_title), "heading");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", tr(Text::sign_in_hint));
  a11y_text(tr(Text::sign_in_hint));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  ImGui::BeginDisabled(form.busy);
  if (company) {
    // Enter on it (keyboard navigation, or the mirror's <button>) is a click as well.
    a11y_next("button", tr(Text::sign_in_company));
    if (ImGui::Button((std::string(tr(Text::sign_in_company)) + "##oidc").c_str(), ImVec2(-1, 0))) {
      app_sign_in_company(app);
    }
    test_mark("sign_in_company");
    ImGui::Spacing();
  }
  if (company && local) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::PushStyleVar(ImGuiStyleVar_SeparatorTextAlign, ImVec2(0.5f, 0.5f));
    ImGui::SeparatorText(tr(Text::sign_in_or_local));
    a11y_text(tr(Text::sign_in_or_local));
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::Spacing();
  }
  if (!local) {
    const ImVec4 dim = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    wrapped_text(tr(Text::local_sign_in_off), &dim);
    a11y_text(tr(Text::local_sign_in_off));
  }

  bool submit = false;
  if (local) {
    ImGui::TextUnformatted(tr(Text::login));  // the text box's name in the mirror
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
  }
  ImGui::EndDisabled();

  // A failure of the form (a 403 too: local sign-in turned off meanwhile, when the options
  // could not say); not repeated when the line above says it already.
  if (form.error && !(!local && *form.error == Text::local_sign_in_off)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.45f, 0.40f, 1.0f));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr(*form.error));
    a11y_text(tr(*form.error));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();

  if (local && submit && form.login[0] != '\0' && form.password[0] != '\0') app_sign_in(app);
}

}  // namespace shipboard::client
