// GET /healthz: the process is alive and serving (liveness: restart it when this fails).
// GET /readyz: the store answers, its migrations are all applied and the server is not
// shutting down (readiness: send it traffic only while this is 200). No sign-in for either.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void health(App& app, const Principal&, const Req&, Res& res);
void ready(App& app, const Principal&, const Req&, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/healthz", "health", health, anyone()},
    {Method::get, "/readyz", "ready", ready, anyone()},
};

void health(App&, const Principal&, const Req&, Res& res) {
  send_json(res, 200, {{"status", "ok"}});
}

void ready(App& app, const Principal&, const Req&, Res& res) {
  if (app.hub().stopping())
    return problem(res, 503, "Service Unavailable", "the server is shutting down");
  if (!app.store().healthy())
    return problem(res, 503, "Service Unavailable", "the store does not answer");
  const int at = app.store().schema_version();
  const int want = app.store().expected_schema_version();
  if (at != want)
    return problem(res, 503, "Service Unavailable",
                   "the database is at schema " + std::to_string(at) + ", this server needs " +
                       std::to_string(want));
  send_json(res, 200, {{"status", "ready"}, {"schema_version", at}});
}

}  // namespace

std::span<const Route> health_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
