// The SQLite backend runs the metadata-store conformance suite.
#include "store/sqlite_metadata_store.h"
#include "tests/store/metadata_conformance.h"

namespace bi::store::testing {

INSTANTIATE_TEST_SUITE_P(
    Sqlite, MetadataConformance,
    ::testing::Values(MetadataBackend{
        "sqlite",
        [](const std::filesystem::path& dir) -> Result<std::unique_ptr<MetadataStore>> {
          auto s = SqliteMetadataStore::Open(dir / "metadata.db");
          if (!s.ok()) return s.status();
          return std::unique_ptr<MetadataStore>(std::move(s).value());
        }}),
    BackendName);

}  // namespace bi::store::testing
