// Search, copy-for-a-customer and live updates (see app.hpp). Search filters the loaded board
// instantly with the core's matches_query and asks /api/v1/search after a short pause for what
// the board does not hold; live events from /api/v1/events refetch the item they name.
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/url.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

constexpr double kSearchDebounceMs = 250;  // pause after the last keystroke before asking

json parse_or_null(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json() : j;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

Id id_of(const json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_number_integer()) ? it->get<Id>() : 0;
}

// What an item is searched by on the client: title, description, area and the answer.
std::string item_search_text(const Item& it) {
  return it.title + "\n" + it.description + "\n" + it.area + "\n" + it.customer_answer;
}

void refetch_item(AppState& app, Id id) {
  http_request("GET", "/api/v1/items/" + std::to_string(id), "", "", [&app, id](HttpResponse r) {
    if (r.status != 200) return;
    json j = parse_or_null(r.body);
    Decoded<Item> d = decode_item(j);
    if (!d.ok()) return;
    Item item = *d.value;
    app_upsert_item(app, item);
    if (app.page.id == id && app.page.state == LoadState::loaded) {
      app.page.item = std::move(item);
      if (!app.page.saving && !app.page.conflict && item_form_untouched(app.page)) {
        item_reset_form(app.page);
      }
    }
  });
}

}  // namespace

// [SECTION] Search ---------------------------------------------------------------------------
void search_rebuild(AppState& app) {
  SearchState& s = app.search;
  s.results.clear();
  const auto& items = app.items.items;
  // The core's matches_query, with each item's folded text kept between keystrokes.
  const std::vector<std::string> terms = search_terms(s.query);
  for (int i = 0; i < int(items.size()); ++i) {
    const Item& it = items[i];
    if (it.merged_into) continue;
    // Folded even while the query is empty (when the board loads), so the first keystroke
    // does not pay for folding every item.
    auto& cached = s.folded[it.id];
    if (cached.second.empty() || cached.first != it.version) {
      cached = {it.version, normalize_for_search(item_search_text(it))};
    }
    if (!terms.empty()) {
      const std::string& hay = cached.second;
      bool all = true;
      for (const std::string& t : terms) all = all && hay.find(t) != std::string::npos;
      if (!all) continue;
    }
    s.results.push_back(i);
  }
  // Items the server ranked that the client-side filter missed (e.g. matched on requests).
  if (s.query[0] != '\0' && s.sent_query == s.query) {
    for (Id id : s.server_item_ids) {
      for (int i = 0; i < int(items.size()); ++i) {
        if (items[i].id != id) continue;
        bool have = false;
        for (int k : s.results) have |= (k == i);
        if (!have) s.results.push_back(i);
      }
    }
  }
  s.results_dirty = false;
}

void search_tick(AppState& app) {
  SearchState& s = app.search;
  if (s.results_dirty) search_rebuild(app);
  if (s.sent_query == s.query) return;
  if (s.query[0] == '\0') {
    s.sent_query.clear();
    s.server_item_ids.clear();
    s.other_hits.clear();
    s.server_state = LoadState::idle;
    return;
  }
  if (now_ms() - s.edited_at_ms < kSearchDebounceMs) {
    wake(2);  // keep frames coming until the pause has passed
    return;
  }
  s.sent_query = s.query;
  s.server_state = LoadState::loading;
  const std::string q = s.sent_query;
  http_request("GET", "/api/v1/search?q=" + url_encode(q), "", "", [&app, q](HttpResponse r) {
    SearchState& st = app.search;
    if (st.sent_query != q) return;  // a newer query is on its way
    json j = parse_or_null(r.body);
    if (r.status != 200 || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
      st.server_state = LoadState::failed;
      return;
    }
    st.server_item_ids.clear();
    st.other_hits.clear();
    for (const json& hit : j["items"]) {
      if (!hit.is_object()) continue;
      const std::string entity = str(hit, "entity");
      if (entity == "item") {
        if (auto it = hit.find("item"); it != hit.end()) {
          Decoded<Item> d = decode_item(*it);
          if (d.ok()) app_upsert_item(app, *d.value);
        }
        st.server_item_ids.push_back(id_of(hit, "id"));
      } else {
        st.other_hits.push_back({entity, id_of(hit, "id"), str(hit, "title"), str(hit, "excerpt")});
      }
    }
    st.server_state = LoadState::loaded;
    st.results_dirty = true;
  });
}

// [SECTION] Copy for a customer ----------------------------------------------------------------
void copy_open(AppState& app, Id item_id) {
  CopyDialog& c = app.copy;
  c.item_id = item_id;
  c.open_requested = true;
  c.told_ok = false;
  if (c.customers_state == LoadState::loaded || c.customers_state == LoadState::loading) return;
  c.customers_state = LoadState::loading;
  http_request("GET", "/api/v1/customers?mine=1&limit=500", "", "", [&app](HttpResponse r) {
    CopyDialog& cd = app.copy;
    json j = parse_or_null(r.body);
    if (r.status != 200 || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
      cd.customers_state = LoadState::failed;
      return;
    }
    cd.customers.clear();
    for (const json& c : j["items"]) {
      Decoded<Customer> d = decode_customer(c);
      if (d.ok()) cd.customers.push_back(std::move(*d.value));
    }
    cd.customers_state = LoadState::loaded;
  });
}

void copy_answer(AppState& app, Id customer_id) {
  CopyDialog& c = app.copy;
  const Item* item = app_find_item(app, c.item_id);
  if (!item) return;
  c.last_copied = item->customer_answer;
  c.last_told_customer = customer_id;
  clipboard_copy_now(item->customer_answer);
  app.items.copied_item = item->id;
  app.items.copied_at_ms = now_ms();
  app.animate_until_ms = now_ms() + 1600;
  if (customer_id == 0) return;
  CreateTold told;
  told.customer_id = customer_id;
  told.item_id = item->id;
  http_request("POST", "/api/v1/told", to_json(told).dump(), app.csrf_token,
               [&app](HttpResponse r) { app.copy.told_ok = (r.status == 200 || r.status == 201); });
}

// [SECTION] Live ------------------------------------------------------------------------------
void live_apply(AppState& app, const std::string& data_json) {
  std::optional<json> j = parse_json(data_json);
  if (!j) return;
  Decoded<Event> d = decode_event(*j);
  if (!d.ok()) return;
  const Event& ev = *d.value;
  app.live.last_event_id = std::max(app.live.last_event_id, ev.id);
  ++app.live.events_applied;
  if (ev.entity == "item") {
    refetch_item(app, ev.entity_id);
    if (app.route.view == View::board) board_load(app);  // new or moved items, filters apply
    if (app.page.id == ev.entity_id) item_open(app, ev.entity_id);  // history, requests
  } else if (ev.entity == "request" || ev.entity == "question" || ev.entity == "answer") {
    Id item_id = 0;
    if (ev.data.is_object()) item_id = id_of(ev.data, "item_id");
    if (item_id) refetch_item(app, item_id);
    if (app.route.view == View::item && (item_id == 0 || item_id == app.page.id)) {
      item_open(app, app.page.id);
    }
    if (app.route.view == View::inbox) inbox_load(app);
  } else if (ev.entity == "release") {
    app_load_items(app);
    if (app.route.view == View::releases || app.route.view == View::release) releases_load(app);
  } else if (ev.entity == "customer" && app.route.view == View::customers) {
    customers_load(app);
  }
  if (ev.entity != "told") notifications_load(app);  // the unread badge
}

void live_status(AppState& app, bool online) { app.live.online = online; }

}  // namespace shipboard::client
