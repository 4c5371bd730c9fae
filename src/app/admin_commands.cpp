// `bi admin ...`: operator commands that work on the configured stores without a server.

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <thread>
#include <vector>

#include "api/api_context.h"
#include "app/commands.h"
#include "store/store_factory.h"

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

// CreateAllTables with the tables created side by side: on DynamoDB each CreateTable returns
// only once its table and GSIs are ACTIVE (polled with DescribeTable), which on AWS takes
// seconds to minutes per table.
Status CreateAllTablesConcurrently(store::MetadataStore& store) {
  const auto& defs = store::AllTables();
  std::vector<Status> results(defs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < defs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = store.CreateTable(defs[i]); });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : results) BI_RETURN_IF_ERROR(s);
  return Status::Ok();
}

// Creates the eight tables of the deployment guide where missing (idempotent); they are usable
// when this ends.
int InitTables(const ParsedArgs& args) {
  std::optional<Config> config = LoadConfigOrReport(args, "admin init-tables");
  if (!config) return kExitFailure;
  auto store = store::OpenMetadataStore(*config);
  Status status = store.ok() ? CreateAllTablesConcurrently(**store) : store.status();
  if (!status.ok()) {
    std::cerr << "bi admin init-tables: " << status.message() << "\n";
    return kExitFailure;
  }
  auto tables = (*store)->ListTables();
  if (!tables.ok()) {
    std::cerr << "bi admin init-tables: " << tables.status().message() << "\n";
    return kExitFailure;
  }
  // Only ours: a DynamoDB account may hold other applications' tables too.
  size_t ready = 0;
  for (const auto& t : *tables) {
    if (!store::FindTableDef(t)) continue;
    std::cout << t << "\n";
    ++ready;
  }
  std::cout << ready << " tables ready (" << (*store)->backend_name() << ")\n";
  return kExitOk;
}

// Reads a password from the terminal without echo, or one line from stdin when piped.
std::optional<std::string> ReadPassword() {
  std::string first, second;
  if (!::isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, first)) return std::nullopt;
    return first;
  }
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::cerr << "Password: " << std::flush;
  std::getline(std::cin, first);
  std::cerr << "\nRepeat password: " << std::flush;
  std::getline(std::cin, second);
  std::cerr << "\n";
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (first != second) {
    std::cerr << "passwords do not match\n";
    return std::nullopt;
  }
  return first;
}

int CreateUser(const ParsedArgs& args) {
  auto email = args.get("email");
  auto name = args.get("name");
  if (!email || !name) {
    std::cerr << "bi admin create-user: --email and --name are required\n";
    return kExitUsage;
  }
  std::optional<Config> config = LoadConfigOrReport(args, "admin create-user");
  if (!config) return kExitFailure;
  auto ctx = api::ApiContext::Open(*config);
  if (!ctx.ok()) {
    std::cerr << "bi admin create-user: " << ctx.status().message() << "\n";
    return kExitFailure;
  }
  auto password = ReadPassword();
  if (!password) {
    std::cerr << "bi admin create-user: no password given (type it at the prompt or pipe it)\n";
    return kExitFailure;
  }
  auth::NewUser user{*email, *name, *password,
                     args.has("admin") ? repo::Role::kAdmin : repo::Role::kMember};
  auto created = (*ctx)->user_admin.Create(user);
  if (!created.ok()) {
    std::cerr << "bi admin create-user: " << created.status().message() << "\n";
    return kExitFailure;
  }
  std::cout << "created " << repo::RoleName(created->role) << " " << created->email << " ("
            << created->user_id << ")\n";
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
      {"admin init-tables",
       "",
       "create the eight metadata tables where missing (idempotent)",
       {},
       0,
       InitTables},
      {"admin create-user",
       "--email EMAIL --name NAME [--admin]",
       "create a user; the password is read from the terminal or stdin, never a flag",
       {{"email", true, "the user's email (their login)"},
        {"name", true, "display name"},
        {"admin", false, "give the user the admin role"}},
       0,
       CreateUser},
  };
}

}  // namespace bi::app
