// #/customers (not for viewers): customers by annual value with tier, channel, partner and
// owner; the Pareto chart of annual value (80/20 tiers); and, for the selected customer, the
// items they asked for (GET /api/v1/items?customer=ID), and the edit form (a PM any customer,
// sales their own; PATCH with If-Match, 412 and 422 shown).
#include <algorithm>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
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


// Who to talk to at the open customer (sent to callers who may see contacts).
void draw_contacts(const Customer& c) {
  if (c.contacts.empty()) {
    ImGui::TextDisabled("%s", tr(Text::no_contacts));
    return;
  }
  ImGui::TextDisabled("%s", tr(Text::contacts));
  for (const Contact& k : c.contacts) {
    const std::string line = k.name + (k.title.empty() ? "" : " · " + k.title) + " · " + tr(k.role);
    ImGui::BulletText("%s", line.c_str());
    a11y_text(line);
  }
}

// Editing the open customer: name, annual value (whole units), channel, partner, contacts;
// 412 / 422.
void draw_customer_form(AppState& app) {
  CustomerEdit& e = app.customers.edit;
  const float em = ImGui::GetFontSize();
  const float label_w = em * 6;
  const bool creating = e.id == kNewRecord;
  ImGui::SeparatorText(tr(creating ? Text::new_customer : Text::edit_customer));
  if (e.conflict) {
    const Customer& now = *e.conflict;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.22f, 0.10f, 1.0f));
    ImGui::BeginChild("##customer_conflict", ImVec2(0, 0),
                      ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::TextUnformatted(tr(Text::conflict_other));
    a11y_text(tr(Text::conflict_other));
    auto diff = [](Text label, const std::string& a, const std::string& b) {
      if (a == b) return;
      const std::string line = std::string(tr(label)) + ": " + a + " → " + b;
      ImGui::BulletText("%s", line.c_str());
      a11y_text(line);
    };
    diff(Text::field_name, e.base.name, now.name);
    diff(Text::col_annual_value, format_money(e.base.annual_value), format_money(now.annual_value));
    diff(Text::col_channel, tr(e.base.channel), tr(now.channel));
    diff(Text::col_partner, customer_name(app, e.base.partner_id), customer_name(app, now.partner_id));
    if (ImGui::Button(tr(Text::conflict_reapply))) customer_edit_reapply(app);
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::conflict_discard))) customer_edit_begin(app, now);
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  auto label = [&](Text t, const char* role) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(t));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(std::min(em * 22, ImGui::GetContentRegionAvail().x));
    a11y_next(role, tr(t));
  };
  label(Text::field_name, "textbox");
  input_text("##cu_name", &e.name, limits::kShortText);
  label(Text::col_annual_value, "textbox");
  input_text("##cu_annual", &e.annual, limits::kShortText);
  label(Text::col_channel, "combobox");
  if (ImGui::BeginCombo("##cu_channel", tr(e.channel))) {
    for (Channel c : {Channel::direct, Channel::partner}) {
      if (ImGui::Selectable(tr(c), c == e.channel)) e.channel = c;
    }
    ImGui::EndCombo();
  }
  label(Text::col_partner, "combobox");
  const std::string partner = e.partner ? customer_name(app, e.partner) : tr(Text::partner_none);
  if (ImGui::BeginCombo("##cu_partner", partner.c_str())) {
    if (ImGui::Selectable(tr(Text::partner_none), e.partner == 0)) e.partner = 0;
    for (const Customer& c : app.customers.list) {
      if (c.id == e.id) continue;
      ImGui::PushID(int(c.id));
      if (ImGui::Selectable(c.name.c_str(), c.id == e.partner)) e.partner = c.id;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  // Contacts: one row each (name, job title, role, remove); rows left without a name are dropped.
  ImGui::TextUnformatted(tr(Text::contacts));
  int remove = -1;
  for (int i = 0; i < int(e.contacts.size()); ++i) {
    ContactDraft& d = e.contacts[std::size_t(i)];
    ImGui::PushID(i);
    flow_begin();
    flow_input("##c_name", Text::contact_name, &d.name, limits::kShortText, 9);
    test_mark("contact_name:" + std::to_string(i));
    flow_input("##c_title", Text::contact_title, &d.title, limits::kShortText, 9);
    flow_next(em * 7);
    ImGui::SetNextItemWidth(em * 7);
    a11y_next("combobox", tr(Text::contact_role));
    if (ImGui::BeginCombo("##c_role", tr(d.role))) {
      for (ContactRole r : {ContactRole::champion, ContactRole::critic, ContactRole::decision_maker}) {
        if (ImGui::Selectable(tr(r), r == d.role)) d.role = r;
      }
      ImGui::EndCombo();
    }
    if (flow_button(tr(Text::remove))) remove = i;
    ImGui::PopID();
  }
  if (remove >= 0) e.contacts.erase(e.contacts.begin() + remove);
  if (ImGui::Button(tr(Text::add_contact))) e.contacts.emplace_back();
  ImGui::Spacing();
  ImGui::BeginDisabled(e.saving || e.conflict.has_value());
  if (ImGui::Button(e.saving ? tr(Text::saving) : tr(creating ? Text::create : Text::save))) {
    customer_edit_save(app);
  }
  test_mark("customer_save");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::cancel))) e = CustomerEdit{};
  if (!e.error.empty()) {
    const std::string msg = std::string(tr(Text::save_failed)) + e.error;
    const ImVec4 red(0.95f, 0.45f, 0.4f, 1);
    wrapped_text(msg, &red);
    a11y_text(msg);
  }
}

}  // namespace

