// The told log: what a salesperson told which customer about an item, kept so they are told
// again when the item changes (the answer goes stale).
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void create_told(App& app, const Principal& p, const Req& req, Res& res);
void list_told(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::post, "/api/v1/told", "create_told", create_told, changes(Action::create_told)},
    {Method::get, "/api/v1/told", "list_told", list_told, reads(Action::list_told)},
};

void create_told(App& app, const Principal& p, const Req& req, Res& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_create_told(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  auto r = app.store().create_told(p.actor(), *cmd.value, App::now());
  if (!store_ok(r, res)) return;
  send_json(res, 201, to_json(*r.value, p.audience()));
}

void list_told(App& app, const Principal& p, const Req& req, Res& res) {
  auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!limit) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [t, stale] : app.store().told_by(p.user.id, *limit)) {
    auto j = to_json(t, p.audience());
    j["stale"] = stale;
    items.push_back(std::move(j));
  }
  send_json(res, 200, page_json(std::move(items), std::nullopt));
}

}  // namespace

std::span<const Route> told_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
