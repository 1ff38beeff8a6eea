// shipboard-server: parses the configuration, opens and migrates the database, bootstraps the
// first admin (or the demo board), and serves the API, the client and embeds until SIGTERM.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app.hpp"
#include "cli/commands.hpp"
#include "http/auth.hpp"

using namespace shipboard;
using namespace shipboard::server;

namespace {
// Set by SIGTERM/SIGINT; the handler does nothing else (only async-signal-safe work there). A
// watcher thread sees it and stops the server: the listener closes, requests in flight finish,
// event streams are told to reconnect elsewhere (`retry:`), then main checkpoints the WAL.
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) {
  g_stop = 1;
}
}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (args.help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (!args.error.empty()) {
    std::fprintf(stderr, "shipboard-server: %s\n%s", args.error.c_str(), usage().c_str());
    return 2;
  }
  if (!auth::init()) {
    std::fprintf(stderr, "shipboard-server: libsodium failed to start\n");
    return 1;
  }
  Config config = *args.config;
  if (!args.command.empty()) return run_tool(args.command, config, args.rest);

  std::string host;
  int port = 0;
  split_listen(config.listen, host, port);
  if (config.demo && !is_loopback_host(host)) {
    std::fprintf(stderr,
                 "shipboard-server: --demo has known passwords; it is refused unless "
                 "--listen is a loopback address\n");
    return 2;
  }
  try {
    auto dir = std::filesystem::path(config.db).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    store::SqliteOptions so;
    so.readers = config.readers;
    so.synchronous = config.synchronous;
    auto store = store::open_sqlite_store(config.db, so);
    std::string now = App::now();
    if (store->count_users() == 0) {
      if (config.demo) {
        std::fputs(seed_demo(*store, now).c_str(), stdout);
      } else {
        const char* env = std::getenv("SHIPBOARD_ADMIN_PASSWORD");
        std::string password = env && *env ? env : auth::random_secret(18);
        auto r = store->insert_user("admin", "Administrator", Role::admin,
                                    auth::hash_password(password), now);
        if (r.outcome != store::Outcome::ok) throw std::runtime_error(r.detail);
        if (env && *env)
          std::printf("Created the admin account with SHIPBOARD_ADMIN_PASSWORD.\n");
        else
          std::printf("Created the admin account. Login: admin  Password (shown once): %s\n",
                      password.c_str());
      }
    }
    App app(config, std::move(store));
    int bound = app.bind();
    if (bound <= 0) {
      std::fprintf(stderr, "shipboard-server: cannot listen on %s\n", config.listen.c_str());
      return 1;
    }
    if (!config.port_file.empty()) std::ofstream(config.port_file) << bound << "\n";
    std::printf("Shipboard listening on http://%s:%d/\n",
                host.find(':') != std::string::npos ? ("[" + host + "]").c_str() : host.c_str(),
                bound);
    std::fflush(stdout);
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    // --metrics-listen: GET /metrics without a token on its own address, for a scraper on the
    // operators' network; nothing else is served there.
    httplib::Server metrics_http;
    std::thread metrics_thread;
    if (!config.metrics_listen.empty()) {
      std::string mhost;
      int mport = 0;
      split_listen(config.metrics_listen, mhost, mport);
      metrics_http.new_task_queue = [] { return new httplib::ThreadPool(2, 4); };
      metrics_http.Get("/metrics", [&app](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        res.set_content(app.metrics().render(app.streams().open()), "text/plain; version=0.0.4");
      });
      int mbound = mport == 0 ? metrics_http.bind_to_any_port(mhost)
                              : (metrics_http.bind_to_port(mhost, mport) ? mport : -1);
      if (mbound <= 0) {
        std::fprintf(stderr, "shipboard-server: cannot listen on --metrics-listen %s\n",
                     config.metrics_listen.c_str());
        return 1;
      }
      if (!config.port_file.empty()) std::ofstream(config.port_file + ".metrics") << mbound << "\n";
      std::printf("Metrics on http://%s:%d/metrics\n", mhost.c_str(), mbound);
      metrics_thread = std::thread([&metrics_http] { metrics_http.listen_after_bind(); });
    }
    std::atomic<bool> served{false};
    std::thread watcher([&app, &served] {
      while (!g_stop && !served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (g_stop) app.stop();
    });
    app.listen();
    served = true;
    watcher.join();
    if (metrics_thread.joinable()) {
      metrics_http.stop();
      metrics_thread.join();
    }
    // Everything is written: fold the WAL into the database so a copy of the file is whole.
    if (!app.store().checkpoint())
      std::fprintf(stderr, "shipboard-server: the WAL checkpoint at shutdown did not complete\n");
    if (g_stop) std::printf("Shipboard stopped (signal); the database is checkpointed.\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shipboard-server: %s\n", e.what());
    return 1;
  }
  return 0;
}
