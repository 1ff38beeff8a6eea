// Starting and stopping a real server process for tests; see server_fixture.hpp.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
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

ServerProcess::ServerProcess(ServerOptions options) {
  char tmpl[] = "/tmp/shipboard-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  db_file_ = options.db_file;
  std::vector<std::string> args = {SHIPBOARD_SERVER_BIN, "--listen", "127.0.0.1:0", "--db",
                                   db_path(), "--port-file", dir_ + "/port"};
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

Session::Session(const ServerProcess& server, const std::string& login,
                 const std::string& password)
    : server_(&server) {
  auto c = server.client();
  auto r = c.Post("/api/v1/session", nlohmann::json{{"login", login}, {"password", password}}.dump(),
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

Session Session::anonymous(const ServerProcess& server) { return Session(server); }

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
  if (method == "GET") r = c.Get(path, headers);
  else if (method == "POST") r = c.Post(path, headers, body, content_type);
  else if (method == "PUT") r = c.Put(path, headers, body, content_type);
  else if (method == "PATCH") r = c.Patch(path, headers, body, content_type);
  else if (method == "DELETE") r = c.Delete(path, headers, body, content_type);
  Reply out;
  if (!r) throw std::runtime_error(method + " " + path + ": no response");
  out.status = r->status;
  out.headers = r->headers;
  out.raw = r->body;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  return out;
}

Session::Reply Session::get(const std::string& path) const { return send("GET", path, "", {}); }
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

}  // namespace shipboard::test
