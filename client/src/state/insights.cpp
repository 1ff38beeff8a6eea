// Insights: the answered questions the turnaround figures are measured on.
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

void insights_load(AppState& app) {
  if (app.insights.state != LoadState::loaded) app.insights.state = LoadState::loading;
  http_request("GET", "/api/v1/questions?state=answered&limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Question>(r, [](const json& j) { return decode_question(j); });
    app.insights.state = list ? LoadState::loaded : LoadState::failed;
    if (list) app.insights.answered = std::move(*list);
  });
}

}  // namespace shipboard::client
