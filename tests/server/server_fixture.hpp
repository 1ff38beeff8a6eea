// A real shipboard-server process for API tests: started on 127.0.0.1 port 0 with a fresh
// temporary database (and --demo unless told otherwise), found through --port-file, stopped
// with SIGTERM at the end. Plus small helpers to sign in and call JSON endpoints.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace shipboard::test {

struct ServerOptions {
  bool demo = true;
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  std::string web_dir;
  std::string db_file;  // use this database instead of a fresh one in the temp dir
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string db_path() const { return db_file_.empty() ? dir_ + "/test.db" : db_file_; }
  std::string output() const;  // what the server printed so far
  httplib::Client client() const;
  void kill_hard();  // SIGKILL (crash tests)
  // SIGTERM and wait up to `timeout_ms` for the exit: the exit status, or -1 when it did not
  // exit in time (then it is killed).
  int terminate(int timeout_ms);
  bool alive() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
  std::string db_file_;
};

class Session;

// An open GET /api/v1/events on its own loopback socket, held open until destroyed; `status`
// is the answer's status code and `head` what was read of it (headers, maybe a first frame).
struct RawStream {
  int fd = -1;
  int status = 0;
  std::string head;
  ~RawStream();
  // Reads what arrives within `ms` milliseconds (appended to head); false when closed.
  bool read_more(int ms);
};
std::unique_ptr<RawStream> open_stream(const ServerProcess& server, const Session& who);

// A signed-in API caller: keeps the session cookie and CSRF token, or a bearer token.
class Session {
 public:
  Session(const ServerProcess& server, const std::string& login,
          const std::string& password = "shipboard-demo");
  static Session anonymous(const ServerProcess& server);
  static Session bearer(const ServerProcess& server, const std::string& token);

  struct Reply {
    int status = 0;
    nlohmann::json body;
    httplib::Headers headers;
    std::string raw;
    std::string header(const std::string& name) const;
  };
  Reply get(const std::string& path) const;
  Reply post(const std::string& path, const nlohmann::json& body) const;
  Reply put(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) const;
  Reply patch(const std::string& path, const nlohmann::json& body,
              const std::string& if_match) const;
  Reply del(const std::string& path, const std::string& if_match = "") const;
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             httplib::Headers headers, const std::string& content_type = "application/json") const;

  nlohmann::json user;
  std::string csrf;
  std::string cookie;
  std::string bearer_token;

 private:
  explicit Session(const ServerProcess& server) : server_(&server) {}
  httplib::Headers auth_headers(bool change) const;
  const ServerProcess* server_;
};

// Another real program a test needs beside the server (the OpenID provider of tests/oidc/,
// nginx): started with `argv` (stdout and stderr to `log`), stopped with SIGTERM (then SIGKILL)
// when destroyed.
class HelperProcess {
 public:
  HelperProcess(std::vector<std::string> argv, std::string log);
  ~HelperProcess();
  HelperProcess(const HelperProcess&) = delete;
  bool alive() const;
  std::string output() const;
  // The port a program wrote to `file` within `ms` (REQUIREs it); its output on failure.
  int wait_for_port_file(const std::string& file, int ms = 30000) const;

 private:
  pid_t pid_ = -1;
  std::string log_;
};

// A free loopback TCP port right now (bound and closed; for programs that need their port
// before they start, such as a redirect URL).
int free_port();

// The repository root, found from this file's path (tests/server/); FAILs when the source
// tree is not there. And a whole file read as text (REQUIREs that it opens).
std::filesystem::path repo_root();
std::string read_text(const std::filesystem::path& p);

}  // namespace shipboard::test
