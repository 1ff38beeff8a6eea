// #/board: the items, filtered on the server (area, status, release, customer tier, "my
// customers" -> GET /api/v1/items query parameters), as columns by status (kanban) or as a
// table sorted by demand, value at stake, ETA or last update (the server sorts; the table's
// header picks the key and direction). A title opens the item page. Both are tables in the
// accessibility mirror (the kanban: a column per status, its cards in the cells).
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

const char* kSortKeys[] = {"demand", "value", "eta", "updated"};
constexpr Text kSortNames[] = {Text::sort_demand, Text::sort_value, Text::sort_eta,
                               Text::sort_updated};

int sort_index(const std::string& key) {
  for (int i = 0; i < 4; ++i) {
    if (key == kSortKeys[i]) return i;
  }
  return 0;
}

// A labelled combo whose label sits in front (and is its accessible name).
bool combo_begin(const char* id, Text label, const std::string& preview, float width) {
  flow_next(ImGui::CalcTextSize(tr(label)).x + width + ImGui::GetStyle().ItemSpacing.x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", tr(label));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  a11y_next("combobox", tr(label));
  return ImGui::BeginCombo(id, preview.c_str());
}

void draw_filters(AppState& app) {
  BoardFilters& f = app.board.filters;
  const float em = ImGui::GetFontSize();
  // Areas and releases: what the loaded board knows.
  std::set<std::string> areas;
  for (const Item& it : app.items.items) {
    if (!it.area.empty()) areas.insert(it.area);
  }
  if (combo_begin("##area", Text::filter_area, f.area.empty() ? tr(Text::filter_any) : f.area, em * 8)) {
    if (ImGui::Selectable(tr(Text::filter_any), f.area.empty())) f.area.clear();
    for (const std::string& a : areas) {
      if (ImGui::Selectable(a.c_str(), f.area == a)) f.area = a;
    }
    ImGui::EndCombo();
  }
  std::string status_preview;
  for (int i = 0; i < 6; ++i) {
    if (f.status_mask & (1 << i)) status_preview += (status_preview.empty() ? "" : ", ") + std::string(tr(kAllItemStatuses[i]));
  }
  if (combo_begin("##status", Text::filter_status, status_preview.empty() ? tr(Text::filter_any) : status_preview, em * 8)) {
    for (int i = 0; i < 6; ++i) {
      bool on = (f.status_mask & (1 << i)) != 0;
      if (ImGui::Checkbox(tr(kAllItemStatuses[i]), &on)) f.status_mask ^= (1 << i);
    }
    ImGui::EndCombo();
  }
  const std::string rel = f.release ? release_label(app, f.release) : tr(Text::filter_any);
  if (combo_begin("##release", Text::filter_release, rel, em * 8)) {
    if (ImGui::Selectable(tr(Text::filter_any), f.release == 0)) f.release = 0;
    for (Id id : app.items.release_ids) {
      ImGui::PushID(int(id));
      if (ImGui::Selectable(release_label(app, id).c_str(), f.release == id)) f.release = id;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (app_can(app, int(Action::see_internal))) {
    static const char* kTiers[] = {"A", "B", "C"};
    if (combo_begin("##tier", Text::filter_tier, f.tier < 0 ? tr(Text::filter_any) : kTiers[f.tier], em * 5)) {
      if (ImGui::Selectable(tr(Text::filter_any), f.tier < 0)) f.tier = -1;
      for (int i = 0; i < 3; ++i) {
        if (ImGui::Selectable(kTiers[i], f.tier == i)) f.tier = i;
      }
      ImGui::EndCombo();
    }
    flow_next(ImGui::CalcTextSize(tr(Text::filter_mine)).x + em * 2);
    ImGui::Checkbox(tr(Text::filter_mine), &f.mine);
  }
  const int si = sort_index(f.sort);
  if (combo_begin("##sort", Text::sort_by, tr(kSortNames[si]), em * 7)) {
    for (int i = 0; i < 4; ++i) {
      if (ImGui::Selectable(tr(kSortNames[i]), i == si)) {
        f.sort = kSortKeys[i];
        app.board.descending = (i != 2);
      }
    }
    ImGui::EndCombo();
  }
  if (!(f == BoardFilters{}) && flow_button(tr(Text::filter_clear))) f = BoardFilters{};
  if (!app.board.sent || !(*app.board.sent == f)) board_load(app);
}

void item_card(AppState& app, const Item& item) {
  ImGui::PushID(int(item.id));
  // The whole title, wrapped to the column (a Selectable's label would be cut at its edge):
  // a selectable as tall as the wrapped lines, with the text drawn over it.
  const float width = std::max(ImGui::GetFontSize(), ImGui::GetContentRegionAvail().x);
  const float height = wrapped_text_height(item.title, width);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  a11y_next("link", item.title);
  if (ImGui::Selectable("##card", false, ImGuiSelectableFlags_AllowOverlap, ImVec2(width, height))) {
    app_navigate(app, Route{View::item, item.id});
  }
  test_mark("card:" + std::to_string(item.id));
  ImGui::SetCursorScreenPos(at);
  wrapped_text(item.title);
  std::string meta = item.area;
  if (item.eta) meta += "  " + item.eta->text;
  ImGui::TextDisabled("%s", meta.c_str());
  a11y_text(meta);
  if (item.value_at_stake.amount > 0) {
    const std::string v = format_money(item.value_at_stake);
    ImGui::TextUnformatted(v.c_str());
    a11y_text(v);
    ImGui::SameLine();
  }
  commitment_label(item.commitment);
  ImGui::Separator();
  ImGui::PopID();
}

void draw_kanban(AppState& app) {
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("kanban", 6, flags, ImGui::GetContentRegionAvail())) return;
  a11y_table(tr(Text::board_kanban));  // a column per status: its header says the cards' status
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width = std::max(em * 11, avail / 6 - ImGui::GetStyle().CellPadding.x * 2 - 2);
  for (ItemStatus s : kAllItemStatuses) ImGui::TableSetupColumn(tr(s), ImGuiTableColumnFlags_WidthFixed, width);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (int c = 0; c < 6; ++c) {
    ImGui::TableSetColumnIndex(c);
    for (const Item& item : app.board.items) {
      if (item.status == kAllItemStatuses[c] && !item.merged_into) item_card(app, item);
    }
  }
  ImGui::EndTable();
}

enum Column { kTitle, kStatus, kRelease, kDemand, kValue, kEta, kUpdated, kAnswer, kColumnCount };

void draw_table(AppState& app) {
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (!ImGui::BeginTable("items", kColumnCount, flags, avail)) return;
  a11y_table(tr(Text::items_title), int(app.board.items.size()));
  const ImGuiTableColumnFlags no_sort = ImGuiTableColumnFlags_NoSort;
  ImGui::TableSetupScrollFreeze(1, 1);
  // Each column at least as wide as its header (and a sort arrow) in the UI's language; the
  // release column fits the longest release name; the answer takes what is left.
  const auto fit = [em](Text header, float min_width) {
    return std::max(min_width, ImGui::CalcTextSize(tr(header)).x + em);
  };
  float release_w = em * 6;
  for (const auto& [id, name] : app.items.release_names) {
    release_w = std::max(release_w, ImGui::CalcTextSize(name.c_str()).x + em * 0.5f);
  }
  release_w = std::min(release_w, em * 12);
  const float widths[kAnswer] = {em * 16,
                                 status_column_width(Text::col_status),
                                 fit(Text::col_release, release_w),
                                 fit(Text::sort_demand, em * 5),
                                 fit(Text::sort_value, em * 7),
                                 fit(Text::sort_eta, em * 6),
                                 fit(Text::sort_updated, em * 6)};
  float used = 0;
  for (float w : widths) used += w + ImGui::GetStyle().CellPadding.x * 2;
  const float answer_w = std::max(em * 18, avail.x - used - em);
  ImGui::TableSetupColumn(tr(Text::col_title), no_sort, widths[kTitle]);
  ImGui::TableSetupColumn(tr(Text::col_status), no_sort, widths[kStatus]);
  ImGui::TableSetupColumn(tr(Text::col_release), no_sort, widths[kRelease]);
  ImGui::TableSetupColumn(tr(Text::sort_demand), ImGuiTableColumnFlags_PreferSortDescending, widths[kDemand]);
  ImGui::TableSetupColumn(tr(Text::sort_value), ImGuiTableColumnFlags_PreferSortDescending, widths[kValue]);
  ImGui::TableSetupColumn(tr(Text::sort_eta), 0, widths[kEta]);
  ImGui::TableSetupColumn(tr(Text::sort_updated), ImGuiTableColumnFlags_PreferSortDescending, widths[kUpdated]);
  ImGui::TableSetupColumn(tr(Text::col_customer_answer), no_sort, answer_w);
  ImGui::TableHeadersRow();
  BoardState& b = app.board;
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      const int col = specs->Specs[0].ColumnIndex;
      if (col >= kDemand && col <= kUpdated) b.filters.sort = kSortKeys[col - kDemand];
      b.descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
  }
  // The server sorts in each key's natural direction (ETA soonest first, others highest or
  // newest first); the other direction is the same list reversed.
  const bool natural = (b.filters.sort == "eta") ? !b.descending : b.descending;
  const int n = int(b.items.size());
  ImGuiListClipper clipper;
  clipper.Begin(n);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const Item& item = b.items[natural ? row : n - 1 - row];
      ImGui::PushID(int(item.id));
      ImGui::TableNextRow();
      a11y_row(row);
      // Each cell's text, also for the mirror: one line per cell.
      auto cell = [](int column, const std::string& text, const ImVec4* colour = nullptr) {
        ImGui::TableSetColumnIndex(column);
        ImGui::PushStyleColor(ImGuiCol_Text,
                              colour ? *colour : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopStyleColor();
        a11y_text(text);
      };
      ImGui::TableSetColumnIndex(kTitle);
      if (ImGui::Selectable(item.title.c_str())) app_navigate(app, Route{View::item, item.id});
      cell(kStatus, tr(item.status));
      cell(kRelease, release_label(app, item.release_id));
      char demand[32];
      std::snprintf(demand, sizeof demand, "%.1f", item.demand_score);
      cell(kDemand, demand);
      cell(kValue, format_money(item.value_at_stake));
      const ImVec4 firm = commitment_colour(item.commitment);
      cell(kEta, item.eta ? item.eta->text : tr(Text::none_value), &firm);
      cell(kUpdated, item.updated_at.substr(0, 10));
      ImGui::TableSetColumnIndex(kAnswer);
      answer_with_copy(app, item, false);
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_board(AppState& app) {
  BoardState& b = app.board;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::items_title));
  a11y_text(tr(Text::items_title), "heading");
  if (b.state == LoadState::loaded) {
    ImGui::SameLine();
    ImGui::TextDisabled(tr(Text::items_count), int(b.items.size()));
  }
  ImGui::SameLine();
  if (ImGui::RadioButton(tr(Text::board_kanban), b.kanban)) b.kanban = true;
  test_mark("board:kanban");
  ImGui::SameLine();
  if (ImGui::RadioButton(tr(Text::board_table), !b.kanban)) b.kanban = false;
  test_mark("board:table");
  flow_begin();
  draw_filters(app);
  switch (b.state) {
    case LoadState::idle:
    case LoadState::loading:
      if (b.items.empty()) {
        ImGui::TextDisabled("%s", tr(Text::items_loading));
        return;
      }
      break;
    case LoadState::failed: ImGui::TextDisabled("%s", tr(Text::items_error)); return;
    case LoadState::loaded: break;
  }
  if (b.items.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_items));
  } else if (b.kanban) {
    draw_kanban(app);
  } else {
    draw_table(app);
  }
  if (app.items.state == LoadState::loaded) app.items_drawn_this_frame = true;
}

}  // namespace shipboard::client
