// The one guard every route goes through, the mounting of the route tables on the server, and
// the replies the route files share.
#include "routes/route.hpp"

#include <chrono>

#include "http/auth.hpp"

namespace shipboard::server {

const char* to_string(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

std::string describe(const Access& a) {
  switch (a.kind) {
    case Access::Kind::anyone:
      return "anyone";
    case Access::Kind::signed_in:
      return "signed in";
    case Access::Kind::session_change:
      return "a session (CSRF)";
    case Access::Kind::signed_in_change:
      return "signed in (CSRF), fields per role";
    case Access::Kind::reads:
      return "reads " + std::string(to_string(a.action));
    case Access::Kind::changes:
      return "changes " + std::string(to_string(a.action));
    case Access::Kind::admin_token:
      return "an admin's API token";
  }
  return "anyone";
}

std::vector<const Route*> all_routes() {
  std::vector<const Route*> out;
  for (auto table :
       {session_routes(), item_routes(), question_routes(), told_routes(), inbox_routes(),
        search_routes(), release_routes(), enablement_routes(), customer_routes(),
        answer_routes(), admin_routes(),
        outbox_routes(), import_routes(),
        event_routes(), embed_routes(), openapi_routes(), health_routes(), metrics_routes(),
        oidc_routes()})
    for (const Route& r : table) out.push_back(&r);
  return out;
}

namespace {

bool signed_in_or_401(const Principal& p, Res& res) {
  if (p.signed_in()) return true;
  problem(res, 401, "Unauthorized", "sign in first");
  return false;
}

// Cookie-authenticated changes must carry X-CSRF-Token.
bool csrf_ok(const Req& req, const Principal& p, Res& res) {
  if (!p.needs_csrf()) return true;
  if (auth::equal_ct(req.get_header_value("X-CSRF-Token"), p.csrf_token)) return true;
  problem(res, 403, "Forbidden", "missing or wrong X-CSRF-Token header");
  return false;
}

bool not_embed(const Principal& p, Res& res) {
  if (p.kind != Principal::Kind::embed) return true;
  problem(res, 403, "Forbidden", "an embed token only reads");
  return false;
}

// The permission table (shipboard/permissions.hpp): 401 when nobody is signed in (and no embed
// token allows the action), 403 when the role or token may not.
bool may(const Principal& p, Action action, Res& res) {
  if (p.kind == Principal::Kind::embed) {
    if (embed_allowed(action)) return true;
    problem(res, 403, "Forbidden", "an embed token may not do this");
    return false;
  }
  if (!signed_in_or_401(p, res)) return false;
  if (allowed(p.role, action)) return true;
  problem(res, 403, "Forbidden", "your role may not do this");
  return false;
}

}  // namespace

bool guard(const Access& a, const Principal& p, const Req& req, Res& res) {
  switch (a.kind) {
    case Access::Kind::anyone:
      return true;
    case Access::Kind::signed_in:
      return signed_in_or_401(p, res);
    case Access::Kind::session_change:
      if (p.kind != Principal::Kind::session) {
        problem(res, 401, "Unauthorized", "no session");
        return false;
      }
      return csrf_ok(req, p, res);
    case Access::Kind::signed_in_change:
      return not_embed(p, res) && signed_in_or_401(p, res) && csrf_ok(req, p, res);
    case Access::Kind::reads:
      return may(p, a.action, res);
    case Access::Kind::changes:
      return not_embed(p, res) && may(p, a.action, res) && csrf_ok(req, p, res);
    case Access::Kind::admin_token:
      if (p.kind == Principal::Kind::bearer && p.role == Role::admin) return true;
      if (!p.signed_in() && p.kind != Principal::Kind::embed) {
        problem(res, 401, "Unauthorized", "send an admin's API token (Authorization: Bearer)");
        return false;
      }
      problem(res, 403, "Forbidden", "only an API token with the admin role reads this");
      return false;
  }
  return false;
}

void mount_routes(App& app) {
  auto& http = app.http();
  for (const Route* r : all_routes()) {
    const std::size_t metric = app.metrics().add_route(to_string(r->method), r->path);
    auto run = [&app, r, metric](const Req& req, Res& res) {
      const auto start = std::chrono::steady_clock::now();
      std::string request_id = request_id_for(req);
      res.set_header("X-Request-Id", request_id);
      auto p = app.principal(req);
      // [import] The server reads bodies up to the CSV upload's 32 MiB; every other route keeps
      // --max-body-bytes (a chunked body has no Content-Length for the pre-routing check).
      if (req.body.size() > app.config().max_body_bytes && r->handler != nullptr &&
          std::string_view(r->name) != "create_import")
        problem(res, 413, "Content Too Large", "the body is larger than allowed");
      else if (guard(r->access, p, req, res))
        r->handler(app, p, req, res);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      app.metrics().observe(metric, res.status, seconds);
      app.request_log().write(
          {std::move(request_id), to_string(r->method), r->path, res.status, seconds * 1000,
           p.signed_in() ? std::optional<std::int64_t>(p.user.id) : std::nullopt});
    };
    switch (r->method) {
      case Method::get:
        http.Get(r->path, run);
        break;
      case Method::post:
        http.Post(r->path, run);
        break;
      case Method::put:
        http.Put(r->path, run);
        break;
      case Method::patch:
        http.Patch(r->path, run);
        break;
      case Method::del:
        http.Delete(r->path, run);
        break;
    }
  }
}

bool respond_outcome(store::Outcome o, const std::string& detail, const FieldErrors& errors,
                     Res& res) {
  switch (o) {
    case store::Outcome::ok:
      return true;
    case store::Outcome::not_found:
      problem(res, 404, "Not Found", detail);
      break;
    case store::Outcome::forbidden:
      problem(res, 403, "Forbidden", detail);
      break;
    case store::Outcome::conflict:
      problem(res, 409, "Conflict", detail, errors);
      break;
    case store::Outcome::precondition_failed:
      problem(res, 412, "Precondition Failed", detail);
      break;
    case store::Outcome::invalid:
      // A bad cursor is a malformed query (400); anything else is a well-formed but invalid
      // body (422).
      if (!errors.empty() && errors.front().field == "cursor")
        problem(res, 400, "Bad Request", detail, errors);
      else
        problem(res, 422, "Unprocessable Content", detail, errors);
      break;
  }
  return false;
}

void precondition_failed(Res& res, const nlohmann::json& current) {
  nlohmann::json j{{"type", "about:blank"},
                   {"title", "Precondition Failed"},
                   {"status", 412},
                   {"detail", "the resource changed since you read it; current is what it is now"}};
  if (!current.is_null()) {
    j["current"] = current;
    if (current.contains("version") && current["version"].is_number_integer())
      set_etag(res, current["version"].get<std::int64_t>());
  }
  res.status = 412;
  res.set_content(j.dump(), "application/problem+json");
}

bool page_params(const App& app, const Req& req, Res& res, int& limit, std::string& cursor) {
  auto l = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!l) return false;
  limit = *l;
  cursor = req.has_param("cursor") ? req.get_param_value("cursor") : "";
  return true;
}

void send_created(Res& res, const std::string& location, std::int64_t version,
                  const nlohmann::json& body) {
  res.set_header("Location", location);
  set_etag(res, version);
  send_json(res, 201, body);
}

void send_updated(Res& res, std::int64_t version, const nlohmann::json& body) {
  set_etag(res, version);
  send_json(res, 200, body);
}

bool truthy(const Req& req, const char* name) {
  auto v = req.get_param_value(name);
  return v == "1" || v == "true";
}

}  // namespace shipboard::server
