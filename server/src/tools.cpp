// `generate` and `backup` subcommands; see tools.hpp.
#include "tools.hpp"

#include <cstdio>

namespace shipboard::server {

int run_tool(const std::string& command, const Config&, const std::vector<std::string>&) {
  std::fprintf(stderr, "shipboard-server: unknown command '%s'\n", command.c_str());
  return 2;
}

}  // namespace shipboard::server
