// The DynamoDB backend runs the metadata-store conformance suite against dynalite: every test
// gets a fresh dynalite (its own port and data directory), so every store starts empty.
#include "store/dynamodb_metadata_store.h"
#include "store/forwarding_metadata_store.h"
#include "support/protocol_peer.h"
#include "tests/store/metadata_conformance.h"

namespace bi::store::testing {
namespace {

// The store under test, keeping its peer alive for as long as it is used.
class StoreWithPeer final : public ForwardingMetadataStore {
 public:
  StoreWithPeer(std::unique_ptr<bi::testing::ProtocolPeer> peer,
                std::unique_ptr<MetadataStore> store)
      : ForwardingMetadataStore(*store), peer_(std::move(peer)), store_(std::move(store)) {}
  Result<std::vector<std::optional<Item>>> BatchGet(std::string_view table,
                                                    const std::vector<Item>& keys) override {
    return target_.BatchGet(table, keys);
  }

 private:
  std::unique_ptr<bi::testing::ProtocolPeer> peer_;
  std::unique_ptr<MetadataStore> store_;  // destroyed before the peer
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(
    DynamoDb, MetadataConformance,
    ::testing::Values(MetadataBackend{
        "dynamodb",
        [](const std::filesystem::path& dir) -> Result<std::unique_ptr<MetadataStore>> {
          auto peer = bi::testing::ProtocolPeer::Dynalite((dir / "dynalite").string());
          DynamoDbOptions options;
          options.endpoint = peer->endpoint();
          auto s = DynamoDbMetadataStore::Open(options);
          if (!s.ok()) return s.status();
          return std::unique_ptr<MetadataStore>(
              new StoreWithPeer(std::move(peer), std::move(s).value()));
        }}),
    BackendName);

}  // namespace bi::store::testing
