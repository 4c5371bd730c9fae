#include "ingest/dataset_service.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "parquet/writer.h"

#include "blob/dataset_keys.h"
#include "common/log.h"
#include "metrics/process_metrics.h"
#include "parquet/reader.h"
#include "store/table_schema.h"

namespace bi::ingest {
namespace {

namespace fs = std::filesystem;

// A work directory removed (with everything in it) when it goes out of scope.
class WorkDir {
 public:
  explicit WorkDir(const std::string& root) {
    path_ = (fs::path(root) / ("import-" + repo::NewId())).string();
    fs::create_directories(path_, ec_);
  }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  bool ok() const { return !ec_; }

 private:
  std::string path_;
  std::error_code ec_;
};

// Parquet's random access over a blob (one ranged read per call).
class BlobFile final : public parquet::RandomAccessFile {
 public:
  BlobFile(blob::BlobStore& store, std::string key, uint64_t size)
      : store_(store), key_(std::move(key)), size_(size) {}
  uint64_t Size() const override { return size_; }
  Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const override {
    if (n == 0) return Status::Ok();
    if (offset + n > size_) return Status::Corruption("read past the end of " + key_);
    auto src = store_.Open(key_, blob::ByteRange{offset, n});
    if (!src.ok()) return src.status();
    size_t got = 0;
    while (got < n) {
      auto r = (*src)->Read(reinterpret_cast<char*>(out) + got, n - got);
      if (!r.ok()) return r.status();
      if (*r == 0) return Status::Corruption("short read of " + key_);
      got += *r;
    }
    return Status::Ok();
  }

 private:
  blob::BlobStore& store_;
  std::string key_;
  uint64_t size_;
};

store::AttributeValue SchemaValue(const std::vector<ImportedColumn>& columns) {
  store::AttributeValue::List list;
  for (const auto& c : columns) {
    nlohmann::json j = ColumnJson(c);
    auto v = store::FromPlainJson(j);
    if (!v.ok()) {  // e.g. a float min/max outside DynamoDB's number range
      j["min"] = nullptr;
      j["max"] = nullptr;
      v = store::FromPlainJson(j);
    }
    if (v.ok()) list.push_back(std::move(v).value());
  }
  return store::AttributeValue::L(std::move(list));
}

Status NotFound() {
  return Status::NotFound("dataset not found");
}

nlohmann::json CellJson(const parquet::ColumnBuffer& c, int64_t r, const parquet::Field& f) {
  if (!c.IsValid(r)) return nullptr;
  switch (c.type) {
    case parquet::ValueType::kBool:
      return c.values.data()[r] != 0;
    case parquet::ValueType::kInt32:
      return c.Values<int32_t>()[r];
    case parquet::ValueType::kInt64:
      return c.Values<int64_t>()[r];
    case parquet::ValueType::kFloat:
    case parquet::ValueType::kDouble: {
      double v =
          c.type == parquet::ValueType::kFloat ? c.Values<float>()[r] : c.Values<double>()[r];
      if (!std::isfinite(v)) return nullptr;
      return v;
    }
    case parquet::ValueType::kDate:
      return FormatDate(c.Values<int32_t>()[r]);
    case parquet::ValueType::kTimestamp: {
      int64_t v = c.Values<int64_t>()[r];
      if (f.unit == parquet::TimeUnit::kMillis) v *= 1000;
      if (f.unit == parquet::TimeUnit::kNanos) v /= 1000;
      return FormatTimestamp(v, f.utc_adjusted);
    }
    case parquet::ValueType::kString:
    case parquet::ValueType::kBinary:
      return std::string(c.StringAt(r));
  }
  return nullptr;
}

void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos && !s.empty()) {
    out.append(s);
    return;
  }
  if (s.empty()) return;
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendCsvCell(std::string& out, const parquet::ColumnBuffer& c, int64_t r,
                   const parquet::Field& f) {
  if (!c.IsValid(r)) return;
  char buf[64];
  switch (c.type) {
    case parquet::ValueType::kBool:
      out += c.values.data()[r] ? "true" : "false";
      return;
    case parquet::ValueType::kInt32:
      out += std::to_string(c.Values<int32_t>()[r]);
      return;
    case parquet::ValueType::kInt64:
      out += std::to_string(c.Values<int64_t>()[r]);
      return;
    case parquet::ValueType::kFloat:
    case parquet::ValueType::kDouble: {
      double v =
          c.type == parquet::ValueType::kFloat ? c.Values<float>()[r] : c.Values<double>()[r];
      if (std::isnan(v)) return;
      if (std::isinf(v)) {
        out += v > 0 ? "inf" : "-inf";
        return;
      }
      auto res = std::to_chars(buf, buf + sizeof buf, v);
      out.append(buf, res.ptr);
      return;
    }
    default: {
      nlohmann::json j = CellJson(c, r, f);
      if (j.is_string()) AppendCsvField(out, j.get_ref<const std::string&>());
    }
  }
}

}  // namespace

