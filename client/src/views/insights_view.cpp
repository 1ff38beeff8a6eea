// #/insights: demand by item (the 15 highest demand scores), value waiting on each release
// (value at stake of items not yet shipped) and answer turnaround (answered_at - created_at of
// answered questions: the median, the longest and one bar per question).
#include <algorithm>
#include <cstdio>
#include <map>

#include "imgui.h"
#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

// Seconds since 1970 of an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ"; -1 when malformed.
std::string duration_text(double seconds) {
  char b[32];
  if (seconds < 3600)
    std::snprintf(b, sizeof b, tr(Text::duration_minutes), seconds / 60);
  else if (seconds < 86400 * 2)
    std::snprintf(b, sizeof b, tr(Text::duration_hours), seconds / 3600);
  else
    std::snprintf(b, sizeof b, tr(Text::duration_days), seconds / 86400);
  return b;
}

void heading(Text t) {
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t), "heading");
  ImGui::Separator();
}

}  // namespace

void draw_insights(AppState& app) {
  ImGui::TextUnformatted(tr(Text::insights_title));
  a11y_text(tr(Text::insights_title), "heading");
  ImGui::BeginChild("##insights_body", ImVec2(0, 0));
  // Demand by item.
  std::vector<const Item*> items;
  for (const Item& it : app.items.items) {
    if (!it.merged_into) items.push_back(&it);
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item* a, const Item* b) { return a->demand_score > b->demand_score; });
  std::vector<Bar> demand;
  for (std::size_t i = 0; i < items.size() && i < 15; ++i) {
    char v[32];
    std::snprintf(v, sizeof v, "%.1f", items[i]->demand_score);
    demand.push_back({items[i]->title, items[i]->demand_score, v});
  }
  heading(Text::insights_demand);
  bar_chart("demand", demand);

  // Value waiting per release (items not shipped or declined).
  if (app_can(app, int(Action::see_internal))) {
    std::map<Id, Money> waiting;  // 0: no release
    for (const Item* it : items) {
      if (it->status == ItemStatus::shipped || it->status == ItemStatus::declined) continue;
      Money& m = waiting[it->release_id.value_or(0)];
      m.amount += it->value_at_stake.amount;
      m.currency = it->value_at_stake.currency;
    }
    std::vector<Bar> bars;
    for (const auto& [id, m] : waiting) {
      if (id == 0) continue;
      bars.push_back({release_label(app, id), double(m.amount), format_money(m)});
    }
    if (auto it = waiting.find(0); it != waiting.end()) {
      bars.push_back({tr(Text::no_release), double(it->second.amount), format_money(it->second)});
    }
    heading(Text::insights_value_waiting);
    bar_chart("waiting", bars);
  }

  // Answer turnaround.
  heading(Text::insights_turnaround);
  std::vector<Bar> turn;
  std::vector<double> secs;
  for (const Question& q : app.insights.answered) {
    const auto a = epoch_seconds(q.created_at), b = epoch_seconds(q.answered_at);
    if (!a || !b || *b < *a) continue;
    const double seconds = double(*b - *a);
    secs.push_back(seconds);
    turn.push_back({text_prefix(q.body, 60), seconds, duration_text(seconds)});
  }
  if (secs.empty()) {
    ImGui::TextDisabled(
        "%s", app.insights.state == LoadState::loading ? tr(Text::loading) : tr(Text::no_data));
  } else {
    std::vector<double> sorted = secs;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted.size() % 2
                              ? sorted[sorted.size() / 2]
                              : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
    const std::string line =
        format_text(tr(Text::turnaround_summary), int(secs.size()), duration_text(median).c_str(),
                    duration_text(sorted.back()).c_str());
    ImGui::TextUnformatted(line.c_str());
    a11y_text(line);
    bar_chart("turnaround", turn);
  }
  ImGui::EndChild();
  app.items_drawn_this_frame = app.items.state == LoadState::loaded;
}

}  // namespace shipboard::client
