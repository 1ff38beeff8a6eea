// Live updates: each event of /api/v1/events (the SSE `data:` JSON) applied to what the client
// holds, and the stream's online state.
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
    if (ev.data.is_object()) item_id = id_field(ev.data, "item_id");
    if (item_id) refetch_item(app, item_id);
    if (app.route.view == View::item && (item_id == 0 || item_id == app.page.id)) {
      item_open(app, app.page.id);
    }
    if (app.route.view == View::queue) queue_load(app);
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
