// #/releases: the roadmap (timeline + a table of releases with dates, state and the value
// still waiting on each) and #/releases/{id}: one release's notes, training FAQ, the questions
// asked about it (GET /api/v1/questions?release=N) and its items with their value at stake;
// PMs edit a release there (name, dates, state, notes, FAQ) with If-Match and the 412 panel.
#include "ui/a11y.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
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

// A caption in front of a field that fills the rest of the line (the caption is its name).
void field_label(Text t, float label_w) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(t));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(-1);
  a11y_next("textbox", tr(t));
}

// The PM's release form: name, dates, state, notes and FAQ; the 412 panel; errors.
void draw_release_form(AppState& app) {
  ReleaseEdit& e = app.releases.edit;
  const float em = ImGui::GetFontSize();
  const float label_w = em * 6;
  const bool creating = e.id == kNewRecord;
  ImGui::SeparatorText(tr(creating ? Text::new_release : Text::edit_release));
  if (e.conflict) {
    const Release& now = *e.conflict;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.22f, 0.10f, 1.0f));
    ImGui::BeginChild("##release_conflict", ImVec2(0, 0),
                      ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::TextUnformatted(tr(Text::conflict_other));
    a11y_text(tr(Text::conflict_other));
    auto diff = [](Text label, const std::string& a, const std::string& b) {
      if (a == b) return;
      const std::string line = std::string(tr(label)) + ": " + (a.empty() ? "—" : a) + " → " + (b.empty() ? "—" : b);
      ImGui::BulletText("%s", line.c_str());
      a11y_text(line);
    };
    diff(Text::field_name, e.base.name, now.name);
    diff(Text::col_planned, e.base.planned_date, now.planned_date);
    diff(Text::col_shipped, e.base.shipped_date, now.shipped_date);
    diff(Text::col_state, tr(e.base.state), tr(now.state));
    diff(Text::release_notes, text_prefix(e.base.notes, 60), text_prefix(now.notes, 60));
    diff(Text::release_faq, text_prefix(e.base.faq, 60), text_prefix(now.faq, 60));
    if (ImGui::Button(tr(Text::conflict_reapply))) release_edit_reapply(app);
    test_mark("release_reapply");
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::conflict_discard))) release_edit_begin(app, now);
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  field_label(Text::field_name, label_w);
  input_text("##rel_name", &e.name, limits::kShortText);
  test_mark("release_name");
  field_label(Text::col_planned, label_w);
  input_text_hint("##rel_planned", tr(Text::date_hint), &e.planned, limits::kShortText);
  test_mark("release_planned");
  field_label(Text::col_shipped, label_w);
  input_text_hint("##rel_shipped", tr(Text::date_hint), &e.shipped, limits::kShortText);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::col_state));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(-1);
  a11y_next("combobox", tr(Text::col_state));
  if (ImGui::BeginCombo("##rel_state", tr(e.state))) {
    for (ReleaseState st : {ReleaseState::planned, ReleaseState::in_progress, ReleaseState::released}) {
      if (ImGui::Selectable(tr(st), st == e.state)) e.state = st;
    }
    ImGui::EndCombo();
  }
  ImGui::TextUnformatted(tr(Text::release_notes));
  a11y_next("textbox", tr(Text::release_notes));
  input_text_multiline("##rel_notes", &e.notes, limits::kLongText, ImVec2(-1, em * 5));
  ImGui::TextUnformatted(tr(Text::release_faq));
  a11y_next("textbox", tr(Text::release_faq));
  input_text_multiline("##rel_faq", &e.faq, limits::kLongText, ImVec2(-1, em * 5));
  ImGui::BeginDisabled(e.saving || e.conflict.has_value());
  if (ImGui::Button(e.saving ? tr(Text::saving) : tr(creating ? Text::create : Text::save))) {
    release_edit_save(app);
  }
  test_mark("release_save");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::cancel))) e = ReleaseEdit{};
  if (!e.error.empty()) {
    const std::string msg = std::string(tr(Text::save_failed)) + e.error;
    const ImVec4 red(0.95f, 0.45f, 0.4f, 1);
    wrapped_text(msg, &red);
    a11y_text(msg);
  }
}

