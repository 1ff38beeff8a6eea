// Items: the board's cards, their requests, history and followers. Lists with filters, sort
// and cursor pages; writes decode the core's commands, check the permission table and the
// ownership rules, and send If-Match versions to the store.
#include <cmath>
#include <sstream>

#include "routes/route.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"  // [hardening] is_valid_utf8

namespace shipboard::server {
namespace {

void list_items(App& app, const Principal& p, const Req& req, Res& res);
void get_item(App& app, const Principal& p, const Req& req, Res& res);
void similar_items(App& app, const Principal& p, const Req& req, Res& res);
void create_item(App& app, const Principal& p, const Req& req, Res& res);
void patch_item(App& app, const Principal& p, const Req& req, Res& res);
void merge_item(App& app, const Principal& p, const Req& req, Res& res);
void list_requests(App& app, const Principal& p, const Req& req, Res& res);
void create_request(App& app, const Principal& p, const Req& req, Res& res);
void item_history(App& app, const Principal& p, const Req& req, Res& res);
void follow_item(App& app, const Principal& p, const Req& req, Res& res);
void unfollow_item(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/items", "list_items", list_items, reads(Action::list_items)},
    // Before /items/:id, which would take "similar" for an id.
    {Method::get, "/api/v1/items/similar", "similar_items", similar_items, signed_in()},
    {Method::get, "/api/v1/items/:id", "get_item", get_item, reads(Action::read_item)},
    {Method::post, "/api/v1/items", "create_item", create_item, changes(Action::create_item)},
    {Method::patch, "/api/v1/items/:id", "patch_item", patch_item, signed_in_change()},
    {Method::post, "/api/v1/items/:id/merge", "merge_item", merge_item,
     changes(Action::merge_items)},
    {Method::get, "/api/v1/items/:id/requests", "list_requests", list_requests,
     reads(Action::list_requests)},
    {Method::post, "/api/v1/items/:id/requests", "create_request", create_request,
     changes(Action::create_request)},
    {Method::get, "/api/v1/items/:id/history", "item_history", item_history,
     reads(Action::read_history)},
    {Method::put, "/api/v1/items/:id/follow", "follow_item", follow_item, changes(Action::follow)},
    {Method::del, "/api/v1/items/:id/follow", "unfollow_item", unfollow_item,
     changes(Action::follow)},
};

// Parses the list filters of GET /api/v1/items; writes a 400 and returns false when malformed.
bool item_filter(const App& app, const httplib::Request& req, httplib::Response& res,
                 const Principal& p, store::ItemFilter& f) {
  auto bad = [&](const char* field, const std::string& msg) {
    problem(res, 400, "Bad Request", std::string(field) + " " + msg, {{field, msg}});
    return false;
  };
  auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!limit) return false;
  f.limit = *limit;
  if (req.has_param("status")) {
    std::stringstream ss(req.get_param_value("status"));
    std::string s;
    while (std::getline(ss, s, ',')) {
      auto st = parse_item_status(s);
      if (!st) return bad("status", "has an unknown value: " + s.substr(0, 40));
      f.statuses.push_back(*st);
    }
  }
  if (req.has_param("kind")) {
    f.kind = parse_item_kind(req.get_param_value("kind"));
    if (!f.kind) return bad("kind", "must be feature, improvement or bug");
  }
  if (req.has_param("area")) f.area = req.get_param_value("area");
  if (f.area && !is_valid_utf8(*f.area)) return bad("area", "must be valid UTF-8");  // [hardening]
  bool malformed = false;
  f.release_id = query_id(req, res, "release", malformed);
  if (malformed) return false;
  if (req.has_param("tier")) {
    f.tier = parse_tier(req.get_param_value("tier"));
    if (!f.tier) return bad("tier", "must be A, B or C");
  }
  if (p.audience() == Audience::full) {
    f.customer_id = query_id(req, res, "customer", malformed);
    if (malformed) return false;
    if (req.get_param_value("mine") == "1" || req.get_param_value("mine") == "true")
      f.owner_customers_of = p.user.id;
  }
  if (req.has_param("sort")) {
    auto s = req.get_param_value("sort");
    if (s == "demand")
      f.sort = store::ItemSort::demand;
    else if (s == "value")
      f.sort = store::ItemSort::value;
    else if (s == "eta")
      f.sort = store::ItemSort::eta;
    else if (s == "updated")
      f.sort = store::ItemSort::updated;
    else if (s == "id")
      f.sort = store::ItemSort::id;
    else
      return bad("sort", "must be demand, value, eta, updated or id");
  }
  if (req.has_param("cursor")) f.cursor = req.get_param_value("cursor");
  if (req.has_param("q")) {
    f.q = req.get_param_value("q");
    if (f.q.size() > 400) return bad("q", "must be at most 400 bytes");
    if (!is_valid_utf8(f.q)) return bad("q", "must be valid UTF-8");  // [hardening]
  }
  if (auto area = p.embed_area()) f.area = *area;
  return true;
}

// What makes one list response differ from another: the audience (internal fields), the
// embed scope, the caller for `mine`, and every query parameter but the embed token (whose
// scope is already in the key). Length-prefixed, so no value can forge another key.
std::string list_cache_key(const httplib::Request& req, const Principal& p,
                           const store::ItemFilter& f) {
  std::string key = p.audience() == Audience::full ? "items|full|" : "items|restricted|";
  if (p.kind == Principal::Kind::embed) key += to_string(p.embed_scope);
  key += '|';
  if (f.owner_customers_of) key += std::to_string(*f.owner_customers_of);
  for (const auto& [name, value] : req.params) {
    if (name == "token") continue;
    key +=
        '|' + std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':' + value;
  }
  return key;
}

// Items like a title being typed (a new request's), so sales add their customer to the item
// that exists instead of filing it twice: Traditional and Simplified fold together, and the
// core's glossary pairs English and Chinese product words.
void similar_items(App& app, const Principal& p, const Req& req, Res& res) {
  const std::string title = req.get_param_value("title");
  if (title.empty() || title.size() > 400)
    return problem(res, 400, "Bad Request", "title must have 1 to 400 bytes",
                   {{"title", "must have 1 to 400 bytes"}});
  if (!is_valid_utf8(title))
    return problem(res, 400, "Bad Request", "title must be valid UTF-8",
                   {{"title", "must be valid UTF-8"}});
  auto limit = list_limit(req, res, 5, 10);
  if (!limit) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [id, score] : app.store().similar_items(title, *limit, 0.2)) {
    auto it = app.store().item(id);
    if (!it) continue;
    auto j = to_json(*it, p.audience());
    j["score"] = std::round(score * 1000) / 1000;
    items.push_back(std::move(j));
  }
  send_json(res, 200, {{"items", std::move(items)}});
}

