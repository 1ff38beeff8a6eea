// Signing in and out, and the current user: POST/DELETE /api/v1/session, GET /api/v1/me.
// Sessions: a 256-bit secret from libsodium's CSPRNG in an HttpOnly SameSite=Lax cookie, a new
// one at every sign-in, stored only as a hash, deleted on sign-out.
#include "http/auth.hpp"
#include "routes/route.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard::server {
namespace {

void sign_in(App& app, const Principal&, const Req& req, Res& res);
void sign_out(App& app, const Principal&, const Req& req, Res& res);
void me(App&, const Principal& p, const Req&, Res& res);
void sign_in_options(App& app, const Principal&, const Req&, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/session/options", "sign_in_options", sign_in_options, anyone()},
    {Method::post, "/api/v1/session", "sign_in", sign_in, anyone()},
    {Method::del, "/api/v1/session", "sign_out", sign_out, session_change()},
    {Method::get, "/api/v1/me", "me", me, signed_in()},
};

nlohmann::json user_json(const User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"name", u.name},
          {"email", u.email},
          {"role", to_string(u.role)}};
}

std::string session_cookie(const std::string& value, int max_age, bool secure) {
  std::string c = "shipboard_session=" + value +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

// How people sign in here: the sign-in page shows the company button and the password form.
void sign_in_options(App& app, const Principal&, const Req&, Res& res) {
  send_json(res, 200, {{"local", app.config().local_sign_in}, {"oidc", app.oidc() != nullptr}});
}

void sign_in(App& app, const Principal&, const Req& req, Res& res) {
  if (!app.config().local_sign_in)
    return problem(res, 403, "Forbidden",
                   "local sign-in is turned off here; sign in with your company account");
  auto body = json_body(req, res);
  if (!body) return;
  FieldErrors errors;
  JsonReader r(*body, errors);
  auto login = r.text("login", true, limits::kShortText);
  auto password = r.text("password", true, 1024, true);
  r.reject_unknown();
  if (!errors.empty()) return problem(res, 422, "Unprocessable Content", "", errors);
  if (long wait = app.sign_in_throttle().retry_after(*login); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return problem(
        res, 429, "Too Many Requests",
        "too many failed sign-ins for this account; try again in " + std::to_string(wait) + " s");
  }
  auto rec = app.store().user_by_login(*login);
  // Verify against a fixed hash when the login is unknown, so both cases take the same time.
  static const std::string kDummy = auth::hash_password("not-a-real-password");
  bool ok = auth::verify_password(rec ? rec->password_hash : kDummy, *password);
  if (!rec || !ok || !rec->user.active) {
    app.sign_in_throttle().failed(*login);
    app.metrics().sign_in_failed();
    return problem(res, 401, "Unauthorized", "wrong login or password");
  }
  app.sign_in_throttle().succeeded(*login);
  std::string csrf = start_session(app, req, res, rec->user.id);
  send_json(res, 200, {{"user", user_json(rec->user)}, {"csrf_token", csrf}});
}

void sign_out(App& app, const Principal&, const Req& req, Res& res) {
  if (auto v = cookie_value(req, "shipboard_session"); !v.empty())
    app.store().delete_session(auth::secret_hash(v));
  res.set_header("Set-Cookie", session_cookie("", 0, false));
  res.status = 204;
}

void me(App&, const Principal& p, const Req&, Res& res) {
  nlohmann::json j{{"user", user_json(p.user)}};
  if (p.needs_csrf()) j["csrf_token"] = p.csrf_token;
  send_json(res, 200, j);
}

}  // namespace

std::string start_session(App& app, const Req& req, Res& res, Id user_id) {
  std::string secret = auth::random_secret();
  std::string csrf = auth::random_secret();
  int max_age = app.config().session_hours * 3600;
  // Sign-in always mints a new session id (no fixation); an old cookie is simply replaced.
  app.store().insert_session(auth::secret_hash(secret), user_id, csrf, App::now(),
                             App::now(max_age));
  bool secure = req.get_header_value("X-Forwarded-Proto") == "https";
  res.set_header("Set-Cookie", session_cookie(secret, max_age, secure));
  return csrf;
}

std::span<const Route> session_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
