#pragma once
// Generic repository for a versioned entity over the metadata store: create with a new random
// id, get, update with optimistic concurrency, delete, and paged index queries. The per-entity
// repositories (repositories.h) add their own lookups and invariants on top.
//
// Lost updates are impossible: Update writes only if the stored version still equals the
// entity's version (a conditional put), else kConflict, which the API answers with 409.
// Thread-safety: as safe as the store beneath (all backends are); besides the store reference
// and the clock, a repository holds only its ReadCache (shared by copies, locked inside).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "repo/cached_reads_only.h"
#include "repo/entities.h"
#include "repo/read_cache.h"
#include "store/metadata_store.h"
#include "store/table_schema.h"

namespace bi::repo {

// Epoch milliseconds; injectable so tests control time.
using Clock = std::function<int64_t()>;
int64_t SystemNowMs();

// A new unguessable id: 128 random bits as 22 base64url characters.
std::string NewId();

struct PageRequest {
  int limit = 50;            // 1..1000
  std::string cursor;        // from the previous page
  bool newest_first = true;  // order by createdAt descending
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string cursor;  // empty: no more
};

// Per-entity facts: table, id attribute and id field.
template <typename T>
struct EntityTraits;

#define BI_ENTITY_TRAITS(Type, table_name, id_attr, id_field)          \
  template <>                                                          \
  struct EntityTraits<Type> {                                          \
    static constexpr const char* kTable = table_name;                  \
    static constexpr const char* kIdAttr = id_attr;                    \
    static std::string& Id(Type& e) { return e.id_field; }             \
    static const std::string& Id(const Type& e) { return e.id_field; } \
  };

BI_ENTITY_TRAITS(User, store::tables::kUsers, "userId", user_id)
BI_ENTITY_TRAITS(Dataset, store::tables::kDatasets, "datasetId", dataset_id)
BI_ENTITY_TRAITS(Card, store::tables::kCards, "cardId", card_id)
BI_ENTITY_TRAITS(Dashboard, store::tables::kDashboards, "dashboardId", dashboard_id)
BI_ENTITY_TRAITS(FilterView, store::tables::kFilterViews, "filterViewId", filter_view_id)
BI_ENTITY_TRAITS(Group, store::tables::kGroups, "groupId", group_id)
BI_ENTITY_TRAITS(DashboardShare, store::tables::kDashboardShares, "shareId", share_id)
#undef BI_ENTITY_TRAITS

template <typename T>
class Repository {
 public:
  using Traits = EntityTraits<T>;

  explicit Repository(store::MetadataStore& store, Clock clock = SystemNowMs)
      : store_(store), clock_(std::move(clock)), cache_(std::make_shared<ReadCache<T>>()) {}

  // Stores a new entity: a fresh id unless one is set, createdAt = updatedAt = now, version 1.
  // kConflict if the id is taken.
  Result<T> Create(T entity) {
    if (Traits::Id(entity).empty()) Traits::Id(entity) = NewId();
    entity.created_at = entity.updated_at = clock_();
    entity.version = 1;
    BI_RETURN_IF_ERROR(store_.Put(Traits::kTable, ToItem(entity), store::Condition::NotExists()));
    return entity;
  }

  // kNotFound if missing. Unchanged records come from the ReadCache (see read_cache.h).
  Result<T> Get(std::string_view id) {
    auto shared = GetShared(id);
    if (!shared.ok()) return shared.status();
    return **shared;
  }

  // As Get, without copying the record: for hot read-only paths.
  Result<std::shared_ptr<const T>> GetShared(std::string_view id) {
    const std::optional<uint64_t> stamp = store_.ChangeStamp();  // before the read, always
    if (stamp) {
      if (auto hit = cache_->Find(*stamp, id)) return hit;
    }
    if (CachedReadsOnly::Active()) return Status::Unavailable("record not in memory");
    auto item = store_.Get(Traits::kTable, Key(id));
    if (!item.ok()) return item.status();
    if (!item->has_value()) return Status::NotFound(NotFoundMessage(id));
    auto entity = std::make_shared<T>();
    BI_RETURN_IF_ERROR(FromItem(**item, entity.get()));
    if (stamp) cache_->Keep(*stamp, id, entity);
    return std::shared_ptr<const T>(std::move(entity));
  }

