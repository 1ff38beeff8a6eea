// GET /metrics: the server's counters in Prometheus text format (http/metrics.hpp), for an API
// token with the admin role (a scraper's token, not a browser session).
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void metrics(App& app, const Principal&, const Req&, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/metrics", "metrics", metrics, admin_token()},
};

void metrics(App& app, const Principal&, const Req&, Res& res) {
  res.set_header("Cache-Control", "no-store");
  res.status = 200;
  res.set_content(app.metrics().render(app.streams().open()), "text/plain; version=0.0.4");
}

}  // namespace

std::span<const Route> metrics_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
