#pragma once
// The metadata-store conformance suite (metadata_conformance.cpp). Every backend must pass it:
// add one INSTANTIATE_TEST_SUITE_P(Name, MetadataConformance, ::testing::Values(backend)) in a
// file of its own (see sqlite_conformance_test.cpp) and link metadata_conformance.cpp.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/status.h"
#include "store/metadata_store.h"
#include "tests/store/temp_dir.h"

namespace bi::store::testing {

struct MetadataBackend {
  std::string name;
  // Opens a fresh, empty store; `dir` is a new temporary directory it may use.
  std::function<Result<std::unique_ptr<MetadataStore>>(const std::filesystem::path& dir)> open;
};

inline void PrintTo(const MetadataBackend& b, std::ostream* os) {
  *os << b.name;
}

inline std::string BackendName(const ::testing::TestParamInfo<MetadataBackend>& info) {
  return info.param.name;
}

class MetadataConformance : public ::testing::TestWithParam<MetadataBackend> {
 protected:
  // Opens the backend in a fresh directory and creates the 8 tables plus the test table.
  void SetUp() override;
  MetadataStore& store() { return *store_; }

  bi::testing::TempDir dir_;
  std::unique_ptr<MetadataStore> store_;
};

// A table beyond the guide's eight with a number sort key and a string-sorted GSI, to cover
// shapes the eight do not (number sort keys on the base table, begins_with on a GSI).
const TableDef& EventsTable();

}  // namespace bi::store::testing
