// shipboard-server: parses the configuration, opens and migrates the database, bootstraps the
// first admin (or the demo board), and serves the API, the client and embeds until SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app.hpp"
#include "http/auth.hpp"
#include "cli/commands.hpp"

using namespace shipboard;
using namespace shipboard::server;

namespace {
App* g_app = nullptr;  // for the signal handler only
extern "C" void on_signal(int) {
  if (g_app) g_app->stop();
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
    std::fprintf(stderr, "shipboard-server: --demo has known passwords; it is refused unless "
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
    g_app = &app;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    app.listen();
    g_app = nullptr;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shipboard-server: %s\n", e.what());
    return 1;
  }
  return 0;
}
