// `bi admin ...`: operator commands that work on the configured stores without a server.

#include <iostream>

#include "app/commands.h"

namespace bi::app {
namespace {

// Prints the effective configuration (secrets shown only as "[set]"): the first thing to
// check when a server does not start (runbook 5.1).
int ShowConfig(const ParsedArgs& args) {
  std::optional<Config> config = LoadConfigOrReport(args, "admin show-config");
  if (!config) return kExitFailure;
  std::cout << config->ToRedactedJson().dump(2) << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> AdminCommands() {
  return {
      {"admin show-config",
       "",
       "print the effective configuration, secrets redacted",
       {},
       0,
       ShowConfig},
  };
}

}  // namespace bi::app
