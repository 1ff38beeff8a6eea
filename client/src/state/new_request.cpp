// "New request": a salesperson (or support, or a PM) files what a named customer asked for,
// with its importance, the value at stake and the customer's words. While the title is typed
// the open items most like it are asked for (GET /api/v1/items/similar, debounced), so an ask
// that already has an item gets the customer added there ("add my customer to this item
// instead": POST /api/v1/items/{id}/requests) rather than a duplicate item; otherwise the item
// is created (POST /api/v1/items) and the request filed on it. Either way the item page opens.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/url.hpp"
#include "shipboard/utf8.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

constexpr double kSimilarDebounceMs = 300;  // pause after the last keystroke before asking

// The request the form describes, for the item it goes to; nullopt (and the reason in
// d.error) when the form is not complete.
std::optional<CreateRequest> form_request(NewRequestDialog& d) {
  if (d.customer_id == 0) {
    d.error_text = Text::new_request_pick_customer;
    return std::nullopt;
  }
  std::int64_t whole = 0;
  if (d.value.empty()) {
    whole = 0;
  } else if (!parse_whole_units(d.value.c_str(), &whole)) {
    d.error_text = Text::new_request_bad_value;
    return std::nullopt;
  }
  CreateRequest r;
  r.customer_id = d.customer_id;
  r.importance = d.importance;
  r.value_at_stake = Money{whole * 100, d.currency.empty() ? "CNY" : d.currency};
  r.quote = d.quote;
  return r;
}

// Files `request` on `item_id`; on success the item page opens and the dialog closes.
void post_request(AppState& app, Id item_id, const CreateRequest& request) {
  const int seq = app.new_request.seq;
  http_request("POST", "/api/v1/items/" + std::to_string(item_id) + "/requests",
               to_json(request).dump(), app.csrf_token, [&app, item_id, seq](HttpResponse r) {
                 NewRequestDialog& d = app.new_request;
                 if (d.seq != seq) return;  // closed or reopened meanwhile
                 d.sending = false;
                 if (r.status != 201 && r.status != 200) {
                   d.error = problem_text(r);
                   return;
                 }
                 d.filed_item = item_id;
                 d.open = false;
                 app.animate_until_ms = now_ms() + 1600;
                 // The item's demand changed: read it again (the live event may come later).
                 app_navigate(app, Route{View::item, item_id});
                 if (app.route.view == View::item && app.route.item_id == item_id) {
                   item_open(app, item_id);
                 }
               });
}

}  // namespace

void new_request_open(AppState& app, const std::string& title, Id item_id) {
  NewRequestDialog& d = app.new_request;
  const int seq = d.seq + 1;
  std::vector<Customer> customers = std::move(d.customers);
  const LoadState customers_state = d.customers_state;
  d = NewRequestDialog{};
  d.seq = seq;
  d.open = true;
  d.open_requested = true;
  d.target_item = item_id;
  d.title = title;
  d.edited_at_ms = now_ms();
  d.customers = std::move(customers);
  d.customers_state = customers_state == LoadState::loaded ? customers_state : LoadState::idle;
  if (d.customers_state == LoadState::loaded) return;
  d.customers_state = LoadState::loading;
  // Every customer the caller may file for, their own first (the list is by annual value).
  http_request("GET", "/api/v1/customers?limit=500", "", "", [&app](HttpResponse r) {
    NewRequestDialog& nd = app.new_request;
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) {
      nd.customers_state = LoadState::failed;
      return;
    }
    nd.customers.clear();
    for (const json& c : j["items"]) {
      if (Decoded<Customer> dc = decode_customer(c); dc.ok()) nd.customers.push_back(*dc.value);
    }
    const Id me = app.user ? app.user->id : 0;
    std::stable_sort(nd.customers.begin(), nd.customers.end(),
                     [me](const Customer& a, const Customer& b) {
                       return (a.owner_id == me) > (b.owner_id == me);
                     });
    nd.customers_state = LoadState::loaded;
  });
}