void draw_customers(AppState& app) {
  CustomersState& s = app.customers;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr(Text::customers_title));
  a11y_text(tr(Text::customers_title), "heading");
  if (s.state != LoadState::loaded) {
    ImGui::TextDisabled("%s", s.state == LoadState::failed ? tr(Text::items_error) : tr(Text::loading));
    return;
  }
  if (app_can(app, int(Action::create_customer)) && s.edit.id != kNewRecord) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::new_customer))) customer_create_begin(app);
    test_mark("customer_new");
  }
  ImGui::BeginChild("##customers_body", ImVec2(0, 0));
  if (s.edit.id == kNewRecord) draw_customer_form(app);
  ImGui::TextDisabled("%s", tr(Text::pareto_title));
  pareto_chart(s.list);
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  const float table_h = std::min(em * 1.9f * float(s.list.size() + 1) + em, em * 14);
  if (ImGui::BeginTable("customers", 6, flags, ImVec2(0, table_h))) {
    a11y_table(tr(Text::customers_title));
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
      const std::string cells[] = {std::string(to_string(c.tier)), format_money(c.annual_value),
                                   tr(c.channel), customer_name(app, c.partner_id),
                                   user_label(app, c.owner_id)};
      for (int col = 1; col < 6; ++col) {
        ImGui::TableSetColumnIndex(col);
        ImGui::TextUnformatted(cells[col - 1].c_str());
        a11y_text(cells[col - 1]);
      }
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
    const Customer* open = nullptr;
    for (const Customer& c : s.list) {
      if (c.id == s.open) open = &c;
    }
    if (open && customer_may_edit(app, *open) && s.edit.id != open->id) {
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::edit))) customer_edit_begin(app, *open);
      test_mark("customer_edit");
    }
    if (s.edit.saved_flash && now_ms() < app.animate_until_ms) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "%s", tr(Text::saved));
    }
    if (open && s.edit.id == open->id) {
      draw_customer_form(app);
    } else if (open) {
      draw_contacts(*open);
    }
    ImGui::Separator();
    if (s.items_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
    else if (s.items.empty()) ImGui::TextDisabled("%s", tr(Text::no_requests));
    std::vector<const Item*> items;
    for (const Item& it : s.items) items.push_back(&it);
    if (!items.empty()) item_list(app, "customer_items", title, items);
  }
  ImGui::EndChild();
}

}  // namespace shipboard::client