Result<std::string> ValidDatasetName(const std::string& name) {
  size_t b = name.find_first_not_of(" \t\r\n");
  size_t e = name.find_last_not_of(" \t\r\n");
  std::string trimmed = b == std::string::npos ? "" : name.substr(b, e - b + 1);
  if (trimmed.empty() || trimmed.size() > 200)
    return Status::InvalidArgument("name must be 1 to 200 characters", {{"field", "name"}});
  return trimmed;
}

nlohmann::json DatasetJson(const repo::Dataset& d) {
  return {{"datasetId", d.dataset_id},
          {"name", d.name},
          {"description", d.description},
          {"ownerId", d.owner_id},
          {"schema", store::ToPlainJson(d.schema)},
          {"rowCount", d.row_count},
          {"sourceBytes", d.source_bytes},
          {"storedBytes", d.stored_bytes},
          {"sourceEncoding", d.source_encoding},
          {"delimiter", d.delimiter},
          {"dataVersion", d.data_version},
          {"version", d.version},
          {"createdAt", d.created_at},
          {"updatedAt", d.updated_at}};
}

DatasetService::DatasetService(store::MetadataStore& store, blob::BlobStore& blobs,
                               std::string work_root, repo::Clock clock)
    : store_(store),
      blobs_(blobs),
      datasets_(store, std::move(clock)),
      work_root_(std::move(work_root)) {}

Result<DatasetService::Published> DatasetService::ImportAndPublish(const std::string& dataset_id,
                                                                   const ImportSource& source,
                                                                   const ImportOptions& options) {
  WorkDir work(work_root_);
  if (!work.ok()) return Status::IoError("cannot create an import work directory");
  auto imported = ImportCsv(source, options, work.path());
  if (!imported.ok()) return imported.status();
  auto publisher = blob::Publisher::Begin(blobs_, blob::DatasetDataPrefix(dataset_id));
  if (!publisher.ok()) return publisher.status();
  for (size_t i = 0; i < imported->part_files.size(); ++i) {
    // The parts are work files: the local store renames them into place instead of copying.
    Status put =
        publisher->MoveFile(blob::DatasetPartName(static_cast<int>(i)), imported->part_files[i]);
    if (!put.ok()) {
      (void)publisher->Abort();
      return put;
    }
  }
  nlohmann::json meta = {
      {"rowCount", imported->row_count}, {"partRows", imported->part_rows}, {"format", "parquet"}};
  auto manifest = publisher->Commit(meta);
  if (!manifest.ok()) {
    (void)publisher->Abort();
    return manifest.status();
  }
  return Published{std::move(imported).value(), std::move(manifest).value()};
}

Result<repo::Dataset> DatasetService::Create(const NewDataset& meta, const ImportSource& source,
                                             const ImportOptions& options) {
  auto name = ValidDatasetName(meta.name);
  if (!name.ok()) return name.status();
  repo::Dataset d;
  d.dataset_id = repo::NewId();
  auto published = ImportAndPublish(d.dataset_id, source, options);
  if (!published.ok()) return published.status();
  const ImportResult& im = published->import;
  d.owner_id = meta.owner_id;
  d.name = *name;
  d.description = meta.description;
  d.schema = SchemaValue(im.columns);
  d.row_count = im.row_count;
  d.source_bytes = static_cast<int64_t>(im.source_bytes);
  d.stored_bytes = static_cast<int64_t>(im.stored_bytes);
  d.source_encoding = im.encoding;
  d.delimiter = im.delimiter;
  d.data_version = 1;
  d.data_prefix = blob::DatasetDataPrefix(d.dataset_id);
  d.data_generation = published->manifest.generation;
  auto created = datasets_.Create(d);
  if (!created.ok()) {
    Status cleanup = blob::DeletePublished(blobs_, d.data_prefix);
    if (!cleanup.ok()) {
      log::Error("dataset_cleanup_failed")
          .Str("dataset_id", d.dataset_id)
          .Str("error", cleanup.ToString());
    }
    return created.status();
  }
  metrics::Process().RecordImport(im.row_count, im.source_bytes);
  log::Audit("dataset_created")
      .Str("dataset_id", created->dataset_id)
      .Str("owner_id", created->owner_id)
      .Int("row_count", created->row_count)
      .Int("source_bytes", created->source_bytes);
  return created;
}

