#include "store/sqlite_metadata_store.h"

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <variant>

namespace bi::store {
namespace {

// Physical names: "t_<table>" and "x_<table>__<index>" keep user tables apart from our own
// bookkeeping table "meta_tables". Table and index names are validated to [A-Za-z0-9_.-].
std::string SqlTable(const std::string& name) {
  return "\"t_" + name + "\"";
}
std::string SqlIndex(const std::string& table, const std::string& index) {
  return "\"x_" + table + "__" + index + "\"";
}
std::string IdxPk(size_t i) {
  return "i" + std::to_string(i) + "p";
}
std::string IdxSk(size_t i) {
  return "i" + std::to_string(i) + "s";
}

// A key value as bound to / read from a SQLite column: NULL, INTEGER, REAL or TEXT.
using ColumnValue = std::variant<std::monostate, int64_t, double, std::string>;

ColumnValue KeyColumn(const AttributeValue& v) {
  if (v.is_string()) return v.s();
  if (v.is_number()) {
    if (auto i = v.n().ToInt64()) return *i;
    return v.n().ToDouble();
  }
  return std::monostate{};
}

const char kBusyPrefix[] = "sqlite busy: ";

bool IsBusyCode(int rc) {
  int primary = rc & 0xFF;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool IsBusy(const Status& s) {
  return s.code() == ErrorCode::kUnavailable && s.message().rfind(kBusyPrefix, 0) == 0;
}

Status SqlError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (IsBusyCode(rc)) return Status::Unavailable(kBusyPrefix + msg);
  int primary = rc & 0xFF;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::Corruption(msg);
  if (primary == SQLITE_FULL) return Status::ResourceExhausted(msg);
  return Status::IoError(msg);
}

}  // namespace

// One connection and its prepared statements. Used by one thread at a time.
class SqliteMetadataStore::Conn {
 public:
  explicit Conn(sqlite3* db) : db_(db) {}
  ~Conn() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  sqlite3* db() { return db_; }

  // A reset statement with cleared bindings, prepared once per connection.
  Result<sqlite3_stmt*> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqlError(db_, rc, "prepare");
    cache_.emplace(sql, stmt);
    return stmt;
  }

  Status Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return SqlError(db_, rc, sql.substr(0, 40));
    return Status::Ok();
  }

  // Forget cached statements (after schema changes by CreateTable).
  void ClearCache() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

namespace {

using Conn = SqliteMetadataStore::Conn;

void Bind(sqlite3_stmt* s, int i, const ColumnValue& v) {
  if (std::holds_alternative<int64_t>(v)) {
    sqlite3_bind_int64(s, i, std::get<int64_t>(v));
  } else if (std::holds_alternative<double>(v)) {
    sqlite3_bind_double(s, i, std::get<double>(v));
  } else if (std::holds_alternative<std::string>(v)) {
    const auto& str = std::get<std::string>(v);
    sqlite3_bind_text(s, i, str.data(), static_cast<int>(str.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(s, i);
  }
}

ColumnValue ReadColumn(sqlite3_stmt* s, int col) {
  switch (sqlite3_column_type(s, col)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(s, col));
    case SQLITE_FLOAT:
      return sqlite3_column_double(s, col);
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      return std::string(reinterpret_cast<const char*>(sqlite3_column_blob(s, col)),
                         static_cast<size_t>(sqlite3_column_bytes(s, col)));
    default:
      return std::monostate{};
  }
}

// Items read again unchanged (the same user, card and dataset on every request) are copied
// from here instead of parsed again: parsing the DynamoDB-JSON text is the costly part of a
// read. Keyed by the stored text itself, so a changed item can never be served from here.
class DecodedBodies {
 public:
  Result<Item> Decode(std::string_view text) {
    const size_t hash = std::hash<std::string_view>{}(text);
    std::shared_ptr<const Entry> hit;
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(hash);
      if (it != entries_.end() && it->second->text == text) hit = it->second;
    }
    if (hit) return hit->item;
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return Status::Corruption("stored item is not valid JSON");
    auto item = ItemFromDynamoJson(j);
    if (!item.ok())
      return Status::Corruption("stored item is malformed: " + item.status().message());
    auto entry = std::make_shared<const Entry>(Entry{std::string(text), *item});
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries || bytes_ + text.size() > kMaxBytes) {
      entries_.clear();  // simplest bound; the hot items come back on their next read
      bytes_ = 0;
    }
    entries_.insert_or_assign(hash, std::move(entry));
    bytes_ += text.size();
    return item;
  }

