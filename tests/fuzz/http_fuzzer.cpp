// Fuzz harness: the whole request handling of the real server App (server/src/app.hpp): raw
// HTTP/1.1 request bytes (method, target, headers, body; pipelined requests too) go through
// httplib::Server's own request processing with an in-memory stream, no sockets, the way
// cpp-httplib's test/fuzzing/server_fuzzer.cc does it. The database is a temporary SQLite
// file copied from a template seeded with the demo board (seed_demo) plus fixed credentials
// the inputs can use verbatim:
//   Cookie: shipboard_session=fuzz-<login>    X-CSRF-Token: csrf-<login>
//     for admin, chen.pm, lin.sales, wang.support, zhao.viewer
//   Authorization: Bearer fuzz-api-pm         (an API token with the pm role)
//   ?token=fuzz-embed-board | fuzz-embed-area (embed tokens: whole board, area 媒體)
// Demo passwords are re-hashed with libsodium's minimum cost so sign-ins stay fast. Static
// files are served from a temporary web directory; a file beside it holds a random secret.
// Checked for every response: it is HTTP/1.1 with a status below 500 (500 = an exception
// escaped a route), every 4xx of /api/ is application/problem+json, a 2xx JSON body has no U+FFFD
// (the server stored or derived invalid UTF-8 and nlohmann replaced it) unless an input since
// the last reset carried one, and the secret outside the web directory never appears (path
// traversal) unless an input since the last reset carried it (the server echoes request
// targets in errors, and libFuzzer learns the secret from this very comparison). The database is
// reset from the template every SHIPBOARD_FUZZ_RESET_EVERY inputs (default 500; the corpus replay
// in `make test` uses 1).
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fcntl.h>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "app.hpp"
#include "http/auth.hpp"
#include "fuzz_check.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace shipboard;
using namespace shipboard::server;

// httplib::Server keeps the per-connection request processing protected; a pointer to a
// protected member formed through a derived class reaches it on App's own Server object.
struct ServerAccess : httplib::Server {
  static bool process(httplib::Server& s, httplib::Stream& strm, bool& connection_closed) {
    auto fn = &ServerAccess::process_request;
    return (s.*fn)(strm, "127.0.0.1", 40000, "127.0.0.1", 8080, false, connection_closed, nullptr,
                   nullptr);
  }
  // Streaming responses stop when the listening socket is INVALID_SOCKET ("shutting down"):
  // give the never-listening server a placeholder descriptor instead.
  static void set_listen_socket(httplib::Server& s, socket_t sock) {
    (s.*(&ServerAccess::svr_sock_)) = sock;
  }
};

// One connection: reads the input, collects what the server writes. The peer counts as
// alive for a few checks per request, so an event stream writes its first chunks and ends.
class FuzzStream final : public httplib::Stream {
 public:
  explicit FuzzStream(std::string_view in) : in_(in) {}
  bool is_readable() const override { return pos_ < in_.size(); }
  bool wait_readable() const override { return pos_ < in_.size(); }
  bool wait_writable() const override { return true; }
  bool is_peer_alive() const override { return alive_checks_++ < 4; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() < (8u << 20)) out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  time_t duration() const override { return 0; }