Result<repo::Dataset> DatasetService::Get(const Viewer& viewer, const std::string& dataset_id) {
  auto d = datasets_.Get(dataset_id);
  if (!d.ok()) return d.status().code() == ErrorCode::kNotFound ? NotFound() : d.status();
  if (!viewer.admin && d->owner_id != viewer.user_id) return NotFound();
  return d;
}

Result<repo::Page<repo::Dataset>> DatasetService::List(const Viewer& viewer,
                                                       const repo::PageRequest& page, bool all) {
  if (!(viewer.admin && all)) return datasets_.ListByOwner(viewer.user_id, page);
  auto raw = store_.Scan(store::tables::kDatasets, page.limit, page.cursor);
  if (!raw.ok()) return raw.status();
  repo::Page<repo::Dataset> out;
  out.cursor = raw->cursor;
  for (const auto& item : raw->items) {
    repo::Dataset d;
    BI_RETURN_IF_ERROR(repo::FromItem(item, &d));
    out.items.push_back(std::move(d));
  }
  return out;
}

Result<repo::Dataset> DatasetService::Update(const Viewer& viewer, const std::string& dataset_id,
                                             std::optional<std::string> name,
                                             std::optional<std::string> description,
                                             int64_t version) {
  auto d = Get(viewer, dataset_id);
  if (!d.ok()) return d.status();
  if (name) {
    auto valid = ValidDatasetName(*name);
    if (!valid.ok()) return valid.status();
    d->name = *valid;
  }
  if (description) {
    if (description->size() > 10000)
      return Status::InvalidArgument("description is too long", {{"field", "description"}});
    d->description = *description;
  }
  d->version = version;
  return datasets_.Update(*d);
}

Status DatasetService::Delete(const Viewer& viewer, const std::string& dataset_id,
                              std::optional<int64_t> expected_version) {
  auto d = Get(viewer, dataset_id);
  if (!d.ok()) return d.status();
  BI_RETURN_IF_ERROR(datasets_.Delete(dataset_id, expected_version));
  Status blobs = blob::DeletePublished(blobs_, blob::DatasetDataPrefix(dataset_id));
  if (!blobs.ok()) {
    // The record is gone, so nobody reaches these objects; PruneUnpublished can sweep them.
    log::Error("dataset_blob_delete_failed")
        .Str("dataset_id", dataset_id)
        .Str("error", blobs.ToString());
  }
  return Status::Ok();
}

Result<repo::Dataset> DatasetService::ReplaceData(const Viewer& viewer,
                                                  const std::string& dataset_id,
                                                  const ImportSource& source,
                                                  const ImportOptions& options,
                                                  std::optional<int64_t> expected_version) {
  auto current = Get(viewer, dataset_id);
  if (!current.ok()) return current.status();
  if (expected_version && *expected_version != current->version) {
    return Status::Conflict(
        "it was changed by someone else; reload and try again",
        {{"expectedVersion", *expected_version}, {"currentVersion", current->version}});
  }
  auto published = ImportAndPublish(dataset_id, source, options);
  if (!published.ok()) return published.status();
  const ImportResult& im = published->import;
  // The manifest now points at the new parts; bring the record along. A concurrent metadata
  // change (PATCH) is retried; a concurrent replace that published after us wins.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto d = datasets_.Get(dataset_id);
    if (!d.ok()) return d.status();
    auto manifest = blob::ReadManifest(blobs_, blob::DatasetDataPrefix(dataset_id));
    if (!manifest.ok()) return manifest.status();
    if (!*manifest || (*manifest)->generation != published->manifest.generation) {
      return Status::Conflict("the data was replaced again meanwhile; reload and try again");
    }
    d->schema = SchemaValue(im.columns);
    d->row_count = im.row_count;
    d->source_bytes = static_cast<int64_t>(im.source_bytes);
    d->stored_bytes = static_cast<int64_t>(im.stored_bytes);
    d->source_encoding = im.encoding;
    d->delimiter = im.delimiter;
    d->data_version += 1;
    d->data_generation = published->manifest.generation;
    auto updated = datasets_.Update(*d);
    if (updated.ok() || updated.status().code() != ErrorCode::kConflict) {
      if (updated.ok()) {
        metrics::Process().RecordImport(im.row_count, im.source_bytes);
        log::Audit("dataset_data_replaced")
            .Str("dataset_id", dataset_id)
            .Str("owner_id", updated->owner_id)
            .Str("user_id", viewer.user_id)
            .Int("data_version", updated->data_version);
      }
      return updated;
    }
  }
  return Status::Unavailable("the dataset is being changed by others; try again");
}