 private:
  struct Entry {
    std::string text;
    Item item;
  };
  static constexpr size_t kMaxEntries = 4096;
  // Of stored text; the decoded items take several times as much memory.
  static constexpr size_t kMaxBytes = 4 << 20;
  std::mutex mu_;
  std::unordered_map<size_t, std::shared_ptr<const Entry>> entries_;
  size_t bytes_ = 0;
};

Result<Item> DecodeBody(sqlite3_stmt* s, int col) {
  static DecodedBodies decoded;
  const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  size_t n = static_cast<size_t>(sqlite3_column_bytes(s, col));
  return decoded.Decode(text ? std::string_view(text, n) : std::string_view());
}

// The column values of an item: pk, sk, then (ip, is) per index.
std::vector<ColumnValue> ItemColumns(const TableDef& def, const Item& item) {
  std::vector<ColumnValue> cols;
  cols.push_back(KeyColumn(item.at(def.partition.name)));
  cols.push_back(def.sort ? KeyColumn(item.at(def.sort->name)) : ColumnValue(std::string()));
  for (const auto& idx : def.indexes) {
    auto p = item.find(idx.partition.name);
    auto s = idx.sort ? item.find(idx.sort->name) : item.end();
    bool in_index = p != item.end() && (!idx.sort || s != item.end());
    cols.push_back(in_index ? KeyColumn(p->second) : ColumnValue());
    cols.push_back(in_index && idx.sort ? KeyColumn(s->second) : ColumnValue());
  }
  return cols;
}

// Runs a prepared statement to completion, collecting rows with `on_row`.
template <typename F>
Status StepAll(Conn& c, sqlite3_stmt* s, F&& on_row) {
  while (true) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      Status st = SqlError(c.db(), rc, "step");
      sqlite3_reset(s);
      return st;
    }
    Status st = on_row(s);
    if (!st.ok()) {
      sqlite3_reset(s);
      return st;
    }
  }
  sqlite3_reset(s);
  return Status::Ok();
}

Result<std::optional<Item>> GetInConn(Conn& c, const TableDef& def, const Item& key) {
  auto stmt = c.Prepare("SELECT body FROM " + SqlTable(def.name) + " WHERE pk = ?1 AND sk = ?2");
  if (!stmt.ok()) return stmt.status();
  Bind(*stmt, 1, KeyColumn(key.at(def.partition.name)));
  Bind(*stmt, 2, def.sort ? KeyColumn(key.at(def.sort->name)) : ColumnValue(std::string()));
  std::optional<Item> found;
  Status st = StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
    auto item = DecodeBody(s, 0);
    if (!item.ok()) return item.status();
    found = std::move(item).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return found;
}

