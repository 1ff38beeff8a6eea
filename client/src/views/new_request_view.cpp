// The "New request" dialog (state/new_request.cpp): which customer, what they ask, how much it
// matters and what is at stake. Under the title, the items already on the board that are most
// like it, each with "add my customer to this item instead", so the ask joins its item rather
// than starting a duplicate. Every text and field is mirrored for screen readers and tests.
#include <cmath>

#include "ui/a11y.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

constexpr Importance kImportances[] = {Importance::nice, Importance::important, Importance::blocker};
constexpr ItemKind kKinds[] = {ItemKind::feature, ItemKind::improvement, ItemKind::bug};

void label(Text t) {
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t));
}

void draw_customer_picker(AppState& app) {
  NewRequestDialog& d = app.new_request;
  const float em = ImGui::GetFontSize();
  label(Text::col_customer);
  ImGui::SetNextItemWidth(-1);
  a11y_next("textbox", tr(Text::new_request_customer_hint));
  input_text_hint("##nr_customer_q", tr(Text::new_request_customer_hint), &d.customer_filter,
                  limits::kShortText);
  test_mark("new_request_customer_filter");
  ImGui::BeginChild("##nr_customers", ImVec2(0, em * 5.2f), ImGuiChildFlags_Borders);
  if (d.customers_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
  if (d.customers_state == LoadState::failed) status_message(tr(Text::items_error), true);
  const Id me = app.user ? app.user->id : 0;
  for (const Customer* c : new_request_customers(app)) {
    ImGui::PushID(static_cast<int>(c->id));
    std::string name = c->name + "  (" + std::string(to_string(c->tier)) + ")";
    if (c->owner_id == me) name += std::string("  · ") + tr(Text::new_request_mine);
    if (ImGui::Selectable(name.c_str(), d.customer_id == c->id)) d.customer_id = c->id;
    test_mark("new_request_customer:" + std::to_string(c->id));
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void draw_similar(AppState& app) {
  NewRequestDialog& d = app.new_request;
  if (d.similar.empty()) {
    if (d.similar_state == LoadState::loaded && !d.similar_for.empty()) {
      ImGui::TextDisabled("%s", tr(Text::new_request_no_similar));
      a11y_text(tr(Text::new_request_no_similar));
    }
    return;
  }
  const float em = ImGui::GetFontSize();
  const ImVec4 amber(0.95f, 0.75f, 0.35f, 1);
  wrapped_text(tr(Text::new_request_similar), &amber);
  a11y_text(tr(Text::new_request_similar));
  if (!ImGui::BeginTable("similar", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit,
                         ImVec2(ImGui::GetContentRegionAvail().x, 0)))
    return;
  a11y_table(tr(Text::new_request_similar));
  ImGui::TableSetupColumn(tr(Text::col_status), 0, status_column_width(Text::col_status));
  ImGui::TableSetupColumn(tr(Text::col_title), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr(Text::new_request_match), 0, em * 3.5f);
  ImGui::TableSetupColumn("", 0, ImGui::CalcTextSize(tr(Text::new_request_add_here)).x + em);
  ImGui::TableHeadersRow();
  for (const SimilarItem& s : d.similar) {
    ImGui::PushID(static_cast<int>(s.id));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    status_badge(s.status);
    ImGui::TableSetColumnIndex(1);
    const std::string title = "#" + std::to_string(s.id) + "  " + s.title;
    wrapped_text(title);
    if (!s.customer_answer.empty() && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", s.customer_answer.c_str());
    a11y_text(title);
    ImGui::TableSetColumnIndex(2);
    const std::string score = std::to_string(int(std::lround(s.score * 100))) + "%";
    ImGui::TextUnformatted(score.c_str());
    a11y_text(score);
    ImGui::TableSetColumnIndex(3);
    ImGui::BeginDisabled(d.sending);
    a11y_next("button", tr_with(Text::new_request_add_here_for, s.title));
    if (ImGui::SmallButton(tr(Text::new_request_add_here))) new_request_submit(app, s.id);
    test_mark("new_request_add_to:" + std::to_string(s.id));
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_new_request_dialog(AppState& app) {
  NewRequestDialog& d = app.new_request;
  if (d.open_requested) {
    ImGui::OpenPopup(tr(Text::new_request_title));
    d.open_requested = false;
  }
  const float em = ImGui::GetFontSize();
  const ImVec2 view = ImGui::GetMainViewport()->WorkSize;
  // A fixed width (the similar items' titles wrap in it), as tall as its content up to the
  // window's height (then it scrolls).
  const float width = std::min(em * 40, view.x - em);
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, view.y - em * 2));
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  bool keep_open = true;
  if (!ImGui::BeginPopupModal(tr(Text::new_request_title), &keep_open,
                              ImGuiWindowFlags_AlwaysAutoResize)) {
    if (d.open && !d.sending) new_request_close(app);  // closed by Escape
    return;
  }
  const std::string heading = tr(Text::new_request_title);
  a11y_text(heading.substr(0, heading.find("###")), "heading");
  new_request_tick(app);
  draw_customer_picker(app);

  if (d.target_item) {
    const Item* it = app_find_item(app, d.target_item);
    const std::string what = std::string(tr(Text::new_request_for_item)) +
                             (it ? it->title : "#" + std::to_string(d.target_item));
    wrapped_text(what);
    a11y_text(what);
  } else {
    label(Text::new_request_what);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing() && !d.title.empty()) ImGui::SetKeyboardFocusHere();
    a11y_next("textbox", tr(Text::new_request_what));
    if (input_text_hint("##nr_title", tr(Text::new_request_title_hint), &d.title,
                        limits::kShortText))
      d.edited_at_ms = now_ms();
    test_mark("new_request_title");
    draw_similar(app);
    label(Text::field_description);
    a11y_next("textbox", tr(Text::field_description));
    input_text_multiline("##nr_description", &d.description, limits::kLongText,
                         ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f));
    test_mark("new_request_description");
    ImGui::AlignTextToFramePadding();
    label(Text::col_kind);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 8);
    a11y_next("combobox", tr(Text::col_kind));
    if (ImGui::BeginCombo("##nr_kind", tr(d.kind))) {
      for (ItemKind k : kKinds)
        if (ImGui::Selectable(tr(k), k == d.kind)) d.kind = k;
      ImGui::EndCombo();
    }
    test_mark("new_request_kind");
    ImGui::SameLine(0, em * 1.5f);
  }

  ImGui::AlignTextToFramePadding();
  label(Text::col_importance);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 8);
  a11y_next("combobox", tr(Text::col_importance));
  if (ImGui::BeginCombo("##nr_importance", tr(d.importance))) {
    for (Importance i : kImportances) {
      if (ImGui::Selectable(tr(i), i == d.importance)) d.importance = i;
      test_mark("new_request_importance:" + std::string(to_string(i)));
    }
    ImGui::EndCombo();
  }
  test_mark("new_request_importance");
  ImGui::SameLine(0, em * 1.5f);
  label(Text::new_request_value);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 8);
  a11y_next("textbox", tr(Text::new_request_value));
  input_text_hint("##nr_value", "1,200,000", &d.value, 24);
  test_mark("new_request_value");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", d.currency.c_str());
  label(Text::new_request_quote);
  a11y_next("textbox", tr(Text::new_request_quote));
  input_text_multiline("##nr_quote", &d.quote, limits::kLongText,
                       ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f));
  test_mark("new_request_quote");

  if (d.error_text) status_message(tr(*d.error_text), true);
  if (!d.error.empty()) status_message(std::string(tr(Text::save_failed)) + " " + d.error, true);
  ImGui::Spacing();
  ImGui::BeginDisabled(d.sending);
  const Text submit = d.target_item || d.created_item ? Text::new_request_file
                                                      : Text::new_request_create;
  if (ImGui::Button(d.sending ? tr(Text::saving) : tr(submit))) new_request_submit(app);
  test_mark("new_request_submit");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::cancel)) || !keep_open) {
    new_request_close(app);
    ImGui::CloseCurrentPopup();
  }
  test_mark("new_request_cancel");
  if (!d.open) ImGui::CloseCurrentPopup();  // filed (new_request_submit closed it)
  ImGui::EndPopup();
}

}  // namespace shipboard::client
