#include "executor/dataset_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "blob/byte_source.h"
#include "parquet/io.h"
#include "parquet/reader.h"

namespace bi::executor {
namespace {

using parquet::ColumnBuffer;
using parquet::Predicate;
using parquet::ValueType;

constexpr size_t kMaxReaders = 256;
constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();

std::optional<parquet::Scalar> ScalarOf(const nlohmann::json& v) {
  if (v.is_boolean()) return parquet::Scalar(v.get<bool>());
  if (v.is_number_integer()) return parquet::Scalar(v.get<int64_t>());
  if (v.is_number_float()) return parquet::Scalar(v.get<double>());
  if (v.is_string()) return parquet::Scalar(v.get<std::string>());
  return std::nullopt;
}

// Filters that statistics can prune with. Anything else keeps every row group (the runtime
// applies every filter to rows anyway).
std::vector<Predicate> PredicatesFor(const nlohmann::json& filters, const parquet::Schema& schema) {
  std::vector<Predicate> out;
  if (!filters.is_array()) return out;
  for (const auto& f : filters) {
    if (!f.is_object() || !f.contains("column") || !f["column"].is_string()) continue;
    const std::string column = f["column"];
    int idx = schema.FieldIndex(column);
    if (idx < 0) continue;
    // Dates and timestamps arrive as text; statistics hold days / ticks: leave them alone.
    ValueType t = schema.fields[idx].type;
    if (t == ValueType::kDate || t == ValueType::kTimestamp) continue;
    const std::string op = f.value("op", "");
    auto one = [&](Predicate::Op pop, const nlohmann::json& v) {
      auto s = ScalarOf(v);
      if (s) out.push_back(Predicate{column, pop, {*s}});
    };
    if (op == "eq") one(Predicate::Op::kEq, f.value("value", nlohmann::json()));
    if (op == "lt") one(Predicate::Op::kLt, f.value("value", nlohmann::json()));
    if (op == "le") one(Predicate::Op::kLe, f.value("value", nlohmann::json()));
    if (op == "gt") one(Predicate::Op::kGt, f.value("value", nlohmann::json()));
    if (op == "ge") one(Predicate::Op::kGe, f.value("value", nlohmann::json()));
    if (op == "between" && f.contains("values") && f["values"].is_array() &&
        f["values"].size() == 2) {
      one(Predicate::Op::kGe, f["values"][0]);
      one(Predicate::Op::kLe, f["values"][1]);
    }
    if (op == "in" && f.contains("values") && f["values"].is_array()) {
      Predicate p{column, Predicate::Op::kIn, {}};
      bool ok = true;
      for (const auto& v : f["values"]) {
        auto s = ScalarOf(v);
        if (!s)
          ok = false;
        else
          p.values.push_back(*s);
      }
      if (ok) out.push_back(std::move(p));
    }
    if (op == "is_null") out.push_back(Predicate{column, Predicate::Op::kIsNull, {}});
    if (op == "not_null") out.push_back(Predicate{column, Predicate::Op::kIsNotNull, {}});
  }
  return out;
}

// Builds the memfd image: regions appended 64-byte aligned.
class ImageWriter {
 public:
  std::vector<std::pair<uint64_t, uint64_t>> regions;
  std::string bytes;  // assembled in memory, then copied into the memfd once

