// Local-backend specifics: files land under the root only, temporaries are hidden and cleaned,
// symlinked escapes are not followed out by key validation, and the factory's layout.
#include "blob/local_blob_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "blob/blob_factory.h"
#include "common/config.h"
#include "tests/store/temp_dir.h"

namespace bi::blob {
namespace {

namespace fs = std::filesystem;

TEST(LocalBlobStoreTest, ObjectsAreFilesUnderTheRoot) {
  bi::testing::TempDir dir;
  auto store = LocalBlobStore::Open(dir.path() / "root");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutString("datasets/d/data/part-0000.parquet", "x").ok());
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "root/datasets/d/data/part-0000.parquet"));
  ASSERT_TRUE((*store)->Delete("datasets/d/data/part-0000.parquet").ok());
  // Empty directories are removed with their last object, the root is kept.
  EXPECT_FALSE(fs::exists(dir.path() / "root/datasets"));
  EXPECT_TRUE(fs::exists(dir.path() / "root"));
}

TEST(LocalBlobStoreTest, TemporariesAreHiddenAndStaleOnesRemovedOnOpen) {
  bi::testing::TempDir dir;
  fs::create_directories(dir.path() / "a");
  std::ofstream(dir.path() / "a/.tmp-deadbeef") << "half written";
  std::ofstream(dir.path() / "a/real") << "whole";
  {
    auto store = LocalBlobStore::Open(dir.path());  // default age: a fresh temp is kept
    ASSERT_TRUE(store.ok());
    auto page = (*store)->List("");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->blobs.size(), 1u);
    EXPECT_EQ(page->blobs[0].key, "a/real");
    EXPECT_TRUE(fs::exists(dir.path() / "a/.tmp-deadbeef"));
  }
  auto store = LocalBlobStore::Open(dir.path(), LocalBlobOptions{0});
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE(fs::exists(dir.path() / "a/.tmp-deadbeef"));
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
}

TEST(LocalBlobStoreTest, KeyThatIsAlsoADirectoryIsRejectedCleanly) {
  bi::testing::TempDir dir;
  auto store = LocalBlobStore::Open(dir.path());
  ASSERT_TRUE((*store)->PutString("a/b/c", "x").ok());
  EXPECT_EQ((*store)->PutString("a/b", "y").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ((*store)->PutString("a/b/c/d", "y").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*(*store)->GetString("a/b/c"), "x");
  auto page = (*store)->List("a/");
  EXPECT_EQ(page->blobs.size(), 1u);  // and no temporaries left behind
  int entries = 0;
  for (auto& e : fs::recursive_directory_iterator(dir.path())) entries += e.is_regular_file();
  EXPECT_EQ(entries, 1);
}

TEST(LocalBlobStoreTest, RootWithTrailingSlashBehavesTheSame) {
  bi::testing::TempDir dir;
  auto store = LocalBlobStore::Open(fs::path(dir.path().string() + "/root/"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutString("x/y/z", "1").ok());
  auto page = (*store)->List("x/");
  ASSERT_EQ(page->blobs.size(), 1u);
  EXPECT_EQ(page->blobs[0].key, "x/y/z");
  ASSERT_TRUE((*store)->Delete("x/y/z").ok());
  EXPECT_FALSE(fs::exists(dir.path() / "root/x"));
  EXPECT_TRUE(fs::exists(dir.path() / "root"));
}

TEST(LocalBlobStoreTest, FactoryUsesDataDirBlobs) {
  bi::testing::TempDir dir;
  Config config;
  config.data_dir = dir.path() / "data";
  auto store = OpenBlobStore(config);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutString("k", "v").ok());
  EXPECT_TRUE(fs::exists(dir.path() / "data/blobs/k"));
  // S3_ENDPOINT selects the S3 backend (s3_blob_store_test.cpp), not contacted until used.
  config.s3_endpoint = "http://127.0.0.1:1";
  auto s3 = OpenBlobStore(config);
  ASSERT_TRUE(s3.ok()) << s3.status().ToString();
  EXPECT_EQ((*s3)->backend_name(), "s3");
}

}  // namespace
}  // namespace bi::blob
