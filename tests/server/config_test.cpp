// The config file is TOML (toml++): values land in the Config with the flags' rules, and an
// unknown key, a wrong type, a bad value or broken TOML stops the start naming file, line, key.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config.hpp"

using namespace shipboard::server;

namespace {

// parse_args for `--config FILE` holding `text`, plus extra flags.
ParsedArgs with_config(const std::string& text, std::vector<std::string> flags = {}) {
  static int n = 0;
  auto path =
      std::filesystem::temp_directory_path() /
      ("shipboard-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".toml");
  std::ofstream(path) << text;
  std::vector<std::string> args = {"shipboard-server", "--config", path.string()};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto out = parse_args(static_cast<int>(argv.size()), argv.data());
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST_CASE("config file: TOML keys, types and the flags' rules", "[config]") {
  auto ok = with_config(R"(# Shipboard
listen = "127.0.0.1:9090"
db = "/var/lib/shipboard/board.db"
threads = 32
max_threads = 500
embed_origins = ["https://intranet.example.com", "https://wiki.example.com"]
log_format = "json"
demo = false
)");
  REQUIRE(ok.error.empty());
  REQUIRE(ok.config);
  CHECK(ok.config->listen == "127.0.0.1:9090");
  CHECK(ok.config->db == "/var/lib/shipboard/board.db");
  CHECK(ok.config->threads == 32);
  CHECK(ok.config->max_threads == 500);
  CHECK(ok.config->embed_origins.size() == 2);
  CHECK(ok.config->log_format == "json");
  CHECK_FALSE(ok.config->demo);
  // A flag wins over the file.
  auto flag = with_config("threads = 32\n", {"--threads", "48"});
  REQUIRE(flag.config);
  CHECK(flag.config->threads == 48);

  auto unknown = with_config("listen = \"127.0.0.1:9090\"\n\nmax_thread = 10\n");
  CHECK_FALSE(unknown.config);
  CHECK(unknown.error.find(":3: max_thread") != std::string::npos);
  CHECK(unknown.error.find("unknown key") != std::string::npos);

  auto type = with_config("threads = \"many\"\n");
  CHECK_FALSE(type.config);
  CHECK(type.error.find(":1: threads must be a non-negative integer") != std::string::npos);

  auto unquoted = with_config("listen = 127.0.0.1:8080\n");  // the old `name = value` style
  CHECK_FALSE(unquoted.config);
  CHECK(unquoted.error.find(":1:") != std::string::npos);

  auto bad = with_config("log_format = \"xml\"\n");
  CHECK_FALSE(bad.config);
  CHECK(bad.error.find("log_format") != std::string::npos);
  CHECK(bad.error.find("json, text or off") != std::string::npos);

  auto origins = with_config("embed_origins = \"https://intranet.example.com\"\n");
  CHECK_FALSE(origins.config);
  CHECK(origins.error.find("must be a list") != std::string::npos);
}
