#include "app/cli.h"

#include <charconv>
#include <cstdio>
#include <iostream>

#include "bi/version.h"

namespace bi::app {
namespace {

const std::vector<FlagSpec>& CommonFlags() {
  static const std::vector<FlagSpec> flags = {
      {"port", true, "listening port (API_PORT / EXECUTOR_PORT; 0 picks a free one)"},
      {"data-dir", true, "data directory for embedded storage (BI_DATA_DIR, default ./data)"},
      {"host", true, "listening address (BI_HOST, default 0.0.0.0)"},
      {"threads", true, "I/O threads (BI_HTTP_THREADS, default: one per core)"},
  };
  return flags;
}

void PrintUsage(std::ostream& out, const std::vector<Command>& commands) {
  out << "bi " << kVersion << ": in-house BI with Python cards\n\n"
      << "usage: bi <command> [flags]\n\ncommands:\n";
  for (const auto& c : commands) {
    std::string head = c.name + (c.usage.empty() ? "" : " " + c.usage);
    out << "  " << head;
    out << std::string(head.size() < 34 ? 34 - head.size() : 1, ' ') << c.summary << "\n";
  }
  out << "\nflags accepted by every command:\n";
  for (const auto& f : CommonFlags())
    out << "  --" << f.name << (f.takes_value ? " VALUE" : "") << "\n      " << f.help << "\n";
  out << "\n  bi --help | bi <command> --help | bi --version\n";
}

void PrintCommandUsage(std::ostream& out, const Command& c) {
  out << "usage: bi " << c.name << (c.usage.empty() ? "" : " " + c.usage) << " [flags]\n  "
      << c.summary << "\n";
  if (!c.flags.empty()) out << "\nflags:\n";
  for (const auto& f : c.flags)
    out << "  --" << f.name << (f.takes_value ? " VALUE" : "") << "\n      " << f.help << "\n";
  out << "\ncommon flags: --port, --data-dir, --host, --threads (see bi --help)\n";
}

bool ParseInt(const std::string& text, int* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Fills `parsed` from args[first..]; on error returns a message.
std::optional<std::string> ParseFlags(const Command& command, const std::vector<std::string>& args,
                                      size_t first, ParsedArgs* parsed) {
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (parsed->positional.size() >= command.max_positional)
        return "unexpected argument '" + arg + "'";
      parsed->positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const FlagSpec* spec = nullptr;
    bool common = false;
    for (const auto& f : CommonFlags())
      if (f.name == name) spec = &f, common = true;
    for (const auto& f : command.flags)
      if (f.name == name) spec = &f;
    if (!spec) return "unknown flag --" + name;
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= args.size()) return "flag --" + name + " needs a value";
      value = args[++i];
    } else if (!spec->takes_value && inline_value) {
      return "flag --" + name + " takes no value";
    }
    if (!common) {
      parsed->flags[name] = value;
      continue;
    }
    int number = 0;
    if (name == "data-dir") {
      parsed->overrides.data_dir = value;
    } else if (name == "host") {
      parsed->overrides.host = value;
    } else if (!ParseInt(value, &number)) {
      return "flag --" + name + " needs an integer, got '" + value + "'";
    } else if (name == "port") {
      // For `bi executor` the port is the executor's.
      if (command.name == "executor")
        parsed->overrides.executor_port = number;
      else
        parsed->overrides.port = number;
    } else if (name == "threads") {
      parsed->overrides.threads = number;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ParsedArgs::get(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

int RunCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<Command> commands = AllCommands();
  if (args.empty()) {
    PrintUsage(std::cerr, commands);
    return kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(std::cout, commands);
    return kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "bi " << kVersion << "\n";
    return kExitOk;
  }
  // Two-word commands ("admin init-tables") first, then one-word ones.
  const Command* command = nullptr;
  size_t consumed = 0;
  for (const auto& c : commands) {
    if (args.size() >= 2 && c.name == args[0] + " " + args[1]) command = &c, consumed = 2;
  }
  if (!command) {
    for (const auto& c : commands)
      if (c.name == args[0]) command = &c, consumed = 1;
  }
  if (!command) {
    std::string what = args[0];
    if (args[0] == "admin") what = args.size() >= 2 ? "admin " + args[1] : "admin";
    std::cerr << "bi: unknown command '" << what << "'\n\n";
    PrintUsage(std::cerr, commands);
    return kExitUsage;
  }
  for (size_t i = consumed; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      PrintCommandUsage(std::cout, *command);
      return kExitOk;
    }
  }
  ParsedArgs parsed;
  if (auto error = ParseFlags(*command, args, consumed, &parsed)) {
    std::cerr << "bi " << command->name << ": " << *error << "\n\n";
    PrintCommandUsage(std::cerr, *command);
    return kExitUsage;
  }
  return command->run(parsed);
}

}  // namespace bi::app
