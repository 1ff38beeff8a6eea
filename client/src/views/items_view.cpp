// The items table: title, kind, status, release, ETA, commitment and the customer answer with
// a copy button (for a chosen customer). A title opens the item page. Filtered by a substring of title or answer, sorted by any column but the
// answer, drawn with a list clipper so 500 rows cost only the visible ones.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "imgui.h"
#include "platform.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

enum Column { kTitle, kKind, kStatus, kRelease, kEta, kCommitment, kAnswer, kColumnCount };

// Case-insensitive (ASCII) substring match; CJK text matches byte for byte.
bool contains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != hay.end();
}

std::string release_label(const ItemsState& s, const Item& item) {
  if (!item.release_id) return tr(Text::none_value);
  auto it = s.release_names.find(*item.release_id);
  if (it != s.release_names.end() && !it->second.empty()) return it->second;
  return "#" + std::to_string(*item.release_id);
}

int compare(const ItemsState& s, const Item& a, const Item& b, int column) {
  switch (column) {
    case kTitle: return a.title.compare(b.title);
    case kKind: return int(a.kind) - int(b.kind);
    case kStatus: return int(a.status) - int(b.status);
    case kRelease: return release_label(s, a).compare(release_label(s, b));
    case kEta: {
      // Items without an ETA sort after every dated one.
      const std::string ea = a.eta ? eta_end_date(*a.eta) : "9999";
      const std::string eb = b.eta ? eta_end_date(*b.eta) : "9999";
      return ea.compare(eb);
    }
    case kCommitment: return int(a.commitment) - int(b.commitment);
    default: return 0;
  }
}

void rebuild_order(ItemsState& s, const ImGuiTableSortSpecs* specs) {
  s.order.clear();
  for (int i = 0; i < int(s.items.size()); ++i) {
    const Item& it = s.items[i];
    if (contains(it.title, s.filter) || contains(it.customer_answer, s.filter)) {
      s.order.push_back(i);
    }
  }
  // No sort column: the server's order (demand first).
  if (specs && specs->SpecsCount > 0) {
    std::stable_sort(s.order.begin(), s.order.end(), [&](int ia, int ib) {
      for (int n = 0; n < specs->SpecsCount; ++n) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[n];
        int c = compare(s, s.items[ia], s.items[ib], spec.ColumnIndex);
        if (c != 0) return spec.SortDirection == ImGuiSortDirection_Ascending ? c < 0 : c > 0;
      }
      return ia < ib;
    });
  }
  s.order_dirty = false;
}

}  // namespace

void draw_items(AppState& app) {
  ItemsState& s = app.items;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::items_title));
  ImGui::SameLine();
  if (s.state == LoadState::loaded) {
    ImGui::TextDisabled(tr(Text::items_count), int(s.items.size()));
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (ImGui::InputTextWithHint("##filter", tr(Text::filter_hint), s.filter, sizeof s.filter)) {
    s.order_dirty = true;
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(s.state == LoadState::loading);
  if (ImGui::Button(tr(Text::refresh))) app_load_items(app);
  ImGui::EndDisabled();

  switch (s.state) {
    case LoadState::idle:
    case LoadState::loading: ImGui::TextDisabled("%s", tr(Text::items_loading)); return;
    case LoadState::failed: ImGui::TextDisabled("%s", tr(Text::items_error)); return;
    case LoadState::loaded: break;
  }
  if (s.items.empty()) {
    ImGui::TextDisabled("%s", tr(Text::items_empty));
    app.items_drawn_this_frame = true;
    return;
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate |
                                ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Hideable;
  if (!ImGui::BeginTable("items", kColumnCount, flags, ImGui::GetContentRegionAvail())) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Text::col_title), ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn(tr(Text::col_kind), ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn(tr(Text::col_status), ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn(tr(Text::col_release), ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn(tr(Text::col_eta), ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn(tr(Text::col_commitment), ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn(tr(Text::col_customer_answer),
                          ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 4.0f);
  ImGui::TableHeadersRow();

  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs && specs->SpecsDirty) {
    s.order_dirty = true;
    specs->SpecsDirty = false;
  }
  if (s.order_dirty) rebuild_order(s, specs);

  ImGuiListClipper clipper;
  clipper.Begin(int(s.order.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const Item& item = s.items[s.order[row]];
      ImGui::PushID(static_cast<int>(item.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(kTitle);
      if (ImGui::Selectable(item.title.c_str())) {
        app_navigate(app, Route{View::item, item.id});
      }
      ImGui::TableSetColumnIndex(kKind);
      ImGui::TextUnformatted(tr(item.kind));
      ImGui::TableSetColumnIndex(kStatus);
      ImGui::TextUnformatted(tr(item.status));
      ImGui::TableSetColumnIndex(kRelease);
      ImGui::TextUnformatted(release_label(s, item).c_str());
      ImGui::TableSetColumnIndex(kEta);
      ImGui::TextUnformatted(item.eta ? item.eta->text.c_str() : tr(Text::none_value));
      ImGui::TableSetColumnIndex(kCommitment);
      ImGui::TextColored(commitment_colour(item.commitment), "%s", tr(item.commitment));
      ImGui::TableSetColumnIndex(kAnswer);
      answer_with_copy(app, item, false);
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
  app.items_drawn_this_frame = true;
}

}  // namespace shipboard::client
