// #/releases: the roadmap (timeline + a table of releases with dates, state and the value
// still waiting on each) and #/releases/{id}: one release's notes, training FAQ, the questions
// asked about it (GET /api/v1/questions?release=N) and its items with their value at stake.
#include "a11y.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

// Value at stake of the release's items that have not shipped (or been declined).
Money value_waiting(const AppState& app, Id release_id, int* count) {
  Money m;
  *count = 0;
  for (const Item& it : app.items.items) {
    if (it.release_id != release_id || it.merged_into) continue;
    ++*count;
    if (it.status == ItemStatus::shipped || it.status == ItemStatus::declined) continue;
    m.amount += it.value_at_stake.amount;
    m.currency = it.value_at_stake.currency;
  }
  return m;
}

void heading(Text t) {
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t), "heading");
  ImGui::Separator();
}

}  // namespace

void draw_releases(AppState& app) {
  ImGui::TextUnformatted(tr(Text::releases_title));
  a11y_text(tr(Text::releases_title), "heading");
  if (app.releases.state == LoadState::loading && app.releases.list.empty()) {
    ImGui::TextDisabled("%s", tr(Text::loading));
    return;
  }
  if (app.releases.list.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_releases));
    return;
  }
  release_timeline(app);
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("releases", 5, flags, ImGui::GetContentRegionAvail())) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(tr(Text::col_release), 0, em * 10);
  ImGui::TableSetupColumn(tr(Text::col_state), 0, em * 5);
  ImGui::TableSetupColumn(tr(Text::col_planned), 0, em * 6);
  ImGui::TableSetupColumn(tr(Text::col_shipped), 0, em * 6);
  ImGui::TableSetupColumn(tr(Text::value_waiting), 0, em * 9);
  ImGui::TableHeadersRow();
  for (const Release& r : app.releases.list) {
    ImGui::PushID(int(r.id));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (ImGui::Selectable(r.name.c_str())) app_navigate(app, Route{View::release, r.id});
    test_mark("release:" + std::to_string(r.id));
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(tr(r.state));
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(r.planned_date.empty() ? tr(Text::none_value) : r.planned_date.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(r.shipped_date.empty() ? tr(Text::none_value) : r.shipped_date.c_str());
    ImGui::TableSetColumnIndex(4);
    int count = 0;
    const Money m = value_waiting(app, r.id, &count);
    if (app_can(app, int(Action::see_internal))) ImGui::TextUnformatted(format_money(m).c_str());
    else ImGui::TextDisabled("%s", tr(Text::none_value));
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void draw_release(AppState& app) {
  if (ImGui::Button(tr(Text::back))) app_navigate(app, Route{View::releases, 0});
  const Release* r = app_find_release(app, app.route.item_id);
  if (!r) {
    ImGui::TextDisabled("%s", app.releases.state == LoadState::loaded ? tr(Text::release_not_found)
                                                                      : tr(Text::loading));
    return;
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(r->name.c_str());
  a11y_text(r->name, "heading");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s · %s %s · %s %s", tr(r->state), tr(Text::col_planned),
                      r->planned_date.empty() ? tr(Text::none_value) : r->planned_date.c_str(),
                      tr(Text::col_shipped),
                      r->shipped_date.empty() ? tr(Text::none_value) : r->shipped_date.c_str());
  ImGui::PopTextWrapPos();
  ImGui::BeginChild("##release_body", ImVec2(0, 0), ImGuiChildFlags_None);
  heading(Text::release_notes);
  text_block(r->notes.empty() ? tr(Text::none_value) : r->notes);
  heading(Text::release_faq);
  text_block(r->faq.empty() ? tr(Text::none_value) : r->faq);
  heading(Text::release_questions);
  if (app.releases.questions_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
  else if (app.releases.questions.empty()) ImGui::TextDisabled("%s", tr(Text::no_questions));
  for (const Question& q : app.releases.questions) {
    ImGui::TextColored(q.state == QuestionState::open ? ImVec4(0.95f, 0.7f, 0.3f, 1) : ImVec4(0.45f, 0.8f, 0.5f, 1),
                       "%s", q.state == QuestionState::open ? tr(Text::question_open) : tr(Text::question_answered));
    ImGui::SameLine();
    text_block(q.body);
    for (const Answer& a : q.answers) {
      ImGui::Indent();
      text_block(a.body);
      ImGui::Unindent();
    }
  }
  heading(Text::release_items);
  int count = 0;
  const Money m = value_waiting(app, r->id, &count);
  if (app_can(app, int(Action::see_internal))) {
    ImGui::Text("%s: %s", tr(Text::value_waiting), format_money(m).c_str());
  }
  std::vector<const Item*> items;
  for (const Item& it : app.items.items) {
    if (it.release_id == r->id && !it.merged_into) items.push_back(&it);
  }
  if (items.empty()) ImGui::TextDisabled("%s", tr(Text::no_items));
  else item_list(app, "release_items", items);
  ImGui::EndChild();
}

}  // namespace shipboard::client