Status CheckCondition(const Condition& c, const std::optional<Item>& existing) {
  switch (c.kind) {
    case Condition::Kind::kNone:
      return Status::Ok();
    case Condition::Kind::kNotExists:
      if (existing) return Status::Conflict("item already exists");
      return Status::Ok();
    case Condition::Kind::kExists:
      if (!existing) return Status::Conflict("item does not exist");
      return Status::Ok();
    case Condition::Kind::kVersionEquals: {
      if (!existing) return Status::Conflict("item does not exist");
      auto it = existing->find(c.attribute);
      if (it == existing->end() || !it->second.is_number() ||
          !(it->second.n() == Number(c.version))) {
        return Status::Conflict("version mismatch: the item was changed by someone else",
                                {{"expectedVersion", c.version}});
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// The successor of every string with this prefix (byte order), or nullopt if none exists.
std::optional<std::string> PrefixEnd(std::string p) {
  while (!p.empty() && static_cast<unsigned char>(p.back()) == 0xFF) p.pop_back();
  if (p.empty()) return std::nullopt;
  p.back() = static_cast<char>(static_cast<unsigned char>(p.back()) + 1);
  return p;
}

}  // namespace

struct SqliteMetadataStore::QueryPlan {
  std::string sql;
  std::vector<ColumnValue> binds;
  const IndexDef* index = nullptr;
};

SqliteMetadataStore::SqliteMetadataStore(std::filesystem::path path, SqliteOptions options)
    : path_(std::move(path)), options_(options) {}

SqliteMetadataStore::~SqliteMetadataStore() = default;

Result<std::unique_ptr<Conn>> SqliteMetadataStore::NewConn() {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqlError(db, rc, "open " + path_.string());
    sqlite3_close_v2(db);
    return st;
  }
  sqlite3_extended_result_codes(db, 1);
  // Short per-attempt wait inside SQLite; our own loop (WithWriteTxn/WithReader) retries on top.
  sqlite3_busy_timeout(db, 200);
  auto conn = std::make_unique<Conn>(db);
  BI_RETURN_IF_ERROR(conn->Exec(options_.synchronous_full ? "PRAGMA synchronous=FULL"
                                                          : "PRAGMA synchronous=NORMAL"));
  return conn;
}

Result<std::unique_ptr<SqliteMetadataStore>> SqliteMetadataStore::Open(
    const std::filesystem::path& path, SqliteOptions options) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    return Status::IoError("cannot create " + path.parent_path().string() + ": " + ec.message());
  std::unique_ptr<SqliteMetadataStore> store(new SqliteMetadataStore(path, options));
  auto writer = store->NewConn();
  if (!writer.ok()) return writer.status();
  store->writer_ = std::move(writer).value();
  Status st = store->WithWriteTxn([&](Conn& c) -> Status {
    return c.Exec(
        "CREATE TABLE IF NOT EXISTS meta_tables (name TEXT PRIMARY KEY, def TEXT NOT NULL)");
  });
  if (!st.ok()) return st;
  // journal_mode cannot change inside a transaction; WAL is persistent in the file.
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.max_busy_wait_ms);
  while (true) {
    st = store->writer_->Exec("PRAGMA journal_mode=WAL");
    if (!IsBusy(st) || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!st.ok()) return st;
  st = store->ReloadTables(*store->writer_);
  if (!st.ok()) return st;
  return store;
}

Result<std::unique_ptr<Conn>> SqliteMetadataStore::AcquireReader() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return NewConn();
}

void SqliteMetadataStore::ReleaseReader(std::unique_ptr<Conn> conn) {
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (idle_.size() < 16) idle_.push_back(std::move(conn));
}

template <typename F>
auto SqliteMetadataStore::WithReader(F&& f) -> decltype(f(std::declval<Conn&>())) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.max_busy_wait_ms);
  int sleep_ms = 1;
  while (true) {
    auto conn = AcquireReader();
    if (!conn.ok()) return conn.status();
    auto result = f(**conn);
    ReleaseReader(std::move(conn).value());
    if (!IsBusy(result.status()) || std::chrono::steady_clock::now() > deadline) return result;
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    sleep_ms = std::min(sleep_ms * 2, 50);
  }
}

template <typename F>
Status SqliteMetadataStore::WithWriteTxn(F&& f) {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.max_busy_wait_ms);
  int sleep_ms = 1;
  while (true) {
    Conn& c = *writer_;
    Status st = c.Exec("BEGIN IMMEDIATE");
    if (st.ok()) {
      st = f(c);
      if (st.ok()) st = c.Exec("COMMIT");
      if (!st.ok() && !sqlite3_get_autocommit(c.db())) c.Exec("ROLLBACK");
    }
    // Counted after the commit, never before: a reader that saw the old stamp and then read
    // the new item only caches something newer than its stamp. Failed attempts (a condition
    // that did not hold) count too, which retries after a conflict rely on to read afresh.
    if (!IsBusy(st)) {
      ++own_commits_;
      return st;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Unavailable("metadata store is busy; try again", {{"retryable", true}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    sleep_ms = std::min(sleep_ms * 2, 50);
  }
}

Status SqliteMetadataStore::ReloadTables(Conn& c) {
  auto stmt = c.Prepare("SELECT def FROM meta_tables");
  if (!stmt.ok()) return stmt.status();
  std::unordered_map<std::string, TableDef> defs;
  BI_RETURN_IF_ERROR(StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
    auto j = nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                                   nullptr, false);
    if (j.is_discarded()) return Status::Corruption("bad table definition in meta_tables");
    auto def = TableDef::FromJson(j);
    if (!def.ok()) return def.status();
    defs.emplace(def->name, std::move(def).value());
    return Status::Ok();
  }));
  std::unique_lock<std::shared_mutex> lock(defs_mu_);
  defs_ = std::move(defs);
  return Status::Ok();
}

