// Charts drawn with ImDrawList: horizontal bars (insights), the customers' Pareto chart (bars
// by annual value + cumulative share line with the 80% and 95% marks that bound tiers A and B)
// and the release timeline. Each chart reserves its box with a Dummy; every text it draws (and
// each Pareto bar, which has no text of its own) is a text block in the accessibility mirror,
// over the place it is drawn.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "shipboard/demand.hpp"
#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

ImU32 accent() {
  return ImGui::GetColorU32(ImGuiCol_PlotHistogram);
}
ImU32 text_colour() {
  return ImGui::GetColorU32(ImGuiCol_Text);
}
ImU32 faint() {
  return ImGui::GetColorU32(ImGuiCol_TextDisabled);
}

void dashed_hline(ImDrawList* dl, float x0, float x1, float y, ImU32 col) {
  for (float x = x0; x < x1; x += 8) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 4, x1), y), col);
}

}  // namespace

void bar_chart(const char* id, const std::vector<Bar>& bars) {
  if (bars.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_data));
    return;
  }
  ImGui::PushID(id);
  const float em = ImGui::GetFontSize();
  const float row = em * 1.5f;
  const float width = ImGui::GetContentRegionAvail().x;
  const float label_w = std::min(width * 0.4f, em * 16);
  float value_w = 0;
  double top = 0;
  for (const Bar& b : bars) {
    top = std::max(top, b.value);
    value_w = std::max(value_w, ImGui::CalcTextSize(b.value_text.c_str()).x + em * 0.6f);
  }
  const float bar_w = std::max(em * 2, width - label_w - value_w);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Bar& b : bars) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float text_y = p.y + (row - em) * 0.5f;
    const float label_end =
        p.x + std::min(label_w - em * 0.5f, ImGui::CalcTextSize(b.label.c_str()).x);
    // A label too long for its column ends in "…" (the mirror and a tooltip have it whole).
    const float label_max = p.x + label_w - em * 0.5f;
    ImGui::RenderTextEllipsis(dl, ImVec2(p.x, text_y), ImVec2(label_max, text_y + em), label_max,
                              b.label.c_str(), nullptr, nullptr);
    const float w = top > 0 ? float(b.value / top) * bar_w : 0;
    dl->AddRectFilled(ImVec2(p.x + label_w, p.y + row * 0.15f),
                      ImVec2(p.x + label_w + std::max(w, 1.0f), p.y + row * 0.85f), accent(), 2);
    const float value_x = p.x + label_w + w + em * 0.4f;
    dl->AddText(ImVec2(value_x, text_y), faint(), b.value_text.c_str());
    // The mirror gets each drawn text where it is: the label (whole, even when the picture
    // cuts it) and the value at the bar's end.
    a11y_text_at(p.x, text_y, label_end, text_y + em, b.label);
    a11y_text_at(value_x, text_y, value_x + ImGui::CalcTextSize(b.value_text.c_str()).x,
                 text_y + em, b.value_text);
    ImGui::Dummy(ImVec2(width, row));
    if (label_end >= label_max && ImGui::IsWindowHovered() &&
        ImGui::IsMouseHoveringRect(p, ImVec2(label_max, p.y + row))) {
      ImGui::SetTooltip("%s", b.label.c_str());
    }
  }
  ImGui::PopID();
}

void pareto_chart(const std::vector<Customer>& customers) {
  std::vector<TierAssignment> ranking = compute_tiers(customers);
  if (ranking.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_data));
    return;
  }
  const float em = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = em * 11;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float left = em * 3.2f, bottom = em * 1.2f;
  const ImVec2 a(p.x + left, p.y + em * 0.5f), b(p.x + width - em * 2.5f, p.y + height - bottom);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(a.x, b.y), b, faint());
  dl->AddLine(a, ImVec2(a.x, b.y), faint());
  const double top = ranking.front().share;
  const float slot = (b.x - a.x) / float(ranking.size());
  std::map<Id, const Customer*> by_id;
  for (const Customer& c : customers) by_id[c.id] = &c;
  std::vector<ImVec2> line;
  double cumulative = 0;
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    const TierAssignment& t = ranking[i];
    const float x0 = a.x + slot * float(i) + slot * 0.15f,
                x1 = a.x + slot * float(i + 1) - slot * 0.15f;
    const float h = top > 0 ? float(t.share / top) * (b.y - a.y) : 0;
    const ImU32 col = t.tier == Tier::A   ? accent()
                      : t.tier == Tier::B ? IM_COL32(120, 150, 200, 255)
                                          : IM_COL32(130, 130, 140, 255);
    dl->AddRectFilled(ImVec2(x0, b.y - h), ImVec2(x1, b.y), col);
    const char* tier = to_string(t.tier).data();  // "A", "B", "C" (literals)
    dl->AddText(ImVec2((x0 + x1) * 0.5f - em * 0.3f, b.y + 2), faint(), tier);
    cumulative = t.cumulative_share_before + t.share;
    line.push_back(ImVec2(a.x + slot * (float(i) + 0.5f), b.y - float(cumulative) * (b.y - a.y)));
    // The bar, its tier letter and its point on the line, as one block over the bar: the
    // picture shows no names, the mirror says whose bar it is.
    const auto c = by_id.find(t.customer_id);
    const std::string text =
        format_text(tr(Text::pareto_bar), c == by_id.end() ? "?" : c->second->name.c_str(),
                    int(t.share * 100 + 0.5), int(cumulative * 100 + 0.5), tier);
    a11y_text_at(x0, std::min(b.y - h, line.back().y - 3), x1, b.y + em + 2, text);
  }
  for (double mark : {0.8, 0.95}) {
    const float y = b.y - float(mark) * (b.y - a.y);
    dashed_hline(dl, a.x, b.x, y, IM_COL32(230, 120, 80, 255));
    char label[8];
    std::snprintf(label, sizeof label, "%d%%", int(mark * 100 + 0.5));
    dl->AddText(ImVec2(b.x + 4, y - em * 0.5f), faint(), label);
    a11y_text_at(b.x + 4, y - em * 0.5f, b.x + 4 + ImGui::CalcTextSize(label).x, y + em * 0.5f,
                 label);
  }
  dl->AddPolyline(line.data(), int(line.size()), IM_COL32(240, 190, 70, 255), 0, 2.0f);
  for (const ImVec2& q : line) dl->AddCircleFilled(q, 3, IM_COL32(240, 190, 70, 255));
  dl->AddText(ImVec2(p.x, a.y), faint(), "100%");
  a11y_text_at(p.x, a.y, p.x + ImGui::CalcTextSize("100%").x, a.y + em, "100%");
  ImGui::Dummy(ImVec2(width, height));
  char summary[96];
  int a_count = 0;
  for (const TierAssignment& t : ranking) a_count += t.tier == Tier::A;
  std::snprintf(summary, sizeof summary, "A: %d / %d", a_count, int(ranking.size()));
  ImGui::TextDisabled("%s", tr(Text::pareto_legend));
  a11y_text(std::string(tr(Text::pareto_legend)) + " (" + summary + ")");
}

