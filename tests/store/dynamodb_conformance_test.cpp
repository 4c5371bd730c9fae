// The DynamoDB backend runs the metadata-store conformance suite against dynalite: every test
// gets a fresh dynalite (its own port and data directory), so every store starts empty.
#include "tests/store/dynalite_store.h"
#include "tests/store/metadata_conformance.h"

namespace bi::store::testing {

INSTANTIATE_TEST_SUITE_P(DynamoDb, MetadataConformance,
                         ::testing::Values(MetadataBackend{"dynamodb", OpenDynaliteStore}),
                         BackendName);

}  // namespace bi::store::testing