void list_items(App& app, const Principal& p, const Req& req, Res& res) {
  store::ItemFilter f;
  if (!item_filter(app, req, res, p, f)) return;
  // The same list for the same audience is serialised once per change (response_cache.hpp).
  // The generation is read before the data, so a write meanwhile leaves the entry stale.
  const auto generation = app.hub().generation();
  const auto now = ResponseCache::Clock::now();
  const std::string key = list_cache_key(req, p, f);
  if (auto hit = app.responses().get(key, generation, now))
    return send_cached(req, res, std::move(hit), "application/json");
  auto page = app.store().list_items(f);
  if (page.outcome != store::Outcome::ok)
    return problem(res, 400, "Bad Request", page.detail, page.errors);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& it : page.value->items) items.push_back(to_json(it, p.audience()));
  auto body =
      app.responses().put(key, generation, now,
                          page_json(std::move(items), page.value->next_cursor)
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  send_cached(req, res, std::move(body), "application/json");
}

void get_item(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto item = app.store().item(*id);
  if (!item || !p.covers(*item)) return problem(res, 404, "Not Found", "no such item");
  set_etag(res, item->version);
  auto j = to_json(*item, p.audience());
  if (p.signed_in() && allowed(p.role, Action::follow))
    j["following"] = app.store().is_following(p.user.id, *id);
  send_json(res, 200, j);
}

