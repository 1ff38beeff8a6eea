// #/admin: for admins, users (list, add, change role and email, deactivate / reactivate with
// If-Match), embed tokens (create, revoke; a new token shows the snippet an intranet page
// pastes) and API bearer tokens (create, revoke; the secret is shown once); for admins and PMs,
// the outbox's chat and webhook channels (add with the secret shown once, send a test, enable /
// disable, delete) and a channel's recent deliveries with their state ("send again").
#include <algorithm>

#include <nlohmann/json.hpp>

#include "ui/a11y.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
#include "shipboard/commands.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

constexpr Role kRoles[] = {Role::admin, Role::pm, Role::support, Role::sales, Role::viewer};

void heading(Text t) {
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(t));
  a11y_text(tr(t), "heading");
  ImGui::Separator();
}

bool role_combo(const char* id, int* index) {
  bool changed = false;
  a11y_next("combobox", tr(Text::col_role));
  if (ImGui::BeginCombo(id, tr(kRoles[*index]))) {
    for (int i = 0; i < 5; ++i) {
      if (ImGui::Selectable(tr(kRoles[i]), i == *index)) {
        *index = i;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// A line of text, and the same text in the mirror (a table cell's when inside one).
void text(const std::string& t) {
  ImGui::TextUnformatted(t.c_str());
  a11y_text(t);
}
void disabled_text(const std::string& t) {
  ImGui::TextDisabled("%s", t.c_str());
  a11y_text(t);
}

// A read-only box with a secret or snippet and a Copy button.
void copy_box(const char* id, const std::string& text) {
  ImGui::PushID(id);
  std::string buf = text;
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7);
  a11y_next("textbox", text);
  ImGui::InputText("##value", buf.data(), buf.size() + 1, ImGuiInputTextFlags_ReadOnly);
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::copy))) clipboard_copy_now(text);
  test_mark(std::string("copy_box:") + id);
  ImGui::PopID();
}

