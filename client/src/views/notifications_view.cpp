// #/notifications: what changed on followed items and on items my customers asked for
// (GET /api/v1/inbox), newest first, unread ones marked; "mark read" one or all
// (POST /api/v1/inbox/read). The top bar shows the unread count.
#include "imgui.h"
#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {

void draw_notifications(AppState& app) {
  NotificationsState& n = app.notifications;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::notifications_title));
  a11y_text(tr(Text::notifications_title), "heading");
  ImGui::SameLine();
  ImGui::TextDisabled(tr(Text::unread_count), n.unread);
  ImGui::SameLine();
  ImGui::BeginDisabled(n.unread == 0);
  if (ImGui::Button(tr(Text::mark_all_read))) notifications_mark_read(app, 0);
  test_mark("mark_all_read");
  ImGui::EndDisabled();
  ImGui::Separator();
  if (n.state == LoadState::loading && n.list.empty()) {
    ImGui::TextDisabled("%s", tr(Text::loading));
    return;
  }
  if (n.list.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_notifications));
    return;
  }
  ImGui::BeginChild("##notifications_body", ImVec2(0, 0));
  for (const Notification& note : n.list) {
    ImGui::PushID(int(note.id));
    const ImVec4 dot = note.read ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                                 : ImVec4(0.35f, 0.6f, 1.0f, 1.0f);
    ImGui::TextColored(dot, "%s", note.read ? "○" : "●");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", short_time(note.created_at).c_str());
    ImGui::SameLine();
    if (!note.read) {
      if (ImGui::SmallButton(tr(Text::mark_read))) notifications_mark_read(app, note.id);
      ImGui::SameLine();
    }
    const std::string text = std::string(event_label(note.kind)) + " · " + note.text;
    if (note.item_id) {
      ImGui::PushTextWrapPos(0.0f);
      if (ImGui::Selectable(text.c_str())) {
        if (!note.read) notifications_mark_read(app, note.id);
        app_navigate(app, Route{View::item, *note.item_id});
      }
      ImGui::PopTextWrapPos();
    } else {
      ImGui::TextWrapped("%s", text.c_str());
      a11y_text(text);
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace shipboard::client
