#include "metrics/exposition_parser.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/bi_process.h"

namespace bi::testing {

std::optional<double> ParsedExposition::Value(
    const std::string& name, const std::map<std::string, std::string>& labels) const {
  for (const ParsedSample& s : samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) all = false;
    }
    if (all) return s.value;
  }
  return std::nullopt;
}

std::vector<ParsedSample> ParsedExposition::All(const std::string& name) const {
  std::vector<ParsedSample> out;
  for (const ParsedSample& s : samples) {
    if (s.name == name) out.push_back(s);
  }
  return out;
}

Result<ParsedExposition> ParseExposition(const std::string& text) {
  TempDir dir;
  const std::string in = dir.path() + "/exposition.txt";
  const std::string err = dir.path() + "/stderr.txt";
  std::ofstream(in, std::ios::binary) << text;
  // Debian's interpreter: the one python3-prometheus-client installs into.
  const std::string command = std::string("/usr/bin/python3 ") + BI_SOURCE_DIR +
                              "/tests/metrics/parse_exposition.py < " + in + " 2> " + err;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return Status::Internal("cannot start the parser");
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int rc = ::pclose(pipe);
  if (rc != 0) {
    std::ifstream e(err);
    std::string message((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
    return Status::InvalidArgument("the exposition does not parse: " + message);
  }
  auto json = nlohmann::json::parse(out);
  ParsedExposition parsed;
  for (const auto& [name, type] : json.at("families").items()) {
    parsed.family_types[name] = type.get<std::string>();
  }
  for (const auto& s : json.at("samples")) {
    parsed.samples.push_back({s.at("name").get<std::string>(),
                              s.at("labels").get<std::map<std::string, std::string>>(),
                              s.at("value").get<double>()});
  }
  return parsed;
}

}  // namespace bi::testing