// A user's email, edited in place: Save (or Enter) sends it when it differs from the stored one.
void draw_email_cell(AppState& app, const User& u) {
  const float em = ImGui::GetFontSize();
  auto [it, fresh] = app.admin.email_drafts.try_emplace(u.id, u.email);
  std::string& draft = it->second;
  ImGui::SetNextItemWidth(em * 11.5f);
  a11y_next("textbox", std::string(tr(Text::col_email)) + " " + u.login);
  const bool enter = input_text_hint("##email", tr(Text::email_hint), &draft, limits::kShortText,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(draft == u.email);
  a11y_next("button", std::string(tr(Text::save)) + " " + u.login);
  const bool save = ImGui::Button(tr(Text::save));
  ImGui::EndDisabled();
  test_mark("user_email_save:" + u.login);
  if ((enter || save) && draft != u.email) {
    admin_patch_user(app, u, {{"email", draft}});
    app.admin.email_drafts.erase(u.id);  // the reloaded user brings what the server kept
  }
}

void draw_users(AppState& app) {
  AdminState& a = app.admin;
  const float em = ImGui::GetFontSize();
  heading(Text::admin_users);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  const float row = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
  if (ImGui::BeginTable("users", 5, flags, ImVec2(0, row * float(a.users.size() + 1) + em))) {
    a11y_table(tr(Text::admin_users));
    ImGui::TableSetupColumn(tr(Text::col_login), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_name), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_role), 0, em * 7);
    ImGui::TableSetupColumn(tr(Text::col_email), 0, em * 17);
    ImGui::TableSetupColumn(tr(Text::col_active), 0, em * 7);
    ImGui::TableHeadersRow();
    for (const User& u : a.users) {
      ImGui::PushID(int(u.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(u.login.c_str());
      a11y_text(u.login);
      ImGui::TableSetColumnIndex(1);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(u.name.c_str());
      a11y_text(u.name);
      ImGui::TableSetColumnIndex(2);
      int role = 0;
      while (role < 4 && kRoles[role] != u.role) ++role;
      ImGui::SetNextItemWidth(em * 6.5f);
      if (role_combo("##role", &role)) {
        admin_patch_user(app, u, {{"role", std::string(to_string(kRoles[role]))}});
      }
      ImGui::TableSetColumnIndex(3);
      draw_email_cell(app, u);
      ImGui::TableSetColumnIndex(4);
      const bool self = app.user && app.user->id == u.id;
      ImGui::BeginDisabled(self);
      if (ImGui::Button(u.active ? tr(Text::deactivate) : tr(Text::reactivate))) {
        admin_patch_user(app, u, {{"active", !u.active}});
      }
      ImGui::EndDisabled();
      test_mark("user_active:" + u.login);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  flow_begin();
  flow_input("##new_login", Text::col_login, &a.new_login, limits::kMaxLogin, 8);
  flow_input("##new_name", Text::col_name, &a.new_name, limits::kShortText, 8);
  flow_input("##new_password", Text::password, &a.new_password, limits::kMaxPassword, 8,
             ImGuiInputTextFlags_Password);
  flow_input("##new_email", Text::email_hint, &a.new_email, limits::kShortText, 11);
  flow_next(em * 7);
  ImGui::SetNextItemWidth(em * 7);
  role_combo("##new_role", &a.new_role);
  if (flow_button(tr(Text::create_user))) admin_create_user(app);
  test_mark("create_user");
}

void draw_tokens(AppState& app) {
  AdminState& a = app.admin;
  const float em = ImGui::GetFontSize();
  heading(Text::embed_tokens);
  for (const EmbedToken& t : a.embed_tokens) {
    ImGui::PushID(int(t.id));
    const std::string line = format_text("#%lld %s · %s", (long long)t.id, t.label.c_str(),
                                         t.scope.area.empty() ? tr(Text::scope_board) : t.scope.area.c_str());
    ImGui::TextUnformatted(line.c_str());
    a11y_text(line);
    ImGui::SameLine();
    if (t.revoked) disabled_text(tr(Text::revoked));
    else if (ImGui::SmallButton(tr(Text::revoke))) admin_revoke(app, true, t.id);
    ImGui::PopID();
  }
  flow_begin();
  flow_input("##embed_label", Text::label_hint, &a.embed_label, limits::kShortText, 12);
  flow_input("##embed_area", Text::area_scope_hint, &a.embed_area, limits::kShortText, 12);
  if (flow_button(tr(Text::create_embed_token))) admin_create_embed_token(app);
  test_mark("create_embed_token");
  if (!a.last_embed_token.empty()) {
    text_block(tr(Text::embed_snippet));
    const Id item = app.items.items.empty() ? 1 : app.items.items.front().id;
    copy_box("snippet", embed_snippet(a.last_embed_token, item));
  }

  heading(Text::api_tokens);
  for (const ApiToken& t : a.api_tokens) {
    ImGui::PushID(int(t.id) + 100000);
    const std::string line = format_text("#%lld %s · %s", (long long)t.id, t.label.c_str(), t.role.c_str());
    ImGui::TextUnformatted(line.c_str());
    a11y_text(line);
    ImGui::SameLine();
    if (t.revoked) disabled_text(tr(Text::revoked));
    else if (ImGui::SmallButton(tr(Text::revoke))) admin_revoke(app, false, t.id);
    ImGui::PopID();
  }
  flow_begin();
  flow_input("##api_label", Text::label_hint, &a.api_label, limits::kShortText, 12);
  flow_next(em * 7);
  ImGui::SetNextItemWidth(em * 7);
  role_combo("##api_role", &a.api_role);
  if (flow_button(tr(Text::create_api_token))) admin_create_api_token(app);
  if (!a.last_api_token.empty()) {
    text_block(tr(Text::token_once));
    copy_box("api_token", a.last_api_token);
  }
}

// [SECTION] The outbox's channels --------------------------------------------------------------

std::string events_text(const std::vector<std::string>& events) {
  std::string out;
  for (const std::string& e : events) {
    if (!out.empty()) out += language() == Lang::en ? ", " : "、";
    out += event_label(e);
  }
  return out;
}

std::string webhook_state_text(const Webhook& w) {
  std::string s = w.active ? tr(Text::channel_active) : tr(Text::channel_inactive);
  if (!w.active && !w.disabled_reason.empty()) s += " (" + w.disabled_reason + ")";
  if (w.is_signed) s += std::string(" · ") + tr(Text::channel_signed);
  s += " · " + format_text(tr(Text::delivery_counts), w.delivered, w.pending, w.failed);
  return s;
}

// A fixed column as wide as the widest of `texts` (header and values), with the cell padding.
float column_width(std::initializer_list<const char*> texts) {
  float w = 0;
  for (const char* t : texts) w = std::max(w, ImGui::CalcTextSize(t).x);
  return w + ImGui::GetStyle().CellPadding.x * 2;
}

// Wrapped text in a table cell (CJK-aware line breaks), and the same text in the mirror.
void cell_text_wrapped(const std::string& t) {
  wrapped_text(t);
  a11y_text(t);
}

// A channel row's four small buttons side by side, in the longest wording each can take.
float actions_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  auto w = [&](Text a, Text b = Text::count_) {
    float x = ImGui::CalcTextSize(tr(a)).x;
    if (b != Text::count_) x = std::max(x, ImGui::CalcTextSize(tr(b)).x);
    return x + st.FramePadding.x * 2;
  };
  return w(Text::channel_test) + w(Text::channel_disable, Text::channel_enable) +
         w(Text::channel_deliveries) + w(Text::channel_delete, Text::channel_delete_confirm) +
         st.ItemSpacing.x * 3 + st.CellPadding.x;
}

void draw_webhook_row(AppState& app, const Webhook& w) {
  OutboxState& o = app.outbox;
  ImGui::PushID(int(w.id));
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  cell_text_wrapped(w.url);
  ImGui::TableSetColumnIndex(1);
  text(tr(w.format));
  ImGui::TableSetColumnIndex(2);
  cell_text_wrapped(events_text(w.events));
  ImGui::TableSetColumnIndex(3);
  cell_text_wrapped(w.area.empty() ? tr(Text::scope_board) : w.area);
  ImGui::TableSetColumnIndex(4);
  cell_text_wrapped(webhook_state_text(w));
  ImGui::TableSetColumnIndex(5);
  const std::string id = std::to_string(w.id);
  ImGui::BeginDisabled(!w.active);
  a11y_next("button", std::string(tr(Text::channel_test)) + " #" + id);
  if (ImGui::SmallButton(tr(Text::channel_test))) outbox_test(app, w.id);
  ImGui::EndDisabled();
  test_mark("webhook_test:" + id);
  ImGui::SameLine();
  const char* toggle = w.active ? tr(Text::channel_disable) : tr(Text::channel_enable);
  a11y_next("button", std::string(toggle) + " #" + id);
  if (ImGui::SmallButton(toggle)) outbox_set_active(app, w, !w.active);
  test_mark("webhook_active:" + id);
  ImGui::SameLine();
  a11y_next("button", std::string(tr(Text::channel_deliveries)) + " #" + id);
  if (ImGui::SmallButton(tr(Text::channel_deliveries))) {
    outbox_open_deliveries(app, o.open_webhook == w.id ? 0 : w.id);
  }
  test_mark("webhook_deliveries:" + id);
  ImGui::SameLine();
  if (o.confirm_delete == w.id) {
    a11y_next("button", std::string(tr(Text::channel_delete_confirm)) + " #" + id);
    if (ImGui::SmallButton(tr(Text::channel_delete_confirm))) outbox_delete(app, w.id);
    test_mark("webhook_delete_confirm:" + id);
  } else {
    a11y_next("button", std::string(tr(Text::channel_delete)) + " #" + id);
    if (ImGui::SmallButton(tr(Text::channel_delete))) o.confirm_delete = w.id;
    test_mark("webhook_delete:" + id);
  }
  ImGui::PopID();
}

void draw_deliveries(AppState& app) {
  OutboxState& o = app.outbox;
  ImGui::Spacing();
  const std::string title = format_text(tr(Text::deliveries_of), int(o.open_webhook));
  ImGui::TextUnformatted(title.c_str());
  a11y_text(title, "heading");
  if (o.deliveries.empty()) {
    disabled_text(tr(Text::no_deliveries));
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("deliveries", 8, flags)) return;
  a11y_table(title);
  const char* when = "2026-12-04 13:22";  // the widest short_time
  ImGui::TableSetupColumn(tr(Text::col_created), 0, column_width({tr(Text::col_created), when}));
  ImGui::TableSetupColumn(tr(Text::col_event), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn(tr(Text::col_state), 0,
                          column_width({tr(Text::col_state), tr(Text::delivery_pending),
                                        tr(Text::delivery_delivered), tr(Text::delivery_failed)}));
  ImGui::TableSetupColumn(tr(Text::col_attempts), 0, column_width({tr(Text::col_attempts)}));
  ImGui::TableSetupColumn(tr(Text::col_last_status), 0, column_width({tr(Text::col_last_status), "000"}));
  ImGui::TableSetupColumn(tr(Text::col_last_error), ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn(tr(Text::col_next_attempt), 0, column_width({tr(Text::col_next_attempt), when}));
  ImGui::TableSetupColumn(tr(Text::col_actions), 0,
                          column_width({tr(Text::col_actions), tr(Text::redeliver)}) +
                              ImGui::GetStyle().FramePadding.x * 2);
  ImGui::TableHeadersRow();
  for (const Delivery& d : o.deliveries) {
    ImGui::PushID(int(d.id));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    text(short_time(d.created_at));
    ImGui::TableSetColumnIndex(1);
    text(event_label(d.type));
    ImGui::TableSetColumnIndex(2);
    text(tr(d.state));
    ImGui::TableSetColumnIndex(3);
    text(std::to_string(d.attempts));
    ImGui::TableSetColumnIndex(4);
    text(d.last_status ? std::to_string(d.last_status) : std::string(tr(Text::none_value)));
    ImGui::TableSetColumnIndex(5);
    cell_text_wrapped(d.last_error.empty() ? std::string(tr(Text::none_value)) : d.last_error);
    ImGui::TableSetColumnIndex(6);
    text(d.next_attempt_at.empty() ? std::string(tr(Text::none_value)) : short_time(d.next_attempt_at));
    ImGui::TableSetColumnIndex(7);
    a11y_next("button", std::string(tr(Text::redeliver)) + " #" + std::to_string(d.id));
    if (ImGui::SmallButton(tr(Text::redeliver))) outbox_redeliver(app, d.id);
    test_mark("redeliver:" + std::to_string(d.id));
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void draw_channel_form(AppState& app) {
  OutboxState& o = app.outbox;
  const float em = ImGui::GetFontSize();
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(Text::channel_add));
  a11y_text(tr(Text::channel_add), "heading");
  const int formats = int(std::size(kAllWebhookFormats));
  o.new_format = std::clamp(o.new_format, 0, formats - 1);
  const WebhookFormat format = kAllWebhookFormats[o.new_format];
  flow_begin();
  flow_next(em * 13);
  ImGui::SetNextItemWidth(em * 13);
  a11y_next("combobox", tr(Text::col_format));
  if (ImGui::BeginCombo("##new_format", tr(format))) {
    for (int i = 0; i < formats; ++i) {
      if (ImGui::Selectable(tr(kAllWebhookFormats[i]), i == o.new_format)) o.new_format = i;
    }
    ImGui::EndCombo();
  }
  test_mark("webhook_format");
  flow_input("##new_url", Text::channel_url_hint, &o.new_url, 2048, 22);
  test_mark("webhook_url");
  flow_input("##new_area", Text::area_scope_hint, &o.new_area, limits::kShortText, 10);
  if (format_signs(format)) {
    flow_input("##new_secret", Text::channel_secret_hint, &o.new_secret, limits::kShortText, 12,
               ImGuiInputTextFlags_Password);
  }
  flow_begin();
  for (std::size_t i = 0; i < std::size(kDeliveredEventTypes); ++i) {
    const char* label = tr(kDeliveredEventTypes[i]);
    flow_next(ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::PushID(int(i));
    ImGui::Checkbox(label, &o.new_events[i]);
    ImGui::PopID();
  }
  flow_begin();
  ImGui::BeginDisabled(o.new_url.empty());
  if (flow_button(tr(Text::channel_add))) outbox_create(app);
  ImGui::EndDisabled();
  test_mark("webhook_create");
  if (!o.last_secret.empty()) {
    text_block(tr(Text::channel_secret_once));
    copy_box("webhook_secret", o.last_secret);
  }
}

void draw_channels(AppState& app) {
  OutboxState& o = app.outbox;
  const float em = ImGui::GetFontSize();
  outbox_tick(app);
  heading(Text::channels_title);
  text_block(tr(Text::channels_hint));
  if (!o.message.empty()) status_message(o.message, o.error);
  if (o.webhooks.empty()) {
    disabled_text(o.state == LoadState::loading ? tr(Text::loading) : tr(Text::no_channels));
  } else {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("webhooks", 6, flags)) {
      a11y_table(tr(Text::channels_title));
      float format_w = column_width({tr(Text::col_format)});
      for (WebhookFormat f : kAllWebhookFormats) format_w = std::max(format_w, column_width({tr(f)}));
      ImGui::TableSetupColumn(tr(Text::col_url), ImGuiTableColumnFlags_WidthStretch, 1.2f);
      ImGui::TableSetupColumn(tr(Text::col_format), 0, format_w);
      ImGui::TableSetupColumn(tr(Text::col_events), ImGuiTableColumnFlags_WidthStretch, 1.4f);
      ImGui::TableSetupColumn(tr(Text::col_area), 0, std::max(em * 5, column_width({tr(Text::scope_board)})));
      ImGui::TableSetupColumn(tr(Text::col_state), ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn(tr(Text::col_actions), 0, actions_width());
      ImGui::TableHeadersRow();
      for (const Webhook& w : o.webhooks) draw_webhook_row(app, w);
      ImGui::EndTable();
    }
  }
  if (o.open_webhook) draw_deliveries(app);
  draw_channel_form(app);
}

}  // namespace

void draw_admin(AppState& app) {
  AdminState& a = app.admin;
  ImGui::TextUnformatted(tr(Text::admin_title));
  a11y_text(tr(Text::admin_title), "heading");
  if (!a.message.empty()) {
    ImGui::SameLine();
    status_message(a.message, a.error);
  }
  const bool users = app_can(app, int(Action::manage_users));
  const bool channels = app_can(app, int(Action::manage_webhooks));
  if (!users && !channels) return;
  ImGui::BeginChild("##admin_body", ImVec2(0, 0));
  if (users) {
    if (a.state == LoadState::loading && a.users.empty()) disabled_text(tr(Text::loading));
    draw_users(app);
    draw_tokens(app);
  }
  if (channels) draw_channels(app);
  ImGui::EndChild();
}

}  // namespace shipboard::client
