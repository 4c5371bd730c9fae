#pragma once
// Opens the metadata store the configuration asks for. No DYNAMODB_ENDPOINT: the embedded
// SQLite database at <data_dir>/metadata.db (created on first use). With DYNAMODB_ENDPOINT:
// the DynamoDB backend at that URL (a local peer such as dynalite, or AWS's regional endpoint),
// signing for AWS_REGION with credentials from the environment or the ECS task role.

#include <filesystem>
#include <memory>

#include "common/config.h"
#include "common/status.h"
#include "store/metadata_store.h"

namespace bi::store {

std::filesystem::path SqlitePath(const Config& config);  // <data_dir>/metadata.db
Result<std::unique_ptr<MetadataStore>> OpenMetadataStore(const Config& config);

}  // namespace bi::store