Result<blob::Manifest> DatasetService::Data(const Viewer& viewer, const std::string& dataset_id) {
  auto d = Get(viewer, dataset_id);
  if (!d.ok()) return d.status();
  auto manifest = blob::ReadManifest(blobs_, blob::DatasetDataPrefix(dataset_id));
  if (!manifest.ok()) return manifest.status();
  if (!*manifest) return Status::NotFound("the dataset has no data");
  return **manifest;
}

Result<nlohmann::json> DatasetService::Preview(const Viewer& viewer, const std::string& dataset_id,
                                               int64_t offset, int64_t limit) {
  auto d = Get(viewer, dataset_id);
  if (!d.ok()) return d.status();
  // A reader that races a replace may find an old part deleted: read the manifest again.
  for (int attempt = 0;; ++attempt) {
    auto manifest = blob::ReadManifest(blobs_, blob::DatasetDataPrefix(dataset_id));
    if (!manifest.ok()) return manifest.status();
    if (!*manifest) return Status::NotFound("the dataset has no data");
    const blob::Manifest& m = **manifest;
    std::vector<int64_t> part_rows = m.meta.value("partRows", std::vector<int64_t>{});
    nlohmann::json rows = nlohmann::json::array();
    int64_t total = m.meta.value("rowCount", int64_t{0});
    int64_t skip = offset;
    Status failed;
    for (size_t p = 0; p < m.parts.size() && static_cast<int64_t>(rows.size()) < limit; ++p) {
      int64_t prows = p < part_rows.size() ? part_rows[p] : -1;
      if (prows >= 0 && skip >= prows) {
        skip -= prows;
        continue;
      }
      auto file = std::make_shared<BlobFile>(blobs_, m.parts[p].key, m.parts[p].size);
      auto reader = parquet::FileReader::Open(file);
      if (!reader.ok()) {
        failed = reader.status();
        break;
      }
      const parquet::Schema& schema = (*reader)->schema();
      std::vector<int> columns(schema.fields.size());
      for (size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<int>(i);
      for (int rg = 0;
           rg < (*reader)->num_row_groups() && static_cast<int64_t>(rows.size()) < limit; ++rg) {
        int64_t rg_rows = (*reader)->row_group_num_rows(rg);
        if (skip >= rg_rows) {
          skip -= rg_rows;
          continue;
        }
        auto data = (*reader)->Read(columns, {rg});
        if (!data.ok()) {
          failed = data.status();
          break;
        }
        for (int64_t r = skip; r < rg_rows && static_cast<int64_t>(rows.size()) < limit; ++r) {
          nlohmann::json row = nlohmann::json::array();
          for (size_t c = 0; c < data->size(); ++c)
            row.push_back(CellJson((*data)[c], r, schema.fields[c]));
          rows.push_back(std::move(row));
        }
        skip = 0;
      }
      if (!failed.ok()) break;
    }
    if (failed.code() == ErrorCode::kNotFound && attempt < 3) continue;
    if (!failed.ok()) return failed;
    return nlohmann::json{{"datasetId", d->dataset_id},
                          {"dataVersion", d->data_version},
                          {"columns", store::ToPlainJson(d->schema)},
                          {"rows", std::move(rows)},
                          {"offset", offset},
                          {"limit", limit},
                          {"totalRows", total}};
  }
}

Result<std::string> DatasetService::Export(const Viewer& viewer, const std::string& dataset_id,
                                           const std::string& format, const std::string& dir) {
  if (format != "csv" && format != "parquet")
    return Status::InvalidArgument("format must be csv or parquet", {{"field", "format"}});
  auto manifest = Data(viewer, dataset_id);
  if (!manifest.ok()) return manifest.status();
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = (fs::path(dir) / ("export-" + repo::NewId() + "." + format)).string();
  auto fail = [&](Status s) -> Result<std::string> {
    fs::remove(path, ec);
    return s;
  };
  std::unique_ptr<parquet::FileWriter> writer;
  std::ofstream csv;
  if (format == "csv") {
    csv.open(path, std::ios::binary);
    if (!csv) return Status::IoError("cannot create the export file");
  }
  bool header_done = false;
  std::string out;
  for (const auto& part : manifest->parts) {
    auto file = std::make_shared<BlobFile>(blobs_, part.key, part.size);
    auto reader = parquet::FileReader::Open(file);
    if (!reader.ok()) return fail(reader.status());
    const parquet::Schema& schema = (*reader)->schema();
    std::vector<int> columns(schema.fields.size());
    for (size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<int>(i);
    if (format == "parquet" && !writer) {
      parquet::Schema clean;
      for (const auto& f : schema.fields) {
        parquet::Field g = parquet::Field::Of(f.name, f.type, f.nullable);
        g.unit = f.unit;
        g.utc_adjusted = f.utc_adjusted;
        g.int_bit_width = f.int_bit_width;
        clean.fields.push_back(g);
      }
      auto w = parquet::FileWriter::Create(path, clean);
      if (!w.ok()) return fail(w.status());
      writer = std::move(w).value();
    }
    if (format == "csv" && !header_done) {
      out.clear();
      for (size_t c = 0; c < schema.fields.size(); ++c) {
        if (c) out += ',';
        AppendCsvField(out, schema.fields[c].name);
      }
      out += "\r\n";
      csv << out;
      header_done = true;
    }
    for (int rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
      auto data = (*reader)->Read(columns, {rg});
      if (!data.ok()) return fail(data.status());
      if (writer) {
        Status s = writer->WriteBatch(*data);
        if (!s.ok()) return fail(s);
        continue;
      }
      int64_t n = data->empty() ? 0 : (*data)[0].length;
      out.clear();
      for (int64_t r = 0; r < n; ++r) {
        for (size_t c = 0; c < data->size(); ++c) {
          if (c) out += ',';
          AppendCsvCell(out, (*data)[c], r, schema.fields[c]);
        }
        out += "\r\n";
        if (out.size() > (1 << 20)) {
          csv << out;
          out.clear();
        }
      }
      csv << out;
    }
  }
  if (writer) {
    Status s = writer->Close();
    if (!s.ok()) return fail(s);
  }
  if (csv.is_open()) {
    csv.close();
    if (!csv) return fail(Status::IoError("cannot write the export file"));
  }
  return path;
}

Result<SweepResult> SweepLeftovers(const fs::path& tmp_dir, blob::BlobStore& blobs) {
  SweepResult out;
  std::error_code ec;
  if (fs::is_directory(tmp_dir, ec)) {
    for (const auto& e : fs::directory_iterator(tmp_dir, ec)) {
      std::error_code rm;
      auto n = fs::remove_all(e.path(), rm);
      if (rm) return Status::IoError("cannot remove " + e.path().string() + ": " + rm.message());
      out.tmp_entries += static_cast<int64_t>(n);
    }
    if (ec) return Status::IoError("cannot list " + tmp_dir.string() + ": " + ec.message());
  }
  // Every datasets/{id}/data/ prefix that holds anything, manifest or not.
  const std::string root = "datasets/";
  std::set<std::string> prefixes;
  std::string cursor;
  do {
    auto page = blobs.List(root, cursor);
    if (!page.ok()) return page.status();
    for (const auto& b : page->blobs) {
      size_t id_end = b.key.find('/', root.size());
      if (id_end == std::string::npos) continue;
      std::string prefix = blob::DatasetDataPrefix(b.key.substr(root.size(), id_end - root.size()));
      if (b.key.compare(0, prefix.size(), prefix) == 0) prefixes.insert(prefix);
    }
    cursor = page->cursor;
  } while (!cursor.empty());
  const int64_t age_ms = blobs.backend_name() == "local" ? 0 : 3600 * 1000;
  for (const auto& prefix : prefixes) {
    Status s = blob::PruneUnpublished(blobs, prefix, age_ms);
    if (s.code() == ErrorCode::kCorruption) {  // one damaged manifest must not stop the rest
      log::Warn("leftovers_sweep_skipped").Str("prefix", prefix).Str("reason", s.message());
      continue;
    }
    BI_RETURN_IF_ERROR(s);
    ++out.dataset_prefixes;
  }
  log::Info("leftovers_swept")
      .Str("tmp_dir", tmp_dir.string())
      .Int("tmp_entries", out.tmp_entries)
      .Int("dataset_prefixes", out.dataset_prefixes);
  return out;
}

}  // namespace bi::ingest
