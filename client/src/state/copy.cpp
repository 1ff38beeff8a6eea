// "Copy for which customer?": the customer answer goes to the clipboard, and the customer it was
// told to is recorded (POST /api/v1/told), so a later change can prompt a re-tell.
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

using nlohmann::json;

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

}  // namespace shipboard::client
