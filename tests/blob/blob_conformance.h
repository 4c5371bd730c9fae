#pragma once
// The blob-store conformance suite (blob_conformance.cpp). Every backend must pass it: add one
// INSTANTIATE_TEST_SUITE_P(Name, BlobConformance, ::testing::Values(backend)) in a file of its
// own (see local_conformance_test.cpp) and link blob_conformance.cpp.

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "blob/blob_store.h"
#include "common/status.h"
#include "tests/blob/pattern_source.h"
#include "tests/store/temp_dir.h"

namespace bi::blob::testing {

struct BlobBackend {
  std::string name;
  // Opens a fresh, empty store; `dir` is a new temporary directory it may use.
  std::function<Result<std::unique_ptr<BlobStore>>(const std::filesystem::path& dir)> open;
};

inline void PrintTo(const BlobBackend& b, std::ostream* os) {
  *os << b.name;
}
inline std::string BlobBackendName(const ::testing::TestParamInfo<BlobBackend>& info) {
  return info.param.name;
}

class BlobConformance : public ::testing::TestWithParam<BlobBackend> {
 protected:
  void SetUp() override;
  BlobStore& store() { return *store_; }

  bi::testing::TempDir dir_;
  std::unique_ptr<BlobStore> store_;
};

}  // namespace bi::blob::testing
