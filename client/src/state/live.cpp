// Live updates: each event of /api/v1/events (the SSE `data:` JSON) applied to what the client
// holds: an item event carries the item's new version and each change, so the next version is
// applied from it without a request; what an event lacks is fetched once per frame at the most
// (live_flush), however many events name it.
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

// The item `held` becomes with the event's changes, when the event carries all of them: it is
// the next version (data.version == held.version + 1) and every change names its new value.
// nullopt when something must be fetched (a version skipped, the description or internal note
// changed, or a field the event does not carry).
std::optional<Item> item_after(const Item& held, const json& data) {
  if (!data.is_object() || !data.contains("version") || !data["version"].is_number_integer()) return std::nullopt;
  if (data["version"].get<std::int64_t>() != held.version + 1) return std::nullopt;
  auto it = data.find("changes");
  if (it == data.end() || !it->is_object()) return std::nullopt;
  Item next = held;
  next.version = held.version + 1;
  for (const auto& [field, change] : it->items()) {
    if (!change.is_object() || !change.contains("to")) return std::nullopt;  // e.g. description
    const json& to = change["to"];
    if (field == "status" && to.is_string()) {
      auto v = parse_item_status(to.get<std::string>());
      if (!v) return std::nullopt;
      next.status = *v;
    } else if (field == "commitment" && to.is_string()) {
      auto v = parse_commitment(to.get<std::string>());
      if (!v) return std::nullopt;
      next.commitment = *v;
    } else if (field == "eta" && (to.is_string() || to.is_null())) {
      if (to.is_null()) next.eta.reset();
      else if (auto v = parse_eta(to.get<std::string>())) next.eta = *v;
      else return std::nullopt;
    } else if (field == "release_id" && (to.is_number_integer() || to.is_null())) {
      next.release_id = to.is_null() ? std::nullopt : std::optional<Id>(to.get<Id>());
    } else if (field == "owner_id" && (to.is_number_integer() || to.is_null())) {
      next.owner_id = to.is_null() ? std::nullopt : std::optional<Id>(to.get<Id>());
    } else if (field == "customer_answer" && to.is_string()) {
      next.customer_answer = to.get<std::string>();
    } else if (field == "title" && to.is_string()) {
      next.title = to.get<std::string>();
    } else if (field == "area" && to.is_string()) {
      next.area = to.get<std::string>();
    } else if (field == "answer_stale" && to.is_boolean()) {
      next.answer_stale = to.get<bool>();
    } else {
      return std::nullopt;  // kind, merged_into and anything newer: fetch the item
    }
  }
  return next;
}

// The item as the client holds it now (the open page's copy is at least as new as the board's).
const Item* held_item(const AppState& app, Id id) {
  if (app.page.id == id && app.page.state == LoadState::loaded) return &app.page.item;
  return app_find_item(app, id);
}

void store_item(AppState& app, Item item) {
  const Id id = item.id;
  if (app.page.id == id && app.page.state == LoadState::loaded && item.version >= app.page.item.version) {
    app.page.item = item;
    if (!app.page.saving && !app.page.conflict && item_form_untouched(app.page)) item_reset_form(app.page);
  }
  app_upsert_item(app, std::move(item));
}

// Whether the board on screen can take the changed item in place: it holds it, no server-side
// filter could now exclude it, and its order does not depend on what changed.
bool board_takes_in_place(const AppState& app, Id id, const json& data) {
  if (!app.board.sent) return false;
  BoardFilters unfiltered;
  unfiltered.sort = app.board.sent->sort;
  if (!(*app.board.sent == unfiltered)) return false;
  const bool held = std::any_of(app.board.items.begin(), app.board.items.end(),
                                [id](const Item& it) { return it.id == id; });
  if (!held) return false;
  const std::string& sort = app.board.sent->sort;
  if (sort == "updated") return false;
  if (sort == "eta" && data.contains("changes") && data["changes"].contains("eta")) return false;
  return true;
}

void refetch_item(AppState& app, Id id) {
  http_request("GET", "/api/v1/items/" + std::to_string(id), "", "", [&app](HttpResponse r) {
    if (r.status != 200) return;
    Decoded<Item> d = decode_item(parse_or_null(r.body));
    if (d.ok()) store_item(app, *d.value);
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
  LiveWants& want = app.live.want;
  if (ev.entity == "item") {
    const Item* held = held_item(app, ev.entity_id);
    const std::int64_t version =
        ev.data.is_object() && ev.data.contains("version") && ev.data["version"].is_number_integer()
            ? ev.data["version"].get<std::int64_t>() : 0;
    if (held && version != 0 && version <= held->version) {
      // already held (our own save, or a replay after a reconnect): nothing to do
    } else if (std::optional<Item> next = held ? item_after(*held, ev.data) : std::nullopt) {
      store_item(app, std::move(*next));
    } else {
      want.items.insert(ev.entity_id);
    }
    if (app.route.view == View::board && !board_takes_in_place(app, ev.entity_id, ev.data)) want.board = true;
    if (app.page.id == ev.entity_id && app.page.state == LoadState::loaded) {
      if (std::none_of(app.page.history.begin(), app.page.history.end(),
                       [&ev](const Event& e) { return e.id == ev.id; })) {
        app.page.history.insert(app.page.history.begin(), ev);  // newest first, as /history lists
      }
      if (ev.type == "item.demand_changed" || ev.type == "item.merged") want.page = true;
    }
  } else if (ev.entity == "request" || ev.entity == "question" || ev.entity == "answer") {
    Id item_id = 0;
    if (ev.data.is_object()) item_id = id_field(ev.data, "item_id");
    if (item_id) want.items.insert(item_id);
    if (app.route.view == View::item && (item_id == 0 || item_id == app.page.id)) want.page = true;
    if (app.route.view == View::queue) want.queue = true;
  } else if (ev.entity == "release") {
    want.releases = true;
  } else if (ev.entity == "customer" && app.route.view == View::customers) {
    want.customers = true;
  }
  if (ev.entity != "told") want.notifications = true;  // the unread badge
  wake();
}

void live_flush(AppState& app) {
  LiveWants want = std::move(app.live.want);
  app.live.want = LiveWants{};
  if (want.page && app.page.id) {
    item_open(app, app.page.id);  // the item with its requests, questions and history
    want.items.erase(app.page.id);
  }
  for (Id id : want.items) refetch_item(app, id);
  if (want.board) board_load(app);
  if (want.queue) queue_load(app);
  if (want.releases) {
    app_load_items(app);
    if (app.route.view == View::releases || app.route.view == View::release) releases_load(app);
  }
  if (want.customers) customers_load(app);
  if (want.notifications) notifications_load(app);
}

void live_status(AppState& app, bool online) { app.live.online = online; }

}  // namespace shipboard::client
