// What the client shows, as JSON, for window.shipboard.state() (platform.js): the view and
// route, the search results, the open item, the question queue, the live stream, the last copy, frame
// counters and where key widgets are (test marks). Browser tests read this instead of pixels.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

#include "ui/a11y.hpp"
#include "state/app_state.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

const char* view_name(View v) {
  switch (v) {
    case View::search: return "search";
    case View::board: return "board";
    case View::item: return "item";
    case View::queue: return "queue";
    case View::releases: return "releases";
    case View::release: return "release";
    case View::customers: return "customers";
    case View::insights: return "insights";
    case View::notifications: return "notifications";
    case View::admin: return "admin";
  }
  return "";
}

json item_json(const AppState& app, const Item& it) {
  return {{"id", it.id},
          {"title", it.title},
          {"status", std::string(to_string(it.status))},
          {"release", release_label(app, it.release_id)},
          {"eta", it.eta ? json(it.eta->text) : json(nullptr)},
          {"commitment", std::string(to_string(it.commitment))},
          {"customer_answer", it.customer_answer},
          {"answer_stale", it.answer_stale},
          {"version", it.version}};
}

}  // namespace

std::string app_state_json(const AppState& app) {
  json j;
  j["screen"] = app.screen == Screen::signed_in ? "signed_in"
                : app.screen == Screen::sign_in ? "sign_in" : "starting";
  j["user"] = app.user ? json(app.user->login) : json(nullptr);
  j["view"] = view_name(app.route.view);
  j["hash"] = route_hash(app.route);
  j["query"] = app.search.query;
  json results = json::array();
  if (app.route.view == View::search) {
    for (int i : app.search.results) {
      if (i >= 0 && i < int(app.items.items.size())) results.push_back(item_json(app, app.items.items[i]));
    }
  }
  j["results"] = results;
  j["item_count"] = app.items.items.size();
  // The sign-in form as typed (the password by length only), for tests that type into it, and
  // the server's sign-in options (GET /api/v1/session/options: "idle", "loading", "loaded",
  // "failed"; local / oidc as the view uses them).
  const SignInOptions& so = app.sign_in_options;
  j["sign_in"] = {{"login", app.sign_in.login},
                  {"password_length", app.sign_in.password.size()},
                  {"busy", app.sign_in.busy},
                  {"error", app.sign_in.error.has_value()},
                  {"options", so.state == LoadState::loaded    ? "loaded"
                              : so.state == LoadState::loading ? "loading"
                              : so.state == LoadState::failed  ? "failed"
                                                               : "idle"},
                  {"local", so.state != LoadState::loaded || so.local},
                  {"oidc", so.state == LoadState::loaded && so.oidc}};
  if (app.route.view == View::item && app.page.state == LoadState::loaded) {
    json sel = item_json(app, app.page.item);
    sel["requests"] = app.page.requests.size();
    sel["questions"] = app.page.questions.size();
    sel["history"] = app.page.history.size();
    sel["following"] = app.page.following;
    sel["ask"] = app.page.ask;
    sel["edit_answer"] = app.page.edit_answer;
    sel["edit_status"] = std::string(to_string(app.page.edit_status));
    sel["saving"] = app.page.saving;
    sel["conflict"] = app.page.conflict.has_value();
    sel["save_error"] = app.page.save_error;
    j["selected"] = sel;
  } else {
    j["selected"] = nullptr;
  }
  json triage = json::array();
  for (const Item& it : app.queue.triage) {
    const auto dup = app.queue.duplicates.find(it.id);
    triage.push_back({{"id", it.id},
                      {"title", it.title},
                      {"duplicates", dup == app.queue.duplicates.end() ? std::vector<Id>{} : dup->second}});
  }
  j["queue"] = {{"questions", app.queue.questions.size()}, {"triage", triage}};
  j["merge"] = {{"from", app.merge.from}, {"into", app.merge.into}, {"error", app.merge.error}};
  {
    const NewRequestDialog& d = app.new_request;
    json similar = json::array();
    for (const SimilarItem& si : d.similar)
      similar.push_back({{"id", si.id}, {"title", si.title}, {"score", si.score}});
    j["new_request"] = {{"open", d.open},
                        {"customers", d.customers.size()},
                        {"customer_id", d.customer_id},
                        {"title", d.title},
                        {"similar_for", d.similar_for},
                        {"similar", std::move(similar)},
                        {"sending", d.sending},
                        {"error", d.error_text ? std::string(tr(*d.error_text)) : d.error},
                        {"created_item", d.created_item},
                        {"filed_item", d.filed_item}};
  }
  j["live"] = {{"online", app.live.online},
               {"events", app.live.events_applied},
               {"last_event_id", app.live.last_event_id}};
  j["copy"] = {{"text", app.copy.last_copied},
               {"customer_id", app.copy.last_told_customer},
               {"told", app.copy.told_ok},
               {"customers", app.copy.customers.size()}};
  j["rendered"] = {{"hash", app.rendered_view}, {"ready", app.rendered_ready}};
  j["board"] = {{"kanban", app.board.kanban},
                {"query", board_query(app.board.filters)},
                {"count", app.board.items.size()},
                {"loaded", app.board.state == LoadState::loaded}};
  j["releases"] = app.releases.list.size();
  j["release_edit"] = {{"id", app.releases.edit.id},
                       {"saving", app.releases.edit.saving},
                       {"conflict", app.releases.edit.conflict.has_value()},
                       {"error", app.releases.edit.error}};
  j["customer_edit"] = {{"id", app.customers.edit.id},
                        {"saving", app.customers.edit.saving},
                        {"conflict", app.customers.edit.conflict.has_value()},
                        {"error", app.customers.edit.error}};
  j["customers"] = {{"count", app.customers.list.size()}, {"open", app.customers.open},
                    {"requests", app.customers.items.size()}};
  j["notifications"] = {{"count", app.notifications.list.size()},
                        {"unread", app.notifications.unread}};
  j["admin"] = {{"users", app.admin.users.size()},
                {"embed_tokens", app.admin.embed_tokens.size()},
                {"api_tokens", app.admin.api_tokens.size()},
                {"snippet", app.admin.last_embed_token.empty()
                                ? std::string()
                                : embed_snippet(app.admin.last_embed_token,
                                                app.items.items.empty() ? 1 : app.items.items.front().id)},
                {"message", app.admin.message}};
  json webhooks = json::array();
  for (const Webhook& w : app.outbox.webhooks) {
    webhooks.push_back({{"id", w.id}, {"format", std::string(to_string(w.format))}, {"active", w.active},
                        {"delivered", w.delivered}, {"pending", w.pending}, {"failed", w.failed}});
  }
  json deliveries = json::array();
  for (const Delivery& d : app.outbox.deliveries) {
    deliveries.push_back({{"id", d.id}, {"type", d.type}, {"state", std::string(to_string(d.state))},
                          {"last_status", d.last_status}});
  }
  j["outbox"] = {{"webhooks", webhooks},
                 {"open", app.outbox.open_webhook},
                 {"deliveries", deliveries},
                 {"secret_shown", !app.outbox.last_secret.empty()},
                 {"form_url", app.outbox.new_url},
                 {"message", app.outbox.message}};
  json modes = json::object();
  for (const auto& [kind, mode] : app.email_prefs.modes) modes[kind] = std::string(to_string(mode));
  j["email_prefs"] = {{"loaded", app.email_prefs.state == LoadState::loaded},
                      {"modes", modes},
                      {"digest_time", app.email_prefs.digest_time},
                      {"message", app.email_prefs.message}};
  // A text field has the keyboard (tests wait for it before typing).
  j["text_input"] = ImGui::GetCurrentContext() != nullptr && ImGui::GetIO().WantTextInput;
  j["theme"] = app.dark ? "dark" : "light";
  j["lang"] = std::string(language_tag(language()));
  j["a11y"] = a11y_count();
  j["frames"] = {{"drawn", app.frames_drawn}, {"idle", app.frames_idle}};
  // The CPU time of the last drawn frames, oldest first (bench/frame_time.mjs).
  json times = json::array();
  const long ring = long(app.frame_ms.size());
  for (long i = std::max(0L, app.frame_ms_count - ring); i < app.frame_ms_count; ++i) {
    times.push_back(std::round(app.frame_ms[std::size_t(i % ring)] * 1000.0f) / 1000.0f);
  }
  j["frame_times"] = {{"count", app.frame_ms_count}, {"ms", times}};
  j["marks"] = json::parse(test_marks_json(), nullptr, false);
  return j.dump();
}

}  // namespace shipboard::client
