// Trusted reverse-proxy headers with Debian's nginx in front: nginx (started here on loopback)
// asks a small auth service of this test through `auth_request`, puts the login and groups it
// answers into X-Forwarded-User / X-Forwarded-Groups, and connects to Shipboard from 127.0.0.2,
// the only trusted address. A client connecting straight from 127.0.0.3 with the same header
// is anonymous (401), and the ignored header is counted on --metrics-listen's /metrics.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

const char* const kNginx = "/usr/sbin/nginx";

// The company's authentication in front: who a request is, by a header only this test sends.
struct AuthService {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  AuthService() {
    http.Get("/check", [](const httplib::Request& req, httplib::Response& res) {
      const std::string who = req.get_header_value("X-Test-User");
      if (who == "alice") {
        res.set_header("X-Auth-Login", "alice.wu");
        res.set_header("X-Auth-Groups", "everyone, sales-team");
      } else if (who == "bob") {
        res.set_header("X-Auth-Login", "bob.lee");
        res.set_header("X-Auth-Groups", "finance");
      } else {
        res.status = 401;
        return;
      }
      res.status = 200;
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
  }
  ~AuthService() {
    http.stop();
    thread.join();
  }
};

// nginx as an operator runs it in front of Shipboard with auth_request.
std::unique_ptr<HelperProcess> start_nginx(const std::string& dir, int port, int auth_port,
                                           int board_port) {
  std::filesystem::create_directories(dir + "/tmp");
  std::ofstream(dir + "/nginx.conf")
      << "worker_processes 1; daemon off; master_process on;\n"
      << "pid " << dir << "/nginx.pid; error_log " << dir
      << "/error.log;\nevents { worker_connections 64; }\nhttp {\n"
      << "  access_log off;\n"
      << "  client_body_temp_path " << dir << "/tmp;\n"
      << "  proxy_temp_path " << dir << "/tmp;\n"
      << "  fastcgi_temp_path " << dir << "/tmp;\n"
      << "  uwsgi_temp_path " << dir << "/tmp;\n"
      << "  scgi_temp_path " << dir << "/tmp;\n"
      << "  server {\n    listen 127.0.0.1:" << port << ";\n"
      << "    location = /_auth {\n      internal;\n"
      << "      proxy_pass http://127.0.0.1:" << auth_port << "/check;\n"
      << "      proxy_pass_request_body off;\n"
      << "      proxy_set_header Content-Length \"\";\n    }\n"
      << "    location / {\n      auth_request /_auth;\n"
      << "      auth_request_set $login $upstream_http_x_auth_login;\n"
      << "      auth_request_set $groups $upstream_http_x_auth_groups;\n"
      << "      proxy_set_header X-Forwarded-User $login;\n"
      << "      proxy_set_header X-Forwarded-Groups $groups;\n"
      << "      proxy_bind 127.0.0.2;\n"
      << "      proxy_pass http://127.0.0.1:" << board_port << ";\n    }\n  }\n}\n";
  auto p = std::make_unique<HelperProcess>(
      std::vector<std::string>{kNginx, "-e", dir + "/error.log", "-p", dir, "-c",
                               dir + "/nginx.conf"},
      dir + "/nginx.out");
  // Up when it answers (401 from auth_request without a user).
  for (int i = 0; i < 250; ++i) {
    httplib::Client c("127.0.0.1", port);
    if (auto r = c.Get("/healthz")) return p;
    REQUIRE(p->alive());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("nginx did not start: " << p->output());
  return p;
}

// One HTTP/1.1 request from a socket bound to `from` (another loopback address); the status.
int status_from(const std::string& from, int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) got.append(buf, n);
  ::close(fd);
  REQUIRE(got.rfind("HTTP/1.1 ", 0) == 0);
  return std::stoi(got.substr(9, 3));
}

double sample(const std::string& text, const std::string& name) {
  auto pos = text.find("\n" + name + " ");
  REQUIRE(pos != std::string::npos);
  return std::stod(text.substr(pos + name.size() + 2));
}

}  // namespace

TEST_CASE(
    "auth proxy: nginx auth_request signs users in by header; untrusted peers are not "
    "believed",
    "[auth-proxy][sign-in]") {
  AuthService auth;
  REQUIRE(auth.port > 0);
  ServerOptions o;
  o.extra_args = {"--auth-proxy-header",
                  "X-Forwarded-User",
                  "--auth-proxy-groups-header",
                  "X-Forwarded-Groups",
                  "--auth-proxy-trusted",
                  "127.0.0.2/32",
                  "--oidc-role-map",
                  "pm=product-managers,sales=sales-team",
                  "--metrics-listen",
                  "127.0.0.1:0"};
  ServerProcess board(o);
  const int nginx_port = free_port();
  auto nginx = start_nginx(board.dir() + "/nginx", nginx_port, auth.port, board.port());
  httplib::Client front("127.0.0.1", nginx_port);

  // Through nginx: the auth service's user, created with the role its groups map to.
  auto me = front.Get("/api/v1/me", {{"X-Test-User", "alice"}});
  REQUIRE(me);
  INFO(me->body);
  REQUIRE(me->status == 200);
  auto j = json::parse(me->body);
  CHECK(j["user"]["login"] == "alice.wu");
  CHECK(j["user"]["role"] == "sales");
  const std::string csrf = j["csrf_token"];
  CHECK(csrf.size() >= 32);

  // A client's own X-Forwarded-User does not get past nginx (it sets the header itself).
  auto spoof = front.Get("/api/v1/me", {{"X-Test-User", "alice"}, {"X-Forwarded-User", "admin"}});
  REQUIRE(spoof);
  CHECK(json::parse(spoof->body)["user"]["login"] == "alice.wu");
  // No user at the auth service: nginx answers 401 itself.
  auto nobody = front.Get("/api/v1/me");
  REQUIRE(nobody);
  CHECK(nobody->status == 401);
  // Groups that map to no role: no user here, anonymous.
  auto finance = front.Get("/api/v1/me", {{"X-Test-User", "bob"}});
  REQUIRE(finance);
  CHECK(finance->status == 401);

  // A proxied caller still needs the CSRF token for writes.
  auto no_csrf =
      front.Put("/api/v1/items/1/follow", {{"X-Test-User", "alice"}}, "", "application/json");
  REQUIRE(no_csrf);
  CHECK(no_csrf->status == 403);
  auto with_csrf =
      front.Put("/api/v1/items/1/follow", {{"X-Test-User", "alice"}, {"X-CSRF-Token", csrf}}, "",
                "application/json");
  REQUIRE(with_csrf);
  CHECK(with_csrf->status < 300);

  // Straight to Shipboard from 127.0.0.3 (not trusted) with the same header: anonymous.
  const std::string forged =
      "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-User: alice.wu\r\n"
      "X-Forwarded-Groups: product-managers\r\nConnection: close\r\n\r\n";
  CHECK(status_from("127.0.0.3", board.port(), forged) == 401);
  CHECK(status_from("127.0.0.3", board.port(), forged) == 401);
  // From 127.0.0.2 the same request is believed (that is what trusting it means).
  CHECK(status_from("127.0.0.2", board.port(), forged) == 200);

  // --metrics-listen: /metrics without a token on its own port, and nothing else there.
  int metrics_port = 0;
  for (int i = 0; i < 100 && metrics_port == 0; ++i) {
    std::ifstream in(board.dir() + "/port.metrics");
    if (!(in >> metrics_port)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(metrics_port > 0);
  httplib::Client scraper("127.0.0.1", metrics_port);
  auto m = scraper.Get("/metrics");
  REQUIRE(m);
  REQUIRE(m->status == 200);
  CHECK(sample(m->body, "shipboard_proxy_headers_ignored_total") == 2);
  CHECK(sample(m->body, "shipboard_db_write_duration_seconds_count") >= 1);
  auto other = scraper.Get("/api/v1/items");
  REQUIRE(other);
  CHECK(other->status == 404);
  // The board's own port still keeps /metrics for admin tokens only.
  auto plain = board.client().Get("/metrics");
  REQUIRE(plain);
  CHECK(plain->status == 401);
}
