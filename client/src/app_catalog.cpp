// Loaders for the catalog views (see app.hpp): the board's filtered item list, releases and the
// questions asked about one, customers and one customer's requests, and the answered questions
// the insights view measures turnaround on. Everything is decoded with the core's decode_*.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "platform.hpp"
#include "shipboard/codec.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

// The `items` array of a list response, each entry through `decode`; nullopt on a bad shape.
template <typename T, typename F>
std::optional<std::vector<T>> decode_list(const HttpResponse& r, F decode) {
  if (r.status != 200) return std::nullopt;
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
    return std::nullopt;
  }
  std::vector<T> out;
  for (const json& e : j["items"]) {
    auto d = decode(e);
    if (d.ok()) out.push_back(std::move(*d.value));
  }
  return out;
}

}  // namespace

// [SECTION] Board ------------------------------------------------------------------------------
std::string board_query(const BoardFilters& f) {
  static const char* kStatus[] = {"under_review", "planned", "in_progress", "beta", "shipped",
                                  "declined"};
  std::string q = "/api/v1/items?limit=500&sort=" + f.sort;
  if (f.status_mask) {
    std::string list;
    for (int i = 0; i < 6; ++i) {
      if (f.status_mask & (1 << i)) list += (list.empty() ? "" : ",") + std::string(kStatus[i]);
    }
    q += "&status=" + url_encode(list);
  }
  if (!f.area.empty()) q += "&area=" + url_encode(f.area);
  if (f.release) q += "&release=" + std::to_string(f.release);
  if (f.tier >= 0) q += std::string("&tier=") + "ABC"[f.tier];
  if (f.mine) q += "&mine=1";
  return q;
}

void board_load(AppState& app) {
  BoardState& b = app.board;
  b.sent = b.filters;
  b.state = LoadState::loading;
  const int seq = ++b.seq;
  http_request("GET", board_query(b.filters), "", "", [&app, seq](HttpResponse r) {
    BoardState& bs = app.board;
    if (seq != bs.seq) return;  // the filters changed again meanwhile
    auto items = decode_list<Item>(r, [](const json& j) { return decode_item(j); });
    if (!items) {
      bs.state = LoadState::failed;
      return;
    }
    bs.items = std::move(*items);
    bs.state = LoadState::loaded;
  });
}

// [SECTION] Releases ---------------------------------------------------------------------------
void releases_load(AppState& app) {
  if (app.releases.state != LoadState::loaded) app.releases.state = LoadState::loading;
  http_request("GET", "/api/v1/releases?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Release>(r, [](const json& j) { return decode_release(j); });
    if (!list) {
      app.releases.state = LoadState::failed;
      return;
    }
    // Timeline order: by planned date (undated last), then id.
    std::stable_sort(list->begin(), list->end(), [](const Release& a, const Release& b) {
      const std::string da = a.planned_date.empty() ? "9999" : a.planned_date;
      const std::string db = b.planned_date.empty() ? "9999" : b.planned_date;
      return da != db ? da < db : a.id < b.id;
    });
    for (const Release& rel : *list) {
      if (!app.items.release_names.count(rel.id)) app.items.release_ids.push_back(rel.id);
      app.items.release_names[rel.id] = rel.name;
    }
    app.releases.list = std::move(*list);
    app.releases.state = LoadState::loaded;
  });
}

void release_questions_load(AppState& app, Id release_id) {
  ReleasesState& s = app.releases;
  s.questions_for = release_id;
  s.questions_state = LoadState::loading;
  http_request("GET", "/api/v1/questions?limit=500&release=" + std::to_string(release_id), "", "",
               [&app, release_id](HttpResponse r) {
                 ReleasesState& st = app.releases;
                 if (st.questions_for != release_id) return;
                 auto list =
                     decode_list<Question>(r, [](const json& j) { return decode_question(j); });
                 st.questions_state = list ? LoadState::loaded : LoadState::failed;
                 if (list) st.questions = std::move(*list);
               });
}

const Release* app_find_release(const AppState& app, Id id) {
  for (const Release& r : app.releases.list) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// [SECTION] Customers --------------------------------------------------------------------------
void customers_load(AppState& app) {
  if (app.customers.state != LoadState::loaded) app.customers.state = LoadState::loading;
  http_request("GET", "/api/v1/customers?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Customer>(r, [](const json& j) { return decode_customer(j); });
    if (!list) {
      app.customers.state = LoadState::failed;
      return;
    }
    std::stable_sort(list->begin(), list->end(), [](const Customer& a, const Customer& b) {
      return a.annual_value.amount != b.annual_value.amount
                 ? a.annual_value.amount > b.annual_value.amount
                 : a.id < b.id;
    });
    app.customers.list = std::move(*list);
    app.customers.state = LoadState::loaded;
  });
}

void customer_open(AppState& app, Id id) {
  CustomersState& s = app.customers;
  s.open = id;
  s.items.clear();
  s.items_state = LoadState::loading;
  http_request("GET", "/api/v1/items?limit=500&sort=value&customer=" + std::to_string(id), "", "",
               [&app, id](HttpResponse r) {
                 CustomersState& st = app.customers;
                 if (st.open != id) return;
                 auto list = decode_list<Item>(r, [](const json& j) { return decode_item(j); });
                 st.items_state = list ? LoadState::loaded : LoadState::failed;
                 if (list) st.items = std::move(*list);
               });
}

// [SECTION] Insights ---------------------------------------------------------------------------
void insights_load(AppState& app) {
  if (app.insights.state != LoadState::loaded) app.insights.state = LoadState::loading;
  http_request("GET", "/api/v1/questions?state=answered&limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Question>(r, [](const json& j) { return decode_question(j); });
    app.insights.state = list ? LoadState::loaded : LoadState::failed;
    if (list) app.insights.answered = std::move(*list);
  });
}

}  // namespace shipboard::client
