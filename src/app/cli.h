#pragma once
// The `bi` command line: a table of commands ("serve", "admin init-tables", ...), each with the
// flags it accepts. Every command also takes the common flags (--port, --data-dir, --host,
// --threads). Unknown commands and bad flags print usage and exit 2.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"

namespace bi::app {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value;
  std::string help;
};

struct ParsedArgs {
  ConfigOverrides overrides;                 // the common flags
  std::map<std::string, std::string> flags;  // the command's own flags ("" for switches)
  std::vector<std::string> positional;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> get(const std::string& flag) const;
};

struct Command {
  std::string name;   // "serve" or "admin init-tables"
  std::string usage;  // arguments after the name, e.g. "FILE --name NAME"
  std::string summary;
  std::vector<FlagSpec> flags;
  size_t max_positional = 0;
  std::function<int(const ParsedArgs&)> run;
};

// Every command of the binary (defined in commands.cpp).
std::vector<Command> AllCommands();

// Parses argv and runs the command; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace bi::app
