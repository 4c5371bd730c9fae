#pragma once
// A MetadataStore that forwards every call to another; subclass it and override one method to
// inject faults (busy, conflicts, I/O errors) or observe calls in tests, without a mock of the
// real backend. It reports no ChangeStamp, so callers never cache around the subclass's faults.

#include "store/metadata_store.h"

namespace bi::store {

class ForwardingMetadataStore : public MetadataStore {
 public:
  explicit ForwardingMetadataStore(MetadataStore& target) : target_(target) {}
  std::string_view backend_name() const override { return target_.backend_name(); }
  Status CreateTable(const TableDef& def) override { return target_.CreateTable(def); }
  Result<std::vector<std::string>> ListTables() override { return target_.ListTables(); }
  Status Put(std::string_view table, const Item& item,
             const Condition& condition = Condition::None()) override {
    return target_.Put(table, item, condition);
  }
  Result<std::optional<Item>> Get(std::string_view table, const Item& key) override {
    return target_.Get(table, key);
  }
  Status Delete(std::string_view table, const Item& key,
                const Condition& condition = Condition::None()) override {
    return target_.Delete(table, key, condition);
  }
  Result<Page> Query(const QueryRequest& request) override { return target_.Query(request); }
  Result<Page> Scan(std::string_view table, int limit, std::string_view cursor) override {
    return target_.Scan(table, limit, cursor);
  }
  Status CheckIntegrity() override { return target_.CheckIntegrity(); }

 protected:
  MetadataStore& target_;
};

}  // namespace bi::store
