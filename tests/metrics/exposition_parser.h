#pragma once
// Parses a Prometheus text exposition with an independent implementation: Debian's
// python3-prometheus-client parser, run as a subprocess (parse_exposition.py). Tests check what
// that parser understood, so a format mistake of ours fails them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace bi::testing {

struct ParsedSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct ParsedExposition {
  std::map<std::string, std::string> family_types;  // as the parser names them (no _total)
  std::vector<ParsedSample> samples;

  // The value of the sample `name` whose labels include all of `labels`; nullopt if none.
  std::optional<double> Value(const std::string& name,
                              const std::map<std::string, std::string>& labels = {}) const;
  // Samples called `name`.
  std::vector<ParsedSample> All(const std::string& name) const;
};

// kInvalidArgument with the parser's message when the text does not parse.
Result<ParsedExposition> ParseExposition(const std::string& text);

}  // namespace bi::testing
