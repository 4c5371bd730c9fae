#include "store/store_factory.h"

#include "store/sqlite_metadata_store.h"

namespace bi::store {

std::filesystem::path SqlitePath(const Config& config) {
  return config.data_dir / "metadata.db";
}

Result<std::unique_ptr<MetadataStore>> OpenMetadataStore(const Config& config) {
  if (!config.dynamodb_endpoint.empty()) {
    return Status::Unavailable(
        "the DynamoDB metadata backend is not built yet (DYNAMODB_ENDPOINT=" +
        config.dynamodb_endpoint + "); unset it to use the embedded store");
  }
  auto store = SqliteMetadataStore::Open(SqlitePath(config));
  if (!store.ok()) return store.status();
  return std::unique_ptr<MetadataStore>(std::move(store).value());
}

}  // namespace bi::store
