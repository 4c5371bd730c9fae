// The local-directory backend runs the blob-store conformance suite.
#include "blob/local_blob_store.h"
#include "tests/blob/blob_conformance.h"

namespace bi::blob::testing {

INSTANTIATE_TEST_SUITE_P(
    Local, BlobConformance,
    ::testing::Values(BlobBackend{
        "local",
        [](const std::filesystem::path& dir) -> Result<std::unique_ptr<BlobStore>> {
          auto s = LocalBlobStore::Open(dir / "blobs");
          if (!s.ok()) return s.status();
          return std::unique_ptr<BlobStore>(std::move(s).value());
        }}),
    BlobBackendName);

}  // namespace bi::blob::testing