  // Many records at once, in the order of `ids`, nullptr where one does not exist: records in
  // the ReadCache are not read again, the rest in one store BatchGet (DynamoDB: BatchGetItem,
  // a round trip per 100 keys instead of one per record).
  Result<std::vector<std::shared_ptr<const T>>> GetMany(const std::vector<std::string>& ids) {
    const std::optional<uint64_t> stamp = store_.ChangeStamp();  // before the read, always
    std::vector<std::shared_ptr<const T>> out(ids.size());
    std::vector<store::Item> keys;
    std::vector<size_t> positions;  // where each key's record goes in `out`
    for (size_t i = 0; i < ids.size(); ++i) {
      if (stamp) {
        if (auto hit = cache_->Find(*stamp, ids[i])) {
          out[i] = std::move(hit);
          continue;
        }
      }
      keys.push_back(Key(ids[i]));
      positions.push_back(i);
    }
    if (keys.empty()) return out;
    if (CachedReadsOnly::Active()) return Status::Unavailable("records not in memory");
    auto items = store_.BatchGet(Traits::kTable, keys);
    if (!items.ok()) return items.status();
    for (size_t j = 0; j < positions.size(); ++j) {
      const std::optional<store::Item>& item = (*items)[j];
      if (!item) continue;
      auto entity = std::make_shared<T>();
      BI_RETURN_IF_ERROR(FromItem(*item, entity.get()));
      if (stamp) cache_->Keep(*stamp, ids[positions[j]], entity);
      out[positions[j]] = std::move(entity);
    }
    return out;
  }

  // Writes `entity` (as read, then changed) if nobody changed it since: its version must equal
  // the stored one. Returns it with version + 1 and updatedAt = now. kConflict if stale
  // (details.currentVersion), kNotFound if deleted meanwhile.
  Result<T> Update(T entity) {
    int64_t expected = entity.version;
    entity.version = expected + 1;
    entity.updated_at = std::max(clock_(), entity.created_at);
    Status s =
        store_.Put(Traits::kTable, ToItem(entity), store::Condition::VersionEquals(expected));
    if (s.code() == ErrorCode::kConflict) return ExplainConflict(Traits::Id(entity), expected);
    if (!s.ok()) return s;
    return entity;
  }

  // Deletes the entity; with `expected_version`, only if unchanged. kNotFound if missing.
  Status Delete(std::string_view id, std::optional<int64_t> expected_version = std::nullopt) {
    auto cond = expected_version ? store::Condition::VersionEquals(*expected_version)
                                 : store::Condition::Exists();
    Status s = store_.Delete(Traits::kTable, Key(id), cond);
    if (s.code() == ErrorCode::kConflict) {
      return ExplainConflict(id, expected_version.value_or(0)).status();
    }
    return s;
  }

 protected:
  static store::Item Key(std::string_view id) {
    return {{Traits::kIdAttr, store::AttributeValue::S(std::string(id))}};
  }
  static std::string NotFoundMessage(std::string_view id) {
    return std::string(Traits::kTable).substr(3) + " " + std::string(id) + " not found";
  }

  // After a failed condition: kNotFound if the item is gone, else kConflict.
  Result<T> ExplainConflict(std::string_view id, int64_t expected) {
    auto current = Get(id);
    if (!current.ok()) return current.status();
    return Status::Conflict("it was changed by someone else; reload and try again",
                            {{"expectedVersion", expected}, {"currentVersion", current->version}});
  }

  // One page of an index partition, decoded.
  Result<Page<T>> QueryIndex(const char* index, std::string_view partition,
                             const PageRequest& page) {
    store::QueryRequest q;
    q.table = Traits::kTable;
    q.index = index;
    q.partition = store::AttributeValue::S(std::string(partition));
    q.ascending = !page.newest_first;
    q.limit = page.limit;
    q.cursor = page.cursor;
    auto result = store_.Query(q);
    if (!result.ok()) return result.status();
    return Decode(*result);
  }

  Result<Page<T>> Decode(const store::Page& raw) {
    Page<T> out;
    out.cursor = raw.cursor;
    for (const auto& item : raw.items) {
      T entity;
      BI_RETURN_IF_ERROR(FromItem(item, &entity));
      out.items.push_back(std::move(entity));
    }
    return out;
  }

  store::MetadataStore& store_;
  Clock clock_;
  std::shared_ptr<ReadCache<T>> cache_;
};

}  // namespace bi::repo
