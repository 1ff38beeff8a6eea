// Items: the board's cards. GET /api/v1/items (filters, sort, cursor pages) and
// GET /api/v1/items/{id}; writes are added with the core's commands.
#include <sstream>

#include "app.hpp"
#include "http.hpp"

namespace shipboard::server {
namespace {

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
    if (s == "demand") f.sort = store::ItemSort::demand;
    else if (s == "value") f.sort = store::ItemSort::value;
    else if (s == "eta") f.sort = store::ItemSort::eta;
    else if (s == "updated") f.sort = store::ItemSort::updated;
    else if (s == "id") f.sort = store::ItemSort::id;
    else return bad("sort", "must be demand, value, eta, updated or id");
  }
  if (req.has_param("cursor")) f.cursor = req.get_param_value("cursor");
  if (p.kind == Principal::Kind::embed && p.embed_scope.rfind("area:", 0) == 0)
    f.area = p.embed_scope.substr(5);
  return true;
}

bool in_scope(const Principal& p, const Item& item) {
  if (p.kind != Principal::Kind::embed || p.embed_scope.rfind("area:", 0) != 0) return true;
  return item.area == p.embed_scope.substr(5);
}

}  // namespace

void register_item_routes(App& app) {
  auto& http = app.http();

  http.Get("/api/v1/items", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (p.kind == Principal::Kind::anonymous) return problem(res, 401, "Unauthorized", "sign in first");
    store::ItemFilter f;
    if (!item_filter(app, req, res, p, f)) return;
    auto page = app.store().list_items(f);
    if (page.outcome != store::Outcome::ok)
      return problem(res, 400, "Bad Request", page.detail, page.errors);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& it : page.value->items) items.push_back(to_json(it, p.audience()));
    send_json(res, 200, page_json(std::move(items), page.value->next_cursor));
  });

  http.Get(R"(/api/v1/items/:id)", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (p.kind == Principal::Kind::anonymous) return problem(res, 401, "Unauthorized", "sign in first");
    auto id = path_id(req, res);
    if (!id) return;
    auto item = app.store().item(*id);
    if (!item || !in_scope(p, *item)) return problem(res, 404, "Not Found", "no such item");
    set_etag(res, item->version);
    send_json(res, 200, to_json(*item, p.audience()));
  });
}

}  // namespace shipboard::server
