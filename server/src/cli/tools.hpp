// Subcommands of shipboard-server besides serving: `generate` (a large board for benchmarks
// and scale tests) and `backup --to FILE` (SQLite's online backup).
#pragma once

#include <string>
#include <vector>

#include "config.hpp"

namespace shipboard::server {

int run_tool(const std::string& command, const Config& config, const std::vector<std::string>& args);

}  // namespace shipboard::server
