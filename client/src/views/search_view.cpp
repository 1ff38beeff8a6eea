// #/search, the home for sales: one search box (Ctrl/Cmd+K), instant client-side matches of
// the loaded board (core matches_query) merged with the server's ranked search, each result
// answering "what can I tell my customer, and can I promise it?": status, release, ETA,
// commitment and the customer answer with a Copy button. The results are a table in the
// accessibility mirror too, every cell's text readable.
#include "ui/a11y.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

const char* entity_label(const std::string& entity) {
  if (entity == "question") return tr(Text::entity_question);
  if (entity == "release") return tr(Text::entity_release);
  return tr(Text::entity_answer);
}

void draw_results_table(AppState& app, float height) {
  SearchState& s = app.search;
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("results", 6, flags, ImVec2(0, height))) return;
  a11y_table(tr(Text::search_results), int(s.results.size()));
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Text::col_title), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn(tr(Text::col_status), ImGuiTableColumnFlags_WidthFixed,
                          status_column_width(Text::col_status));
  ImGui::TableSetupColumn(tr(Text::col_release), ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn(tr(Text::col_eta), ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
  ImGui::TableSetupColumn(tr(Text::col_commitment), ImGuiTableColumnFlags_WidthFixed,
                          commitment_column_width(Text::col_commitment));
  ImGui::TableSetupColumn(tr(Text::col_customer_answer), ImGuiTableColumnFlags_WidthStretch, 3.5f);
  ImGui::TableHeadersRow();
  // Rows have different heights (wrapped titles and answers), so ImGuiListClipper does not
  // fit. Each row's height is measured when drawn (the next row's top minus its top); a row
  // whose measured extent lies outside the visible part is not submitted, and runs of such
  // rows become one empty row of their summed height. Typing in a 500-row list then lays out
  // only what is on screen. Heights are dropped when the width, font size or language change.
  const float width = ImGui::GetWindowWidth();  // the table's scrolling window
  if (width != s.row_height_width || em != s.row_height_font || language() != s.row_height_lang) {
    s.row_height.clear();
    s.row_height_width = width;
    s.row_height_font = em;
    s.row_height_lang = language();
  }
  const float view_top = ImGui::GetScrollY() - em * 4;
  const float view_bottom = ImGui::GetScrollY() + ImGui::GetWindowHeight() + em * 4;
  const ImU32 bg[2] = {ImGui::GetColorU32(ImGuiCol_TableRowBg),
                       ImGui::GetColorU32(ImGuiCol_TableRowBgAlt)};
  Id measuring = 0;  // the row drawn last: its height is known at the next row's top
  std::int64_t measuring_version = 0;
  float measuring_top = 0;
  float skipped = 0;  // summed height of the rows skipped since the last drawn one
  auto row_top = [&](float next_top) {
    if (measuring) s.row_height[measuring] = {measuring_version, next_top - measuring_top};
    measuring = 0;
  };
  auto flush_skipped = [&] {
    if (skipped <= 0) return;
    ImGui::TableNextRow(ImGuiTableRowFlags_None, skipped);
    ImGui::TableSetColumnIndex(0);
    row_top(ImGui::GetCursorPosY() - ImGui::GetStyle().CellPadding.y);
    skipped = 0;
  };
  float y = ImGui::GetCursorPosY();  // top of the next row, in the scrolled content
  int shown = 0;
  for (int index : s.results) {
    if (index < 0 || index >= int(app.items.items.size())) continue;
    const Item& item = app.items.items[index];
    const int row = shown++;
    const int parity = row & 1;
    auto known = s.row_height.find(item.id);
    if (known != s.row_height.end() && known->second.first == item.version &&
        (y + known->second.second < view_top || y > view_bottom)) {
      skipped += known->second.second;
      y += known->second.second;
      continue;
    }
    flush_skipped();
    ImGui::PushID(static_cast<int>(item.id));
    ImGui::TableNextRow();
    a11y_row(row);
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, bg[parity]);
    ImGui::TableSetColumnIndex(0);
    const float top = ImGui::GetCursorPosY() - ImGui::GetStyle().CellPadding.y;
    row_top(top);
    measuring = item.id;
    measuring_version = item.version;
    measuring_top = top;
    ImGui::PushTextWrapPos(0.0f);
    if (ImGui::Selectable(item.title.c_str())) {
      app_navigate(app, Route{View::item, item.id});
    }
    test_mark("item:" + std::to_string(item.id));
    if (!item.area.empty()) {
      const std::string kind_area = std::string(tr(item.kind)) + " · " + item.area;
      ImGui::TextDisabled("%s", kind_area.c_str());
      a11y_text(kind_area);
    }
    ImGui::PopTextWrapPos();
    ImGui::TableSetColumnIndex(1);
    status_badge(item.status);
    ImGui::TableSetColumnIndex(2);
    const std::string release = release_label(app, item.release_id);
    ImGui::TextUnformatted(release.c_str());
    a11y_text(release);
    ImGui::TableSetColumnIndex(3);
    const char* eta = item.eta ? item.eta->text.c_str() : tr(Text::none_value);
    ImGui::TextUnformatted(eta);
    a11y_text(eta);
    ImGui::TableSetColumnIndex(4);
    commitment_label(item.commitment);
    ImGui::TableSetColumnIndex(5);
    answer_with_copy(app, item, true);
    ImGui::PopID();
    y = measuring_top + (known != s.row_height.end() ? known->second.second : em * 3);
  }
  flush_skipped();
  ImGui::EndTable();
}

}  // namespace