void create_item(App& app, const Principal& p, const Req& req, Res& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_create_item(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  if (!may_create_item(p.role, *cmd.value))
    return problem(res, 403, "Forbidden",
                   "only a PM sets status, release, ETA, commitment, answers and notes");
  auto r = app.store().create_item(p.actor(), *cmd.value, App::now());
  if (!store_ok(r, res)) return;
  res.set_header("Location", "/api/v1/items/" + std::to_string(r.value->id));
  set_etag(res, r.value->version);
  send_json(res, 201, to_json(*r.value, p.audience()));
}

void patch_item(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto current = app.store().item(*id);
  if (!current) return problem(res, 404, "Not Found", "no such item");
  if (!allowed(p.role, Action::patch_item_pm_fields) &&
      !allowed(p.role, Action::patch_item_author_fields))
    return problem(res, 403, "Forbidden", "your role may not edit items");
  auto version = if_match(req, res);
  if (!version) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_patch_item(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  if (!may_patch_item(p.role, p.user.id, *current, *cmd.value))
    return problem(res, 403, "Forbidden",
                   "a PM edits these fields; the author edits title and description while "
                   "the item is under review");
  auto r = app.store().patch_item(p.actor(), *id, *version, *cmd.value, App::now());
  if (r.outcome == store::Outcome::precondition_failed) {
    // Tell the client what it is now, so it can show what changed and re-apply.
    auto now_item = app.store().item(*id);
    return precondition_failed(res, now_item ? to_json(*now_item, p.audience()) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  set_etag(res, r.value->version);
  send_json(res, 200, to_json(*r.value, p.audience()));
}

void merge_item(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_merge_item(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  auto r = app.store().merge_item(p.actor(), *id, cmd.value->into, App::now());
  if (!store_ok(r, res)) return;
  set_etag(res, r.value->version);
  send_json(res, 200, to_json(*r.value, p.audience()));
}

void list_requests(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (auto it = app.store().item(*id); !it || !p.covers(*it))
    return problem(res, 404, "Not Found", "no such item");
  auto r = app.store().list_requests(*id);
  if (!store_ok(r, res)) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : *r.value) {
    Request req_view = v.request;
    req_view.customer_name = v.customer_name;
    req_view.customer_tier = v.tier;
    items.push_back(to_json(req_view, p.audience()));
  }
  send_json(res, 200, page_json(std::move(items), std::nullopt));
}

void create_request(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_create_request(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  auto r = app.store().create_request(p.actor(), *id, *cmd.value, App::now());
  if (!store_ok(r, res)) return;
  res.set_header("Location", "/api/v1/items/" + std::to_string(*id) + "/requests");
  send_json(res, 201, to_json(*r.value, p.audience()));
}

void item_history(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!limit) return;
  auto r = app.store().item_history(*id, *limit, req.get_param_value("cursor"));
  if (!store_ok(r, res)) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : r.value->items) items.push_back(to_json(e, p.audience()));
  send_json(res, 200, page_json(std::move(items), r.value->next_cursor));
}

// PUT / DELETE /api/v1/items/{id}/follow: the caller is told of the item's changes, or not.
void set_follow(App& app, const Principal& p, const Req& req, Res& res, bool on) {
  auto id = path_id(req, res);
  if (!id) return;
  auto r = app.store().set_follow(p.user.id, *id, on);
  if (!store_ok(r, res)) return;
  send_json(res, 200, {{"item_id", *id}, {"following", on}});
}

void follow_item(App& app, const Principal& p, const Req& req, Res& res) {
  set_follow(app, p, req, res, true);
}

void unfollow_item(App& app, const Principal& p, const Req& req, Res& res) {
  set_follow(app, p, req, res, false);
}

}  // namespace

std::span<const Route> item_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
