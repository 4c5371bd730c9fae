#pragma once
// Command groups, each defined in its own file; AllCommands() (cli.h) joins them.

#include <vector>

#include "app/cli.h"

namespace bi::app {

std::vector<Command> ServerCommands();  // serve, api, executor (server_commands.cpp)
std::vector<Command> AdminCommands();   // admin ... (admin_commands.cpp)
Command AdminImportCommand();           // admin import (import_command.cpp)

// Loads the configuration for a command, printing a clear message on failure.
std::optional<Config> LoadConfigOrReport(const ParsedArgs& args, const char* command);

}  // namespace bi::app