void heading(Text t) {
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t), "heading");
  ImGui::Separator();
}

}  // namespace

void draw_releases(AppState& app) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::releases_title));
  a11y_text(tr(Text::releases_title), "heading");
  ReleaseEdit& edit = app.releases.edit;
  if (app_can(app, int(Action::create_release)) && edit.id != kNewRecord) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::new_release))) release_create_begin(app);
    test_mark("release_new");
  }
  if (edit.id == kNewRecord) draw_release_form(app);
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
  a11y_table(tr(Text::releases_title));
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
    int count = 0;
    const Money m = value_waiting(app, r.id, &count);
    const std::string cells[] = {
        tr(r.state), r.planned_date.empty() ? tr(Text::none_value) : r.planned_date,
        r.shipped_date.empty() ? tr(Text::none_value) : r.shipped_date,
        app_can(app, int(Action::see_internal)) ? format_money(m) : tr(Text::none_value)};
    for (int col = 1; col < 5; ++col) {
      ImGui::TableSetColumnIndex(col);
      const bool hidden = col == 4 && !app_can(app, int(Action::see_internal));
      ImGui::PushStyleColor(
          ImGuiCol_Text, ImGui::GetStyleColorVec4(hidden ? ImGuiCol_TextDisabled : ImGuiCol_Text));
      ImGui::TextUnformatted(cells[col - 1].c_str());
      ImGui::PopStyleColor();
      a11y_text(cells[col - 1]);
    }
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
  ReleaseEdit& edit = app.releases.edit;
  if (release_may_edit(app) && edit.id != r->id) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::edit))) release_edit_begin(app, *r);
    test_mark("release_edit");
  }
  if (edit.saved_flash && now_ms() < app.animate_until_ms) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "%s", tr(Text::saved));
  }
  const std::string dates = std::string(tr(r->state)) + " · " + tr(Text::col_planned) + " " +
                            (r->planned_date.empty() ? tr(Text::none_value) : r->planned_date) +
                            " · " + tr(Text::col_shipped) + " " +
                            (r->shipped_date.empty() ? tr(Text::none_value) : r->shipped_date);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", dates.c_str());
  ImGui::PopTextWrapPos();
  a11y_text(dates);
  ImGui::BeginChild("##release_body", ImVec2(0, 0), ImGuiChildFlags_None);
  if (edit.id == r->id) draw_release_form(app);
  heading(Text::release_notes);
  text_block(r->notes.empty() ? tr(Text::none_value) : r->notes);
  heading(Text::release_faq);
  text_block(r->faq.empty() ? tr(Text::none_value) : r->faq);
  heading(Text::release_questions);
  if (app.releases.questions_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
  else if (app.releases.questions.empty()) ImGui::TextDisabled("%s", tr(Text::no_questions));
  for (const Question& q : app.releases.questions) {
    const char* state =
        q.state == QuestionState::open ? tr(Text::question_open) : tr(Text::question_answered);
    ImGui::TextColored(q.state == QuestionState::open ? ImVec4(0.95f, 0.7f, 0.3f, 1)
                                                      : ImVec4(0.45f, 0.8f, 0.5f, 1),
                       "%s", state);
    a11y_text(state);
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
    const std::string waiting = std::string(tr(Text::value_waiting)) + ": " + format_money(m);
    ImGui::TextUnformatted(waiting.c_str());
    a11y_text(waiting);
  }
  std::vector<const Item*> items;
  for (const Item& it : app.items.items) {
    if (it.release_id == r->id && !it.merged_into) items.push_back(&it);
  }
  if (items.empty()) ImGui::TextDisabled("%s", tr(Text::no_items));
  else
    item_list(app, "release_items", tr(Text::release_items), items);
  ImGui::EndChild();
}

}  // namespace shipboard::client
