// Company sign-in with OpenID Connect, the authorization code flow with PKCE (S256), state
// and nonce: GET /auth/oidc/start sends the browser to the provider, GET /auth/oidc/callback
// takes the code back, exchanges it, verifies the ID token (oidc/id_token.hpp), maps the
// groups to a role and signs the user in. Every refusal is a page that says why, and creates
// nothing. The flow is a row (any process can finish it; a replayed state finds nothing) and
// is bound to the browser that started it by a cookie holding the state.
#include <sodium.h>

#include <ctime>

#include "embed/pages.hpp"
#include "http/auth.hpp"
#include "routes/route.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard::server {
namespace {

void start(App& app, const Principal&, const Req& req, Res& res);
void callback(App& app, const Principal&, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/auth/oidc/start", "oidc_start", start, anyone()},
    {Method::get, "/auth/oidc/callback", "oidc_callback", callback, anyone()},
};

const char* const kFlowCookie = "shipboard_oidc";
constexpr int kFlowSeconds = 600;

// The page a refused sign-in ends on: what happened, in English and Chinese, and the way back.
void refuse(App& app, Res& res, int status, const std::string& reason) {
  app.metrics().company_sign_in_failed();
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Set-Cookie", std::string(kFlowCookie) +
                                   "=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
  res.set_content(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>Sign-in refused · 登入未完成</title></head>\n<body><main>"
      "<h1>Sign-in refused · 登入未完成</h1>\n<p id=\"reason\">" +
          embed::escape(reason) +
          "</p>\n<p>Nothing was created on the board. Start again, or ask your administrator.</p>"
          "\n<p><a href=\"/\">Back to sign-in · 返回登入</a></p></main></body></html>\n",
      "text/html; charset=utf-8");
}

std::string base64url(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// A path on this board to land on after sign-in; anything else lands on "/".
std::string safe_return(const std::string& r) {
  if (r.empty() || r.size() > 500 || r[0] != '/' || (r.size() > 1 && (r[1] == '/' || r[1] == '\\')))
    return "/";
  for (unsigned char c : r)
    if (c < 0x21 || c == 0x7f) return "/";
  return r;
}

void start(App& app, const Principal&, const Req& req, Res& res) {
  oidc::Provider* provider = app.oidc();
  if (!provider) return problem(res, 404, "Not Found", "company sign-in is not configured");
  auto meta = provider->metadata();
  if (!meta.value)
    return refuse(app, res, 502, "Company sign-in is unavailable: " + meta.error + ".");
  const std::string state = auth::random_secret();
  const std::string nonce = auth::random_secret();
  const std::string verifier = auth::random_secret();  // 43 characters of [A-Za-z0-9_-]
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  const std::string challenge = base64url(digest, sizeof digest);
  app.store().insert_sign_in_flow({auth::secret_hash(state), nonce, verifier,
                                   safe_return(req.get_param_value("return")),
                                   App::now(kFlowSeconds)});
  const bool secure = req.get_header_value("X-Forwarded-Proto") == "https";
  res.set_header("Set-Cookie", std::string(kFlowCookie) + "=" + state +
                                   "; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=" +
                                   std::to_string(kFlowSeconds) + (secure ? "; Secure" : ""));
  res.set_header("Cache-Control", "no-store");
  res.set_redirect(provider->authorization_url(*meta.value, state, nonce, challenge), 302);
}

std::vector<std::string> groups_of(const nlohmann::json& claims, const std::string& claim) {
  std::vector<std::string> out;
  auto it = claims.find(claim);
  if (it == claims.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array())
    for (const auto& g : *it)
      if (g.is_string()) out.push_back(g.get<std::string>());
  return out;
}

// A login for a new user from the claims: preferred_username, else the email's local part,
// else "user"; lower-cased and cut to the login alphabet (the store makes it unique).
std::string login_from(const oidc::Claims& c) {
  std::string raw = !c.preferred_username.empty() ? c.preferred_username
                    : !c.email.empty()            ? c.email.substr(0, c.email.find('@'))
                                                  : std::string("user");
  std::string login;
  for (char ch : raw) {
    char l = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' || l == '-')
      login += l;
  }
  while (!login.empty() &&
         !((login[0] >= 'a' && login[0] <= 'z') || (login[0] >= '0' && login[0] <= '9')))
    login.erase(0, 1);
  if (login.size() > 48) login.resize(48);
  if (login.size() < 2) login = "user";
  return login;
}

void callback(App& app, const Principal&, const Req& req, Res& res) {
  oidc::Provider* provider = app.oidc();
  if (!provider) return problem(res, 404, "Not Found", "company sign-in is not configured");
  if (req.has_param("error")) {
    std::string why = req.get_param_value("error").substr(0, 100);
    std::string detail = req.get_param_value("error_description").substr(0, 300);
    return refuse(app, res, 400,
                  "The company sign-in said: " + why + (detail.empty() ? "" : " (" + detail + ")"));
  }
  const std::string state = req.get_param_value("state");
  const std::string code = req.get_param_value("code");
  if (state.empty() || code.empty() || state.size() > 200 || code.size() > 4096)
    return refuse(app, res, 400, "The sign-in answer lacks its code or state.");
  // Bound to this browser: a code sent to someone else's browser (login CSRF) does not sign
  // them in as the attacker.
  const std::string started = cookie_value(req, kFlowCookie);
  if (started.empty() || !auth::equal_ct(started, state))
    return refuse(app, res, 400,
                  "This sign-in was not started in this browser, or it took longer than 10 "
                  "minutes. Start again.");
  auto flow = app.store().take_sign_in_flow(auth::secret_hash(state), App::now());
  if (!flow)
    return refuse(app, res, 400,
                  "This sign-in link was already used or has expired (state unknown). Start "
                  "again.");
  auto token = provider->exchange_code(code, flow->code_verifier);
  if (!token.value) return refuse(app, res, 502, token.error + ".");
  auto verdict =
      provider->verify(*token.value, flow->nonce, static_cast<std::int64_t>(std::time(nullptr)));
  if (!verdict.claims)
    return refuse(app, res, 401,
                  "The company's ID token was refused (" +
                      std::string(oidc::to_string(verdict.failure)) + "): " + verdict.reason);
  const oidc::Claims& claims = *verdict.claims;
  const auto groups = groups_of(claims.all, app.config().oidc_role_claim);
  store::ExternalIdentity id;
  id.issuer = claims.iss;
  id.subject = claims.sub;
  id.login = login_from(claims);
  id.name = claims.name.substr(0, limits::kShortText);
  id.email = claims.email.size() <= limits::kShortText ? claims.email : "";
  id.role = role_for_groups(app.role_map(), groups);
  if (!id.role) {
    std::string listed;
    for (const auto& g : groups) listed += (listed.empty() ? "" : ", ") + g;
    return refuse(app, res, 403,
                  "Your company account is in none of the groups that have a role on this board" +
                      (groups.empty() ? std::string(" (the provider sent no \"") +
                                            app.config().oidc_role_claim + "\" claim)"
                                      : " (your groups: " + listed.substr(0, 500) + ")") +
                      ". Ask an administrator to add you to one.");
  }
  auto user = app.store().sign_in_identity(id, App::now());
  if (user.outcome != store::Outcome::ok)
    return refuse(app, res, 403, "The board refused this account: " + user.detail + ".");
  start_session(app, req, res, user.value->id);
  res.set_header("Set-Cookie", std::string(kFlowCookie) +
                                   "=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
  res.set_header("Cache-Control", "no-store");
  res.set_redirect(flow->return_to, 302);
}

}  // namespace

std::span<const Route> oidc_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