  bool exhausted() const { return pos_ >= in_.size(); }
  // The target of the request line about to be read ("" when there is none).
  std::string next_target() const {
    std::string_view rest = in_.substr(pos_);
    rest = rest.substr(0, rest.find('\n'));
    auto sp = rest.find(' ');
    if (sp == std::string_view::npos) return "";
    rest.remove_prefix(sp + 1);
    return std::string(rest.substr(0, rest.find(' ')));
  }
  void next_request() { alive_checks_ = 0; }
  std::string& out() { return out_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  mutable int alive_checks_ = 0;
  std::string out_;
};

struct Fixture {
  fs::path dir, template_db, work_db, web;
  std::string secret;  // the content of dir/secret.txt, outside the web directory
  int placeholder_fd = -1;
  std::unique_ptr<App> app;
  std::uint64_t inputs = 0;
  std::uint64_t reset_every = 500;
  bool replacement_seen = false;  // an input since the last reset carried U+FFFD
  bool secret_seen = false;       // ... or the secret (libFuzzer learns it from the check)
  bool verbose = false;           // SHIPBOARD_FUZZ_VERBOSE=1: print each target and status
};

Fixture* g = nullptr;

const char* const kLogins[] = {"admin", "chen.pm", "lin.sales", "wang.support", "zhao.viewer"};

Config fuzz_config() {
  Config c;
  c.listen = "127.0.0.1:0";
  c.db = g->work_db.string();
  c.web = g->web.string();
  c.demo = true;
  c.embed_origins = {"https://intranet.example.com"};
  c.threads = 1;
  c.max_threads = 1;
  c.readers = 2;
  c.sse_heartbeat_s = 0;  // an event stream answers at once instead of waiting for events
  c.log_format = "off";   // thousands of requests a second: no log lines
  return c;
}

store::SqliteOptions store_options() {
  store::SqliteOptions so;
  so.readers = 2;
  so.synchronous = "OFF";
  return so;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

void build_template() {
  std::string now = App::now();
  {
    auto store = store::open_sqlite_store(g->template_db.string(), store_options());
    seed_demo(*store, now);
    auto admin = store->user_by_login("admin");
    FUZZ_CHECK(admin.has_value());
    store::Actor actor{admin->user.id, Role::admin};
    for (const char* login : kLogins) {
      auto u = store->user_by_login(login);
      FUZZ_CHECK(u.has_value());
      store->insert_session(auth::secret_hash(std::string("fuzz-") + login), u->user.id,
                            std::string("csrf-") + login, now, "2999-01-01T00:00:00Z");
    }
    FUZZ_CHECK(
        store->create_api_token(actor, "fuzz", Role::pm, auth::secret_hash("fuzz-api-pm"), now)
            .outcome == store::Outcome::ok);
    FUZZ_CHECK(store
                   ->create_embed_token(actor, "fuzz board", "board",
                                        auth::secret_hash("fuzz-embed-board"), now)
                   .outcome == store::Outcome::ok);
    FUZZ_CHECK(store
                   ->create_embed_token(actor, "fuzz area", "area:媒體",
                                        auth::secret_hash("fuzz-embed-area"), now)
                   .outcome == store::Outcome::ok);
  }  // closing the last connection checkpoints the WAL into the file
  // The demo password with libsodium's minimum cost (the hash string carries its parameters).
  char hash[crypto_pwhash_STRBYTES];
  const std::string password = kDemoPassword;
  FUZZ_CHECK(crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                               crypto_pwhash_MEMLIMIT_MIN) == 0);
  sqlite3* db = nullptr;
  FUZZ_CHECK(sqlite3_open(g->template_db.c_str(), &db) == SQLITE_OK);
  std::string sql = std::string("UPDATE users SET password_hash = '") + hash + "';";
  FUZZ_CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  FUZZ_CHECK(sqlite3_close(db) == SQLITE_OK);
}

void reset_app() {
  if (g->app) ServerAccess::set_listen_socket(g->app->http(), INVALID_SOCKET);
  g->app.reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(g->work_db.string() + suffix, ec);
  fs::copy_file(g->template_db, g->work_db, fs::copy_options::overwrite_existing);
  g->app = std::make_unique<App>(fuzz_config(),
                                 store::open_sqlite_store(g->work_db.string(), store_options()));
  ServerAccess::set_listen_socket(g->app->http(), g->placeholder_fd);
  g->replacement_seen = false;
  g->secret_seen = false;
}

void cleanup() {
  if (!g) return;
  if (g->app) ServerAccess::set_listen_socket(g->app->http(), INVALID_SOCKET);
  g->app.reset();
  std::error_code ec;
  fs::remove_all(g->dir, ec);
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// FUZZ_CHECK that first prints the response it is about.
void expect(bool ok, const char* what, std::string_view out) {
  if (ok) return;
  std::fprintf(stderr, "http_fuzzer: %s; the response:\n%.*s\n", what,
               static_cast<int>(std::min<size_t>(out.size(), 4000)), out.data());
  FUZZ_CHECK(ok);
}

// Checks one response (the bytes written while handling one request for `target`) and
// returns whether it asked to close the connection. API errors are problem+json; embed pages
// and badges answer errors in their own formats (HTML, SVG) by design.
bool check_response(std::string_view out, const std::string& target) {
  if (out.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0) out.remove_prefix(25);
  expect(out.size() >= 12 && out.rfind("HTTP/1.1 ", 0) == 0, "not an HTTP/1.1 response", out);
  int status = std::atoi(std::string(out.substr(9, 3)).c_str());
  auto head_end = out.find("\r\n\r\n");
  expect(head_end != std::string_view::npos, "no end of the header", out);
  std::string head = lower(std::string(out.substr(0, head_end + 2)));
  if (g->verbose) std::fprintf(stderr, "%d %s\n", status, target.c_str());
  expect(status >= 100 && status < 500, "status 5xx (or invalid)", out);
  if (status >= 400 && target.rfind("/api/", 0) == 0)
    expect(head.find("\r\ncontent-type: application/problem+json") != std::string::npos,
           "a 4xx that is not application/problem+json", out);
  if (status < 300 && head.find("\r\ncontent-type: application/json") != std::string::npos &&
      !g->replacement_seen)
    expect(out.find("\xEF\xBF\xBD") == std::string_view::npos,
           "U+FFFD (replaced invalid UTF-8) in a 2xx JSON response", out);
  return head.find("\r\nconnection: close\r\n") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (g) return 0;
  FUZZ_CHECK(auth::init());
  g = new Fixture;
  g->dir = fs::temp_directory_path() / ("shipboard-fuzz-http-" + std::to_string(getpid()));
  fs::remove_all(g->dir);
  fs::create_directories(g->dir / "web" / "assets");
  g->web = g->dir / "web";
  g->template_db = g->dir / "template.db";
  g->work_db = g->dir / "work.db";
  g->secret = "SECRET-" + auth::random_secret(24);
  write_file(g->dir / "secret.txt", g->secret + "\n");
  write_file(g->web / "index.html", "<!doctype html><title>Shipboard</title>\n");
  write_file(g->web / "app.js", "console.log('shipboard');\n");
  write_file(g->web / "assets" / "app.css", "body { margin: 0 }\n");
  if (const char* every = std::getenv("SHIPBOARD_FUZZ_RESET_EVERY"))
    g->reset_every = std::max(1L, std::atol(every));
  g->verbose = std::getenv("SHIPBOARD_FUZZ_VERBOSE") != nullptr;
  g->placeholder_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  FUZZ_CHECK(g->placeholder_fd >= 0);
  build_template();
  reset_app();
  std::atexit(cleanup);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!g) LLVMFuzzerInitialize(nullptr, nullptr);
  if (g->inputs++ % g->reset_every == 0 && g->inputs > 1) reset_app();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string in_lower = lower(std::string(in));
  if (in.find("\xEF\xBF\xBD") != std::string_view::npos ||
      in_lower.find("ufffd") != std::string::npos ||
      in_lower.find("%ef%bf%bd") != std::string::npos)
    g->replacement_seen = true;
  if (in.find(g->secret) != std::string_view::npos) g->secret_seen = true;
  FuzzStream strm(in);
  // Up to 4 pipelined requests on one keep-alive connection.
  for (int i = 0; i < 4 && !strm.exhausted(); ++i) {
    strm.next_request();
    std::size_t before = strm.out().size();
    std::string target = strm.next_target();
    bool connection_closed = false;
    bool ok = ServerAccess::process(g->app->http(), strm, connection_closed);
    std::string_view written(strm.out());
    written.remove_prefix(before);
    if (written.empty()) break;  // nothing to answer (no complete request line)
    bool close = check_response(written, target);
    if (!ok || connection_closed || close) break;
  }
  if (!g->secret_seen) FUZZ_CHECK(strm.out().find(g->secret) == std::string::npos);
  return 0;
}