std::vector<float> timeline_positions(const std::vector<std::string>& dates) {
  std::vector<std::optional<std::int64_t>> days;
  std::int64_t lo = 0, hi = 0;
  bool any = false;
  for (const std::string& s : dates) {
    days.push_back(epoch_day(s));
    if (!days.back()) continue;
    lo = any ? std::min(lo, *days.back()) : *days.back();
    hi = any ? std::max(hi, *days.back()) : *days.back();
    any = true;
  }
  std::vector<float> out;
  for (const auto& d : days) {
    if (!d || hi == lo)
      out.push_back(0.5f);
    else
      out.push_back(float(*d - lo) / float(hi - lo));
  }
  return out;
}

void release_timeline(AppState& app) {
  const auto& list = app.releases.list;
  std::vector<const Release*> dated;
  for (const Release& r : list) {
    if (!r.planned_date.empty()) dated.push_back(&r);
  }
  if (dated.empty()) return;
  // Placed by date (a shipped release at its shipped date), so a gap of a quarter looks like one.
  std::vector<std::string> dates;
  for (const Release* r : dated) {
    const bool shipped = r->state == ReleaseState::released && !r->shipped_date.empty();
    dates.push_back(shipped ? r->shipped_date : r->planned_date);
  }
  const std::vector<float> at = timeline_positions(dates);
  std::vector<std::size_t> order(dated.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return at[a] < at[b]; });

  const float em = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = em * 5.4f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = p.y + em * 2.6f;
  const float x0 = p.x + em * 2, x1 = p.x + width - em * 2;
  dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), faint(), 2);
  // Names go above the line and dates below; a label that would overlap its left neighbour's
  // moves to the second row (then back), so releases a week apart stay readable.
  float right[2] = {-1e9f, -1e9f};
  float below_right[2] = {-1e9f, -1e9f};
  for (const std::size_t i : order) {
    const Release& r = *dated[i];
    const float x = x0 + (x1 - x0) * at[i];
    const bool shipped = r.state == ReleaseState::released;
    if (shipped)
      dl->AddCircleFilled(ImVec2(x, y), em * 0.4f, accent());
    else
      dl->AddCircle(ImVec2(x, y), em * 0.4f, accent(), 0, 2);
    const ImVec2 ts = ImGui::CalcTextSize(r.name.c_str());
    const float tx = std::clamp(x - ts.x * 0.5f, p.x, p.x + width - ts.x);
    const int row = tx < right[0] + em * 0.5f && tx >= right[1] + em * 0.5f ? 1 : 0;
    right[row] = tx + ts.x;
    dl->AddText(ImVec2(tx, y - em * (1.4f + 1.2f * float(row))), text_colour(), r.name.c_str());
    const std::string& date = dates[i];
    const ImVec2 ds = ImGui::CalcTextSize(date.c_str());
    const float dx = std::clamp(x - ds.x * 0.5f, p.x, p.x + width - ds.x);
    const int drow = dx < below_right[0] + em * 0.5f && dx >= below_right[1] + em * 0.5f ? 1 : 0;
    below_right[drow] = dx + std::max(ds.x, ImGui::CalcTextSize(tr(r.state)).x);
    const float dy = y + em * (0.6f + 2.2f * float(drow));
    dl->AddText(ImVec2(dx, dy), faint(), date.c_str());
    dl->AddText(ImVec2(dx, dy + em * 1.1f), faint(), tr(r.state));
    // The mirror: the name where it is drawn, the date and state under the line.
    const float ny = y - em * (1.4f + 1.2f * float(row));
    a11y_text_at(tx, ny, tx + ts.x, ny + em, r.name);
    a11y_text_at(dx, dy, dx + std::max(ds.x, ImGui::CalcTextSize(tr(r.state)).x), dy + em * 2.1f,
                 date + " · " + tr(r.state));
  }
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace shipboard::client
