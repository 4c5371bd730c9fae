#pragma once
// A DynamoDB-backed metadata store on a fresh dynalite of its own (own port and data
// directory), for suites parameterised by backend: the peer lives as long as the store.

#include <filesystem>
#include <memory>

#include "store/dynamodb_metadata_store.h"
#include "store/forwarding_metadata_store.h"
#include "support/protocol_peer.h"

namespace bi::store::testing {

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

inline Result<std::unique_ptr<MetadataStore>> OpenDynaliteStore(const std::filesystem::path& dir) {
  auto peer = bi::testing::ProtocolPeer::Dynalite((dir / "dynalite").string());
  DynamoDbOptions options;
  options.endpoint = peer->endpoint();
  auto store = DynamoDbMetadataStore::Open(options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<MetadataStore>(
      new StoreWithPeer(std::move(peer), std::move(store).value()));
}

}  // namespace bi::store::testing
