// Releases: the versions items ship in, with notes and training FAQ.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void list_releases(App& app, const Principal&, const Req& req, Res& res);
void get_release(App& app, const Principal&, const Req& req, Res& res);
void create_release(App& app, const Principal& p, const Req& req, Res& res);
void patch_release(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/releases", "list_releases", list_releases, reads(Action::list_releases)},
    {Method::get, "/api/v1/releases/:id", "get_release", get_release, reads(Action::list_releases)},
    {Method::post, "/api/v1/releases", "create_release", create_release,
     changes(Action::create_release)},
    {Method::patch, "/api/v1/releases/:id", "patch_release", patch_release,
     changes(Action::patch_release)},
};

void list_releases(App& app, const Principal&, const Req& req, Res& res) {
  int limit = 0;
  std::string cursor;
  if (!page_params(app, req, res, limit, cursor)) return;
  send_page(res, app.store().list_releases(limit, cursor),
            [](const Release& r) { return to_json(r); });
}

void get_release(App& app, const Principal&, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto r = app.store().release(*id);
  if (!r) return problem(res, 404, "Not Found", "no such release");
  send_updated(res, r->version, to_json(*r));
}

void create_release(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_release);
  if (!cmd) return;
  auto r = app.store().create_release(p.actor(), *cmd, App::now());
  if (!store_ok(r, res)) return;
  send_created(res, "/api/v1/releases/" + std::to_string(r.value->id), r.value->version,
               to_json(*r.value));
}

void patch_release(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!app.store().release(*id)) return problem(res, 404, "Not Found", "no such release");
  auto version = if_match(req, res);
  if (!version) return;
  auto cmd = decode_body(req, res, decode_patch_release);
  if (!cmd) return;
  auto r = app.store().patch_release(p.actor(), *id, *version, *cmd, App::now());
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_release = app.store().release(*id);
    return precondition_failed(res, now_release ? to_json(*now_release) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  send_updated(res, r.value->version, to_json(*r.value));
}

}  // namespace

std::span<const Route> release_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
