// #/inbox, the PM's queue: open questions ordered by the server's priority (age and customer
// value), each with what it is about and an answer box; "also add to the answer library".
#include "a11y.hpp"
#include "imgui.h"
#include "shipboard/permissions.hpp"
#include "views/views.hpp"

namespace shipboard::client {

void draw_inbox(AppState& app) {
  InboxState& in = app.inbox;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::inbox_title));
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::refresh))) inbox_load(app);
  if (in.state == LoadState::loading || in.state == LoadState::idle) {
    ImGui::TextDisabled("%s", tr(Text::loading));
    return;
  }
  if (in.state == LoadState::failed) {
    ImGui::TextDisabled("%s", tr(Text::network_error));
    return;
  }
  if (in.questions.empty()) {
    ImGui::TextDisabled("%s", tr(Text::inbox_empty));
    return;
  }
  const bool can_answer = app_can(app, int(Action::answer_question));
  ImGui::BeginChild("##questions", ImVec2(0, 0));
  int rank = 0;
  for (const Question& q : in.questions) {
    ImGui::PushID(static_cast<int>(q.id));
    ImGui::BeginChild("##q", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY |
                                               ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::TextDisabled("%d.", ++rank);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(q.body.c_str());
    ImGui::PopTextWrapPos();
    if (q.item_id) {
      const Item* it = app_find_item(app, *q.item_id);
      const std::string label = it ? it->title : "#" + std::to_string(*q.item_id);
      if (ImGui::SmallButton(label.c_str())) app_navigate(app, Route{View::item, *q.item_id});
    } else if (q.release_id) {
      ImGui::TextDisabled("%s %s", tr(Text::asked_about_release),
                          release_label(app, q.release_id).c_str());
    } else {
      ImGui::TextDisabled("%s", tr(Text::general_question));
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", q.created_at.c_str());
    if (can_answer) {
      auto& draft = in.drafts[q.id];
      a11y_next("textbox", tr(Text::answer_hint));
      ImGui::InputTextMultiline("##answer", draft.data(), draft.size(),
                                ImVec2(-1, ImGui::GetTextLineHeight() * 3));
      test_mark("answer:" + std::to_string(q.id));
      ImGui::BeginDisabled(in.sending != 0 || draft[0] == '\0');
      if (ImGui::Button(tr(Text::send_answer))) inbox_answer(app, q.id);
      test_mark("send:" + std::to_string(q.id));
      ImGui::EndDisabled();
      ImGui::SameLine();
      bool lib = in.to_library[q.id];
      if (ImGui::Checkbox(tr(Text::to_library), &lib)) in.to_library[q.id] = lib;
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace shipboard::client
