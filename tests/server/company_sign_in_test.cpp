// Company sign-in (OpenID Connect) against a real provider started here on loopback:
// tests/oidc/provider.py, built on Debian's python3-authlib. The whole browser path by HTTP:
// /auth/oidc/start → the provider's form → the callback → a session. Then every refusal the
// issue names, each a clear page with nothing created: a token signed by another key,
// alg none, a wrong audience, an expired token, a replayed state, a nonce mismatch, a wrong
// issuer in the token, an unknown issuer in the metadata, and groups that map to no role.
#include <catch2/catch.hpp>

#include <regex>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

const char* const kPython = "/usr/bin/python3";  // Debian's, with python3-authlib

// The provider of tests/oidc/, with a client for Shipboard and a few company accounts.
struct Provider {
  std::string dir;
  std::unique_ptr<HelperProcess> process;
  int port = 0;

  Provider() {
    char tmpl[] = "/tmp/shipboard-oidc-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    dir = tmpl;
    process = std::make_unique<HelperProcess>(
        std::vector<std::string>{kPython, (repo_root() / "tests/oidc/provider.py").string(),
                                 "--port-file", dir + "/port"},
        dir + "/provider.log");
    port = process->wait_for_port_file(dir + "/port");
  }
  ~Provider() {
    process.reset();
    std::filesystem::remove_all(dir);
  }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port); }
  httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
  json control(const std::string& path, const json& body) const {
    auto r = client().Post(path, body.dump(), "application/json");
    REQUIRE(r);
    INFO(path << " " << r->body);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  }
  json stats() const {
    auto r = client().Get("/control/stats");
    REQUIRE(r);
    return json::parse(r->body);
  }
  void user(const std::string& sub, const std::string& username, const std::string& name,
            const std::string& email, const json& groups) const {
    control("/control/users", {{"sub", sub},
                               {"username", username},
                               {"name", name},
                               {"email", email},
                               {"groups", groups}});
  }
};

// Shipboard configured for that provider, on a port chosen first (the redirect URL names it).
std::unique_ptr<ServerProcess> board_for(const Provider& idp, std::vector<std::string> extra = {},
                                         const std::string& issuer = "") {
  int port = free_port();
  const std::string redirect = "http://127.0.0.1:" + std::to_string(port) + "/auth/oidc/callback";
  idp.control("/control/clients", {{"client_id", "shipboard"},
                                   {"client_secret", "s3cret-of-the-board"},
                                   {"redirect_uris", {redirect}}});
  ServerOptions o;
  o.extra_args = {"--listen",
                  "127.0.0.1:" + std::to_string(port),
                  "--oidc-issuer",
                  issuer.empty() ? idp.issuer() : issuer,
                  "--oidc-client-id",
                  "shipboard",
                  "--oidc-client-secret",
                  "s3cret-of-the-board",
                  "--oidc-redirect-url",
                  redirect,
                  "--oidc-role-map",
                  "pm=product-managers,sales=sales-team,admin=it-admins,viewer=everyone"};
  o.extra_args.insert(o.extra_args.end(), extra.begin(), extra.end());
  return std::make_unique<ServerProcess>(o);
}

std::string cookie_named(const httplib::Headers& headers, const std::string& name) {
  for (auto [it, end] = headers.equal_range("Set-Cookie"); it != end; ++it)
    if (it->second.rfind(name + "=", 0) == 0 && it->second.rfind(name + "=;", 0) != 0)
      return it->second.substr(0, it->second.find(';'));  // a cookie set, not one cleared
  return {};
}

struct Finished {
  int status = 0;
  std::string location;
  std::string body;
  std::string session_cookie;  // "shipboard_session=…" when signed in
  std::string callback;        // the callback path the provider sent the browser to
  std::string flow_cookie;
};

