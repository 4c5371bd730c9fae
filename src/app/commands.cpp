#include "app/commands.h"

#include <iostream>

#include "common/log.h"

namespace bi::app {

std::vector<Command> AllCommands() {
  std::vector<Command> all = ServerCommands();
  for (auto& c : AdminCommands()) all.push_back(std::move(c));
  all.push_back(AdminImportCommand());
  return all;
}

std::optional<Config> LoadConfigOrReport(const ParsedArgs& args, const char* command) {
  Result<Config> config = LoadConfig(ProcessEnvironment(), args.overrides);
  if (!config.ok()) {
    std::cerr << "bi " << command << ": configuration error: " << config.status().message() << "\n";
    return std::nullopt;
  }
  log::Level level = log::Level::kInfo;
  log::ParseLevel(config->log_level, &level);
  log::SetLevel(level);
  // A last line of defence: these never appear in log output even by mistake.
  log::RegisterSecret(config->jwt_secret);
  log::RegisterSecret(config->s3_secret_key);
  log::RegisterSecret(config->executor_shared_secret);
  return std::move(config).value();
}

}  // namespace bi::app
