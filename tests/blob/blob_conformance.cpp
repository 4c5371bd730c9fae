// The blob-store conformance suite: what every blob backend must do identically.
#include "tests/blob/blob_conformance.h"

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include "blob/dataset_keys.h"
#include "blob/forwarding_blob_store.h"
#include "blob/publication.h"

namespace bi::blob::testing {
namespace {

std::string Pattern(uint64_t seed, size_t n) {
  std::string s(n, '\0');
  PatternSource::Fill(seed, 0, s.data(), n);
  return s;
}

std::vector<std::string> ListAll(BlobStore& store, const std::string& prefix, int limit) {
  std::vector<std::string> keys;
  std::string cursor;
  do {
    auto page = store.List(prefix, cursor, limit);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    EXPECT_LE(page->blobs.size(), static_cast<size_t>(limit));
    for (const auto& b : page->blobs) keys.push_back(b.key);
    cursor = page->cursor;
  } while (!cursor.empty());
  return keys;
}

long MaxRssKb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

}  // namespace

void BlobConformance::SetUp() {
  auto opened = GetParam().open(dir_.path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

TEST_P(BlobConformance, PutGetHeadDelete) {
  std::string binary("a\0b\xff\x80 end", 9);
  const std::vector<std::pair<std::string, std::string>> objects = {
      {"plain.txt", "hello"},
      {"empty", ""},
      {"bin/nul.bin", binary},
      {"日本語/ファイル 名.csv", "列1,列2\n値,😀\n"},
      {"datasets/d1/data/part-0000.parquet", Pattern(1, 100000)},
  };
  for (const auto& [key, data] : objects) ASSERT_TRUE(store().PutString(key, data).ok()) << key;
  for (const auto& [key, data] : objects) {
    auto got = store().GetString(key);
    ASSERT_TRUE(got.ok()) << key << ": " << got.status().ToString();
    EXPECT_EQ(*got, data) << key;
    auto info = store().Head(key);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->size, data.size());
    EXPECT_EQ(info->key, key);
  }
  ASSERT_TRUE(store().PutString("plain.txt", "replaced").ok());
  EXPECT_EQ(*store().GetString("plain.txt"), "replaced");
  ASSERT_TRUE(store().Delete("plain.txt").ok());
  EXPECT_EQ(store().GetString("plain.txt").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store().Head("plain.txt").status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(store().Delete("plain.txt").ok());  // missing: ok
  EXPECT_EQ(store().Open("never/was").status().code(), ErrorCode::kNotFound);
  // A prefix of keys is not itself an object.
  EXPECT_EQ(store().Head("datasets/d1").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store().GetString("datasets/d1/data").status().code(), ErrorCode::kNotFound);
}

TEST_P(BlobConformance, DeleteManyRemovesExistingKeysAndIgnoresMissingOnes) {
  // 30 objects among 1,050 keys: more than one DeleteObjects request's worth (1,000) on S3.
  std::vector<std::string> keys, existing;
  for (int i = 0; i < 1050; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "bulk/k-%04d", i);
    keys.push_back(key);
    if (i % 35 == 0) existing.push_back(key);
  }
  existing.push_back("bulk/a&b <c>.txt");  // escaped in S3's XML body
  keys.push_back(existing.back());
  for (const auto& key : existing) ASSERT_TRUE(store().PutString(key, key).ok()) << key;
  ASSERT_TRUE(store().PutString("kept/one", "1").ok());
  ASSERT_EQ(ListAll(store(), "bulk/", 1000).size(), existing.size());

  // A bad key fails the whole call before anything is deleted.
  EXPECT_EQ(store().DeleteMany({existing[0], "bad/../key"}).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store().Head(existing[0]).ok());

  auto deleted = store().DeleteMany(keys);
  ASSERT_TRUE(deleted.ok()) << deleted.ToString();
  EXPECT_TRUE(ListAll(store(), "bulk/", 1000).empty());
  EXPECT_EQ(store().Head(existing.back()).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(*store().GetString("kept/one"), "1");
  EXPECT_TRUE(store().DeleteMany(keys).ok());  // all missing now: still ok
  EXPECT_TRUE(store().DeleteMany({}).ok());
}

TEST_P(BlobConformance, PutFromFileAndFromStream) {
  auto path = dir_.path() / "source.bin";
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::string data = Pattern(7, 3 * 1024 * 1024 + 5);
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
  }
  ASSERT_TRUE(store().PutFile("from/file", path).ok());
  PatternSource stream(7, 3 * 1024 * 1024 + 5);
  ASSERT_TRUE(store().Put("from/stream", stream).ok());
  EXPECT_EQ(*store().GetString("from/file"), *store().GetString("from/stream"));
  EXPECT_EQ(store().PutFile("from/missing", dir_.path() / "nope").code(), ErrorCode::kNotFound);
}

// A work file handed over with MoveFile is stored whole (moved or copied), replaces an
// existing object, and publishes through a Publisher like a streamed part.
TEST_P(BlobConformance, MoveFileStoresAWorkFile) {
  const std::string data = Pattern(5, 2 * 1024 * 1024 + 11);
  auto write = [&](const std::filesystem::path& path) {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
  };
  auto path = dir_.path() / "work.bin";
  write(path);
  ASSERT_TRUE(store().PutString("moved/file", "old").ok());
  ASSERT_TRUE(store().MoveFile("moved/file", path).ok());
  EXPECT_EQ(*store().GetString("moved/file"), data);
  EXPECT_EQ(store().Head("moved/file")->size, data.size());
  EXPECT_EQ(store().MoveFile("moved/missing", dir_.path() / "nope").code(), ErrorCode::kNotFound);
  EXPECT_FALSE(store().MoveFile("moved/.tmp-x", dir_.path() / "nope").ok());

  write(path);
  auto pub = Publisher::Begin(store(), "moved/set/");
  ASSERT_TRUE(pub.ok());
  ASSERT_TRUE(pub->MoveFile("part-0000.parquet", path.string()).ok());
  auto manifest = pub->Commit();
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  ASSERT_EQ(manifest->parts.size(), 1u);
  EXPECT_EQ(manifest->parts[0].size, data.size());
  EXPECT_EQ(*store().GetString(manifest->parts[0].key), data);
}

TEST_P(BlobConformance, ByteRanges) {
  std::string data = Pattern(3, 10000);
  ASSERT_TRUE(store().PutString("r", data).ok());
  auto get = [&](uint64_t off, std::optional<uint64_t> len) {
    return store().GetString("r", ByteRange{off, len});
  };
  EXPECT_EQ(*get(0, 10), data.substr(0, 10));
  EXPECT_EQ(*get(4096, 1000), data.substr(4096, 1000));
  EXPECT_EQ(*get(9990, std::nullopt), data.substr(9990));
  EXPECT_EQ(*get(9990, 100), data.substr(9990));  // cut at the end
  EXPECT_EQ(*get(9999, 1), data.substr(9999));
  EXPECT_EQ(get(0, 0)->size(), 0u);
  EXPECT_EQ(get(10000, 1).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(get(20000, std::nullopt).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().GetString("missing", ByteRange{0, 1}).status().code(), ErrorCode::kNotFound);
}

TEST_P(BlobConformance, ListsByPrefixInOrderWithPages) {
  std::set<std::string> expected_d, expected_all;
  for (int i = 0; i < 120; ++i) {
    std::string key = "d/" + std::to_string(i % 7) + "/obj-" + std::to_string(i);
    ASSERT_TRUE(store().PutString(key, std::to_string(i)).ok());
    expected_d.insert(key);
    expected_all.insert(key);
  }
  for (const char* key : {"d0", "dx/1", "e/1", "d/1x/2"}) {
    ASSERT_TRUE(store().PutString(key, "x").ok());
    expected_all.insert(key);
  }
  expected_d.insert("d/1x/2");
  auto keys = ListAll(store(), "d/", 7);
  EXPECT_EQ(keys, std::vector<std::string>(expected_d.begin(), expected_d.end()));
  auto all = ListAll(store(), "", 1000);
  EXPECT_EQ(all, std::vector<std::string>(expected_all.begin(), expected_all.end()));
  // A prefix is a string prefix, not a directory.
  auto d1 = ListAll(store(), "d/1", 5);
  for (const auto& k : d1) EXPECT_EQ(k.rfind("d/1", 0), 0u) << k;
  EXPECT_NE(std::find(d1.begin(), d1.end(), "d/1x/2"), d1.end());
  EXPECT_EQ(ListAll(store(), "d/1/obj-1", 1000).size(), 4u);  // obj-1, obj-15, obj-106, obj-113
  EXPECT_TRUE(ListAll(store(), "nothing/", 10).empty());
  auto sizes = store().List("e/");
  ASSERT_TRUE(sizes.ok());
  ASSERT_EQ(sizes->blobs.size(), 1u);
  EXPECT_EQ(sizes->blobs[0].size, 1u);
  for (const auto& k : keys) ASSERT_TRUE(store().Delete(k).ok());
  EXPECT_TRUE(ListAll(store(), "d/", 50).empty());
  EXPECT_EQ(ListAll(store(), "", 50).size(), 3u);
  EXPECT_EQ(store().List("", "", 0).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(BlobConformance, RejectsInvalidKeys) {
  const std::vector<std::string> bad = {"",
                                        "/etc/passwd",
                                        "../escape",
                                        "a/../../escape",
                                        "..",
                                        ".",
                                        "a/./b",
                                        "a//b",
                                        "a/",
                                        std::string("nul\0byte", 8),
                                        "back\\slash",
                                        "ctl\x01",
                                        "a/.tmp-123",
                                        std::string(1025, 'k'),
                                        std::string(256, 's') + "/x",
                                        "bad\xff utf8"};
  for (const auto& key : bad) {
    EXPECT_EQ(store().PutString(key, "x").code(), ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store().GetString(key).status().code(), ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store().Head(key).status().code(), ErrorCode::kInvalidArgument) << key;
    EXPECT_EQ(store().Delete(key).code(), ErrorCode::kInvalidArgument) << key;
  }
  EXPECT_EQ(store().List("../").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().List("/abs").status().code(), ErrorCode::kInvalidArgument);
  // Nothing was written anywhere near the store's directory.
  EXPECT_FALSE(std::filesystem::exists(dir_.path().parent_path() / "escape"));
  EXPECT_TRUE(ListAll(store(), "", 1000).empty());
}

TEST_P(BlobConformance, StreamsA200MBObjectInBoundedMemory) {
  constexpr uint64_t kSize = 200ULL * 1024 * 1024 + 12345;
  long rss_before = MaxRssKb();
  PatternSource source(42, kSize);
  ASSERT_TRUE(store().Put("big/object.bin", source).ok());
  auto info = store().Head("big/object.bin");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, kSize);
  auto reader = store().Open("big/object.bin");
  ASSERT_TRUE(reader.ok());
  bool ok = false;
  EXPECT_EQ(VerifyPattern(**reader, 42, 0, &ok), kSize);
  EXPECT_TRUE(ok) << "content differs";
  for (uint64_t off : {uint64_t{0}, uint64_t{1} << 20, uint64_t{150} << 20, kSize - 100}) {
    auto r = store().Open("big/object.bin", ByteRange{off, 3 << 20});
    ASSERT_TRUE(r.ok());
    bool range_ok = false;
    EXPECT_EQ(VerifyPattern(**r, 42, off, &range_ok), std::min<uint64_t>(3 << 20, kSize - off));
    EXPECT_TRUE(range_ok) << "range at " << off;
  }
  // Never the whole object in memory: far less than 200 MB more at peak.
  EXPECT_LT(MaxRssKb() - rss_before, 64 * 1024);
  ASSERT_TRUE(store().Delete("big/object.bin").ok());
}

TEST_P(BlobConformance, ReadersSeeWholeObjectsDuringConcurrentOverwrites) {
  constexpr int kWriters = 3, kRounds = 15;
  constexpr size_t kSize = 256 * 1024;
  ASSERT_TRUE(store().PutString("hot", std::string(kSize, '\0')).ok());
  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, errors{0}, reads{0};
  std::thread reader([&] {
    while (!done) {
      auto got = store().GetString("hot");
      if (!got.ok()) {
        errors++;
        continue;
      }
      reads++;
      // Every version is one byte value repeated: a mix would show two values.
      if (got->size() != kSize || got->find_first_not_of((*got)[0]) != std::string::npos) torn++;
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int r = 0; r < kRounds; ++r) {
        if (!store()
                 .PutString("hot", std::string(kSize, static_cast<char>('A' + w * 20 + r)))
                 .ok()) {
          errors++;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

TEST_P(BlobConformance, PublishesSetsAllOrNothing) {
  const std::string prefix = DatasetDataPrefix("ds1");
  auto none = ReadManifest(store(), prefix);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto v1 = Publisher::Begin(store(), prefix);
  ASSERT_TRUE(v1.ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(v1->PutString(DatasetPartName(i), "v1 part " + std::to_string(i)).ok());
  }
  // Staged parts are not visible through the manifest before Commit.
  EXPECT_FALSE(ReadManifest(store(), prefix)->has_value());
  auto m1 = v1->Commit({{"rows", 3}});
  ASSERT_TRUE(m1.ok()) << m1.status().ToString();
  auto read1 = ReadManifest(store(), prefix);
  ASSERT_TRUE(read1.ok() && read1->has_value());
  EXPECT_EQ((*read1)->generation, v1->generation());
  ASSERT_EQ((*read1)->parts.size(), 3u);
  EXPECT_EQ((*read1)->meta["rows"], 3);
  for (int i = 0; i < 3; ++i) {
    auto part = OpenPart(store(), **read1, DatasetPartName(i));
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(*ReadAll(**part), "v1 part " + std::to_string(i));
    EXPECT_EQ((*read1)->parts[i].key.rfind(prefix + "g-", 0), 0u);
    EXPECT_NE((*read1)->parts[i].key.find("/part-000" + std::to_string(i) + ".parquet"),
              std::string::npos);
  }

  // A second version staged halfway: readers still get all of v1.
  auto v2 = Publisher::Begin(store(), prefix);
  ASSERT_TRUE(v2.ok());
  ASSERT_TRUE(v2->PutString(DatasetPartName(0), "v2 part 0").ok());
  auto mid = ReadManifest(store(), prefix);
  EXPECT_EQ((*mid)->generation, v1->generation());
  EXPECT_EQ(*ReadAll(**OpenPart(store(), **mid, DatasetPartName(2))), "v1 part 2");
  ASSERT_TRUE(v2->PutString(DatasetPartName(1), "v2 part 1").ok());
  ASSERT_TRUE(v2->Commit().ok());
  auto read2 = ReadManifest(store(), prefix);
  ASSERT_EQ((*read2)->parts.size(), 2u);
  EXPECT_EQ(*ReadAll(**OpenPart(store(), **read2, DatasetPartName(1))), "v2 part 1");
  EXPECT_EQ(OpenPart(store(), **read2, DatasetPartName(2)).status().code(), ErrorCode::kNotFound);
  // The previous generation is gone; only v2's parts and the manifest remain.
  EXPECT_EQ(ListAll(store(), prefix, 100).size(), 3u);

  // An aborted publication leaves nothing behind and changes nothing.
  auto v3 = Publisher::Begin(store(), prefix);
  ASSERT_TRUE(v3->PutString(DatasetPartName(0), "v3").ok());
  ASSERT_TRUE(v3->Abort().ok());
  EXPECT_EQ((*ReadManifest(store(), prefix))->generation, v2->generation());
  EXPECT_EQ(ListAll(store(), prefix, 100).size(), 3u);

  ASSERT_TRUE(DeletePublished(store(), prefix).ok());
  EXPECT_FALSE(ReadManifest(store(), prefix)->has_value());
  EXPECT_TRUE(ListAll(store(), prefix, 100).empty());
  EXPECT_EQ(Publisher::Begin(store(), "no-slash").status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(BlobConformance, FailedPublicationIsNeverVisible) {
  // A store that fails the third Put, as a full disk or a network error would.
  class FailThirdPut : public ForwardingBlobStore {
   public:
    using ForwardingBlobStore::ForwardingBlobStore;
    Status Put(std::string_view key, ByteSource& data) override {
      if (++puts_ == 3) return Status::IoError("injected failure");
      return ForwardingBlobStore::Put(key, data);
    }
    int puts_ = 0;
  } faulty(store());
  const std::string prefix = "datasets/ds2/data/";
  auto pub = Publisher::Begin(faulty, prefix);
  ASSERT_TRUE(pub.ok());
  ASSERT_TRUE(pub->PutString(DatasetPartName(0), "a").ok());
  ASSERT_TRUE(pub->PutString(DatasetPartName(1), "b").ok());
  EXPECT_EQ(pub->PutString(DatasetPartName(2), "c").code(), ErrorCode::kIoError);
  ASSERT_TRUE(pub->Abort().ok());
  EXPECT_FALSE(ReadManifest(store(), prefix)->has_value());
  EXPECT_TRUE(ListAll(store(), prefix, 100).empty());
}

TEST_P(BlobConformance, ReadersNeverSeeAMixOfGenerations) {
  const std::string prefix = "datasets/ds3/data/";
  auto publish = [&](int version) {
    auto pub = Publisher::Begin(store(), prefix);
    if (!pub.ok()) return false;
    for (int i = 0; i < 4; ++i) {
      if (!pub->PutString(DatasetPartName(i), "version " + std::to_string(version)).ok())
        return false;
    }
    return pub->Commit().ok();
  };
  ASSERT_TRUE(publish(0));
  std::atomic<bool> done{false};
  std::atomic<int> mixed{0}, complete{0};
  std::thread reader([&] {
    while (!done) {
      auto m = ReadManifest(store(), prefix);
      if (!m.ok() || !m->has_value()) {
        mixed++;
        continue;
      }
      std::set<std::string> contents;
      bool vanished = false;
      for (const auto& part : (*m)->parts) {
        auto data = store().GetString(part.key);
        if (!data.ok()) {
          vanished = data.status().code() == ErrorCode::kNotFound;  // superseded: read again
          if (!vanished) mixed++;
          break;
        }
        contents.insert(*data);
      }
      if (vanished) continue;
      if (contents.size() != 1 || (*m)->parts.size() != 4) mixed++;
      complete++;
    }
  });
  for (int v = 1; v <= 15; ++v) ASSERT_TRUE(publish(v));
  done = true;
  reader.join();
  EXPECT_EQ(mixed.load(), 0);
  EXPECT_GT(complete.load(), 0);
}

TEST_P(BlobConformance, ADamagedManifestIsReportedAndCanBeRepublished) {
  const std::string prefix = "datasets/ds5/data/";
  ASSERT_TRUE(store().PutString(prefix + kManifestName, "{not json").ok());
  EXPECT_EQ(ReadManifest(store(), prefix).status().code(), ErrorCode::kCorruption);
  auto pub = Publisher::Begin(store(), prefix);
  ASSERT_TRUE(pub->PutString("part-0000.parquet", "fresh").ok());
  ASSERT_TRUE(pub->Commit().ok());
  auto m = ReadManifest(store(), prefix);
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ(*ReadAll(**OpenPart(store(), **m, "part-0000.parquet")), "fresh");
}

TEST_P(BlobConformance, PruneRemovesOnlyUnreferencedGenerations) {
  const std::string prefix = "datasets/ds4/data/";
  auto keep = Publisher::Begin(store(), prefix);
  ASSERT_TRUE(keep->PutString("part-0000.parquet", "keep").ok());
  ASSERT_TRUE(keep->Commit().ok());
  auto orphan = Publisher::Begin(store(), prefix);  // a publisher that crashed mid-way
  ASSERT_TRUE(orphan->PutString("part-0000.parquet", "orphan").ok());
  ASSERT_TRUE(PruneUnpublished(store(), prefix, 3600 * 1000).ok());  // too young: kept
  EXPECT_EQ(ListAll(store(), prefix, 100).size(), 3u);
  ASSERT_TRUE(PruneUnpublished(store(), prefix, -1000).ok());
  EXPECT_EQ(ListAll(store(), prefix, 100).size(), 2u);
  auto m = ReadManifest(store(), prefix);
  EXPECT_EQ(*ReadAll(**OpenPart(store(), **m, "part-0000.parquet")), "keep");
}

}  // namespace bi::blob::testing
