// The item page's and the PM inbox's actions (see app.hpp): loading an item with its requests,
// questions and history; the PM's edit as a core PatchItem sent with If-Match, where a 412
// keeps the server's "current" item so the PM can see what changed and re-apply; asking and
// answering questions; following; the PM's triage of new requests and merging duplicates.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/search_text.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

json parse_or_null(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json() : j;
}

template <class T, class F>
std::vector<T> decode_list(const std::string& body, F decode) {
  std::vector<T> out;
  json j = parse_or_null(body);
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) return out;
  for (const json& e : j["items"]) {
    auto d = decode(e);
    if (d.ok()) out.push_back(std::move(*d.value));
  }
  return out;
}

void copy_text(char* dst, std::size_t n, const std::string& src) {
  std::strncpy(dst, src.c_str(), n - 1);
  dst[n - 1] = '\0';
}

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
  const std::string if_match = "\"" + std::to_string(base.version) + "\"";
  http_request_if_match(
      "PATCH", "/api/v1/items/" + std::to_string(id), to_json(patch).dump(), app.csrf_token,
      if_match, [&app, id, base](HttpResponse r) {
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
  copy_text(p.edit_eta, sizeof p.edit_eta, it.eta ? it.eta->text : "");
  p.edit_commitment = it.commitment;
  copy_text(p.edit_answer, sizeof p.edit_answer, it.customer_answer);
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
      app.page.requests = decode_list<Request>(r.body, [](const json& e) { return decode_request(e); });
      app.page.requests_state = LoadState::loaded;
    });
  }
  http_request("GET", "/api/v1/questions?item_id=" + std::to_string(id) + "&limit=200", "", "",
               [&app, id](HttpResponse r) {
                 if (app.page.id != id || r.status != 200) return;
                 auto qs = decode_list<Question>(r.body, [](const json& e) { return decode_question(e); });
                 app.page.questions.clear();  // the server may ignore item_id: filter here too
                 for (Question& q : qs) {
                   if (q.item_id && *q.item_id == id) app.page.questions.push_back(std::move(q));
                 }
               });
  if (app_can(app, int(Action::read_history))) {
    http_request("GET", base + "/history", "", "", [&app, id](HttpResponse r) {
      if (app.page.id != id || r.status != 200) return;
      app.page.history = decode_list<Event>(r.body, [](const json& e) { return decode_event(e); });
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
  if (mine.eta) copy_text(p.edit_eta, sizeof p.edit_eta, *mine.eta ? (*mine.eta)->text : "");
  if (mine.commitment) p.edit_commitment = *mine.commitment;
  if (mine.customer_answer) copy_text(p.edit_answer, sizeof p.edit_answer, *mine.customer_answer);
  p.edit_confirm = mine.confirm_answer;
  send_patch(app, p.item);
}

void item_ask(AppState& app) {
  ItemPage& p = app.page;
  if (p.ask[0] == '\0' || p.asking) return;
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
                   app.page.ask[0] = '\0';
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

// [SECTION] PM inbox ---------------------------------------------------------------------------
void inbox_load(AppState& app) {
  if (app_can(app, int(Action::merge_items))) triage_load(app);
  if (app.inbox.state != LoadState::loaded) app.inbox.state = LoadState::loading;
  http_request("GET", "/api/v1/questions?state=open&sort=priority&limit=200", "", "",
               [&app](HttpResponse r) {
                 if (r.status != 200) { app.inbox.state = LoadState::failed; return; }
                 app.inbox.questions =
                     decode_list<Question>(r.body, [](const json& e) { return decode_question(e); });
                 app.inbox.state = LoadState::loaded;
               });
}

void inbox_answer(AppState& app, Id question_id) {
  InboxState& in = app.inbox;
  auto it = in.drafts.find(question_id);
  if (it == in.drafts.end() || it->second[0] == '\0' || in.sending) return;
  AnswerQuestion a;
  a.body = it->second.data();
  a.to_library = in.to_library[question_id];
  in.sending = question_id;
  http_request("POST", "/api/v1/questions/" + std::to_string(question_id) + "/answers",
               to_json(a).dump(), app.csrf_token, [&app, question_id](HttpResponse r) {
                 app.inbox.sending = 0;
                 if (r.status == 200 || r.status == 201) {
                   app.inbox.drafts.erase(question_id);
                   inbox_load(app);
                 }
               });
}

// [SECTION] Triage and merging duplicates -----------------------------------------------------
namespace {

// The similarity tokens of every item on the loaded board that is not merged away.
using BoardTokens = std::vector<std::pair<Id, std::vector<std::string>>>;
BoardTokens board_tokens(const AppState& app) {
  BoardTokens out;
  for (const Item& it : app.items.items) {
    if (!it.merged_into) out.emplace_back(it.id, similarity_tokens(it.title));
  }
  return out;
}

// The board items most alike to `mine` (similarity ≥ 0.34: a third of the title's words /
// bigrams shared), at most 3, most alike first; `self` left out.
std::vector<Id> most_alike(const std::vector<std::string>& mine, Id self, const BoardTokens& board) {
  constexpr double kAlike = 0.34;
  constexpr std::size_t kMost = 3;
  std::vector<std::pair<double, Id>> alike;
  for (const auto& [id, tokens] : board) {
    if (id == self) continue;
    const double s = similarity(mine, tokens);
    if (s >= kAlike) alike.emplace_back(s, id);
  }
  std::stable_sort(alike.begin(), alike.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Id> out;
  for (std::size_t i = 0; i < alike.size() && i < kMost; ++i) out.push_back(alike[i].second);
  return out;
}

}  // namespace

void triage_load(AppState& app) {
  InboxState& in = app.inbox;
  if (in.triage_state != LoadState::loaded) in.triage_state = LoadState::loading;
  http_request("GET", "/api/v1/items?status=under_review&sort=value&limit=100", "", "",
               [&app](HttpResponse r) {
                 InboxState& st = app.inbox;
                 if (r.status != 200) { st.triage_state = LoadState::failed; return; }
                 st.triage = decode_list<Item>(r.body, [](const json& e) { return decode_item(e); });
                 st.duplicates.clear();
                 const BoardTokens board = board_tokens(app);  // once, not once per request
                 for (const Item& it : st.triage) {
                   st.duplicates[it.id] = most_alike(similarity_tokens(it.title), it.id, board);
                 }
                 st.triage_state = LoadState::loaded;
               });
}

std::vector<Id> similar_items(const AppState& app, const Item& item) {
  return most_alike(similarity_tokens(item.title), item.id, board_tokens(app));
}

void triage_set_status(AppState& app, Id item_id, ItemStatus status) {
  InboxState& in = app.inbox;
  if (in.triage_busy) return;
  const auto it = std::find_if(in.triage.begin(), in.triage.end(),
                               [&](const Item& i) { return i.id == item_id; });
  if (it == in.triage.end()) return;
  PatchItem patch;
  patch.status = status;
  in.triage_busy = item_id;
  in.triage_notice.reset();
  http_request_if_match(
      "PATCH", "/api/v1/items/" + std::to_string(item_id), to_json(patch).dump(), app.csrf_token,
      "\"" + std::to_string(it->version) + "\"", [&app, item_id](HttpResponse r) {
        InboxState& st = app.inbox;
        st.triage_busy = 0;
        if (r.status == 200) {
          if (Decoded<Item> d = decode_item(parse_or_null(r.body)); d.ok()) {
            app_upsert_item(app, *d.value);
          }
          std::erase_if(st.triage, [&](const Item& i) { return i.id == item_id; });
          return;
        }
        st.triage_notice = r.status == 412 ? Text::triage_changed : Text::save_failed;
        triage_load(app);
      });
}

void merge_open(AppState& app, Id from, Id into) {
  MergeDialog& m = app.merge;
  m = MergeDialog{};
  m.from = from;
  m.into = into;
  m.open_requested = true;
  if (const Item* it = app_find_item(app, from)) m.alike = similar_items(app, *it);
}

std::vector<const Item*> merge_candidates(const AppState& app) {
  constexpr std::size_t kShown = 50;
  const MergeDialog& m = app.merge;
  std::vector<const Item*> out;
  const auto take = [&](const Item& it) {
    if (it.id == m.from || it.merged_into || !matches_query(it.title, m.query)) return;
    if (std::find(out.begin(), out.end(), &it) == out.end()) out.push_back(&it);
  };
  for (const Id id : m.alike) {  // the likely targets first
    if (const Item* it = app_find_item(app, id)) take(*it);
  }
  for (const Item& it : app.items.items) {
    if (out.size() >= kShown) break;
    take(it);
  }
  return out;
}

void merge_send(AppState& app) {
  MergeDialog& m = app.merge;
  if (!m.from || !m.into || m.sending) return;
  m.sending = true;
  m.error.clear();
  const Id from = m.from;
  const Id into = m.into;
  MergeItem cmd;
  cmd.into = into;
  http_request("POST", "/api/v1/items/" + std::to_string(from) + "/merge", to_json(cmd).dump(),
               app.csrf_token, [&app, from, into](HttpResponse r) {
                 MergeDialog& md = app.merge;
                 if (md.from == from) md.sending = false;
                 if (r.status != 200) {
                   if (md.from == from) md.error = problem_text(r);
                   return;
                 }
                 if (Decoded<Item> d = decode_item(parse_or_null(r.body)); d.ok()) {
                   app_upsert_item(app, *d.value);  // the item it went into (new demand)
                 }
                 for (auto* list : {&app.items.items, &app.board.items}) {
                   for (Item& it : *list) {
                     if (it.id == from) it.merged_into = into;  // the live event brings the rest
                   }
                 }
                 app.search.results_dirty = true;
                 std::erase_if(app.inbox.triage, [&](const Item& i) { return i.id == from; });
                 if (md.from == from) md = MergeDialog{};
                 if (app.route.view == View::item && app.route.item_id == from) {
                   app_navigate(app, Route{View::item, into});
                 }
               });
}

}  // namespace shipboard::client
