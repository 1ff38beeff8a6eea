// Notifications (#/notifications): the signed-in user's inbox of changes, the unread count and
// marking entries read.
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

void notifications_load(AppState& app) {
  NotificationsState& n = app.notifications;
  if (n.state != LoadState::loaded) n.state = LoadState::loading;
  http_request("GET", "/api/v1/inbox?limit=200", "", "", [&app](HttpResponse r) {
    NotificationsState& ns = app.notifications;
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) {
      ns.state = LoadState::failed;
      return;
    }
    ns.list.clear();
    int unread = 0;
    for (const json& e : j["items"]) {
      auto d = decode_notification(e);
      if (!d.ok()) continue;
      unread += d.value->read ? 0 : 1;
      ns.list.push_back(*d.value);
    }
    auto u = j.find("unread");
    ns.unread = (u != j.end() && u->is_number_integer()) ? u->get<int>() : unread;
    ns.state = LoadState::loaded;
  });
}

void notifications_mark_read(AppState& app, Id id) {
  json body = id ? json{{"ids", json::array({id})}} : json{{"all", true}};
  for (Notification& n : app.notifications.list) {
    if (id == 0 || n.id == id) n.read = true;  // at once; the reload confirms
  }
  http_request("POST", "/api/v1/inbox/read", body.dump(), app.csrf_token,
               [&app](HttpResponse) { notifications_load(app); });
}

}  // namespace shipboard::client