Result<TableDef> SqliteMetadataStore::LookupTable(std::string_view name) {
  {
    std::shared_lock<std::shared_mutex> lock(defs_mu_);
    auto it = defs_.find(std::string(name));
    if (it != defs_.end()) return it->second;
  }
  // Another process (e.g. `bi admin init-tables`) may have created it since we loaded.
  Status st = WithReader([&](Conn& c) -> Result<bool> {
                Status s = ReloadTables(c);
                if (!s.ok()) return s;
                return true;
              }).status();
  if (!st.ok()) return st;
  std::shared_lock<std::shared_mutex> lock(defs_mu_);
  auto it = defs_.find(std::string(name));
  if (it != defs_.end()) return it->second;
  return Status::NotFound("table " + std::string(name) + " does not exist");
}

Status SqliteMetadataStore::CreateTable(const TableDef& def) {
  BI_RETURN_IF_ERROR(def.Validate());
  Status st = WithWriteTxn([&](Conn& c) -> Status {
    auto sel = c.Prepare("SELECT def FROM meta_tables WHERE name = ?1");
    if (!sel.ok()) return sel.status();
    Bind(*sel, 1, def.name);
    std::optional<std::string> existing;
    BI_RETURN_IF_ERROR(StepAll(c, *sel, [&](sqlite3_stmt* s) -> Status {
      existing = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      return Status::Ok();
    }));
    if (existing) {
      auto j = nlohmann::json::parse(*existing, nullptr, false);
      auto old = TableDef::FromJson(j);
      if (old.ok() && *old == def) return Status::Ok();
      return Status::Conflict("table " + def.name + " exists with a different definition");
    }
    std::string cols = "pk NOT NULL, sk NOT NULL, body TEXT NOT NULL";
    for (size_t i = 0; i < def.indexes.size(); ++i) cols += ", " + IdxPk(i) + ", " + IdxSk(i);
    BI_RETURN_IF_ERROR(c.Exec("CREATE TABLE " + SqlTable(def.name) + " (" + cols +
                              ", PRIMARY KEY (pk, sk)) WITHOUT ROWID"));
    for (size_t i = 0; i < def.indexes.size(); ++i) {
      BI_RETURN_IF_ERROR(c.Exec("CREATE INDEX " + SqlIndex(def.name, def.indexes[i].name) + " ON " +
                                SqlTable(def.name) + " (" + IdxPk(i) +
                                (def.indexes[i].sort ? ", " + IdxSk(i) : "") + ", pk, sk) WHERE " +
                                IdxPk(i) + " IS NOT NULL"));
    }
    auto ins = c.Prepare("INSERT INTO meta_tables (name, def) VALUES (?1, ?2)");
    if (!ins.ok()) return ins.status();
    Bind(*ins, 1, def.name);
    Bind(*ins, 2, def.ToJson().dump());
    return StepAll(c, *ins, [](sqlite3_stmt*) { return Status::Ok(); });
  });
  if (!st.ok()) return st;
  std::unique_lock<std::shared_mutex> lock(defs_mu_);
  defs_[def.name] = def;
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteMetadataStore::ListTables() {
  return WithReader([&](Conn& c) -> Result<std::vector<std::string>> {
    auto stmt = c.Prepare("SELECT name FROM meta_tables ORDER BY name");
    if (!stmt.ok()) return stmt.status();
    std::vector<std::string> names;
    Status st = StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return names;
  });
}

Status SqliteMetadataStore::Put(std::string_view table, const Item& item,
                                const Condition& condition) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKeyedItem(*def, item));
  std::string body = ItemToDynamoJson(item).dump();
  std::vector<ColumnValue> cols = ItemColumns(*def, item);
  std::string names = "pk, sk, body", params = "?1, ?2, ?3";
  for (size_t i = 0; i < def->indexes.size(); ++i) {
    names += ", " + IdxPk(i) + ", " + IdxSk(i);
    params += ", ?" + std::to_string(4 + 2 * i) + ", ?" + std::to_string(5 + 2 * i);
  }
  std::string sql =
      "INSERT OR REPLACE INTO " + SqlTable(def->name) + " (" + names + ") VALUES (" + params + ")";
  return WithWriteTxn([&](Conn& c) -> Status {
    if (condition.kind != Condition::Kind::kNone) {
      auto existing = GetInConn(c, *def, KeyOf(*def, item));
      if (!existing.ok()) return existing.status();
      BI_RETURN_IF_ERROR(CheckCondition(condition, *existing));
    }
    auto stmt = c.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    Bind(*stmt, 1, cols[0]);
    Bind(*stmt, 2, cols[1]);
    Bind(*stmt, 3, body);
    for (size_t i = 2; i < cols.size(); ++i) Bind(*stmt, static_cast<int>(i + 2), cols[i]);
    return StepAll(c, *stmt, [](sqlite3_stmt*) { return Status::Ok(); });
  });
}

