// The inbox: each user's notifications (GET /api/v1/inbox) and marking them read.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void list_inbox(App& app, const Principal& p, const Req& req, Res& res);
void mark_inbox_read(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/inbox", "list_inbox", list_inbox, reads(Action::read_inbox)},
    {Method::post, "/api/v1/inbox/read", "mark_inbox_read", mark_inbox_read,
     changes(Action::read_inbox)},
};

void list_inbox(App& app, const Principal& p, const Req& req, Res& res) {
  auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!limit) return;
  auto r =
      app.store().inbox(p.user.id, *limit, req.get_param_value("cursor"), truthy(req, "unread"));
  if (!store_ok(r, res)) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& n : r.value->items) items.push_back(to_json(n));
  auto j = page_json(std::move(items), r.value->next_cursor);
  j["unread"] = app.store().unread_count(p.user.id);
  send_json(res, 200, j);
}

void mark_inbox_read(App& app, const Principal& p, const Req& req, Res& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_mark_read(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  int n = app.store().mark_read(p.user.id, *cmd.value);
  send_json(res, 200, {{"marked", n}, {"unread", app.store().unread_count(p.user.id)}});
}

}  // namespace

std::span<const Route> inbox_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
