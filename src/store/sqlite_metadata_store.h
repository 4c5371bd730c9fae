#pragma once
// The embedded metadata backend: one SQLite database file (WAL mode), one SQL table per logical
// table with the item stored as DynamoDB JSON plus typed key columns, and one partial index per
// GSI so every Query is an index range scan (docs/storage.md describes the layout).
//
// Thread-safety: all methods may be called concurrently. Reads use a pool of connections (WAL
// lets them run beside a writer); writes are serialised in-process by one writer connection and
// run as BEGIN IMMEDIATE transactions, so a conditional check and its write are atomic. Lock
// contention with other processes is retried with backoff for up to `max_busy_wait_ms`, then
// reported as kUnavailable.

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/metadata_store.h"

struct sqlite3;

namespace bi::store {

struct SqliteOptions {
  int max_busy_wait_ms = 30000;  // total patience for SQLITE_BUSY before kUnavailable
  bool synchronous_full = true;  // fsync every commit (survives power loss, not only crashes)
  // How stale ChangeStamp may be about commits by other processes. Polling costs a read
  // transaction (file locks), too much for every read of a hot record.
  int foreign_write_poll_ms = 20;
};

class SqliteMetadataStore final : public MetadataStore {
 public:
  // Opens (creating if needed, with its parent directory) the database at `path`.
  static Result<std::unique_ptr<SqliteMetadataStore>> Open(const std::filesystem::path& path,
                                                           SqliteOptions options = {});
  ~SqliteMetadataStore() override;

  std::string_view backend_name() const override { return "sqlite"; }
  Status CreateTable(const TableDef& def) override;
  Result<std::vector<std::string>> ListTables() override;
  Status Put(std::string_view table, const Item& item,
             const Condition& condition = Condition::None()) override;
  Result<std::optional<Item>> Get(std::string_view table, const Item& key) override;
  Status Delete(std::string_view table, const Item& key,
                const Condition& condition = Condition::None()) override;
  Result<Page> Query(const QueryRequest& request) override;
  Result<Page> Scan(std::string_view table, int limit, std::string_view cursor) override;
  Status CheckIntegrity() override;
  // Exact for this process's writes (counted after each commit); another process's commits
  // (bi admin on the same file) are seen through SQLite's data_version, polled at most every
  // foreign_write_poll_ms.
  std::optional<uint64_t> ChangeStamp() override;

  // SQLite's EXPLAIN QUERY PLAN text for the statement `request` runs (tests check that every
  // GSI query uses its index).
  Result<std::string> ExplainQuery(const QueryRequest& request);

  class Conn;  // one sqlite3 connection with its statement cache

 private:
  SqliteMetadataStore(std::filesystem::path path, SqliteOptions options);
  Result<std::unique_ptr<Conn>> NewConn();
  Result<std::unique_ptr<Conn>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Conn> conn);
  Result<TableDef> LookupTable(std::string_view name);
  Status ReloadTables(Conn& conn);
  template <typename F>
  auto WithReader(F&& f) -> decltype(f(std::declval<Conn&>()));
  template <typename F>
  Status WithWriteTxn(F&& f);

  struct QueryPlan;
  Result<QueryPlan> PlanQuery(const TableDef& def, const QueryRequest& request);

  std::filesystem::path path_;
  SqliteOptions options_;
  std::mutex write_mu_;  // guards writer_ and serialises write transactions
  std::unique_ptr<Conn> writer_;
  std::atomic<uint64_t> own_commits_{0};
  std::atomic<uint64_t> foreign_commits_{0};
  std::atomic<int64_t> next_poll_ns_{0};  // steady clock
  std::mutex watch_mu_;                   // guards watcher_ and data_version_
  std::unique_ptr<Conn> watcher_;         // never writes, so every commit moves its data_version
  std::optional<int64_t> data_version_;
  std::mutex pool_mu_;  // guards idle_
  std::vector<std::unique_ptr<Conn>> idle_;
  std::shared_mutex defs_mu_;  // guards defs_
  std::unordered_map<std::string, TableDef> defs_;
};

}  // namespace bi::store