Result<std::optional<Item>> SqliteMetadataStore::Get(std::string_view table, const Item& key) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKey(*def, key));
  return WithReader([&](Conn& c) { return GetInConn(c, *def, key); });
}

Status SqliteMetadataStore::Delete(std::string_view table, const Item& key,
                                   const Condition& condition) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKey(*def, key));
  return WithWriteTxn([&](Conn& c) -> Status {
    if (condition.kind != Condition::Kind::kNone) {
      auto existing = GetInConn(c, *def, key);
      if (!existing.ok()) return existing.status();
      BI_RETURN_IF_ERROR(CheckCondition(condition, *existing));
    }
    auto stmt = c.Prepare("DELETE FROM " + SqlTable(def->name) + " WHERE pk = ?1 AND sk = ?2");
    if (!stmt.ok()) return stmt.status();
    Bind(*stmt, 1, KeyColumn(key.at(def->partition.name)));
    Bind(*stmt, 2, def->sort ? KeyColumn(key.at(def->sort->name)) : ColumnValue(std::string()));
    return StepAll(c, *stmt, [](sqlite3_stmt*) { return Status::Ok(); });
  });
}

Result<SqliteMetadataStore::QueryPlan> SqliteMetadataStore::PlanQuery(const TableDef& def,
                                                                      const QueryRequest& r) {
  auto index = ValidateQuery(def, r);
  if (!index.ok()) return index.status();
  QueryPlan plan;
  plan.index = *index;
  std::string part_col, sort_col;
  // Ordering columns with the attribute each comes from (for the cursor).
  std::vector<std::pair<std::string, const KeyAttr*>> order;
  if (plan.index) {
    size_t i = static_cast<size_t>(plan.index - def.indexes.data());
    part_col = IdxPk(i);
    if (plan.index->sort) {
      sort_col = IdxSk(i);
      order.emplace_back(sort_col, &*plan.index->sort);
    }
    order.emplace_back("pk", &def.partition);
    if (def.sort) order.emplace_back("sk", &*def.sort);
  } else {
    part_col = "pk";
    if (def.sort) {
      sort_col = "sk";
      order.emplace_back("sk", &*def.sort);
    }
  }
  std::string where = part_col + " = ?";
  plan.binds.push_back(KeyColumn(r.partition));
  if (r.sort) {
    const auto& c = *r.sort;
    auto add = [&](const char* op, const AttributeValue& v) {
      where += " AND " + sort_col + " " + op + " ?";
      plan.binds.push_back(KeyColumn(v));
    };
    switch (c.op) {
      case SortKeyCondition::Op::kEq:
        add("=", c.value);
        break;
      case SortKeyCondition::Op::kLt:
        add("<", c.value);
        break;
      case SortKeyCondition::Op::kLe:
        add("<=", c.value);
        break;
      case SortKeyCondition::Op::kGt:
        add(">", c.value);
        break;
      case SortKeyCondition::Op::kGe:
        add(">=", c.value);
        break;
      case SortKeyCondition::Op::kBetween:
        add(">=", c.value);
        add("<=", c.upper);
        break;
      case SortKeyCondition::Op::kBeginsWith: {
        add(">=", c.value);
        if (auto end = PrefixEnd(c.value.s())) add("<", AttributeValue::S(*end));
        break;
      }
    }
  }
  if (!r.cursor.empty() && !order.empty()) {
    auto last = DecodeCursor(r.cursor);
    if (!last.ok()) return last.status();
    std::string lhs, rhs;
    for (const auto& [col, attr] : order) {
      auto it = last->find(attr->name);
      if (it == last->end() || KeyColumn(it->second).index() == 0) {
        return Status::InvalidArgument("cursor does not belong to this query");
      }
      lhs += (lhs.empty() ? "" : ", ") + col;
      rhs += rhs.empty() ? "?" : ", ?";
      plan.binds.push_back(KeyColumn(it->second));
    }
    where += " AND (" + lhs + ") " + (r.ascending ? ">" : "<") + " (" + rhs + ")";
  }
  std::string order_by;
  for (const auto& [col, attr] : order) {
    order_by += (order_by.empty() ? "" : ", ") + col + (r.ascending ? " ASC" : " DESC");
  }
  plan.sql = "SELECT body FROM " + SqlTable(def.name) + " WHERE " + where +
             (order_by.empty() ? "" : " ORDER BY " + order_by) + " LIMIT ?";
  plan.binds.push_back(static_cast<int64_t>(r.limit) + 1);
  return plan;
}

