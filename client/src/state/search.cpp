// Search: the loaded board filtered on the client at every keystroke (the core's folded search
// text, Traditional and Simplified alike), and after a pause the server's ranked /search for
// what the board does not hold (items beyond it, questions, releases, library answers).
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/url.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

constexpr double kSearchDebounceMs = 250;  // pause after the last keystroke before asking

// What an item is searched by on the client: title, description, area and the answer.
std::string item_search_text(const Item& it) {
  return it.title + "\n" + it.description + "\n" + it.area + "\n" + it.customer_answer;
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
  if (!s.query.empty() && s.sent_query == s.query) {
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
  if (s.query.empty()) {
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
      const std::string entity = string_field(hit, "entity");
      if (entity == "item") {
        if (auto it = hit.find("item"); it != hit.end()) {
          Decoded<Item> d = decode_item(*it);
          if (d.ok()) app_upsert_item(app, *d.value);
        }
        st.server_item_ids.push_back(id_field(hit, "id"));
      } else {
        st.other_hits.push_back({entity, id_field(hit, "id"), string_field(hit, "title"), string_field(hit, "excerpt")});
      }
    }
    st.server_state = LoadState::loaded;
    st.results_dirty = true;
  });
}

}  // namespace shipboard::client
