// Fuzz harness: shipboard-server's command line and config file parsing (server/src/config.cpp,
// parse_args). Input: one argument per line; the lines after a line "--- config" are the
// content of a config file passed with --config (written to a temporary file). Inputs that
// name their own --config are skipped (the harness must not read arbitrary files). Checked:
// no crash; exactly one of help, an error message or a configuration; an accepted
// configuration obeys the documented rules (HOST:PORT, port <= 65535, threads/readers >= 1,
// max-threads >= threads, synchronous FULL|NORMAL|EXTRA).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace shipboard::server;

std::string g_config_path;

void remove_config_file() {
  std::error_code ec;
  std::filesystem::remove(g_config_path, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The environment is a source of settings too: start from a clean one.
  for (const char* key : {"LISTEN", "DB", "WEB", "DEMO", "EMBED_ORIGINS", "PORT_FILE", "THREADS",
                          "MAX_THREADS", "READERS", "SYNCHRONOUS", "MAX_BODY_BYTES"})
    unsetenv((std::string("SHIPBOARD_") + key).c_str());
  g_config_path = (std::filesystem::temp_directory_path() /
                   ("shipboard-fuzz-config-" + std::to_string(getpid()) + ".conf"))
                      .string();
  std::atexit(remove_config_file);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (g_config_path.empty()) LLVMFuzzerInitialize(nullptr, nullptr);
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args{"shipboard-server"};
  std::string config_text;
  bool has_config = false;
  std::size_t pos = 0;
  while (pos <= in.size()) {
    auto nl = in.find('\n', pos);
    if (nl == std::string_view::npos) nl = in.size();
    std::string line(in.substr(pos, nl - pos));
    pos = nl + 1;
    if (line == "--- config") {
      has_config = true;
      if (pos <= in.size()) config_text = std::string(in.substr(pos));
      break;
    }
    if (line.rfind("--config", 0) == 0) return 0;  // never read a file the input names
    if (line.find('\0') != std::string::npos) line.resize(line.find('\0'));  // argv is C text
    if (!line.empty() || nl < in.size()) args.push_back(line);
  }
  if (has_config) {
    std::ofstream(g_config_path, std::ios::binary | std::ios::trunc) << config_text;
    args.push_back("--config");
    args.push_back(g_config_path);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  ParsedArgs parsed = parse_args(static_cast<int>(args.size()), argv.data());
  if (parsed.help) return 0;
  FUZZ_CHECK(parsed.error.empty() == parsed.config.has_value());
  if (!parsed.config) return 0;
  const Config& c = *parsed.config;
  std::string host;
  int port = -1;
  FUZZ_CHECK(split_listen(c.listen, host, port));
  FUZZ_CHECK(port >= 0 && port <= 65535);
  FUZZ_CHECK(!host.empty());
  (void)is_loopback_host(host);
  FUZZ_CHECK(c.threads >= 1 && c.readers >= 1 && c.max_threads >= c.threads);
  FUZZ_CHECK(c.synchronous == "FULL" || c.synchronous == "NORMAL" || c.synchronous == "EXTRA");
  for (const auto& o : c.embed_origins) FUZZ_CHECK(!o.empty());
  return 0;
}