// One company sign-in as a browser makes it: start, the provider's form, the callback.
Finished sign_in_as(const ServerProcess& board, const Provider& idp, const std::string& username,
                    const std::string& mode = "ok") {
  idp.control("/control/mode", {{"mode", mode}});
  Finished out;
  auto start = board.client().Get("/auth/oidc/start?return=/%23/board");
  REQUIRE(start);
  if (start->status != 302) {
    out.status = start->status;
    out.body = start->body;
    return out;
  }
  const std::string to_idp = start->get_header_value("Location");
  const std::string authorize = idp.issuer() + "/authorize?";
  REQUIRE(to_idp.rfind(authorize, 0) == 0);
  const std::string query = to_idp.substr(authorize.size());
  CHECK(query.find("code_challenge_method=S256") != std::string::npos);
  CHECK(query.find("nonce=") != std::string::npos);
  CHECK(query.find("state=") != std::string::npos);
  out.flow_cookie = cookie_named(start->headers, "shipboard_oidc");
  REQUIRE_FALSE(out.flow_cookie.empty());
  auto form = idp.client().Post("/authorize?" + query, "username=" + username,
                                "application/x-www-form-urlencoded");
  REQUIRE(form);
  INFO(form->body);
  REQUIRE(form->status == 302);
  const std::string back = form->get_header_value("Location");
  const std::string base = "http://127.0.0.1:" + std::to_string(board.port());
  REQUIRE(back.rfind(base + "/auth/oidc/callback?", 0) == 0);
  out.callback = back.substr(base.size());
  auto done = board.client().Get(out.callback, {{"Cookie", out.flow_cookie}});
  REQUIRE(done);
  out.status = done->status;
  out.location = done->get_header_value("Location");
  out.body = done->body;
  out.session_cookie = cookie_named(done->headers, "shipboard_session");
  return out;
}

std::vector<std::string> logins(const ServerProcess& board) {
  Session admin(board, "admin");
  auto r = admin.get("/api/v1/users?limit=500");
  REQUIRE(r.status == 200);
  std::vector<std::string> out;
  for (const auto& u : r.body["items"]) out.push_back(u["login"]);
  return out;
}

bool has_login(const ServerProcess& board, const std::string& login) {
  auto all = logins(board);
  return std::find(all.begin(), all.end(), login) != all.end();
}

Session session_from(const ServerProcess& board, const std::string& cookie) {
  Session s = Session::anonymous(board);
  s.cookie = cookie;
  auto me = s.get("/api/v1/me");
  REQUIRE(me.status == 200);
  s.user = me.body["user"];
  s.csrf = me.body["csrf_token"];
  return s;
}

}  // namespace

TEST_CASE("company sign-in: code flow with PKCE creates the user from the claims",
          "[oidc][sign-in]") {
  Provider idp;
  idp.user("u-1001", "lin.meihua", "林美華", "lin@example.com", {"sales-team", "everyone"});
  auto board = board_for(idp);

  auto options = Session::anonymous(*board).get("/api/v1/session/options");
  CHECK(options.status == 200);
  CHECK(options.body["oidc"] == true);
  CHECK(options.body["local"] == true);

  auto first = sign_in_as(*board, idp, "lin.meihua");
  INFO(first.body);
  REQUIRE(first.status == 302);
  CHECK(first.location == "/#/board");
  REQUIRE_FALSE(first.session_cookie.empty());
  Session lin = session_from(*board, first.session_cookie);
  CHECK(lin.user["login"] == "lin.meihua");
  CHECK(lin.user["name"] == "林美華");
  CHECK(lin.user["email"] == "lin@example.com");
  CHECK(lin.user["role"] == "sales");  // the strongest of sales-team and everyone
  // A session from company sign-in writes with its CSRF token like any other.
  CHECK(lin.put("/api/v1/items/1/follow").status < 300);

  // The same person again: the same user (matched by iss and sub, not by name), and a role
  // changed at the provider applies at this sign-in.
  idp.user("u-1001", "lin.meihua", "林美華", "lin@example.com", {"product-managers"});
  auto again = sign_in_as(*board, idp, "lin.meihua");
  REQUIRE(again.status == 302);
  Session lin2 = session_from(*board, again.session_cookie);
  CHECK(lin2.user["id"] == lin.user["id"]);
  CHECK(lin2.user["role"] == "pm");
  // The role change ended the sessions of the old role.
  CHECK(lin.get("/api/v1/me").status == 401);

  // A provider's username that is a local login here does not take that account over.
  idp.user("u-2002", "admin", "Someone Else", "else@example.com", {"everyone"});
  auto clash = sign_in_as(*board, idp, "admin");
  REQUIRE(clash.status == 302);
  Session other = session_from(*board, clash.session_cookie);
  CHECK(other.user["login"] != "admin");
  CHECK(other.user["role"] == "viewer");

  // ES256, and a key the board has not seen yet (a new kid: the JWKS is read again).
  idp.user("u-3003", "wang.xiaoming", "王小明", "wang@example.com", {"product-managers"});
  idp.control("/control/signing", {{"alg", "ES256"}});
  auto es = sign_in_as(*board, idp, "wang.xiaoming");
  CHECK(es.status == 302);
  CHECK_FALSE(es.session_cookie.empty());
  idp.control("/control/signing", {{"alg", "RS256"}});
  const int fetches = idp.stats()["jwks_fetches"];
  auto rotated = sign_in_as(*board, idp, "wang.xiaoming", "unknown_kid");
  CHECK(rotated.status == 302);
  CHECK_FALSE(rotated.session_cookie.empty());
  CHECK(idp.stats()["jwks_fetches"].get<int>() == fetches + 1);
}

