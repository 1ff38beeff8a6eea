// The answer library: reusable customer-facing answers, optionally tied to an item.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void list_answers(App& app, const Principal& p, const Req& req, Res& res);
void get_answer(App& app, const Principal& p, const Req& req, Res& res);
void create_answer(App& app, const Principal& p, const Req& req, Res& res);
void patch_answer(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/answers", "list_answers", list_answers, reads(Action::list_library)},
    {Method::get, "/api/v1/answers/:id", "get_answer", get_answer, reads(Action::list_library)},
    {Method::post, "/api/v1/answers", "create_answer", create_answer,
     changes(Action::create_library)},
    {Method::patch, "/api/v1/answers/:id", "patch_answer", patch_answer,
     changes(Action::patch_library)},
};

// An area-scoped embed token sees only library answers about items of its area (and general
// answers that name no item).
bool library_in_scope(App& app, const Principal& p, const LibraryAnswer& a) {
  if (!p.embed_area() || !a.item_id) return true;
  auto item = app.store().item(*a.item_id);
  return item && p.covers(*item);
}

void list_answers(App& app, const Principal& p, const Req& req, Res& res) {
  int limit = 0;
  std::string cursor;
  if (!page_params(app, req, res, limit, cursor)) return;
  bool bad = false;
  auto item = query_id(req, res, "item", bad);
  if (bad) return;
  auto page = app.store().list_library(limit, cursor, item);
  if (page.outcome == store::Outcome::ok && p.kind == Principal::Kind::embed) {
    auto& items = page.value->items;
    std::erase_if(items, [&](const LibraryAnswer& a) { return !library_in_scope(app, p, a); });
  }
  send_page(res, page, [](const LibraryAnswer& a) { return to_json(a); });
}

void get_answer(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto a = app.store().library_answer(*id);
  if (!a || !library_in_scope(app, p, *a)) return problem(res, 404, "Not Found", "no such answer");
  send_updated(res, a->version, to_json(*a));
}

void create_answer(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_library_answer);
  if (!cmd) return;
  auto r = app.store().create_library_answer(p.actor(), *cmd, App::now());
  if (!store_ok(r, res)) return;
  send_created(res, "/api/v1/answers/" + std::to_string(r.value->id), r.value->version,
               to_json(*r.value));
}

void patch_answer(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!app.store().library_answer(*id)) return problem(res, 404, "Not Found", "no such answer");
  auto version = if_match(req, res);
  if (!version) return;
  auto cmd = decode_body(req, res, decode_patch_library_answer);
  if (!cmd) return;
  auto r = app.store().patch_library_answer(p.actor(), *id, *version, *cmd, App::now());
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_answer = app.store().library_answer(*id);
    return precondition_failed(res, now_answer ? to_json(*now_answer) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  send_updated(res, r.value->version, to_json(*r.value));
}

}  // namespace

std::span<const Route> answer_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
