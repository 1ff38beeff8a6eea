// #/queue, the PM's queue: new requests to triage (items still under review, highest value at
// stake first, with possible duplicates and Plan / Decline / Merge into…), then open questions
// ordered by the server's priority (age and customer value), each with an answer box. Also the
// "Merge into…" dialog, which the item page opens too. Both lists are cards on screen and
// tables in the accessibility mirror (a row per card).
#include <cstdio>
#include <string>
#include <vector>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "shipboard/permissions.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

// What a list shows instead of its rows while loading, after a failure or when empty (true
// then: draw no rows).
bool placeholder(LoadState state, bool empty, Text when_empty) {
  const Text line = state == LoadState::loading || state == LoadState::idle ? Text::loading
                    : state == LoadState::failed                           ? Text::network_error
                    : empty                                                ? when_empty
                                                                           : Text::count_;
  if (line == Text::count_) return false;
  ImGui::TextDisabled("%s", tr(line));
  return true;
}

void draw_triage(AppState& app) {
  QuestionQueue& in = app.queue;
  ImGui::SeparatorText(tr(Text::triage_title));
  if (in.triage_notice) {
    const ImVec4 amber(0.95f, 0.65f, 0.30f, 1.0f);
    wrapped_text(tr(*in.triage_notice), &amber);
    a11y_text(tr(*in.triage_notice));
  }
  if (placeholder(in.triage_state, in.triage.empty(), Text::triage_empty)) return;
  // A card per item; in the mirror a table with a row per card.
  a11y_table_begin(tr(Text::triage_title),
                   {tr(Text::col_title), tr(Text::col_requests), tr(Text::col_duplicates),
                    tr(Text::col_actions)},
                   int(in.triage.size()));
  int row = 0;
  for (const Item& it : in.triage) {
    const std::string id = std::to_string(it.id);
    ImGui::PushID(static_cast<int>(it.id));
    ImGui::BeginChild("##t", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY |
                                               ImGuiChildFlags_AlwaysUseWindowPadding);
    a11y_row(row++);
    a11y_column(0);
    if (ImGui::SmallButton(it.title.c_str())) app_navigate(app, Route{View::item, it.id});
    test_mark("triage:" + id);
    a11y_column(1);
    char requests[96];
    std::snprintf(requests, sizeof requests, tr(Text::triage_requests), int(it.request_count));
    const std::string facts = std::string(requests) + " · " + format_money(it.value_at_stake) +
                              " · " + it.created_at.substr(0, 10);
    ImGui::TextDisabled("%s", facts.c_str());
    a11y_text(facts);
    const auto dup = in.duplicates.find(it.id);
    if (dup != in.duplicates.end() && !dup->second.empty()) {
      a11y_column(2);
      ImGui::TextDisabled("%s", tr(Text::possible_duplicate));
      a11y_text(tr(Text::possible_duplicate));
      for (const Id other : dup->second) {
        ImGui::SameLine();
        item_link(app, other);
      }
    }
    a11y_column(3);
    ImGui::BeginDisabled(in.triage_busy != 0);
    flow_begin();
    a11y_next("button", tr_with(Text::triage_plan_for, it.title));
    if (flow_button(tr(Text::triage_plan))) triage_set_status(app, it.id, ItemStatus::planned);
    test_mark("plan:" + id);
    a11y_next("button", tr_with(Text::triage_decline_for, it.title));
    if (flow_button(tr(Text::triage_decline))) triage_set_status(app, it.id, ItemStatus::declined);
    test_mark("decline:" + id);
    a11y_next("button", tr_with(Text::merge_into_for, it.title));
    if (flow_button(tr(Text::merge_into))) {
      merge_open(app, it.id, dup != in.duplicates.end() && !dup->second.empty() ? dup->second[0] : 0);
    }
    test_mark("merge:" + id);
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::PopID();
  }
  a11y_table_end();
}