TEST_CASE("company sign-in: bad tokens and replays are refused with a reason, nothing created",
          "[oidc][sign-in]") {
  Provider idp;
  auto board = board_for(idp);
  const auto before = logins(*board);
  struct Case {
    const char* mode;
    const char* says;
  };
  const Case cases[] = {
      {"other_key", "bad_signature"},  {"alg_none", "unsupported_alg"},
      {"wrong_aud", "wrong_audience"}, {"expired", "expired"},
      {"wrong_nonce", "wrong_nonce"},  {"wrong_iss", "wrong_issuer"},
  };
  int n = 0;
  for (const auto& c : cases) {
    const std::string login = "mallory" + std::to_string(++n);
    idp.user("m-" + std::to_string(n), login, "Mallory", login + "@example.com", {"it-admins"});
    auto r = sign_in_as(*board, idp, login, c.mode);
    INFO(c.mode << ": " << r.body);
    CHECK(r.status == 401);
    CHECK(r.session_cookie.empty());
    CHECK(r.body.find("Sign-in refused") != std::string::npos);
    CHECK(r.body.find(c.says) != std::string::npos);
  }
  CHECK(logins(*board) == before);

  // Groups that map to no role: a page that says so, naming the groups; nothing is created.
  idp.user("n-1", "nobody", "No Role", "nobody@example.com", {"finance", "hr"});
  auto none = sign_in_as(*board, idp, "nobody");
  CHECK(none.status == 403);
  CHECK(none.body.find("none of the groups") != std::string::npos);
  CHECK(none.body.find("finance, hr") != std::string::npos);
  CHECK(logins(*board) == before);

  // A replayed state: the same callback again finds its flow taken.
  idp.user("r-1", "replay", "Re Play", "replay@example.com", {"sales-team"});
  auto ok = sign_in_as(*board, idp, "replay");
  REQUIRE(ok.status == 302);
  auto replayed = board->client().Get(ok.callback, {{"Cookie", ok.flow_cookie}});
  REQUIRE(replayed);
  CHECK(replayed->status == 400);
  CHECK(replayed->body.find("already used") != std::string::npos);
  CHECK(cookie_named(replayed->headers, "shipboard_session").empty());

  // A callback in a browser that did not start the sign-in (login CSRF): refused.
  auto start = board->client().Get("/auth/oidc/start");
  REQUIRE(start);
  std::smatch m;
  const std::string loc = start->get_header_value("Location");
  REQUIRE(std::regex_search(loc, m, std::regex("state=([A-Za-z0-9_-]+)")));
  auto foreign = board->client().Get("/auth/oidc/callback?code=x&state=" + m[1].str());
  REQUIRE(foreign);
  CHECK(foreign->status == 400);
  CHECK(foreign->body.find("not started in this browser") != std::string::npos);

  // The provider's own error (the user said no) is shown, not a blank page.
  auto denied =
      board->client().Get("/auth/oidc/callback?error=access_denied&error_description=%3Cscript%3E");
  REQUIRE(denied);
  CHECK(denied->status == 400);
  CHECK(denied->body.find("access_denied") != std::string::npos);
  CHECK(denied->body.find("<script>") == std::string::npos);  // escaped
}

TEST_CASE("company sign-in: an issuer that is not the provider's is refused at the start",
          "[oidc][sign-in]") {
  Provider idp;
  // The provider at 127.0.0.1 answers, but calls itself by its own issuer, not "localhost".
  auto board = board_for(idp, {}, "http://localhost:" + std::to_string(idp.port));
  auto start = board->client().Get("/auth/oidc/start");
  REQUIRE(start);
  CHECK(start->status == 502);
  CHECK(start->body.find("calls itself") != std::string::npos);
  // Nothing was started: no flow cookie.
  CHECK(cookie_named(start->headers, "shipboard_oidc").empty());
}

TEST_CASE("company sign-in: local sign-in can be turned off; the page's options say so",
          "[oidc][sign-in]") {
  Provider idp;
  auto board = board_for(idp, {"--local-sign-in", "off"});
  auto options = Session::anonymous(*board).get("/api/v1/session/options");
  CHECK(options.body["local"] == false);
  CHECK(options.body["oidc"] == true);
  auto c = board->client();
  auto r =
      c.Post("/api/v1/session", json{{"login", "admin"}, {"password", "shipboard-demo"}}.dump(),
             "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(r->body.find("company account") != std::string::npos);
}
