// The S3 backend runs the blob-store conformance suite against s3rver, a fresh bucket per test.
#include "tests/blob/blob_conformance.h"
#include "tests/blob/s3_test_peer.h"

namespace bi::blob::testing {

INSTANTIATE_TEST_SUITE_P(
    S3, BlobConformance,
    ::testing::Values(BlobBackend{
        "s3",
        [](const std::filesystem::path&) -> Result<std::unique_ptr<BlobStore>> {
          auto s = OpenFreshS3Store();
          if (!s.ok()) return s.status();
          return std::unique_ptr<BlobStore>(std::move(s).value());
        }}),
    BlobBackendName);

}  // namespace bi::blob::testing