void new_request_close(AppState& app) {
  NewRequestDialog& d = app.new_request;
  const int seq = d.seq + 1;
  std::vector<Customer> customers = std::move(d.customers);
  const LoadState customers_state = d.customers_state;
  d = NewRequestDialog{};
  d.seq = seq;  // answers still on their way are dropped
  d.customers = std::move(customers);
  d.customers_state = customers_state == LoadState::loaded ? customers_state : LoadState::idle;
}

std::vector<const Customer*> new_request_customers(const AppState& app) {
  const NewRequestDialog& d = app.new_request;
  const std::string needle = normalize_for_search(d.customer_filter);
  std::vector<const Customer*> out;
  for (const Customer& c : d.customers) {
    if (!needle.empty() && normalize_for_search(c.name).find(needle) == std::string::npos) continue;
    out.push_back(&c);
  }
  return out;
}

void new_request_tick(AppState& app) {
  NewRequestDialog& d = app.new_request;
  if (!d.open || d.target_item != 0) return;
  const std::string title = d.title;
  if (title == d.similar_for) return;
  if (now_ms() - d.edited_at_ms < kSimilarDebounceMs) {
    app.wake_at_ms = d.edited_at_ms + kSimilarDebounceMs;  // a frame when the wait is over
    return;
  }
  d.similar_for = title;
  if (utf8_length(title) < 2) {  // one letter matches everything and helps nobody
    d.similar.clear();
    d.similar_state = LoadState::idle;
    return;
  }
  d.similar_state = LoadState::loading;
  const int seq = d.seq;
  http_request("GET", "/api/v1/items/similar?limit=5&title=" + url_encode(title), "", "",
               [&app, seq, title](HttpResponse r) {
                 NewRequestDialog& nd = app.new_request;
                 if (nd.seq != seq || nd.similar_for != title) return;  // a newer title asked
                 json j = parse_or_null(r.body);
                 if (r.status != 200 || !is_list(j)) {
                   nd.similar_state = LoadState::failed;
                   return;
                 }
                 nd.similar.clear();
                 for (const json& e : j["items"]) {
                   if (!e.is_object()) continue;
                   SimilarItem s;
                   s.id = id_field(e, "id");
                   s.title = string_field(e, "title");
                   s.status = parse_item_status(string_field(e, "status"))
                                  .value_or(ItemStatus::under_review);
                   s.customer_answer = string_field(e, "customer_answer");
                   if (auto it = e.find("score"); it != e.end() && it->is_number())
                     s.score = it->get<double>();
                   if (s.id > 0 && !s.title.empty()) nd.similar.push_back(std::move(s));
                 }
                 nd.similar_state = LoadState::loaded;
               });
}

void new_request_submit(AppState& app, Id into_item) {
  NewRequestDialog& d = app.new_request;
  if (d.sending) return;
  d.error.clear();
  d.error_text.reset();
  auto request = form_request(d);
  if (!request) return;
  // An item created by an earlier try whose request then failed is not created twice.
  const Id target = into_item ? into_item : d.target_item ? d.target_item : d.created_item;
  d.sending = true;
  if (target) {
    post_request(app, target, *request);
    return;
  }
  CreateItem item;
  item.title = d.title;
  item.description = d.description;
  item.kind = d.kind;
  if (item.title.empty()) {
    d.sending = false;
    d.error_text = Text::new_request_need_title;
    return;
  }
  const int seq = d.seq;
  http_request("POST", "/api/v1/items", to_json(item).dump(), app.csrf_token,
               [&app, seq, req = *request](HttpResponse r) {
                 NewRequestDialog& nd = app.new_request;
                 if (nd.seq != seq) return;
                 Decoded<Item> created = decode_item(parse_or_null(r.body));
                 if (r.status != 201 || !created.ok()) {
                   nd.sending = false;
                   nd.error = problem_text(r);
                   return;
                 }
                 app_upsert_item(app, *created.value);
                 app.search.results_dirty = true;
                 nd.created_item = created.value->id;
                 post_request(app, created.value->id, req);
               });
}

}  // namespace shipboard::client