  nlohmann::json Add(const void* p, uint64_t n) {
    uint64_t off = (bytes.size() + 63) & ~uint64_t{63};
    bytes.resize(off);
    bytes.append(static_cast<const char*>(p), n);
    return nlohmann::json::array({off, n});
  }
  // Reserves n bytes and returns a pointer to fill (valid until the next Add/Reserve).
  std::pair<nlohmann::json, char*> Reserve(uint64_t n) {
    uint64_t off = (bytes.size() + 63) & ~uint64_t{63};
    bytes.resize(off + n);
    return {nlohmann::json::array({off, n}), bytes.data() + off};
  }
};

int64_t NanosPerTick(parquet::TimeUnit unit) {
  switch (unit) {
    case parquet::TimeUnit::kMillis:
      return 1'000'000;
    case parquet::TimeUnit::kMicros:
      return 1'000;
    case parquet::TimeUnit::kNanos:
      return 1;
  }
  return 1;
}

nlohmann::json AddColumn(ImageWriter& w, const parquet::Field& field, const ColumnBuffer& c) {
  nlohmann::json col = {{"name", field.name}};
  const int64_t n = c.length;
  auto add_validity = [&] {
    if (c.null_count > 0 && !c.validity.empty())
      col["validity"] = w.Add(c.validity.data(), c.validity.size());
  };
  switch (c.type) {
    case ValueType::kInt32:
    case ValueType::kInt64:
      col["type"] = c.type == ValueType::kInt32 ? "int32" : "int64";
      col["values"] = w.Add(c.values.data(), c.values.size());
      add_validity();
      break;
    case ValueType::kFloat:
    case ValueType::kDouble: {
      const bool f32 = c.type == ValueType::kFloat;
      col["type"] = f32 ? "float32" : "float64";
      auto [region, p] = w.Reserve(c.values.size());
      std::memcpy(p, c.values.data(), c.values.size());
      if (c.null_count > 0) {
        for (int64_t i = 0; i < n; ++i) {
          if (c.IsValid(i)) continue;
          if (f32)
            reinterpret_cast<float*>(p)[i] = std::nanf("");
          else
            reinterpret_cast<double*>(p)[i] = std::nan("");
        }
      }
      col["values"] = region;
      break;
    }
    case ValueType::kBool:
      col["type"] = "bool";
      col["values"] = w.Add(c.values.data(), c.values.size());
      add_validity();
      break;
    case ValueType::kDate:
    case ValueType::kTimestamp: {
      col["type"] = "datetime";
      col["utc"] = c.type == ValueType::kTimestamp && field.utc_adjusted;
      auto [region, p] = w.Reserve(static_cast<uint64_t>(n) * 8);
      int64_t* out = reinterpret_cast<int64_t*>(p);
      if (c.type == ValueType::kDate) {
        const int32_t* days = c.Values<int32_t>();
        for (int64_t i = 0; i < n; ++i) out[i] = int64_t{days[i]} * 86'400'000'000'000;
      } else {
        const int64_t* ticks = c.Values<int64_t>();
        const int64_t mul = NanosPerTick(field.unit);
        for (int64_t i = 0; i < n; ++i) out[i] = ticks[i] * mul;
      }
      if (c.null_count > 0)
        for (int64_t i = 0; i < n; ++i)
          if (!c.IsValid(i)) out[i] = kNaT;
      col["values"] = region;
      break;
    }
    case ValueType::kString:
    case ValueType::kBinary:
      if (c.is_dictionary()) {
        col["type"] = "category";
        auto [region, p] = w.Reserve(static_cast<uint64_t>(n) * 4);
        std::memcpy(p, c.values.data(), static_cast<size_t>(n) * 4);
        if (c.null_count > 0)
          for (int64_t i = 0; i < n; ++i)
            if (!c.IsValid(i)) reinterpret_cast<int32_t*>(p)[i] = -1;
        col["values"] = region;
        const ColumnBuffer& d = *c.dictionary;
        col["dictionary"] = {{"length", d.length},
                             {"offsets", w.Add(d.offsets.data(), d.offsets.size())},
                             {"data", w.Add(d.data.data(), d.data.size())}};
      } else {
        col["type"] = c.type == ValueType::kString ? "string" : "binary";
        col["offsets"] = w.Add(c.offsets.data(), c.offsets.size());
        col["data"] = w.Add(c.data.data(), c.data.size());
        add_validity();
      }
      break;
  }
  return col;
}

Result<int> SealedMemfd(const std::string& bytes) {
  int fd = memfd_create("bi-dataset", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return Status::IoError(std::string("memfd_create: ") + strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      return Status::IoError(std::string("memfd write: ") + strerror(errno));
    }
    done += static_cast<size_t>(w);
  }
  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

}  // namespace

DatasetImage::DatasetImage(int fd, uint64_t size, nlohmann::json layout, std::string key)
    : fd_(fd), size_(size), layout_(std::move(layout)), key_(std::move(key)) {}

DatasetImage::~DatasetImage() {
  if (fd_ >= 0) close(fd_);
}

DatasetCache::DatasetCache(blob::BlobStore* store, uint64_t budget_bytes)
    : store_(store), budget_(budget_bytes) {}

DatasetCache::~DatasetCache() = default;

DatasetCacheStats DatasetCache::stats() const {
  std::lock_guard lock(mu_);
  DatasetCacheStats s = stats_;
  s.bytes = bytes_;
  s.images = lru_.size();
  return s;
}

Result<std::shared_ptr<parquet::FileReader>> DatasetCache::Reader(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    auto it = readers_.find(key);
    if (it != readers_.end()) return it->second;
  }
  if (store_ == nullptr) return Status::Unavailable("the executor has no blob store");
  auto source = store_->Open(key);
  if (!source.ok()) return source.status();
  auto bytes = blob::ReadAll(**source);
  if (!bytes.ok()) return bytes.status();
  auto reader = parquet::FileReader::Open(parquet::MemoryFile(std::move(bytes).value()));
  if (!reader.ok()) return Status(reader.status().code(), key + ": " + reader.status().message());
  std::shared_ptr<parquet::FileReader> shared = std::move(reader).value();
  std::lock_guard lock(mu_);
  ++stats_.parquet_reads;
  readers_[key] = shared;
  reader_order_.push_back(key);
  while (reader_order_.size() > kMaxReaders) {
    readers_.erase(reader_order_.front());
    reader_order_.pop_front();
  }
  return shared;
}

Result<std::shared_ptr<DatasetImage>> DatasetCache::Get(const DatasetRequest& request) {
  if (request.blob_keys.empty())
    return Status::InvalidArgument("dataset " + request.alias + " names no blob keys");
  // Open (or find) every part and decide its row groups: the selection is part of the key.
  std::vector<std::shared_ptr<parquet::FileReader>> readers;
  std::vector<std::vector<int>> groups;
  std::string key = request.dataset_id + "@" + request.version + "|";
  for (const std::string& k : request.blob_keys) {
    auto r = Reader(k);
    if (!r.ok()) return r.status();
    auto preds = PredicatesFor(request.filters, (*r)->schema());
    auto g = (*r)->SelectRowGroups(preds);
    if (!g.ok()) return g.status();
    key += k + ":";
    for (int i : *g) key += std::to_string(i) + ",";
    key += "|";
    readers.push_back(*r);
    groups.push_back(std::move(g).value());
  }
  for (const auto& c : request.columns) key += c + ",";
  {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++stats_.hits;
      return it->second->second;
    }
    ++stats_.misses;
  }

