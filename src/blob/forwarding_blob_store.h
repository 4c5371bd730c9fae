#pragma once
// A BlobStore that forwards every call to another; subclass it and override one method to
// inject faults or observe calls in tests, without a mock of the real backend. DeleteMany is
// forwarded whole (a subclass overriding Delete does not see its keys). MoveFile is not
// forwarded: it copies through Put, so a subclass that overrides Put sees those writes too.

#include "blob/blob_store.h"

namespace bi::blob {

class ForwardingBlobStore : public BlobStore {
 public:
  explicit ForwardingBlobStore(BlobStore& target) : target_(target) {}
  std::string_view backend_name() const override { return target_.backend_name(); }
  Status Put(std::string_view key, ByteSource& data) override { return target_.Put(key, data); }
  Result<std::unique_ptr<ByteSource>> Open(std::string_view key,
                                           std::optional<ByteRange> range = {}) override {
    return target_.Open(key, range);
  }
  Result<BlobInfo> Head(std::string_view key) override { return target_.Head(key); }
  Result<ListPage> List(std::string_view prefix, std::string_view cursor = {},
                        int limit = kMaxListPage) override {
    return target_.List(prefix, cursor, limit);
  }
  Status Delete(std::string_view key) override { return target_.Delete(key); }
  Status DeleteMany(const std::vector<std::string>& keys) override {
    return target_.DeleteMany(keys);
  }
  Status CheckIntegrity() override { return target_.CheckIntegrity(); }

 protected:
  BlobStore& target_;
};

}  // namespace bi::blob
