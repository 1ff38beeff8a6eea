// The item page: the item, its requests, questions and history, following it; the PM's edit as a
// core PatchItem sent with If-Match, where a 412 keeps the item as it is now for the re-apply.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

// The edit form as it would be freshly filled from `item`.
bool form_untouched(const ItemPage& p, const Item& item) {
  return p.edit_status == item.status && p.edit_release == item.release_id.value_or(0) &&
         std::string(p.edit_eta) == (item.eta ? item.eta->text : "") &&
         p.edit_commitment == item.commitment && p.edit_answer == item.customer_answer &&
         !p.edit_confirm;
}

// The PM's edit relative to `base`: only the fields the form changed.
PatchItem build_patch(const ItemPage& p, const Item& base) {
  PatchItem patch;
  if (p.edit_status != base.status) patch.status = p.edit_status;
  if (p.edit_release != base.release_id.value_or(0)) {
    patch.release_id = p.edit_release ? std::optional<Id>(p.edit_release) : std::nullopt;
  }
  const std::string eta = p.edit_eta;
  if (eta != (base.eta ? base.eta->text : "")) {
    patch.eta = eta.empty() ? std::optional<Eta>() : parse_eta(eta);
    if (!eta.empty() && !parse_eta(eta)) patch.eta = std::optional<Eta>(Eta{eta});
  }
  if (p.edit_commitment != base.commitment) patch.commitment = p.edit_commitment;
  if (p.edit_answer != base.customer_answer) patch.customer_answer = std::string(p.edit_answer);
  patch.confirm_answer = p.edit_confirm;
  return patch;
}

void send_patch(AppState& app, const Item& base) {
  ItemPage& p = app.page;
  const PatchItem patch = build_patch(p, base);
  p.save_error.clear();
  if (patch.empty()) return;
  p.saving = true;
  const Id id = p.id;
    http_request_if_match(
      "PATCH", "/api/v1/items/" + std::to_string(id), to_json(patch).dump(), app.csrf_token,
      if_match(base.version), [&app, id, base](HttpResponse r) {
        ItemPage& pg = app.page;
        if (pg.id != id) return;
        pg.saving = false;
        json j = parse_or_null(r.body);
        if (r.status == 200) {
          Decoded<Item> d = decode_item(j);
          if (d.ok()) {
            pg.item = *d.value;
            app_upsert_item(app, *d.value);
          }
          item_reset_form(pg);
          pg.conflict.reset();
          pg.conflict_base.reset();
          pg.saved_flash = true;
          app.animate_until_ms = now_ms() + 1600;
        } else if (r.status == 412 && j.is_object() && j.contains("current")) {
          Decoded<Item> d = decode_item(j["current"]);
          if (d.ok()) {
            pg.conflict = *d.value;
            pg.conflict_base = base;
            app_upsert_item(app, *d.value);
          }
        } else {
          std::string detail = j.is_object() && j.contains("detail") && j["detail"].is_string()
                                   ? j["detail"].get<std::string>()
                                   : "HTTP " + std::to_string(r.status);
          if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
            for (const json& e : j["errors"]) {
              if (e.is_object() && e.contains("field") && e.contains("message")) {
                detail += "; " + e["field"].get<std::string>() + ": " +
                          e["message"].get<std::string>();
              }
            }
          }
          pg.save_error = detail;
        }
      });
}

}  // namespace

// [SECTION] Item page ------------------------------------------------------------------------
bool item_form_untouched(const ItemPage& p) { return form_untouched(p, p.edit_base); }

void item_reset_form(ItemPage& p) {
  const Item& it = p.item;
  p.edit_base = it;
  p.edit_status = it.status;
  p.edit_release = it.release_id.value_or(0);
  p.edit_eta = it.eta ? it.eta->text : "";
  p.edit_commitment = it.commitment;
  p.edit_answer = it.customer_answer;
  p.edit_confirm = false;
}

