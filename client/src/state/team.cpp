// The team directory (GET /api/v1/team, loaded once by the views that name users) and how the UI
// names a user.
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

void team_load(AppState& app) {
  if (app.team_state != LoadState::idle || !app_can(app, int(Action::list_customers))) return;
  app.team_state = LoadState::loading;
  http_request("GET", "/api/v1/team?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<User>(r, [](const json& j) { return decode_user(j); });
    if (!list) {
      app.team_state = LoadState::failed;
      return;
    }
    for (const User& u : *list) app.team[u.id] = u.name;
    app.team_state = LoadState::loaded;
  });
}

std::string user_label(const AppState& app, const std::optional<Id>& id) {
  if (!id) return tr(Text::none_value);
  if (app.user && app.user->id == *id) return app.user->name + " (" + tr(Text::me) + ")";
  if (const auto it = app.team.find(*id); it != app.team.end()) return it->second;
  return "#" + std::to_string(*id);
}

}  // namespace shipboard::client
