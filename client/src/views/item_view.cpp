// #/items/{id}: everything about one item. Left: the fields, the customer answer (copy), the
// PM's edit form (status from the core's allowed_next_statuses, release, ETA, commitment,
// answer, "confirm the answer still holds") with the 412 "changed meanwhile" panel. Right:
// customer requests (not for viewers), questions with an ask box, and the history.
#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "platform/platform.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/workflow.hpp"
#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

void field_row(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", label);
  a11y_text(label);
  ImGui::TableSetColumnIndex(1);
  const std::string shown = value.empty() ? std::string(tr(Text::none_value)) : value;
  wrapped_text(shown);
  a11y_text(shown);
}

// The caption of a field an event names ("status" → 狀態), or the field itself when the table
// has none (a field added on the server later still shows).
std::string field_caption(const std::string& field) {
  static const std::pair<const char*, Text> kFields[] = {
      {"title", Text::col_title},
      {"kind", Text::col_kind},
      {"status", Text::col_status},
      {"release_id", Text::col_release},
      {"eta", Text::col_eta},
      {"commitment", Text::col_commitment},
      {"customer_answer", Text::col_customer_answer},
      {"description", Text::field_description},
      {"area", Text::field_area},
      {"owner_id", Text::field_owner},
      {"merged_into", Text::merged_into}};
  for (const auto& [name, text] : kFields) {
    if (field == name) return tr(text);
  }
  return field;
}

// "狀態: 開發中 → 測試版" for each change an event carries: statuses and commitments in the
// UI's language, releases and owners by name.
std::string change_summary(const AppState& app, const Event& ev) {
  std::string out;
  if (!ev.data.is_object() || !ev.data.contains("changes") || !ev.data["changes"].is_object()) {
    return out;
  }
  for (const auto& [field, change] : ev.data["changes"].items()) {
    if (field == "answer_stale") continue;
    std::string from, to;
    if (change.is_object() && change.contains("from") && change.contains("to")) {
      const std::string& name = field;  // clang 14 (em++) captures no structured bindings
      auto show = [&app, &name](const nlohmann::json& v) {
        if (v.is_number_integer() && name == "release_id") return release_label(app, v.get<Id>());
        if (v.is_number_integer() && name == "owner_id") return user_label(app, v.get<Id>());
        if (v.is_string()) {
          const std::string s = v.get<std::string>();
          if (auto st = parse_item_status(s)) return std::string(tr(*st));
          if (auto c = parse_commitment(s)) return std::string(tr(*c));
          return text_prefix(s, 40);
        }
        return v.is_null() ? std::string("—") : v.dump();
      };
      from = show(change["from"]);
      to = show(change["to"]);
    }
    if (!out.empty()) out += "; ";
    out += field_caption(field) + (from.empty() && to.empty() ? "" : ": " + from + " → " + to);
  }
  return out;
}

