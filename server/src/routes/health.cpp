// GET /healthz: whether the store answers, for load balancers and service managers (no sign-in,
// no body worth caching).
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void health(App& app, const Principal&, const Req&, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/healthz", "health", health, anyone()},
};

void health(App& app, const Principal&, const Req&, Res& res) {
  if (app.store().healthy())
    send_json(res, 200, {{"status", "ok"}});
  else
    problem(res, 503, "Service Unavailable", "the store does not answer");
}

}  // namespace

std::span<const Route> health_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
