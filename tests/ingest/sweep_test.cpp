// The startup sweep after a crash: temporary files and unpublished dataset generations go,
// published data stays; on a shared store young generations stay (another instance may be
// publishing them).

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "blob/dataset_keys.h"
#include "blob/forwarding_blob_store.h"
#include "blob/local_blob_store.h"
#include "blob/publication.h"
#include "ingest/dataset_service.h"
#include "support/bi_process.h"

namespace bi::ingest {
namespace {

namespace fs = std::filesystem;

void Touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "x";
}

bool Exists(blob::BlobStore& store, const std::string& key) {
  return store.Head(key).ok();
}

// What a crash leaves: spooled uploads and work files, a replace that staged parts but never
// committed, and a create that never got to its manifest.
struct Crashed {
  std::string published_part, staged_part, orphan_part, manifest;
};

Crashed Crash(blob::BlobStore& store, const fs::path& tmp) {
  Touch(tmp / "uploads" / "body-1");
  Touch(tmp / "imports" / "work-1" / "part-0000.parquet");
  Crashed c;
  std::string a = blob::DatasetDataPrefix("datasetA"), b = blob::DatasetDataPrefix("datasetB");
  auto pub = blob::Publisher::Begin(store, a);
  EXPECT_TRUE(pub.ok());
  EXPECT_TRUE(pub->PutString("part-0000.parquet", "old").ok());
  auto m = pub->Commit();
  EXPECT_TRUE(m.ok());
  c.published_part = m->parts[0].key;
  c.manifest = a + blob::kManifestName;
  auto staged = blob::Publisher::Begin(store, a);
  EXPECT_TRUE(staged->PutString("part-0000.parquet", "new").ok());
  c.staged_part = a + "g-" + staged->generation() + "/part-0000.parquet";
  auto orphan = blob::Publisher::Begin(store, b);
  EXPECT_TRUE(orphan->PutString("part-0000.parquet", "lost").ok());
  c.orphan_part = b + "g-" + orphan->generation() + "/part-0000.parquet";
  return c;
}

TEST(SweepLeftovers, EmptiesTmpAndDeletesUnpublishedGenerations) {
  testing::TempDir dir;
  auto store = blob::LocalBlobStore::Open(fs::path(dir.path()) / "blobs");
  ASSERT_TRUE(store.ok());
  fs::path tmp = fs::path(dir.path()) / "tmp";
  Crashed c = Crash(**store, tmp);
  ASSERT_TRUE(Exists(**store, c.staged_part));

  auto r = SweepLeftovers(tmp, **store);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tmp_entries, 5);  // uploads, its file, imports, work-1, its part
  EXPECT_EQ(r->dataset_prefixes, 2);
  EXPECT_TRUE(fs::is_directory(tmp));
  EXPECT_TRUE(fs::is_empty(tmp));
  EXPECT_TRUE(Exists(**store, c.manifest));
  EXPECT_TRUE(Exists(**store, c.published_part));
  EXPECT_FALSE(Exists(**store, c.staged_part));
  EXPECT_FALSE(Exists(**store, c.orphan_part));
  auto manifest = blob::ReadManifest(**store, blob::DatasetDataPrefix("datasetA"));
  ASSERT_TRUE(manifest.ok() && *manifest);
  EXPECT_EQ((*manifest)->parts[0].key, c.published_part);

  // Nothing left: a second sweep removes nothing; a missing tmp directory is fine.
  r = SweepLeftovers(tmp, **store);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tmp_entries, 0);
  fs::remove(tmp);
  EXPECT_TRUE(SweepLeftovers(tmp, **store).ok());
}

// A store other processes may be writing to (S3 behind several API instances).
class SharedStore : public blob::ForwardingBlobStore {
 public:
  using ForwardingBlobStore::ForwardingBlobStore;
  std::string_view backend_name() const override { return "s3"; }
};

TEST(SweepLeftovers, KeepsYoungGenerationsOnASharedStore) {
  testing::TempDir dir;
  auto local = blob::LocalBlobStore::Open(fs::path(dir.path()) / "blobs");
  ASSERT_TRUE(local.ok());
  SharedStore store(**local);
  fs::path tmp = fs::path(dir.path()) / "tmp";
  Crashed c = Crash(store, tmp);
  auto r = SweepLeftovers(tmp, store);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(fs::is_empty(tmp));
  EXPECT_TRUE(Exists(store, c.published_part));
  EXPECT_TRUE(Exists(store, c.staged_part));
  EXPECT_TRUE(Exists(store, c.orphan_part));
}

}  // namespace
}  // namespace bi::ingest
