// #/notifications: what changed on followed items and on items my customers asked for
// (GET /api/v1/inbox), newest first, unread ones marked; "mark read" one or all
// (POST /api/v1/inbox/read). The top bar shows the unread count. Above the list, "My email
// notifications": per kind of change at once, in a daily digest or not by mail, the digest's
// time and time zone and the mail's language (GET/PATCH /api/v1/me/notifications).
#include <nlohmann/json.hpp>

#include "imgui.h"
#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

void draw_email_prefs(AppState& app) {
  EmailPrefs& e = app.email_prefs;
  const float em = ImGui::GetFontSize();
  const bool open = ImGui::CollapsingHeader(tr(Text::my_email_title));
  test_mark("email_prefs");
  if (!open) return;
  if (e.state != LoadState::loaded) {
    ImGui::TextDisabled("%s", tr(Text::loading));
    a11y_text(tr(Text::loading));
    return;
  }
  const std::string to = e.email_address.empty() ? std::string(tr(Text::email_none))
                                                 : tr_with(Text::email_goes_to, e.email_address);
  text_block(to);
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("email_modes", 2, flags)) {
    a11y_table(tr(Text::my_email_title));
    ImGui::TableSetupColumn(tr(Text::col_event), 0, em * 9);
    ImGui::TableSetupColumn(tr(Text::col_email_mode), 0, em * 8);
    ImGui::TableHeadersRow();
    for (EventType type : kDeliveredEventTypes) {
      const std::string kind(to_string(type));
      auto it = e.modes.find(kind);
      const EmailMode mode = it == e.modes.end() ? EmailMode::now : it->second;
      ImGui::PushID(kind.c_str());
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(tr(type));
      a11y_text(tr(type));
      ImGui::TableSetColumnIndex(1);
      ImGui::SetNextItemWidth(em * 7.5f);
      a11y_next("combobox", std::string(tr(Text::col_email_mode)) + " " + tr(type));
      if (ImGui::BeginCombo("##mode", tr(mode))) {
        for (EmailMode m : kAllEmailModes) {
          if (ImGui::Selectable(tr(m), m == mode) && m != mode) {
            e.modes[kind] = m;  // at once; the reload confirms
            email_prefs_save(app, {{"email", {{kind, std::string(to_string(m))}}}});
          }
        }
        ImGui::EndCombo();
      }
      test_mark("email_mode:" + kind);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  // Each field with its name beside it (the hint alone disappears once there is a value).
  auto label = [](Text t) {
    flow_next(ImGui::CalcTextSize(tr(t)).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(t));
    a11y_text(tr(t));
  };
  flow_begin();
  label(Text::digest_time_hint);
  flow_input("##digest_time", Text::digest_time_hint, &e.digest_time, 5, 5);
  label(Text::utc_offset_hint);
  flow_input("##utc_offset", Text::utc_offset_hint, &e.utc_offset, 6, 5);
  label(Text::mail_language);
  flow_next(em * 8);
  ImGui::SetNextItemWidth(em * 8);
  const Lang mail_lang = parse_language(e.lang);
  a11y_next("combobox", tr(Text::mail_language));
  if (ImGui::BeginCombo("##mail_lang", tr(Text::lang_name, mail_lang))) {
    for (Lang l : {Lang::zh_Hant, Lang::zh_Hans, Lang::en}) {
      if (ImGui::Selectable(tr(Text::lang_name, l), l == mail_lang)) e.lang = language_tag(l);
    }
    ImGui::EndCombo();
  }
  if (flow_button(tr(Text::save))) {
    email_prefs_save(app, {{"digest_time", e.digest_time}, {"utc_offset", e.utc_offset}, {"lang", e.lang}});
  }
  test_mark("email_prefs_save");
  if (!e.message.empty()) status_message(e.message, e.error);
  ImGui::Separator();
}

}  // namespace

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
  draw_email_prefs(app);
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