void draw_conflict(AppState& app) {
  ItemPage& p = app.page;
  const Item& now = *p.conflict;
  const Item& base = *p.conflict_base;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.22f, 0.10f, 1.0f));
  ImGui::BeginChild("##conflict", ImVec2(0, 0),
                    ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
  ImGui::TextUnformatted(tr(Text::conflict_title));
  a11y_text(tr(Text::conflict_title));
  auto diff = [](const char* label, const std::string& a, const std::string& b) {
    if (a == b) return;
    const std::string line = std::string(label) + ": " + a + " → " + b;
    ImGui::BulletText("%s", line.c_str());
    a11y_text(line);
  };
  diff(tr(Text::col_status), tr(base.status), tr(now.status));
  diff(tr(Text::col_release), release_label(app, base.release_id),
       release_label(app, now.release_id));
  diff(tr(Text::col_eta), base.eta ? base.eta->text : "—", now.eta ? now.eta->text : "—");
  diff(tr(Text::col_commitment), tr(base.commitment), tr(now.commitment));
  diff(tr(Text::col_customer_answer), base.customer_answer, now.customer_answer);
  if (ImGui::Button(tr(Text::conflict_reapply))) item_reapply(app);
  test_mark("reapply");
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::conflict_discard))) {
    p.item = now;
    p.conflict.reset();
    p.conflict_base.reset();
    item_reset_form(p);
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void draw_edit_form(AppState& app) {
  ItemPage& p = app.page;
  ImGui::SeparatorText(tr(Text::edit_title));
  if (p.conflict && p.conflict_base) {
    draw_conflict(app);
    if (ImGui::IsWindowAppearing() || !ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.0f);
  }
  const float label_w = ImGui::GetFontSize() * 6;
  auto label = [&](Text t) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(t));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
  };
  label(Text::col_status);
  a11y_next("combobox", tr(Text::col_status));
  if (ImGui::BeginCombo("##status", tr(p.edit_status))) {
    std::vector<ItemStatus> options = allowed_next_statuses(p.item.status);
    options.insert(options.begin(), p.item.status);
    for (ItemStatus s : options) {
      if (ImGui::Selectable(tr(s), s == p.edit_status)) p.edit_status = s;
      test_mark(std::string("status:") + std::string(to_string(s)));
    }
    ImGui::EndCombo();
  }
  test_mark("edit_status");
  label(Text::col_release);
  const std::string current =
      release_label(app, p.edit_release ? std::optional<Id>(p.edit_release) : std::nullopt);
  a11y_next("combobox", tr(Text::col_release));
  if (ImGui::BeginCombo("##release", current.c_str())) {
    if (ImGui::Selectable(tr(Text::none_value), p.edit_release == 0)) p.edit_release = 0;
    for (Id id : app.items.release_ids) {
      ImGui::PushID(static_cast<int>(id));
      if (ImGui::Selectable(release_label(app, id).c_str(), p.edit_release == id))
        p.edit_release = id;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  label(Text::col_eta);
  a11y_next("textbox", tr(Text::col_eta));
  input_text_hint("##eta", tr(Text::eta_hint), &p.edit_eta, limits::kShortText);
  label(Text::col_commitment);
  a11y_next("combobox", tr(Text::col_commitment));
  if (ImGui::BeginCombo("##commitment", tr(p.edit_commitment))) {
    for (Commitment c : {Commitment::committed, Commitment::tentative, Commitment::none}) {
      if (ImGui::Selectable(tr(c), c == p.edit_commitment)) p.edit_commitment = c;
    }
    ImGui::EndCombo();
  }
  ImGui::TextUnformatted(tr(Text::col_customer_answer));
  a11y_next("textbox", tr(Text::col_customer_answer));
  input_text_multiline("##answer", &p.edit_answer, limits::kLongText,
                       ImVec2(-1, ImGui::GetTextLineHeight() * 4));
  test_mark("edit_answer");
  if (!p.item.customer_answer.empty()) ImGui::Checkbox(tr(Text::confirm_answer), &p.edit_confirm);
  ImGui::BeginDisabled(p.saving || p.conflict.has_value());
  if (ImGui::Button(p.saving ? tr(Text::saving) : tr(Text::save))) item_save(app);
  test_mark("save");
  ImGui::EndDisabled();
  if (p.saved_flash && now_ms() < app.animate_until_ms) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "%s", tr(Text::saved));
  }
  if (!p.save_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.4f, 1), "%s%s", tr(Text::save_failed),
                       p.save_error.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_requests(AppState& app) {
  ItemPage& p = app.page;
  ImGui::SeparatorText(tr(Text::section_requests));
  if (app_can(app, int(Action::create_request)) && !p.item.merged_into) {
    if (ImGui::Button(tr(Text::new_request))) new_request_open(app, "", p.item.id);
    test_mark("new_request_here");
  }
  if (p.requests.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_requests));
    return;
  }
  if (!ImGui::BeginTable("requests", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  a11y_table(tr(Text::section_requests));
  ImGui::TableSetupColumn(tr(Text::col_customer), 0, 2.5f);
  ImGui::TableSetupColumn(tr(Text::col_tier), 0, 0.6f);
  ImGui::TableSetupColumn(tr(Text::col_importance), 0, 1.2f);
  ImGui::TableSetupColumn(tr(Text::col_value), 0, 1.6f);
  ImGui::TableHeadersRow();
  for (const Request& r : p.requests) {
    ImGui::TableNextRow();
    const std::string cells[] = {
        r.customer_name.empty() ? "#" + std::to_string(r.customer_id) : r.customer_name,
        r.customer_tier ? std::string(to_string(*r.customer_tier)) : tr(Text::none_value),
        tr(r.importance), format_money(r.value_at_stake)};
    for (int col = 0; col < 4; ++col) {
      ImGui::TableSetColumnIndex(col);
      ImGui::TextUnformatted(cells[col].c_str());
      const bool quote = col == 0 && !r.quote.empty();
      if (quote && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.quote.c_str());
      a11y_text(cells[col]);
    }
  }
  ImGui::EndTable();
}

void draw_questions(AppState& app) {
  ItemPage& p = app.page;
  ImGui::SeparatorText(tr(Text::section_questions));
  if (p.questions.empty()) ImGui::TextDisabled("%s", tr(Text::no_questions));
  ImGui::PushTextWrapPos(0.0f);
  for (const Question& q : p.questions) {
    ImGui::TextColored(
        q.state == QuestionState::open ? ImVec4(0.95f, 0.75f, 0.35f, 1)
                                       : ImVec4(0.45f, 0.85f, 0.5f, 1),
        "%s", tr(q.state == QuestionState::open ? Text::question_open : Text::question_answered));
    ImGui::SameLine();
    wrapped_text(q.body);
    for (const Answer& a : q.answers) {
      ImGui::Indent();
      ImGui::TextDisabled("↳");
      ImGui::SameLine();
      wrapped_text(a.body);
      ImGui::Unindent();
    }
  }
  ImGui::PopTextWrapPos();
  if (app_can(app, int(Action::create_question))) {
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5);
    a11y_next("textbox", tr(Text::ask_hint));
    const bool enter = input_text_hint("##ask", tr(Text::ask_hint), &p.ask, limits::kLongText,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    test_mark("ask");
    ImGui::SameLine();
    ImGui::BeginDisabled(p.asking || p.ask[0] == '\0');
    if (ImGui::Button(tr(Text::ask_button)) || enter) item_ask(app);
    ImGui::EndDisabled();
  }
}

void draw_history(AppState& app) {
  ItemPage& p = app.page;
  if (!app_can(app, int(Action::read_history))) return;
  ImGui::SeparatorText(tr(Text::section_history));
  if (p.history.empty()) ImGui::TextDisabled("%s", tr(Text::no_history));
  ImGui::PushTextWrapPos(0.0f);
  for (auto it = p.history.rbegin(); it != p.history.rend(); ++it) {
    const std::string when = short_time(it->at);
    ImGui::TextDisabled("%s", when.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(event_label(it->type));
    const std::string summary = change_summary(app, *it);
    if (!summary.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", summary.c_str());
    }
    // One block per entry: when, what, and what changed.
    a11y_text(when + " " + event_label(it->type) + (summary.empty() ? "" : " " + summary));
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void draw_item_page(AppState& app) {
  ItemPage& p = app.page;
  if (ImGui::Button(tr(Text::back))) app_navigate(app, Route{View::search, 0});
  test_mark("back");
  if (p.state == LoadState::loading || p.state == LoadState::idle) {
    ImGui::TextDisabled("%s", tr(Text::item_loading));
    return;
  }
  if (p.state == LoadState::failed) {
    ImGui::TextUnformatted(tr(Text::item_not_found));
    return;
  }
  const Item& item = p.item;
  ImGui::SameLine();
  ImGui::TextDisabled("#%lld", static_cast<long long>(item.id));
  ImGui::SameLine();
  ImGui::TextUnformatted(item.title.c_str());
  if (item.owner_id && app_can(app, int(Action::list_customers))) {  // the PM who owns it
    const std::string owner =
        std::string(tr(Text::field_owner)) + " " + user_label(app, item.owner_id);
    ImGui::SameLine();
    ImGui::TextDisabled("· %s", owner.c_str());
    a11y_text(owner);
  }
  if (app_can(app, int(Action::follow))) {
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(
        ImGui::GetCursorPosX(),
        ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5));
    if (ImGui::Button(p.following ? tr(Text::following) : tr(Text::follow)))
      item_toggle_follow(app);
    test_mark("follow");
  }
  app.items_drawn_this_frame = true;
  if (item.merged_into) {  // a duplicate: its requests, followers and questions are over there
    ImGui::TextDisabled("%s", tr(Text::merged_into));
    a11y_text(tr(Text::merged_into));
    ImGui::SameLine();
    item_link(app, *item.merged_into);
    test_mark("merged_into");
  }

  const float left_w = ImGui::GetContentRegionAvail().x * 0.52f;
  ImGui::BeginChild("##left", ImVec2(left_w, 0), ImGuiChildFlags_ResizeX);
  if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingStretchProp)) {
    a11y_table(tr(Text::item_fields));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(Text::col_status));
    a11y_text(tr(Text::col_status));
    ImGui::TableSetColumnIndex(1);
    status_badge(item.status);
    field_row(tr(Text::col_kind), tr(item.kind));
    field_row(tr(Text::field_area), item.area);
    field_row(tr(Text::col_release), release_label(app, item.release_id));
    field_row(tr(Text::col_eta), item.eta ? item.eta->text : "");
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(Text::col_commitment));
    a11y_text(tr(Text::col_commitment));
    ImGui::TableSetColumnIndex(1);
    commitment_label(item.commitment);
    field_row(tr(Text::field_description), item.description);
    char score[32];
    std::snprintf(score, sizeof score, "%.2f", item.demand_score);
    field_row(tr(Text::field_demand), score);
    if (app_can(app, int(Action::see_internal))) {
      field_row(tr(Text::field_value_at_stake), format_money(item.value_at_stake));
    }
    field_row(tr(Text::field_updated), short_time(item.updated_at));
    ImGui::EndTable();
  }
  ImGui::SeparatorText(tr(Text::col_customer_answer));
  answer_with_copy(app, item, true);
  if (app_can(app, int(Action::patch_item_pm_fields))) draw_edit_form(app);
  if (app_can(app, int(Action::merge_items)) && !item.merged_into) {
    ImGui::Spacing();
    if (ImGui::Button(tr(Text::merge_into))) merge_open(app, item.id);
    test_mark("merge");
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##right", ImVec2(0, 0));
  if (app.user && app.user->role_value != Role::viewer) draw_requests(app);
  draw_questions(app);
  draw_history(app);
  ImGui::EndChild();
}

}  // namespace shipboard::client
