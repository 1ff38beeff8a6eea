// The authorization matrix (issue "Hardening"): docs/authorization.md holds ONE table of every
// endpoint × caller × own or someone else's object → expected status; this test parses that
// table, checks it covers every route the server registers, and walks every cell against a
// fresh --demo server. Also: the team directory, session ids, sign-out, CSRF on every change,
// sign-in backoff, password rules, tokens across scopes, security headers, cookie flags and
// request limits.
//
// Index: [SECTION] the matrix document · the walker · the matrix walk · the team directory;
// sessions, CSRF, sign-in backoff, passwords · tokens across scopes · headers, cookie flags,
// request limits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "routes/route.hpp"
#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kCallers = {"anonymous", "viewer", "sales",  "support",
                                           "pm",        "admin",  "bearer", "embed"};

// [SECTION] the matrix document: parsing docs/authorization.md, registered routes
struct Row {
  std::string endpoint;                      // "GET /api/v1/items/{id}"
  std::string object;                        // "-", "own", "other", "own, PM field"
  std::map<std::string, std::string> cells;  // caller → "200", "200r", "-", ...
};

std::vector<Row> parse_matrix(const std::string& md) {
  std::vector<Row> rows;
  std::istringstream in(md);
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 1; i < l.size(); ++i) {
      if (l[i] == '|') {
        auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
        out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
        cur.clear();
      } else {
        cur += l[i];
      }
    }
    return out;
  };
  while (std::getline(in, line)) {
    if (line.rfind("| endpoint |", 0) == 0) header = split(line);
    if (line.rfind("| `", 0) != 0 || header.empty()) continue;
    auto cols = split(line);
    REQUIRE(cols.size() == header.size());
    Row r;
    r.endpoint = cols[0].substr(1, cols[0].size() - 2);
    r.object = cols[1];
    for (std::size_t i = 2; i < cols.size(); ++i) r.cells[header[i]] = cols[i];
    rows.push_back(r);
  }
  return rows;
}

// Every route of the route tables (as docs_test reads them), "{name}" for ":name".
std::set<std::string> registered_routes() {
  static const std::regex param(R"(:([A-Za-z_][A-Za-z0-9_]*))");
  std::set<std::string> out;
  for (const auto* r : shipboard::server::all_routes()) {
    std::string path = r->path;
    if (path.rfind("/badge/items/", 0) == 0) path = "/badge/items/{id}.svg";
    out.insert(std::string(shipboard::server::to_string(r->method)) + " " +
               std::regex_replace(path, param, "{$1}"));
  }
  return out;
}

// True when a key that only the full representation carries appears anywhere.
bool has_internal(const json& j) {
  static const std::set<std::string> keys = {"internal_note", "value_at_stake", "annual_value",
                                             "contacts", "customer_name"};
  if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      if ((keys.count(k) && !v.is_null()) || has_internal(v)) return true;
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (has_internal(v)) return true;
  }
  return false;
}

// Status and headers of a streaming GET (the event stream never ends), without its body.
Session::Reply stream_head(const ServerProcess& server, const httplib::Headers& headers,
                           const std::string& path) {
  auto c = server.client();
  Session::Reply out;
  c.Get(
      path, headers,
      [&](const httplib::Response& r) {
        out.status = r.status;
        out.headers = r.headers;
        return r.status >= 400;  // an error body is short: read it; a stream is left
      },
      [&](const char* data, std::size_t n) {
        out.raw.append(data, n);
        return true;
      });
  out.body = json::parse(out.raw, nullptr, false);
  return out;
}

// [SECTION] the walker: callers, objects (own / someone else's), one request per cell
class Matrix {
 public:
  explicit Matrix(ServerProcess& server) : server_(server) {
    pm_.emplace(server, "chen.pm");
    other_.emplace(server, "li.sales");
    admin_.emplace(server, "admin");
    auto t = admin_->post("/api/v1/tokens", {{"label", "authz bearer"}, {"role", "sales"}});
    REQUIRE(t.status == 201);
    bearer_token_ = t.body["token"].get<std::string>();
    auto e = admin_->post("/api/v1/embed-tokens", {{"label", "authz embed"}, {"scope", "board"}});
    REQUIRE(e.status == 201);
    embed_token_ = e.body["token"].get<std::string>();
    logins_ = {{"viewer", "zhao.viewer"},
               {"sales", "lin.sales"},
               {"support", "wang.support"},
               {"pm", "chen.pm"},
               {"admin", "admin"}};
    for (auto& [role, login] : logins_) sessions_.emplace(role, Session(server, login));
    sessions_.emplace("anonymous", Session::anonymous(server));
    sessions_.emplace("embed", Session::anonymous(server));
    sessions_.emplace("bearer", Session::bearer(server, bearer_token_));
    // Shared objects for the reading rows (made by others).
    item_ = make_item(*other_);
    customer_ = make_customer(*pm_);
    other_customer_ = make_customer(*other_);
    REQUIRE(other_
                ->post("/api/v1/items/" + id(item_) + "/requests",
                       {{"customer_id", other_customer_},
                        {"importance", "important"},
                        {"value_at_stake", {{"amount", 12300}, {"currency", "CNY"}}}})
                .status == 201);
    REQUIRE(pm_->patch("/api/v1/items/" + id(item_), {{"internal_note", "SECRET-NOTE"}},
                       etag("/api/v1/items/" + id(item_)))
                .status == 200);
    question_ = make_question(*other_);
    auto a = pm_->post("/api/v1/answers", {{"title", "authz"}, {"body", "b"}, {"lang", "en"}});
    REQUIRE(a.status == 201);
    answer_ = a.body["id"].get<long>();
    release_ = pm_->get("/api/v1/releases").body["items"][0]["id"].get<long>();
    huang_ = admin_->get("/api/v1/users?limit=500").body["items"];
    for (auto& u : huang_)
      if (u["login"] == "huang.pm") huang_id_ = u["id"].get<long>();
    REQUIRE(huang_id_ > 0);
    huang_session_.emplace(server, "huang.pm");
    other_webhook_ = make_webhook(*huang_session_);
  }