void item_open(AppState& app, Id id) {
  team_load(app);  // the owner's name
  ItemPage& p = app.page;
  if (p.id != id) {
    p = ItemPage{};
    p.id = id;
    p.state = LoadState::loading;
    if (const Item* known = app_find_item(app, id)) {  // show what the board has meanwhile
      p.item = *known;
      p.state = LoadState::loaded;
      item_reset_form(p);
    }
  }
  const std::string base = "/api/v1/items/" + std::to_string(id);
  http_request("GET", base, "", "", [&app, id](HttpResponse r) {
    ItemPage& pg = app.page;
    if (pg.id != id) return;
    const json j = parse_or_null(r.body);
    Decoded<Item> d = decode_item(j);
    if (r.status != 200 || !d.ok()) {
      if (pg.state != LoadState::loaded) pg.state = LoadState::failed;
      return;
    }
    // Whether the caller follows it (sent to callers who may follow; the button's state).
    if (const auto f = j.find("following"); f != j.end() && f->is_boolean()) pg.following = *f;
    const bool untouched = pg.state != LoadState::loaded || form_untouched(pg, pg.edit_base);
    pg.item = *d.value;
    pg.state = LoadState::loaded;
    if (untouched && !pg.saving && !pg.conflict) item_reset_form(pg);
    app_upsert_item(app, *d.value);
    set_document_title(pg.item.title + " · Shipboard");
  });
  if (app_can(app, int(Action::see_internal)) || app_can(app, int(Action::create_request))) {
    p.requests_state = LoadState::loading;
    http_request("GET", base + "/requests", "", "", [&app, id](HttpResponse r) {
      if (app.page.id != id) return;
      if (r.status != 200) { app.page.requests_state = LoadState::failed; return; }
      app.page.requests = decode_list<Request>(r, [](const json& e) { return decode_request(e); }).value_or(std::vector<Request>{});
      app.page.requests_state = LoadState::loaded;
    });
  }
  http_request("GET", "/api/v1/questions?item_id=" + std::to_string(id) + "&limit=200", "", "",
               [&app, id](HttpResponse r) {
                 if (app.page.id != id || r.status != 200) return;
                 auto qs = decode_list<Question>(r, [](const json& e) { return decode_question(e); }).value_or(std::vector<Question>{});
                 app.page.questions.clear();  // the server may ignore item_id: filter here too
                 for (Question& q : qs) {
                   if (q.item_id && *q.item_id == id) app.page.questions.push_back(std::move(q));
                 }
               });
  if (app_can(app, int(Action::read_history))) {
    http_request("GET", base + "/history", "", "", [&app, id](HttpResponse r) {
      if (app.page.id != id || r.status != 200) return;
      app.page.history = decode_list<Event>(r, [](const json& e) { return decode_event(e); }).value_or(std::vector<Event>{});
    });
  }
}

void item_save(AppState& app) {
  if (app.page.state != LoadState::loaded || app.page.saving) return;
  send_patch(app, app.page.edit_base);
}

void item_reapply(AppState& app) {
  ItemPage& p = app.page;
  if (!p.conflict || !p.conflict_base) return;
  // The PM's changes (relative to what they started from) on top of the current item.
  const PatchItem mine = build_patch(p, *p.conflict_base);
  p.item = *p.conflict;
  p.conflict.reset();
  p.conflict_base.reset();
  item_reset_form(p);
  if (mine.status) p.edit_status = *mine.status;
  if (mine.release_id) p.edit_release = mine.release_id->value_or(0);
  if (mine.eta) p.edit_eta = *mine.eta ? (*mine.eta)->text : "";
  if (mine.commitment) p.edit_commitment = *mine.commitment;
  if (mine.customer_answer) p.edit_answer = *mine.customer_answer;
  p.edit_confirm = mine.confirm_answer;
  send_patch(app, p.item);
}

void item_ask(AppState& app) {
  ItemPage& p = app.page;
  if (p.ask.empty() || p.asking) return;
  CreateQuestion q;
  q.item_id = p.id;
  q.body = p.ask;
  p.asking = true;
  const Id id = p.id;
  http_request("POST", "/api/v1/questions", to_json(q).dump(), app.csrf_token,
               [&app, id](HttpResponse r) {
                 if (app.page.id != id) return;
                 app.page.asking = false;
                 if (r.status == 200 || r.status == 201) {
                   app.page.ask.clear();
                   item_open(app, id);
                 }
               });
}

void item_toggle_follow(AppState& app) {
  ItemPage& p = app.page;
  const bool on = !p.following;
  const Id id = p.id;
  http_request(on ? "PUT" : "DELETE", "/api/v1/items/" + std::to_string(id) + "/follow", "",
               app.csrf_token, [&app, id, on](HttpResponse r) {
                 if (app.page.id == id && (r.status == 200 || r.status == 204)) {
                   app.page.following = on;
                 }
               });
}

}  // namespace shipboard::client