Result<Page> SqliteMetadataStore::Query(const QueryRequest& r) {
  auto def = LookupTable(r.table);
  if (!def.ok()) return def.status();
  auto plan = PlanQuery(*def, r);
  if (!plan.ok()) return plan.status();
  auto page = WithReader([&](Conn& c) -> Result<Page> {
    auto stmt = c.Prepare(plan->sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < plan->binds.size(); ++i)
      Bind(*stmt, static_cast<int>(i + 1), plan->binds[i]);
    Page page;
    Status st = StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
      auto item = DecodeBody(s, 0);
      if (!item.ok()) return item.status();
      page.items.push_back(std::move(item).value());
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return page;
  });
  if (!page.ok()) return page;
  if (page->items.size() > static_cast<size_t>(r.limit)) {
    page->items.pop_back();
    const Item& last = page->items.back();
    Item key = KeyOf(*def, last);
    if (plan->index) {
      key.emplace(plan->index->partition.name, last.at(plan->index->partition.name));
      if (plan->index->sort) key.emplace(plan->index->sort->name, last.at(plan->index->sort->name));
    }
    page->cursor = EncodeCursor(key);
  }
  return page;
}

Result<Page> SqliteMetadataStore::Scan(std::string_view table, int limit, std::string_view cursor) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  if (limit < 1 || limit > kMaxPageSize) return Status::InvalidArgument("limit must be 1..1000");
  std::vector<ColumnValue> binds;
  std::string where;
  if (!cursor.empty()) {
    auto last = DecodeCursor(cursor);
    if (!last.ok()) return last.status();
    if (!ValidateKey(*def, *last).ok())
      return Status::InvalidArgument("cursor does not belong to this table");
    where = " WHERE (pk, sk) > (?, ?)";
    binds.push_back(KeyColumn(last->at(def->partition.name)));
    binds.push_back(def->sort ? KeyColumn(last->at(def->sort->name)) : ColumnValue(std::string()));
  }
  binds.push_back(static_cast<int64_t>(limit) + 1);
  std::string sql = "SELECT body FROM " + SqlTable(def->name) + where + " ORDER BY pk, sk LIMIT ?";
  auto page = WithReader([&](Conn& c) -> Result<Page> {
    auto stmt = c.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < binds.size(); ++i) Bind(*stmt, static_cast<int>(i + 1), binds[i]);
    Page page;
    Status st = StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
      auto item = DecodeBody(s, 0);
      if (!item.ok()) return item.status();
      page.items.push_back(std::move(item).value());
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return page;
  });
  if (!page.ok()) return page;
  if (page->items.size() > static_cast<size_t>(limit)) {
    page->items.pop_back();
    page->cursor = EncodeCursor(KeyOf(*def, page->items.back()));
  }
  return page;
}