  // Decode: the first part's schema rules; later parts must have the same columns.
  const parquet::Schema& schema = readers[0]->schema();
  std::vector<int> columns;
  if (request.columns.empty()) {
    for (int i = 0; i < schema.num_fields(); ++i) columns.push_back(i);
  } else {
    for (const auto& name : request.columns) {
      int idx = schema.FieldIndex(name);
      if (idx < 0)
        return Status::InvalidArgument("dataset " + request.alias + " has no column " + name);
      columns.push_back(idx);
    }
  }
  std::vector<ColumnBuffer> merged;
  parquet::ReadOptions ro;
  ro.keep_dictionary = true;
  for (size_t p = 0; p < readers.size(); ++p) {
    std::vector<int> cols;
    for (int idx : columns) {
      int j = readers[p]->schema().FieldIndex(schema.fields[idx].name);
      if (j < 0 || readers[p]->schema().fields[j].type != schema.fields[idx].type)
        return Status::Corruption("parts of dataset " + request.dataset_id +
                                  " disagree on column " + schema.fields[idx].name);
      cols.push_back(j);
    }
    auto read = readers[p]->Read(cols, groups[p], ro);
    if (!read.ok()) return read.status();
    if (merged.empty()) {
      merged = std::move(read).value();
    } else {
      for (size_t c = 0; c < merged.size(); ++c)
        BI_RETURN_IF_ERROR(parquet::AppendColumn(&merged[c], (*read)[c]));
    }
  }
  ImageWriter w;
  nlohmann::json layout = {{"numRows", merged.empty() ? 0 : merged[0].length},
                           {"columns", nlohmann::json::array()}};
  for (size_t c = 0; c < merged.size(); ++c)
    layout["columns"].push_back(AddColumn(w, schema.fields[columns[c]], merged[c]));
  auto fd = SealedMemfd(w.bytes);
  if (!fd.ok()) return fd.status();

  std::lock_guard lock(mu_);
  auto image = std::make_shared<DatasetImage>(*fd, w.bytes.size(), std::move(layout),
                                              "img" + std::to_string(next_id_++));
  auto existing = index_.find(key);
  if (existing != index_.end()) return existing->second->second;  // a racing load won
  lru_.emplace_front(key, image);
  index_[key] = lru_.begin();
  bytes_ += image->size();
  while (bytes_ > budget_ && lru_.size() > 1) {
    bytes_ -= lru_.back().second->size();
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  return image;
}

}  // namespace bi::executor
