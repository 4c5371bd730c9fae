#include "store/store_factory.h"

#include "store/dynamodb_metadata_store.h"
#include "store/sqlite_metadata_store.h"

namespace bi::store {

std::filesystem::path SqlitePath(const Config& config) {
  return config.data_dir / "metadata.db";
}

Result<std::unique_ptr<MetadataStore>> OpenMetadataStore(const Config& config) {
  if (!config.dynamodb_endpoint.empty()) {
    DynamoDbOptions options;
    options.endpoint = config.dynamodb_endpoint;
    options.region = config.aws_region;
    auto store = DynamoDbMetadataStore::Open(std::move(options));
    if (!store.ok()) return store.status();
    return std::unique_ptr<MetadataStore>(std::move(store).value());
  }
  auto store = SqliteMetadataStore::Open(SqlitePath(config));
  if (!store.ok()) return store.status();
  return std::unique_ptr<MetadataStore>(std::move(store).value());
}

}  // namespace bi::store