void draw_search(AppState& app) {
  SearchState& s = app.search;
  if (s.focus) {
    ImGui::SetKeyboardFocusHere();
    s.focus = false;
  }
  // Sales file what a customer asked for from here: the search they typed becomes the title,
  // and the dialog shows the items already like it before a new one is made.
  const bool may_file = app_can(app, int(Action::create_request)) &&
                        app_can(app, int(Action::create_item));
  const float file_w = may_file ? ImGui::CalcTextSize(tr(Text::new_request)).x +
                                      ImGui::GetStyle().FramePadding.x * 2 +
                                      ImGui::GetStyle().ItemSpacing.x
                                : 0.0f;
  ImGui::SetNextItemWidth(-file_w);
  a11y_next("textbox", tr(Text::search_hint));
  if (input_text_hint("##search", tr(Text::search_hint), &s.query, limits::kShortText)) {
    s.edited_at_ms = now_ms();
    s.results_dirty = true;
  }
  test_mark("search");
  if (may_file) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::new_request))) new_request_open(app, s.query);
    test_mark("new_request");
  }
  search_tick(app);

  if (app.items.state == LoadState::loading || app.items.state == LoadState::idle) {
    ImGui::TextDisabled("%s", tr(Text::items_loading));
    return;
  }
  if (app.items.state == LoadState::failed) {
    ImGui::TextDisabled("%s", tr(Text::items_error));
    return;
  }
  ImGui::TextDisabled(tr(Text::search_count), int(s.results.size()));
  if (s.server_state == LoadState::loading || (s.query[0] && s.sent_query != s.query)) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(Text::search_server_pending));
  }
  if (s.results.empty()) {
    ImGui::TextUnformatted(tr(Text::search_no_results));
    if (may_file && s.query[0]) {
      const std::string offer = tr_with(Text::new_request_for_query, s.query);
      if (ImGui::Button(offer.c_str())) new_request_open(app, s.query);
      test_mark("new_request_for_query");
    }
  }
  const float others = s.other_hits.empty()
                           ? 0.0f
                           : ImGui::GetTextLineHeightWithSpacing() *
                                 float(std::min<std::size_t>(s.other_hits.size(), 4) + 2);
  const float table_h = ImGui::GetContentRegionAvail().y - others;
  if (!s.results.empty()) draw_results_table(app, table_h > 100 ? table_h : 0);
  app.items_drawn_this_frame = true;

  if (!s.other_hits.empty()) {
    ImGui::SeparatorText(tr(Text::search_other_hits));
    ImGui::BeginChild("##others", ImVec2(0, 0));
    for (const SearchHit& h : s.other_hits) {
      ImGui::TextDisabled("%s", entity_label(h.entity));
      ImGui::SameLine();
      ImGui::TextUnformatted(h.title.c_str());
      if (!h.excerpt.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", h.excerpt.c_str());
    }
    ImGui::EndChild();
  }
}

}  // namespace shipboard::client
