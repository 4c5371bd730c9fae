#include "blob/publication.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "common/random.h"

namespace bi::blob {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "<12 hex digits of epoch ms><20 random hex digits>": sortable by start time, unguessable.
std::string NewGeneration() {
  char ms[16];
  std::snprintf(ms, sizeof ms, "%012llx", static_cast<unsigned long long>(NowMs()));
  return ms + RandomHex(10);
}

std::optional<int64_t> GenerationStartMs(std::string_view gen) {
  if (gen.size() < 12) return std::nullopt;
  int64_t v = 0;
  for (char c : gen.substr(0, 12)) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + d;
  }
  return v;
}

// Wraps a source and counts what passes through.
class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(ByteSource& inner) : inner_(inner) {}
  Result<size_t> Read(char* dst, size_t n) override {
    auto r = inner_.Read(dst, n);
    if (r.ok()) count_ += *r;
    return r;
  }
  std::optional<uint64_t> Size() const override { return inner_.Size(); }
  uint64_t count() const { return count_; }

 private:
  ByteSource& inner_;
  uint64_t count_ = 0;
};

Status DeleteAllUnder(BlobStore& store, const std::string& prefix) {
  while (true) {
    auto page = store.List(prefix);
    if (!page.ok()) return page.status();
    // Each page goes in one bulk delete; the next List starts over, after what is gone.
    std::vector<std::string> keys;
    keys.reserve(page->blobs.size());
    for (const auto& b : page->blobs) keys.push_back(b.key);
    BI_RETURN_IF_ERROR(store.DeleteMany(keys));
    if (page->cursor.empty()) return Status::Ok();
  }
}

}  // namespace

const ManifestPart* Manifest::Find(std::string_view name) const {
  for (const auto& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

nlohmann::json Manifest::ToJson() const {
  nlohmann::json j = {{"format", 1}, {"generation", generation}, {"publishedAt", published_ms}};
  j["parts"] = nlohmann::json::array();
  for (const auto& p : parts)
    j["parts"].push_back({{"name", p.name}, {"key", p.key}, {"size", p.size}});
  j["meta"] = meta;
  return j;
}

Result<Manifest> Manifest::FromJson(const nlohmann::json& j) {
  try {
    Manifest m;
    m.generation = j.at("generation").get<std::string>();
    m.published_ms = j.at("publishedAt").get<int64_t>();
    for (const auto& p : j.at("parts")) {
      m.parts.push_back({p.at("name").get<std::string>(), p.at("key").get<std::string>(),
                         p.at("size").get<uint64_t>()});
    }
    if (j.contains("meta")) m.meta = j["meta"];
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("malformed manifest: ") + e.what());
  }
}

Result<Publisher> Publisher::Begin(BlobStore& store, std::string prefix) {
  if (prefix.empty() || prefix.back() != '/') {
    return Status::InvalidArgument("publication prefix must end with '/'");
  }
  BI_RETURN_IF_ERROR(ValidateBlobPrefix(prefix));
  return Publisher(store, std::move(prefix), NewGeneration());
}

Status Publisher::Put(std::string_view name, ByteSource& data) {
  if (finished_) return Status::Internal("publisher already committed or aborted");
  BI_RETURN_IF_ERROR(ValidateBlobKey(name));
  std::string key = prefix_ + "g-" + generation_ + "/" + std::string(name);
  CountingSource counted(data);
  BI_RETURN_IF_ERROR(store_->Put(key, counted));
  Staged(name, std::move(key), counted.count());
  return Status::Ok();
}

Status Publisher::MoveFile(std::string_view name, const std::string& path) {
  if (finished_) return Status::Internal("publisher already committed or aborted");
  BI_RETURN_IF_ERROR(ValidateBlobKey(name));
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound("no file " + path);
  std::string key = prefix_ + "g-" + generation_ + "/" + std::string(name);
  BI_RETURN_IF_ERROR(store_->MoveFile(key, path));
  Staged(name, std::move(key), size);
  return Status::Ok();
}

void Publisher::Staged(std::string_view name, std::string key, uint64_t size) {
  for (auto& p : parts_) {
    if (p.name == name) {
      p.size = size;
      return;
    }
  }
  parts_.push_back({std::string(name), std::move(key), size});
}

Status Publisher::PutString(std::string_view name, std::string data) {
  StringSource source(std::move(data));
  return Put(name, source);
}

Result<Manifest> Publisher::Commit(nlohmann::json meta) {
  if (finished_) return Status::Internal("publisher already committed or aborted");
  auto previous = ReadManifest(*store_, prefix_);
  // A damaged manifest must not block publishing a good set over it; only its parts stay behind
  // (unreferenced, for PruneUnpublished).
  if (!previous.ok() && previous.status().code() != ErrorCode::kCorruption) {
    return previous.status();
  }
  std::optional<Manifest> replaced = previous.ok() ? *previous : std::nullopt;
  Manifest m{generation_, NowMs(), parts_, std::move(meta)};
  BI_RETURN_IF_ERROR(store_->PutString(prefix_ + kManifestName, m.ToJson().dump()));
  finished_ = true;
  if (replaced && replaced->generation != generation_) {
    // Best effort: leftovers are unreferenced and PruneUnpublished takes them later.
    DeleteAllUnder(*store_, prefix_ + "g-" + replaced->generation + "/");
  }
  return m;
}

Status Publisher::Abort() {
  if (finished_) return Status::Ok();
  finished_ = true;
  return DeleteAllUnder(*store_, prefix_ + "g-" + generation_ + "/");
}

Result<std::optional<Manifest>> ReadManifest(BlobStore& store, std::string_view prefix) {
  auto text = store.GetString(std::string(prefix) + kManifestName);
  if (!text.ok()) {
    if (text.status().code() == ErrorCode::kNotFound) return std::optional<Manifest>();
    return text.status();
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded())
    return Status::Corruption("manifest under " + std::string(prefix) + " is not JSON");
  auto m = Manifest::FromJson(j);
  if (!m.ok()) return m.status();
  return std::optional<Manifest>(std::move(m).value());
}

Result<std::unique_ptr<ByteSource>> OpenPart(BlobStore& store, const Manifest& manifest,
                                             std::string_view name,
                                             std::optional<ByteRange> range) {
  const ManifestPart* part = manifest.Find(name);
  if (!part) return Status::NotFound("no part " + std::string(name) + " in the manifest");
  return store.Open(part->key, range);
}

Status DeletePublished(BlobStore& store, std::string_view prefix) {
  BI_RETURN_IF_ERROR(store.Delete(std::string(prefix) + kManifestName));
  return DeleteAllUnder(store, std::string(prefix));
}

Status PruneUnpublished(BlobStore& store, std::string_view prefix, int64_t older_than_ms) {
  auto current = ReadManifest(store, prefix);
  if (!current.ok()) return current.status();
  std::string gen_prefix = std::string(prefix) + "g-";
  int64_t cutoff = NowMs() - older_than_ms;
  std::string cursor;
  std::vector<std::string> doomed;
  do {
    auto page = store.List(gen_prefix, cursor);
    if (!page.ok()) return page.status();
    for (const auto& b : page->blobs) {
      std::string_view rest = std::string_view(b.key).substr(gen_prefix.size());
      std::string_view gen = rest.substr(0, rest.find('/'));
      if (*current && (*current)->generation == gen) continue;
      auto start = GenerationStartMs(gen);
      if (start && *start <= cutoff) doomed.push_back(b.key);
    }
    cursor = page->cursor;
  } while (!cursor.empty());
  return store.DeleteMany(doomed);
}

}  // namespace bi::blob
