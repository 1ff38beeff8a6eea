// Subcommands of shipboard-server besides serving: `generate` (a large board for benchmarks and
// scale tests, cli/generate.cpp), `backup --to FILE` (SQLite's online backup, cli/backup.cpp);
// the demo board is cli/demo.cpp.
#pragma once

#include <string>
#include <vector>

#include "config.hpp"

namespace shipboard::server {

// Runs `command` ("generate" or "backup") with its arguments; the exit status of the process.
int run_tool(const std::string& command, const Config& config, const std::vector<std::string>& args);
// An empty database filled with a large board (--items N --requests N --questions N ...).
int generate(const Config& config, const std::vector<std::string>& args);
// A checked online copy of --db at args[0].
int backup(const Config& config, const std::vector<std::string>& args);
// A CRM CSV into --db (cli/import.cpp): `import --customers FILE [--dry-run] [--encoding E]
// [--mapping SOURCE]`; 0 done, 1 refused rows or a bad file, 2 usage.
int import_csv(const Config& config, const std::vector<std::string>& args);

}  // namespace shipboard::server
