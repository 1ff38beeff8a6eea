// Starting and stopping a real server process for tests; see server_fixture.hpp.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace shipboard::test {

HelperProcess::HelperProcess(std::vector<std::string> args, std::string log)
    : log_(std::move(log)) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
}

HelperProcess::~HelperProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 250; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
}

bool HelperProcess::alive() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

std::string HelperProcess::output() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int HelperProcess::wait_for_port_file(const std::string& file, int ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(file);
    int port = 0;
    if (in >> port && port > 0) return port;
    if (!alive()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("no port in " << file << "; the program said: " << output());
  return 0;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

ServerProcess::ServerProcess(ServerOptions options) {
  char tmpl[] = "/tmp/shipboard-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  db_file_ = options.db_file;
  std::vector<std::string> args = {
      SHIPBOARD_SERVER_BIN, "--listen",    "127.0.0.1:0", "--db", db_path(),
      "--port-file",        dir_ + "/port"};
  if (options.demo) args.push_back("--demo");
  if (!options.web_dir.empty()) {
    args.push_back("--web");
    args.push_back(options.web_dir);
  }
  for (auto& a : options.extra_args) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    if (s.rfind("SHIPBOARD_", 0) != 0) envs.push_back(s);
  }
  for (auto& [k, v] : options.env) envs.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : envs) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  std::string log = dir_ + "/server.log";
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), envp.data()) != 0)
    throw std::runtime_error("cannot start " + args[0]);
  posix_spawn_file_actions_destroy(&fa);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(dir_ + "/port");
    if (in >> port_ && port_ > 0) return;
    if (!alive()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("server did not start: " + output());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

int ServerProcess::terminate(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill_hard();
  return -1;
}

void ServerProcess::kill_hard() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

bool ServerProcess::alive() const {
  if (pid_ <= 0) return false;
  int status = 0;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

std::string ServerProcess::output() const {
  std::ifstream in(dir_ + "/server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

httplib::Client ServerProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(30);
  return c;
}

std::string Session::Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

Session::Session(const ServerProcess& server, const std::string& login, const std::string& password)
    : server_(&server) {
  auto c = server.client();
  auto r =
      c.Post("/api/v1/session", nlohmann::json{{"login", login}, {"password", password}}.dump(),
             "application/json");
  if (!r || r->status != 200)
    throw std::runtime_error("sign-in failed for " + login + ": " +
                             (r ? std::to_string(r->status) + " " + r->body : "no response"));
  auto j = nlohmann::json::parse(r->body);
  user = j["user"];
  csrf = j["csrf_token"];
  auto set = r->get_header_value("Set-Cookie");
  cookie = set.substr(0, set.find(';'));
}

Session Session::anonymous(const ServerProcess& server) {
  return Session(server);
}

Session Session::bearer(const ServerProcess& server, const std::string& token) {
  Session s(server);
  s.bearer_token = token;
  return s;
}

httplib::Headers Session::auth_headers(bool change) const {
  httplib::Headers h;
  if (!cookie.empty()) h.emplace("Cookie", cookie);
  if (change && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
  if (!bearer_token.empty()) h.emplace("Authorization", "Bearer " + bearer_token);
  return h;
}

Session::Reply Session::send(const std::string& method, const std::string& path,
                             const std::string& body, httplib::Headers headers,
                             const std::string& content_type) const {
  auto c = server_->client();
  for (auto& [k, v] : auth_headers(method != "GET")) headers.emplace(k, v);
  httplib::Result r{nullptr, httplib::Error::Unknown};
  if (method == "GET")
    r = c.Get(path, headers);
  else if (method == "POST")
    r = c.Post(path, headers, body, content_type);
  else if (method == "PUT")
    r = c.Put(path, headers, body, content_type);
  else if (method == "PATCH")
    r = c.Patch(path, headers, body, content_type);
  else if (method == "DELETE")
    r = c.Delete(path, headers, body, content_type);
  Reply out;
  if (!r) throw std::runtime_error(method + " " + path + ": no response");
  out.status = r->status;
  out.headers = r->headers;
  out.raw = r->body;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  return out;
}

Session::Reply Session::get(const std::string& path) const {
  return send("GET", path, "", {});
}
Session::Reply Session::post(const std::string& path, const nlohmann::json& body) const {
  return send("POST", path, body.dump(), {});
}
Session::Reply Session::put(const std::string& path, const nlohmann::json& body) const {
  return send("PUT", path, body.dump(), {});
}
Session::Reply Session::patch(const std::string& path, const nlohmann::json& body,
                              const std::string& if_match) const {
  httplib::Headers h;
  if (!if_match.empty()) h.emplace("If-Match", if_match);
  return send("PATCH", path, body.dump(), h);
}
Session::Reply Session::del(const std::string& path, const std::string& if_match) const {
  httplib::Headers h;
  if (!if_match.empty()) h.emplace("If-Match", if_match);
  return send("DELETE", path, "", h);
}

std::filesystem::path repo_root() {
  std::filesystem::path here = std::filesystem::path(__FILE__);
  if (here.is_relative()) here = std::filesystem::current_path() / here;
  std::filesystem::path root = here.parent_path().parent_path().parent_path();
  if (!std::filesystem::exists(root / "server/src/app.cpp"))
    FAIL("cannot find the source tree from " << __FILE__);
  return root;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RawStream::~RawStream() {
  if (fd >= 0) ::close(fd);
}

bool RawStream::read_more(int ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return true;
  char buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  head.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::unique_ptr<RawStream> open_stream(const ServerProcess& server, const Session& who) {
  auto s = std::make_unique<RawStream>();
  s->fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s->fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(s->fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string req =
      "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
  if (!who.cookie.empty()) req += "Cookie: " + who.cookie + "\r\n";
  if (!who.bearer_token.empty()) req += "Authorization: Bearer " + who.bearer_token + "\r\n";
  req += "\r\n";
  REQUIRE(::send(s->fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
  // Read until the end of the headers (a stream then stays open; a refusal has a short body).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (s->head.find("\r\n\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{s->fd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[2048];
    ssize_t n = ::recv(s->fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    s->head.append(buf, static_cast<std::size_t>(n));
  }
  if (s->head.rfind("HTTP/1.1 ", 0) == 0) s->status = std::stoi(s->head.substr(9, 3));
  return s;
}

}  // namespace shipboard::test
