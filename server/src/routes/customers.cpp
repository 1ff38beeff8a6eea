// Customers: named accounts with their annual value, owner and contacts; demand is weighed by
// their value.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void list_customers(App& app, const Principal& p, const Req& req, Res& res);
void get_customer(App& app, const Principal& p, const Req& req, Res& res);
void create_customer(App& app, const Principal& p, const Req& req, Res& res);
void patch_customer(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/customers", "list_customers", list_customers,
     reads(Action::list_customers)},
    {Method::get, "/api/v1/customers/:id", "get_customer", get_customer,
     reads(Action::list_customers)},
    {Method::post, "/api/v1/customers", "create_customer", create_customer,
     changes(Action::create_customer)},
    {Method::patch, "/api/v1/customers/:id", "patch_customer", patch_customer,
     changes(Action::patch_customer)},
};

void list_customers(App& app, const Principal& p, const Req& req, Res& res) {
  int limit = 0;
  std::string cursor;
  if (!page_params(app, req, res, limit, cursor)) return;
  std::optional<Id> owner;
  if (truthy(req, "mine")) owner = p.user.id;
  auto audience = p.audience();
  send_page(res, app.store().list_customers(limit, cursor, owner),
            [audience](const Customer& c) { return to_json(c, audience); });
}

void get_customer(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto c = app.store().customer(*id);
  if (!c) return problem(res, 404, "Not Found", "no such customer");
  send_updated(res, c->version, to_json(*c, p.audience()));
}

void create_customer(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_customer);
  if (!cmd) return;
  auto r = app.store().create_customer(p.actor(), *cmd, App::now());
  if (!store_ok(r, res)) return;
  send_created(res, "/api/v1/customers/" + std::to_string(r.value->id), r.value->version,
               to_json(*r.value, p.audience()));
}

void patch_customer(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto current = app.store().customer(*id);
  if (!current) return problem(res, 404, "Not Found", "no such customer");
  if (!may_patch_customer(p.role, p.user.id, *current))
    return problem(res, 403, "Forbidden", "sales may change only their own customers");
  auto version = if_match(req, res);
  if (!version) return;
  auto cmd = decode_body(req, res, decode_patch_customer);
  if (!cmd) return;
  auto r = app.store().patch_customer(p.actor(), *id, *version, *cmd, App::now());
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_customer = app.store().customer(*id);
    return precondition_failed(
        res, now_customer ? to_json(*now_customer, p.audience()) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  send_updated(res, r.value->version, to_json(*r.value, p.audience()));
}

}  // namespace

std::span<const Route> customer_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
