// #/customers (not for viewers): customers by annual value with tier, channel, partner and
// owner; the Pareto chart of annual value (80/20 tiers); and, for the selected customer, the
// items they asked for (GET /api/v1/items?customer=ID).
#include "a11y.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

std::string customer_name(const AppState& app, const std::optional<Id>& id) {
  if (!id) return tr(Text::none_value);
  for (const Customer& c : app.customers.list) {
    if (c.id == *id) return c.name;
  }
  return "#" + std::to_string(*id);
}

std::string owner_label(const AppState& app, const std::optional<Id>& id) {
  if (!id) return tr(Text::none_value);
  if (app.user && app.user->id == *id) return app.user->name + " (" + tr(Text::me) + ")";
  return "#" + std::to_string(*id);
}

}  // namespace

void draw_customers(AppState& app) {
  CustomersState& s = app.customers;
  ImGui::TextUnformatted(tr(Text::customers_title));
  a11y_text(tr(Text::customers_title), "heading");
  if (s.state != LoadState::loaded) {
    ImGui::TextDisabled("%s", s.state == LoadState::failed ? tr(Text::items_error) : tr(Text::loading));
    return;
  }
  ImGui::BeginChild("##customers_body", ImVec2(0, 0));
  ImGui::TextDisabled("%s", tr(Text::pareto_title));
  pareto_chart(s.list);
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  const float table_h = std::min(em * 1.9f * float(s.list.size() + 1) + em, em * 14);
  if (ImGui::BeginTable("customers", 6, flags, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr(Text::col_customer), 0, em * 11);
    ImGui::TableSetupColumn(tr(Text::col_tier), 0, em * 2.5f);
    ImGui::TableSetupColumn(tr(Text::col_annual_value), 0, em * 8);
    ImGui::TableSetupColumn(tr(Text::col_channel), 0, em * 4);
    ImGui::TableSetupColumn(tr(Text::col_partner), 0, em * 8);
    ImGui::TableSetupColumn(tr(Text::col_owner), 0, em * 7);
    ImGui::TableHeadersRow();
    for (const Customer& c : s.list) {
      ImGui::PushID(int(c.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      if (ImGui::Selectable(c.name.c_str(), s.open == c.id)) customer_open(app, c.id);
      test_mark("customer_row:" + std::to_string(c.id));
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(c.tier == Tier::A ? "A" : c.tier == Tier::B ? "B" : "C");
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(format_money(c.annual_value).c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(tr(c.channel));
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(customer_name(app, c.partner_id).c_str());
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(owner_label(app, c.owner_id).c_str());
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (s.open == 0) {
    ImGui::TextDisabled("%s", tr(Text::select_customer));
  } else {
    const std::string title = std::string(tr(Text::customer_requests)) + " · " + customer_name(app, s.open);
    ImGui::TextUnformatted(title.c_str());
    a11y_text(title, "heading");
    ImGui::Separator();
    if (s.items_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
    else if (s.items.empty()) ImGui::TextDisabled("%s", tr(Text::no_requests));
    std::vector<const Item*> items;
    for (const Item& it : s.items) items.push_back(&it);
    if (!items.empty()) item_list(app, "customer_items", items);
  }
  ImGui::EndChild();
}

}  // namespace shipboard::client