  // A channel to a closed loopback port (the server allows 127.0.0.1/32), for 直播.
  long make_webhook(const Session& by) {
    auto r =
        by.post("/api/v1/webhooks",
                {{"url", "http://127.0.0.1:1/authz"}, {"format", "generic"}, {"area", "直播"}});
    REQUIRE(r.status == 201);
    return r.body["id"].get<long>();
  }
  // A delivery of another PM's channel whose first attempt is over (the closed port refuses
  // it at once; it waits for its retry, not being sent).
  long other_delivery() {
    auto t = huang_session_->post("/api/v1/webhooks/" + id(other_webhook_) + "/test", {});
    REQUIRE(t.status == 202);
    long d = t.body["id"].get<long>();
    // Up to 60 s: on a loaded machine the worker's first attempt can come late.
    for (int i = 0; i < 2400; ++i) {
      auto page = admin_->get("/api/v1/webhooks/" + id(other_webhook_) + "/deliveries");
      for (const auto& x : page.body["items"])
        if (x["id"] == d && x["attempts"].get<int>() >= 1 && !x["last_error"].is_null()) return d;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL("the test delivery to a closed port was not attempted");
    return d;
  }

  static std::string id(long v) { return std::to_string(v); }

  // A finished dry run of chen.pm's with no refused row, fresh for every call (a commit
  // runs it once).
  long pm_dry_run() {
    auto r = pm_->send("POST", "/api/v1/imports?kind=customers&dry_run=1",
                       "external_id,name,annual_value\nAUTHZ-PM-" + id(++n_) + ",授權乾跑,1\n", {},
                       "text/csv");
    REQUIRE(r.status == 202);
    long job = r.body["id"].get<long>();
    for (int i = 0; i < 1000; ++i) {
      auto j = pm_->get("/api/v1/imports/" + id(job));
      if (j.body["state"] == "done") return job;
      REQUIRE(j.body["state"] != "failed");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("the dry run did not finish");
    return job;
  }

  long make_item(const Session& by) {
    auto r = by.post("/api/v1/items",
                     {{"kind", "feature"}, {"title", "授權測試 " + id(++n_)}, {"area", "直播"}});
    REQUIRE(r.status == 201);
    return r.body["id"].get<long>();
  }
  long make_question(const Session& by) {
    auto r = by.post(
        "/api/v1/questions",
        {{"item_id", item_}, {"customer_id", other_customer_}, {"body", "問題 " + id(++n_)}});
    if (r.status != 201)
      r = by.post("/api/v1/questions", {{"item_id", item_}, {"body", "問題 " + id(++n_)}});
    REQUIRE(r.status == 201);
    return r.body["id"].get<long>();
  }
  long make_customer(const Session& by) {
    auto r =
        by.post("/api/v1/customers", {{"name", "授權客戶 " + id(++n_)},
                                      {"annual_value", {{"amount", 100000}, {"currency", "CNY"}}}});
    REQUIRE(r.status == 201);
    return r.body["id"].get<long>();
  }
  std::string etag(const std::string& path) {
    bool admins =
        path.find("/users/") != std::string::npos || path.find("/webhooks/") != std::string::npos;
    auto r = (admins ? *admin_ : *pm_).get(path);
    REQUIRE(r.status == 200);
    return r.header("ETag");
  }

  // The caller's session, and whether it may make its own objects.
  Session& caller(const std::string& c) { return sessions_.at(c); }
  httplib::Headers extra(const std::string& c) const {
    httplib::Headers h;
    if (c == "embed") h.emplace("X-Shipboard-Embed-Token", embed_token_);
    return h;
  }

  Session::Reply call(const std::string& c, const std::string& method, const std::string& path,
                      const json& body = nullptr, const std::string& if_match = "") {
    auto h = extra(c);
    if (!if_match.empty()) h.emplace("If-Match", if_match);
    return caller(c).send(method, path, body.is_null() ? "" : body.dump(), h);
  }

  // Runs one cell; returns the status (and the body for 200r checks).
  Session::Reply run(const Row& row, const std::string& c) {
    const std::string& e = row.endpoint;
    const bool own = row.object.rfind("own", 0) == 0;
    auto mine = [&]() -> const Session& { return caller(c); };
    auto fetch = [&](const std::string& path) { return call(c, "GET", path); };
    if (e == "GET /healthz") return fetch("/healthz");
    if (e == "GET /readyz") return fetch("/readyz");
    if (e == "GET /metrics") return fetch("/metrics");
    if (e == "GET /api/v1/openapi.json") return fetch("/api/v1/openapi.json");
    if (e == "GET /api/v1/session/options") return fetch("/api/v1/session/options");
    if (e == "GET /auth/oidc/start") return fetch("/auth/oidc/start");
    if (e == "GET /auth/oidc/callback") return fetch("/auth/oidc/callback?code=x&state=y");
    // A mail's link with a token the board did not sign (email_test follows a real one).
    if (e == "GET /unsubscribe") return fetch("/unsubscribe?u=1&k=all&t=" + std::string(64, '0'));
    if (e == "POST /unsubscribe")
      return call(c, "POST", "/unsubscribe?u=1&k=all&t=" + std::string(64, '0'));
    if (e == "POST /api/v1/session")
      return call(c, "POST", "/api/v1/session",
                  {{"login", "huang.pm"}, {"password", "shipboard-demo"}});
    if (e == "DELETE /api/v1/session") {
      if (logins_.count(c)) {
        Session fresh(server_, logins_.at(c));
        auto r = fresh.del("/api/v1/session");
        if (fresh.get("/api/v1/me").status != 401) r.status = 999;  // must end server-side
        return r;
      }
      return call(c, "DELETE", "/api/v1/session");
    }
    if (e == "GET /api/v1/me") return fetch("/api/v1/me");
    if (e == "GET /api/v1/items") return fetch("/api/v1/items?limit=500");
    if (e == "GET /api/v1/items/similar")
      return fetch("/api/v1/items/similar?title=" + httplib::encode_query_component("直播"));
    if (e == "POST /api/v1/items")
      return call(c, "POST", "/api/v1/items",
                  {{"kind", "bug"}, {"title", "新卡片"}, {"description", "d"}, {"area", "直播"}});
    if (e == "GET /api/v1/items/{id}") return fetch("/api/v1/items/" + id(item_));
    if (e == "PATCH /api/v1/items/{id}") {
      long it = own ? make_item(mine()) : make_item(*other_);
      json body = row.object == "own, PM field" ? json{{"status", "planned"}}
                                                : json{{"title", "改名 " + id(++n_)}};
      return call(c, "PATCH", "/api/v1/items/" + id(it), body, etag("/api/v1/items/" + id(it)));
    }
    if (e == "POST /api/v1/items/{id}/merge") {
      long a = make_item(*other_), b = make_item(*other_);
      return call(c, "POST", "/api/v1/items/" + id(a) + "/merge", {{"into", b}});
    }
    if (e == "GET /api/v1/items/{id}/requests")
      return fetch("/api/v1/items/" + id(item_) + "/requests");
    if (e == "POST /api/v1/items/{id}/requests")
      return call(c, "POST", "/api/v1/items/" + id(item_) + "/requests",
                  {{"customer_id", customer_},
                   {"importance", "nice"},
                   {"value_at_stake", {{"amount", 100}, {"currency", "CNY"}}}});
    if (e == "GET /api/v1/items/{id}/history")
      return fetch("/api/v1/items/" + id(item_) + "/history");
    if (e == "PUT /api/v1/items/{id}/follow")
      return call(c, "PUT", "/api/v1/items/" + id(item_) + "/follow");
    if (e == "DELETE /api/v1/items/{id}/follow")
      return call(c, "DELETE", "/api/v1/items/" + id(item_) + "/follow");
    if (e == "GET /api/v1/questions") return fetch("/api/v1/questions?limit=500");
    if (e == "POST /api/v1/questions")
      return call(c, "POST", "/api/v1/questions", {{"item_id", item_}, {"body", "可以嗎？"}});
    if (e == "GET /api/v1/questions/{id}") return fetch("/api/v1/questions/" + id(question_));
    if (e == "PATCH /api/v1/questions/{id}") {
      long q = own ? make_question(mine()) : make_question(*other_);
      return call(c, "PATCH", "/api/v1/questions/" + id(q), {{"body", "改寫 " + id(++n_)}},
                  etag("/api/v1/questions/" + id(q)));
    }
    if (e == "POST /api/v1/questions/{id}/answers")
      return call(c, "POST", "/api/v1/questions/" + id(make_question(*other_)) + "/answers",
                  {{"body", "答"}});
    if (e == "GET /api/v1/answers") return fetch("/api/v1/answers?limit=500");
    if (e == "POST /api/v1/answers")
      return call(c, "POST", "/api/v1/answers",
                  {{"title", "t"}, {"body", "b"}, {"lang", "zh-Hant"}});
    if (e == "GET /api/v1/answers/{id}") return fetch("/api/v1/answers/" + id(answer_));
    if (e == "PATCH /api/v1/answers/{id}")
      return call(c, "PATCH", "/api/v1/answers/" + id(answer_), {{"title", "t " + id(++n_)}},
                  etag("/api/v1/answers/" + id(answer_)));
    if (e == "POST /api/v1/told")
      return call(c, "POST", "/api/v1/told", {{"customer_id", customer_}, {"item_id", item_}});
    if (e == "GET /api/v1/told") return fetch("/api/v1/told");
    if (e == "GET /api/v1/me/retell") return fetch("/api/v1/me/retell");
    if (e == "GET /api/v1/inbox") return fetch("/api/v1/inbox");
    if (e == "POST /api/v1/inbox/read")
      return call(c, "POST", "/api/v1/inbox/read", {{"all", true}});
    if (e == "GET /api/v1/search")
      return fetch("/api/v1/search?q=" + httplib::encode_query_component("直播"));
    if (e == "GET /api/v1/events") {
      auto h = extra(c);
      auto& s = caller(c);
      if (!s.cookie.empty()) h.emplace("Cookie", s.cookie);
      if (!s.bearer_token.empty()) h.emplace("Authorization", "Bearer " + s.bearer_token);
      return stream_head(server_, h, "/api/v1/events");
    }
    if (e == "GET /api/v1/releases") return fetch("/api/v1/releases");
    if (e == "POST /api/v1/releases")
      return call(c, "POST", "/api/v1/releases",
                  {{"name", "授權版 " + id(++n_)}, {"planned_date", "2027-06-01"}});
    if (e == "GET /api/v1/releases/{id}") return fetch("/api/v1/releases/" + id(release_));
    if (e == "PATCH /api/v1/releases/{id}")
      return call(c, "PATCH", "/api/v1/releases/" + id(release_), {{"notes", "n " + id(++n_)}},
                  etag("/api/v1/releases/" + id(release_)));
    if (e == "GET /api/v1/releases/{id}/enablement")
      return fetch("/api/v1/releases/" + id(release_) + "/enablement");
    if (e == "GET /api/v1/customers") return fetch("/api/v1/customers");
    if (e == "POST /api/v1/customers")
      return call(
          c, "POST", "/api/v1/customers",
          {{"name", "新客戶 " + id(++n_)}, {"annual_value", {{"amount", 5}, {"currency", "CNY"}}}});
    if (e == "GET /api/v1/customers/{id}") return fetch("/api/v1/customers/" + id(other_customer_));
    if (e == "PATCH /api/v1/customers/{id}") {
      long cu = own ? make_customer(mine()) : make_customer(*other_);
      return call(c, "PATCH", "/api/v1/customers/" + id(cu), {{"name", "改名客戶 " + id(++n_)}},
                  etag("/api/v1/customers/" + id(cu)));
    }
    if (e == "GET /api/v1/users") return fetch("/api/v1/users");
    if (e == "GET /api/v1/team") return fetch("/api/v1/team");
    if (e == "POST /api/v1/users")
      return call(c, "POST", "/api/v1/users",
                  {{"login", "authz" + id(++n_)},
                   {"name", "n"},
                   {"role", "viewer"},
                   {"password", "a-fine-long-passphrase"}});
    if (e == "GET /api/v1/users/{id}") return fetch("/api/v1/users/" + id(huang_id_));
    if (e == "PATCH /api/v1/users/{id}")
      return call(c, "PATCH", "/api/v1/users/" + id(huang_id_), {{"name", "黃 " + id(++n_)}},
                  etag("/api/v1/users/" + id(huang_id_)));
    if (e == "GET /api/v1/embed-tokens") return fetch("/api/v1/embed-tokens");
    if (e == "POST /api/v1/embed-tokens")
      return call(c, "POST", "/api/v1/embed-tokens", {{"label", "l"}, {"scope", "area:直播"}});
    if (e == "DELETE /api/v1/embed-tokens/{id}") {
      auto t = admin_->post("/api/v1/embed-tokens", {{"label", "to revoke"}, {"scope", "board"}});
      REQUIRE(t.status == 201);
      return call(c, "DELETE", "/api/v1/embed-tokens/" + id(t.body["id"].get<long>()));
    }
    if (e == "GET /api/v1/tokens") return fetch("/api/v1/tokens");
    if (e == "POST /api/v1/tokens")
      return call(c, "POST", "/api/v1/tokens", {{"label", "l"}, {"role", "viewer"}});
    if (e == "DELETE /api/v1/tokens/{id}") {
      auto t = admin_->post("/api/v1/tokens", {{"label", "to revoke"}, {"role", "viewer"}});
      REQUIRE(t.status == 201);
      return call(c, "DELETE", "/api/v1/tokens/" + id(t.body["id"].get<long>()));
    }
    if (e == "GET /api/v1/webhooks") return fetch("/api/v1/webhooks");
    if (e == "POST /api/v1/webhooks")
      return call(c, "POST", "/api/v1/webhooks",
                  {{"url", "http://127.0.0.1:1/new"}, {"format", "slack"}, {"area", "直播"}});
    if (e == "GET /api/v1/webhooks/{id}")
      return fetch("/api/v1/webhooks/" + id(own ? make_webhook(mine()) : other_webhook_));
    if (e == "PATCH /api/v1/webhooks/{id}") {
      long w = own ? make_webhook(mine()) : make_webhook(*huang_session_);
      return call(c, "PATCH", "/api/v1/webhooks/" + id(w), {{"lang", "en"}},
                  etag("/api/v1/webhooks/" + id(w)));
    }
    if (e == "DELETE /api/v1/webhooks/{id}")
      return call(c, "DELETE", "/api/v1/webhooks/" + id(make_webhook(*huang_session_)));
    if (e == "GET /api/v1/webhooks/{id}/deliveries")
      return fetch("/api/v1/webhooks/" + id(other_webhook_) + "/deliveries");
    if (e == "POST /api/v1/webhooks/{id}/test")
      return call(c, "POST", "/api/v1/webhooks/" + id(other_webhook_) + "/test", json::object());
    if (e == "POST /api/v1/deliveries/{id}/redeliver") {
      if (!other_delivery_) other_delivery_ = other_delivery();
      return call(c, "POST", "/api/v1/deliveries/" + id(other_delivery_) + "/redeliver",
                  json::object());
    }
    // [import] CSV uploads; the job of "other" is a finished, clean dry run of chen.pm's.
    if (e == "POST /api/v1/imports")
      return caller(c).send("POST", "/api/v1/imports?kind=customers&dry_run=1",
                            "external_id,name,annual_value\nAUTHZ-" + id(++n_) + ",授權匯入,1\n",
                            extra(c), "text/csv");
    if (e == "GET /api/v1/imports") return fetch("/api/v1/imports");
    if (e == "GET /api/v1/imports/{id}") return fetch("/api/v1/imports/" + id(pm_dry_run()));
    if (e == "POST /api/v1/imports/{id}/commit")
      return call(c, "POST", "/api/v1/imports/" + id(pm_dry_run()) + "/commit", json::object());
    if (e == "GET /api/v1/import-mappings") return fetch("/api/v1/import-mappings");
    if (e == "PUT /api/v1/import-mappings/{source}")
      return call(c, "PUT", "/api/v1/import-mappings/authz",
                  {{"kind", "customers"}, {"columns", {{"客戶名稱", "name"}}}});
    if (e == "GET /api/v1/exports/customers.csv") return fetch("/api/v1/exports/customers.csv");
    if (e == "GET /api/v1/exports/requests.csv") return fetch("/api/v1/exports/requests.csv");
    if (e == "GET /api/v1/exports/items.csv") return fetch("/api/v1/exports/items.csv");
    if (e == "GET /api/v1/exports/told.csv") return fetch("/api/v1/exports/told.csv");
    if (e == "GET /api/v1/me/notifications") return fetch("/api/v1/me/notifications");
    if (e == "PATCH /api/v1/me/notifications")
      return call(c, "PATCH", "/api/v1/me/notifications", {{"email", {{"item.merged", "digest"}}}});
    if (e == "GET /embed/items/{id}") return fetch("/embed/items/" + id(item_));
    if (e == "GET /embed/releases/{id}") return fetch("/embed/releases/" + id(release_));
    if (e == "GET /embed/roadmap") return fetch("/embed/roadmap");
    if (e == "GET /embed/search")
      return fetch("/embed/search?q=" + httplib::encode_query_component("直播"));
    if (e == "GET /badge/items/{id}.svg") return fetch("/badge/items/" + id(item_) + ".svg");
    FAIL("no recipe for " << e);
    return {};
  }

  bool has_recipe(const std::string& e) const {
    static const std::set<std::string> known = {"GET /healthz",
                                                "GET /readyz",
                                                "GET /metrics",
                                                "GET /api/v1/openapi.json",
                                                "GET /api/v1/session/options",
                                                "GET /auth/oidc/start",
                                                "GET /auth/oidc/callback",
                                                "GET /unsubscribe",
                                                "POST /unsubscribe",
                                                "POST /api/v1/session",
                                                "DELETE /api/v1/session",
                                                "GET /api/v1/me",
                                                "GET /api/v1/items",
                                                "GET /api/v1/items/similar",
                                                "POST /api/v1/items",
                                                "GET /api/v1/items/{id}",
                                                "PATCH /api/v1/items/{id}",
                                                "POST /api/v1/items/{id}/merge",
                                                "GET /api/v1/items/{id}/requests",
                                                "POST /api/v1/items/{id}/requests",
                                                "GET /api/v1/items/{id}/history",
                                                "PUT /api/v1/items/{id}/follow",
                                                "DELETE /api/v1/items/{id}/follow",
                                                "GET /api/v1/questions",
                                                "POST /api/v1/questions",
                                                "GET /api/v1/questions/{id}",
                                                "PATCH /api/v1/questions/{id}",
                                                "POST /api/v1/questions/{id}/answers",
                                                "GET /api/v1/answers",
                                                "POST /api/v1/answers",
                                                "GET /api/v1/answers/{id}",
                                                "PATCH /api/v1/answers/{id}",
                                                "POST /api/v1/told",
                                                "GET /api/v1/told",
                                                "GET /api/v1/me/retell",
                                                "GET /api/v1/inbox",
                                                "POST /api/v1/inbox/read",
                                                "GET /api/v1/search",
                                                "GET /api/v1/events",
                                                "GET /api/v1/releases",
                                                "POST /api/v1/releases",
                                                "GET /api/v1/releases/{id}",
                                                "PATCH /api/v1/releases/{id}",
                                                "GET /api/v1/releases/{id}/enablement",
                                                "GET /api/v1/customers",
                                                "POST /api/v1/customers",
                                                "GET /api/v1/customers/{id}",
                                                "PATCH /api/v1/customers/{id}",
                                                "GET /api/v1/users",
                                                "GET /api/v1/team",
                                                "POST /api/v1/users",
                                                "GET /api/v1/users/{id}",
                                                "PATCH /api/v1/users/{id}",
                                                "GET /api/v1/embed-tokens",
                                                "POST /api/v1/embed-tokens",
                                                "DELETE /api/v1/embed-tokens/{id}",
                                                "GET /api/v1/tokens",
                                                "POST /api/v1/tokens",
                                                "DELETE /api/v1/tokens/{id}",
                                                "GET /api/v1/webhooks",
                                                "POST /api/v1/webhooks",
                                                "GET /api/v1/webhooks/{id}",
                                                "PATCH /api/v1/webhooks/{id}",
                                                "DELETE /api/v1/webhooks/{id}",
                                                "GET /api/v1/webhooks/{id}/deliveries",
                                                "POST /api/v1/webhooks/{id}/test",
                                                "POST /api/v1/deliveries/{id}/redeliver",
                                                "POST /api/v1/imports",
                                                "GET /api/v1/imports",
                                                "GET /api/v1/imports/{id}",
                                                "POST /api/v1/imports/{id}/commit",
                                                "GET /api/v1/import-mappings",
                                                "PUT /api/v1/import-mappings/{source}",
                                                "GET /api/v1/exports/customers.csv",
                                                "GET /api/v1/exports/requests.csv",
                                                "GET /api/v1/exports/items.csv",
                                                "GET /api/v1/exports/told.csv",
                                                "GET /api/v1/me/notifications",
                                                "PATCH /api/v1/me/notifications",
                                                "GET /embed/items/{id}",
                                                "GET /embed/releases/{id}",
                                                "GET /embed/roadmap",
                                                "GET /embed/search",
                                                "GET /badge/items/{id}.svg"};
    return known.count(e) > 0;
  }

  const std::string& bearer_token() const { return bearer_token_; }
  const std::string& embed_token() const { return embed_token_; }

 private:
  ServerProcess& server_;
  std::optional<Session> pm_, other_, admin_, huang_session_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::string> logins_;
  std::string bearer_token_, embed_token_;
  long item_ = 0, customer_ = 0, other_customer_ = 0, question_ = 0, answer_ = 0, release_ = 0;
  json huang_;
  long huang_id_ = 0;
  long other_webhook_ = 0, other_delivery_ = 0;
  long n_ = 0;
};

}  // namespace

// [SECTION] the matrix walk
TEST_CASE("authorization matrix: every cell of docs/authorization.md", "[authz]") {
  auto rows = parse_matrix(read_text(repo_root() / "docs/authorization.md"));
  REQUIRE(rows.size() >= 50);
  ServerProcess server(ServerOptions{.extra_args = {"--outbound-allow", "127.0.0.1/32"}});
  Matrix m(server);

  // The table covers every registered route, and has a recipe for every row.
  std::set<std::string> in_table;
  for (const auto& r : rows) {
    in_table.insert(r.endpoint);
    INFO("row " << r.endpoint);
    CHECK(m.has_recipe(r.endpoint));
    CHECK(r.cells.size() == kCallers.size());
  }
  for (const auto& route : registered_routes()) {
    INFO("registered route without a row in docs/authorization.md: " << route);
    CHECK(in_table.count(route));
  }

  long checked = 0;
  std::vector<std::string> violations;
  for (const auto& row : rows) {
    for (const auto& c : kCallers) {
      const std::string& want = row.cells.at(c);
      if (want == "-") continue;
      auto reply = m.run(row, c);
      ++checked;
      bool restricted = want == "200r";
      int want_status = std::stoi(restricted ? "200" : want);
      std::string got = std::to_string(reply.status);
      bool ok = reply.status == want_status;
      if (ok && restricted && has_internal(reply.body)) {
        ok = false;
        got += " with internal fields";
      }
      // Pages for people (embeds, badges, a mail's unsubscribe link) answer errors in HTML.
      if (ok && reply.status >= 400 && row.endpoint.find(" /embed/") == std::string::npos &&
          row.endpoint.find(" /badge/") == std::string::npos &&
          row.endpoint.find(" /unsubscribe") == std::string::npos &&
          reply.header("Content-Type") != "application/problem+json") {
        ok = false;
        got += " not problem+json";
      }
      if (!ok)
        violations.push_back(row.endpoint + " [" + row.object + "] as " + c + ": expected " + want +
                             ", got " + got + " " + reply.raw.substr(0, 160));
    }
  }
  for (const auto& v : violations) UNSCOPED_INFO(v);
  CHECK(violations.empty());
  CHECK(checked >= 380);
  WARN("authorization matrix: " << rows.size() << " rows, " << checked << " cells checked, "
                                << violations.size() << " violations");
}

// [SECTION] the team directory; sessions, CSRF, sign-in backoff, passwords
TEST_CASE("the team directory names users without their logins", "[authz]") {
  ServerProcess server;
  Session sales(server, "lin.sales");
  auto team = sales.get("/api/v1/team?limit=100");
  REQUIRE(team.status == 200);
  REQUIRE(team.body["items"].is_array());
  bool found_pm = false;
  for (const auto& u : team.body["items"]) {
    CHECK(u.contains("name"));
    CHECK(u.contains("role"));
    CHECK_FALSE(u.contains("login"));
    CHECK_FALSE(u.contains("active"));
    found_pm |= u["name"] == "陳怡君" && u["role"] == "pm";
  }
  CHECK(found_pm);
  auto one = sales.get("/api/v1/team?limit=1");
  REQUIRE(one.status == 200);
  CHECK(one.body["items"].size() == 1);  // paged like every list
  CHECK(one.body["next_cursor"].is_string());
  CHECK(Session(server, "zhao.viewer").get("/api/v1/team").status == 403);
  CHECK(Session::anonymous(server).get("/api/v1/team").status == 401);
}

TEST_CASE("sessions: new id at sign-in, sign-out is server-side, CSRF on every change", "[authz]") {
  ServerProcess server;
  auto c = server.client();
  // Signing in with an old cookie still mints a new one (no fixation).
  Session first(server, "lin.sales");
  auto again = c.Post("/api/v1/session", {{"Cookie", first.cookie}},
                      R"({"login":"lin.sales","password":"shipboard-demo"})", "application/json");
  REQUIRE(again);
  REQUIRE(again->status == 200);
  auto set = again->get_header_value("Set-Cookie");
  CHECK(set.substr(0, set.find(';')) != first.cookie);
  CHECK(first.get("/api/v1/me").status == 200);  // another sign-in does not end the first

  // Sign-out ends the session on the server: the old cookie replayed is 401 everywhere.
  std::string old_cookie = first.cookie, old_csrf = first.csrf;
  auto out = first.del("/api/v1/session");
  CHECK(out.status == 204);
  CHECK(out.header("Set-Cookie").find("Max-Age=0") != std::string::npos);
  httplib::Headers replay{{"Cookie", old_cookie}, {"X-CSRF-Token", old_csrf}};
  CHECK(c.Get("/api/v1/me", replay)->status == 401);
  CHECK(c.Get("/api/v1/items", replay)->status == 401);
  CHECK(c.Post("/api/v1/items", replay, R"({"title":"x"})", "application/json")->status == 401);

  // Every changing request authenticated by a cookie needs X-CSRF-Token: 403 without it or
  // with another session's token, whatever the role would otherwise allow.
  Session pm(server, "chen.pm"), admin(server, "admin"), sales(server, "lin.sales");
  auto item = pm.post("/api/v1/items", {{"title", "csrf 目標"}}).body["id"].get<long>();
  auto events_before =
      pm.get("/api/v1/items/" + std::to_string(item) + "/history").body["items"].size();
  std::string i = std::to_string(item);
  std::vector<std::pair<std::string, std::string>> changes = {
      {"POST", "/api/v1/items"},
      {"PATCH", "/api/v1/items/" + i},
      {"POST", "/api/v1/items/" + i + "/merge"},
      {"POST", "/api/v1/items/" + i + "/requests"},
      {"PUT", "/api/v1/items/" + i + "/follow"},
      {"DELETE", "/api/v1/items/" + i + "/follow"},
      {"POST", "/api/v1/questions"},
      {"PATCH", "/api/v1/questions/1"},
      {"POST", "/api/v1/questions/1/answers"},
      {"POST", "/api/v1/answers"},
      {"PATCH", "/api/v1/answers/1"},
      {"POST", "/api/v1/told"},
      {"POST", "/api/v1/inbox/read"},
      {"POST", "/api/v1/releases"},
      {"PATCH", "/api/v1/releases/1"},
      {"POST", "/api/v1/customers"},
      {"PATCH", "/api/v1/customers/1"},
      {"POST", "/api/v1/users"},
      {"PATCH", "/api/v1/users/1"},
      {"POST", "/api/v1/embed-tokens"},
      {"DELETE", "/api/v1/embed-tokens/1"},
      {"POST", "/api/v1/tokens"},
      {"DELETE", "/api/v1/tokens/1"},
      {"DELETE", "/api/v1/session"}};
  int csrf_checked = 0;
  for (const Session* s : {&pm, &admin, &sales}) {
    for (const auto& [method, path] : changes) {
      for (const std::string& token : {std::string(), std::string("wrong"), first.csrf}) {
        httplib::Headers h{{"Cookie", s->cookie}, {"If-Match", "\"1\""}};
        if (!token.empty()) h.emplace("X-CSRF-Token", token);
        auto cl = server.client();
        httplib::Result r{nullptr, httplib::Error::Unknown};
        std::string body = R"({"title":"x"})";
        if (method == "POST")
          r = cl.Post(path, h, body, "application/json");
        else if (method == "PUT")
          r = cl.Put(path, h, body, "application/json");
        else if (method == "PATCH")
          r = cl.Patch(path, h, body, "application/json");
        else
          r = cl.Delete(path, h, body, "application/json");
        REQUIRE(r);
        INFO(method << " " << path << " csrf '" << token << "'");
        CHECK(r->status == 403);
        ++csrf_checked;
      }
    }
  }
  CHECK(csrf_checked == 3 * 3 * static_cast<int>(changes.size()));
  CHECK(pm.get("/api/v1/items/" + i + "/history").body["items"].size() == events_before);
  CHECK(pm.get("/api/v1/me").status == 200);  // the DELETE /session without CSRF ended nothing
}

TEST_CASE("sign-in backoff grows and a success clears it", "[authz]") {
  ServerProcess server;
  auto c = server.client();
  auto attempt = [&](const char* password) {
    auto r = c.Post("/api/v1/session", json{{"login", "li.sales"}, {"password", password}}.dump(),
                    "application/json");
    REQUIRE(r);
    return r;
  };
  for (int i = 0; i < 5; ++i) CHECK(attempt("wrong-password")->status == 401);
  auto first = attempt("wrong-password");
  REQUIRE(first->status == 429);
  CHECK(first->get_header_value("Content-Type") == "application/problem+json");
  long wait1 = std::stol(first->get_header_value("Retry-After"));
  CHECK(wait1 >= 1);
  std::this_thread::sleep_for(std::chrono::seconds(wait1) + std::chrono::milliseconds(200));
  CHECK(attempt("wrong-password")->status == 401);  // one more try is allowed, and fails
  auto second = attempt("shipboard-demo");          // even the right password now waits
  REQUIRE(second->status == 429);
  long wait2 = std::stol(second->get_header_value("Retry-After"));
  CHECK(wait2 > wait1);
  std::this_thread::sleep_for(std::chrono::seconds(wait2) + std::chrono::milliseconds(200));
  CHECK(attempt("shipboard-demo")->status == 200);
  CHECK(attempt("wrong-password")->status == 401);  // cleared: no 429 after one failure
  CHECK(attempt("shipboard-demo")->status == 200);
}

TEST_CASE("passwords: at least 8 characters, 64 and more allowed, common ones refused", "[authz]") {
  ServerProcess server;
  Session admin(server, "admin");
  int n = 0;
  auto make = [&](const std::string& password) {
    return admin.post("/api/v1/users", {{"login", "pw" + std::to_string(++n)},
                                        {"name", "p"},
                                        {"role", "sales"},
                                        {"password", password}});
  };
  CHECK(make("short7!").status == 422);
  CHECK(make("一二三四五六七").status == 422);  // 7 characters (21 bytes)
  CHECK(make("eight-ch").status == 201);
  std::string p64(64, 'x');
  p64.replace(0, 10, "long-pass-");
  auto long64 = make(p64);
  CHECK(long64.status == 201);
  CHECK(make(std::string(200, 'q') + "").status == 201);
  CHECK(make(std::string(201, 'q')).status == 422);
  for (const char* common : {"password", "password1", "12345678", "123456789", "qwertyuiop",
                             "iloveyou", "Password123", "PASSWORD", "11111111", "abc12345"}) {
    auto r = make(common);
    INFO(common);
    CHECK(r.status == 422);
    CHECK(r.raw.find("common") != std::string::npos);
  }
  // A 64-character password signs in.
  Session signed_in(server, "pw" + std::to_string(4), p64);
  CHECK(signed_in.get("/api/v1/me").status == 200);
  // Changing a password follows the same rules.
  auto uid = long64.body["id"].get<long>();
  auto tag = admin.get("/api/v1/users/" + std::to_string(uid)).header("ETag");
  CHECK(admin.patch("/api/v1/users/" + std::to_string(uid), {{"password", "qwerty123"}}, tag)
            .status == 422);
  CHECK(
      admin.patch("/api/v1/users/" + std::to_string(uid), {{"password", "1234567"}}, tag).status ==
      422);
}

// [SECTION] tokens across scopes
TEST_CASE("tokens are never accepted across scopes", "[authz]") {
  ServerProcess server;
  Session admin(server, "admin");
  auto viewer_token = admin.post("/api/v1/tokens", {{"label", "v"}, {"role", "viewer"}})
                          .body["token"]
                          .get<std::string>();
  auto pm_token = admin.post("/api/v1/tokens", {{"label", "p"}, {"role", "pm"}})
                      .body["token"]
                      .get<std::string>();
  auto embed_token = admin.post("/api/v1/embed-tokens", {{"label", "e"}, {"scope", "area:直播"}})
                         .body["token"]
                         .get<std::string>();
  auto c = server.client();
  // An embed token is not a bearer token, and a bearer token is not an embed token.
  CHECK(c.Get("/api/v1/items", {{"Authorization", "Bearer " + embed_token}})->status == 401);
  CHECK(c.Get("/api/v1/items?token=" + pm_token)->status == 401);
  CHECK(c.Get("/api/v1/items", {{"X-Shipboard-Embed-Token", pm_token}})->status == 401);
  // A token's role is its ceiling, even though it acts as the admin who made it.
  auto viewer = Session::bearer(server, viewer_token);
  CHECK(viewer.get("/api/v1/users").status == 403);
  CHECK(viewer.post("/api/v1/tokens", {{"label", "x"}, {"role", "admin"}}).status == 403);
  CHECK(viewer.post("/api/v1/items", {{"title", "x"}}).status == 403);
  auto list = viewer.get("/api/v1/items");
  REQUIRE(list.status == 200);
  CHECK_FALSE(has_internal(list.body));
  auto pm = Session::bearer(server, pm_token);
  CHECK(pm.get("/api/v1/users").status == 403);
  CHECK(pm.post("/api/v1/items", {{"title", "令牌"}}).status == 201);
  // An embed token only reads.
  httplib::Headers h{{"X-Shipboard-Embed-Token", embed_token}};
  CHECK(Session::anonymous(server).send("POST", "/api/v1/items", R"({"title":"x"})", h).status ==
        403);
  // Revoked is 401 at once.
  auto tokens = admin.get("/api/v1/tokens").body["items"];
  for (auto& t : tokens)
    if (t["label"] == "p")
      CHECK(admin.del("/api/v1/tokens/" + std::to_string(t["id"].get<long>())).status == 204);
  CHECK(pm.get("/api/v1/items").status == 401);
}

// [SECTION] headers, cookie flags, request limits
TEST_CASE("security headers on every response, cookie flags, request limits", "[authz]") {
  char tmpl[] = "/tmp/shipboard-authz-web-XXXXXX";
  std::string web = mkdtemp(tmpl);
  std::ofstream(web + "/index.html") << "<!doctype html><title>x</title>";
  std::ofstream(web + "/app.js") << "1;";
  ServerOptions o;
  o.web_dir = web;
  ServerProcess server(o);
  Session sales(server, "lin.sales");
  Session admin(server, "admin");
  auto embed = admin.post("/api/v1/embed-tokens", {{"label", "h"}, {"scope", "board"}})
                   .body["token"]
                   .get<std::string>();
  auto c = server.client();
  auto check_headers = [&](const httplib::Result& r, const std::string& what) {
    INFO(what);
    REQUIRE(r);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Content-Security-Policy").find("frame-ancestors") !=
          std::string::npos);
    CHECK(r->get_header_value("Content-Security-Policy").find("default-src") != std::string::npos);
    CHECK(r->get_header_value("Referrer-Policy") != "");
    if (r->status >= 400 && what.find("/embed/") == std::string::npos &&
        what.find("/badge/") == std::string::npos && what.find("/unsubscribe") == std::string::npos)
      CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  };
  httplib::Headers cookie{{"Cookie", sales.cookie}};
  check_headers(c.Get("/healthz"), "/healthz");
  check_headers(c.Get("/"), "static /");
  check_headers(c.Get("/app.js"), "static app.js");
  check_headers(c.Get("/missing.js"), "static 404");
  check_headers(c.Get("/../etc/passwd"), "traversal");
  check_headers(c.Get("/api/v1/items"), "401");
  check_headers(c.Get("/api/v1/items", cookie), "200 list");
  check_headers(c.Get("/api/v1/items/999999", cookie), "404 item");
  check_headers(c.Get("/api/v1/items?limit=0", cookie), "400 limit");
  check_headers(c.Post("/api/v1/items", cookie, "{}", "application/json"), "403 csrf");
  check_headers(c.Post("/api/v1/session", "{", "application/json"), "400 session");
  check_headers(c.Post("/api/v1/session", "x", "text/plain"), "415 session");
  check_headers(c.Get("/api/v1/openapi.json"), "openapi");
  check_headers(c.Get("/embed/roadmap?token=" + embed), "/embed/ page");
  check_headers(c.Get("/embed/roadmap"), "/embed/ 401");
  check_headers(c.Get("/badge/items/1.svg?token=" + embed), "/badge/ 200");
  check_headers(c.Get("/badge/items/999999.svg?token=" + embed), "/badge/ 404");
  check_headers(c.Options("/api/v1/items"), "OPTIONS");
  // Limits: body (1 MiB) 413, a header line over 8 KiB is refused, list size 400/422.
  std::string big(1024 * 1024 + 10, ' ');
  auto r413 = c.Post("/api/v1/items", {{"Cookie", sales.cookie}, {"X-CSRF-Token", sales.csrf}}, big,
                     "application/json");
  check_headers(r413, "413");
  CHECK(r413->status == 413);
  auto r431 = c.Get("/api/v1/items", {{"X-Big", std::string(9000, 'h')}});
  check_headers(r431, "header too large");
  CHECK((r431->status == 431 || r431->status == 400));
  auto many = c.Get("/api/v1/items?limit=" + std::string("1") + std::string(20, '0'), cookie);
  CHECK(many->status == 400);
  for (const char* list :
       {"/api/v1/items", "/api/v1/questions", "/api/v1/answers", "/api/v1/releases",
        "/api/v1/customers", "/api/v1/inbox", "/api/v1/told"}) {
    INFO(list);
    CHECK(c.Get(std::string(list) + "?limit=501", cookie)->status == 400);
    CHECK(c.Get(std::string(list) + "?limit=500", cookie)->status == 200);
  }
  json ids = json::array();
  for (int i = 1; i <= 501; ++i) ids.push_back(i);
  CHECK(sales.post("/api/v1/inbox/read", {{"ids", ids}}).status == 422);
  // The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure only behind TLS.
  auto plain = c.Post("/api/v1/session", R"({"login":"zhao.viewer","password":"shipboard-demo"})",
                      "application/json");
  auto flags = plain->get_header_value("Set-Cookie");
  CHECK(flags.find("shipboard_session=") == 0);
  CHECK(flags.find("HttpOnly") != std::string::npos);
  CHECK(flags.find("SameSite=Lax") != std::string::npos);
  CHECK(flags.find("Path=/") != std::string::npos);
  CHECK(flags.find("Secure") == std::string::npos);
  auto tls = c.Post("/api/v1/session", {{"X-Forwarded-Proto", "https"}},
                    R"({"login":"zhao.viewer","password":"shipboard-demo"})", "application/json");
  CHECK(tls->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
  std::filesystem::remove_all(web);
}