void draw_questions(AppState& app) {
  QuestionQueue& in = app.queue;
  ImGui::SeparatorText(tr(Text::queue_title));
  if (placeholder(in.state, in.questions.empty(), Text::queue_empty)) return;
  const bool can_answer = app_can(app, int(Action::answer_question));
  std::vector<std::string> columns = {tr(Text::col_rank), tr(Text::col_question),
                                      tr(Text::col_about), tr(Text::col_asked)};
  if (can_answer) columns.push_back(tr(Text::col_answer));
  a11y_table_begin(tr(Text::queue_title), columns, int(in.questions.size()));
  int rank = 0;
  for (const Question& q : in.questions) {
    ImGui::PushID(static_cast<int>(q.id));
    ImGui::BeginChild("##q", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY |
                                               ImGuiChildFlags_AlwaysUseWindowPadding);
    a11y_row(rank);
    a11y_column(0);
    const std::string number = std::to_string(++rank) + ".";
    ImGui::TextDisabled("%s", number.c_str());
    a11y_text(number);
    ImGui::SameLine();
    a11y_column(1);
    wrapped_text(q.body);
    a11y_text(q.body);
    flow_begin();
    a11y_column(2);
    if (q.item_id) {
      item_link(app, *q.item_id);
    } else {
      const std::string about = q.release_id ? std::string(tr(Text::asked_about_release)) + " " +
                                                   release_label(app, q.release_id)
                                             : std::string(tr(Text::general_question));
      ImGui::TextDisabled("%s", about.c_str());
      a11y_text(about);
    }
    const std::string when = short_time(q.created_at);  // on the next line when it does not fit
    flow_next(ImGui::CalcTextSize(when.c_str()).x);
    a11y_column(3);
    ImGui::TextDisabled("%s", when.c_str());
    a11y_text(when);
    if (can_answer) {
      a11y_column(4);
      auto& draft = in.drafts[q.id];
      a11y_next("textbox", tr(Text::answer_hint));
      input_text_multiline("##answer", &draft, limits::kLongText,
                                ImVec2(-1, ImGui::GetTextLineHeight() * 3));
      test_mark("answer:" + std::to_string(q.id));
      ImGui::BeginDisabled(in.sending != 0 || draft[0] == '\0');
      if (ImGui::Button(tr(Text::send_answer))) queue_answer(app, q.id);
      test_mark("send:" + std::to_string(q.id));
      ImGui::EndDisabled();
      ImGui::SameLine();
      bool lib = in.to_library[q.id];
      if (ImGui::Checkbox(tr(Text::to_library), &lib)) in.to_library[q.id] = lib;
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
  a11y_table_end();
}

}  // namespace

void draw_question_queue(AppState& app) {
  if (ImGui::Button(tr(Text::refresh))) queue_load(app);
  ImGui::BeginChild("##queue", ImVec2(0, 0));
  if (app_can(app, int(Action::merge_items))) draw_triage(app);
  draw_questions(app);
  ImGui::EndChild();
}

void draw_merge_dialog(AppState& app) {
  MergeDialog& m = app.merge;
  if (m.open_requested) {
    ImGui::OpenPopup("##merge");
    m.open_requested = false;
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSizeConstraints(ImVec2(em * 20, 0), ImVec2(em * 34, em * 30));
  if (!ImGui::BeginPopup("##merge")) {
    if (m.from && !m.sending) m = MergeDialog{};  // closed by a click outside or Escape
    return;
  }
  const Item* from = app_find_item(app, m.from);
  ImGui::TextUnformatted(from ? from->title.c_str() : ("#" + std::to_string(m.from)).c_str());
  ImGui::PushTextWrapPos(em * 32);
  ImGui::TextDisabled("%s", tr(Text::merge_title));
  ImGui::PopTextWrapPos();
  a11y_text(tr(Text::merge_title));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  a11y_next("textbox", tr(Text::merge_search_hint));
  input_text_hint("##merge_q", tr(Text::merge_search_hint), &m.query, limits::kShortText);
  test_mark("merge_query");
  ImGui::BeginChild("##merge_list", ImVec2(0, em * 12), ImGuiChildFlags_Borders);
  for (const Item* it : merge_candidates(app)) {
    ImGui::PushID(static_cast<int>(it->id));
    const std::string label = "#" + std::to_string(it->id) + "  " + it->title;
    if (ImGui::Selectable(label.c_str(), m.into == it->id)) m.into = it->id;
    test_mark("into:" + std::to_string(it->id));
    ImGui::PopID();
  }
  ImGui::EndChild();
  if (!m.error.empty()) {
    const ImVec4 red(0.95f, 0.45f, 0.40f, 1.0f);
    const std::string message = std::string(tr(Text::merge_failed)) + m.error;
    wrapped_text(message, &red);
    a11y_text(message);
  }
  ImGui::BeginDisabled(m.into == 0 || m.sending);
  if (ImGui::Button(tr(Text::merge_confirm))) merge_send(app);
  test_mark("merge_confirm");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::cancel))) {
    m = MergeDialog{};
    ImGui::CloseCurrentPopup();
  }
  if (m.from == 0) ImGui::CloseCurrentPopup();  // merged (merge_send resets the dialog)
  ImGui::EndPopup();
}

}  // namespace shipboard::client