std::optional<uint64_t> SqliteMetadataStore::ChangeStamp() {
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  std::unique_lock<std::mutex> lock(watch_mu_, std::defer_lock);
  // One thread polls; the others answer with what is known (as stale as the poll interval).
  if (now >= next_poll_ns_.load() && lock.try_lock()) {
    if (!watcher_) {
      auto conn = NewConn();
      if (!conn.ok()) return std::nullopt;
      watcher_ = std::move(conn).value();
    }
    auto stmt = watcher_->Prepare("PRAGMA data_version");
    if (!stmt.ok()) return std::nullopt;
    std::optional<int64_t> version;
    if (sqlite3_step(*stmt) == SQLITE_ROW) version = sqlite3_column_int64(*stmt, 0);
    sqlite3_reset(*stmt);  // ends the read transaction, or the WAL could never be checkpointed
    if (!version) return std::nullopt;
    if (data_version_ && *version != *data_version_) ++foreign_commits_;
    data_version_ = version;
    next_poll_ns_ = now + int64_t{options_.foreign_write_poll_ms} * 1'000'000;
  }
  // Both only grow, so the sum never repeats an earlier answer once anything changed. Own
  // commits counted by data_version as well only make a stamp move twice.
  return own_commits_.load() + foreign_commits_.load();
}

Status SqliteMetadataStore::CheckIntegrity() {
  return WithReader([&](Conn& c) -> Result<bool> {
           auto stmt = c.Prepare("PRAGMA integrity_check");
           if (!stmt.ok()) return stmt.status();
           std::string report;
           BI_RETURN_IF_ERROR(StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
             report += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
             return Status::Ok();
           }));
           if (report != "ok") return Status::Corruption("sqlite integrity_check: " + report);
           BI_RETURN_IF_ERROR(ReloadTables(c));
           std::vector<TableDef> defs;
           {
             std::shared_lock<std::shared_mutex> lock(defs_mu_);
             for (const auto& [name, def] : defs_) defs.push_back(def);
           }
           for (const auto& def : defs) {
             std::string cols = "pk, sk, body";
             for (size_t i = 0; i < def.indexes.size(); ++i)
               cols += ", " + IdxPk(i) + ", " + IdxSk(i);
             auto rows = c.Prepare("SELECT " + cols + " FROM " + SqlTable(def.name));
             if (!rows.ok()) return rows.status();
             BI_RETURN_IF_ERROR(StepAll(c, *rows, [&](sqlite3_stmt* s) -> Status {
               auto item = DecodeBody(s, 2);
               if (!item.ok()) return item.status();
               Status valid = ValidateKeyedItem(def, *item);
               if (!valid.ok())
                 return Status::Corruption("table " + def.name + ": " + valid.message());
               std::vector<ColumnValue> expected = ItemColumns(def, *item);
               std::vector<ColumnValue> actual = {ReadColumn(s, 0), ReadColumn(s, 1)};
               for (size_t i = 0; i < 2 * def.indexes.size(); ++i) {
                 actual.push_back(ReadColumn(s, static_cast<int>(3 + i)));
               }
               if (expected != actual) {
                 return Status::Corruption("table " + def.name +
                                           ": key columns disagree with the item");
               }
               return Status::Ok();
             }));
           }
           return true;
         })
      .status();
}

Result<std::string> SqliteMetadataStore::ExplainQuery(const QueryRequest& request) {
  auto def = LookupTable(request.table);
  if (!def.ok()) return def.status();
  auto plan = PlanQuery(*def, request);
  if (!plan.ok()) return plan.status();
  return WithReader([&](Conn& c) -> Result<std::string> {
    auto stmt = c.Prepare("EXPLAIN QUERY PLAN " + plan->sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < plan->binds.size(); ++i)
      Bind(*stmt, static_cast<int>(i + 1), plan->binds[i]);
    std::string text;
    Status st = StepAll(c, *stmt, [&](sqlite3_stmt* s) -> Status {
      text += reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
      text += "\n";
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return text;
  });
}

}  // namespace bi::store
