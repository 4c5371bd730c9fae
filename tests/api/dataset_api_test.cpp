// Datasets through the real API over HTTP: multipart import streamed to disk, inference shown
// in the response, preview with typed JSON, visibility (404 for others), patch with versions,
// replace, delete, and the 413/422 cases leaving nothing behind.

#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

#include "api/api_test_server.h"
#include "blob/dataset_keys.h"
#include "blob/publication.h"
#include "common/log.h"

namespace bi::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kPassword = "dataset-password-123";
const std::string kBoundary = kUploadBoundary;

class DatasetApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += line;
    });
    admin_ = api_.CreateUser("admin@example.com", kPassword, true);
    alice_ = api_.CreateUser("alice@example.com", kPassword, false);
    bob_ = api_.CreateUser("bob@example.com", kPassword, false);
    admin_token_ = api_.Login("admin@example.com", kPassword);
    alice_token_ = api_.Login("alice@example.com", kPassword);
    bob_token_ = api_.Login("bob@example.com", kPassword);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  HttpReply Upload(const std::string& method, const std::string& target, const std::string& token,
                   const std::map<std::string, std::string>& fields, const std::string& csv) {
    return api_.Upload(method, target, token, fields, csv);
  }
  json Create(const std::string& csv, std::map<std::string, std::string> fields = {}) {
    if (!fields.count("name")) fields["name"] = "sales";
    HttpReply r = Upload("POST", "/api/datasets", alice_token_, fields, csv);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }
  std::string Log() {
    log::Flush();
    std::lock_guard lock(mu_);
    return log_;
  }
  // Everything the import machinery could leave behind.
  size_t Leftovers() {
    size_t n = 0;
    // Dataset objects in whichever blob store the API runs on (local directory or S3)...
    std::string cursor;
    do {
      auto page = api_.ctx().blobs->List("datasets/", cursor);
      if (!page.ok()) throw std::runtime_error(page.status().ToString());
      n += page->blobs.size();
      cursor = page->cursor;
    } while (!cursor.empty());
    // ...and the work files of uploads and imports, always local.
    for (const char* sub : {"tmp/uploads", "tmp/imports"}) {
      fs::path p = fs::path(api_.ctx().config.data_dir) / sub;
      std::error_code ec;
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_regular_file()) ++n;
      }
    }
    return n;
  }
  size_t DatasetRecords() {
    HttpReply r = api_.Call("GET", "/api/datasets", admin_token_);
    return json::parse(r.body)["items"].size();
  }

  ApiTestServer api_;
  repo::User admin_, alice_, bob_;
  std::string admin_token_, alice_token_, bob_token_;
  std::mutex mu_;
  std::string log_;
};

const std::string kSalesCsv =
    "id,日付,時刻,地域,数量,単価,有効,メモ\r\n"
    "1,2024-01-02,2024-01-02T03:04:05,東京,10,1.5,true,\"a, b\"\r\n"
    "2,2024-01-03,2024-01-03 10:00:00,大阪,,2.25,FALSE,\"line\nbreak\"\r\n"
    "3,2024-01-04,2024-01-04T00:00:00.5,東京,7,NA,True,\"\"\"q\"\"\"\r\n";

TEST_F(DatasetApiTest, ImportInfersTypesAndPreviewKeepsThem) {
  json d = Create(kSalesCsv, {{"name", "売上"}, {"description", "daily"}});
  EXPECT_EQ(d["name"], "売上");
  EXPECT_EQ(d["description"], "daily");
  EXPECT_EQ(d["ownerId"], alice_.user_id);
  EXPECT_EQ(d["rowCount"], 3);
  EXPECT_EQ(d["sourceEncoding"], "utf-8");
  EXPECT_EQ(d["delimiter"], ",");
  EXPECT_EQ(d["version"], 1);
  EXPECT_EQ(d["dataVersion"], 1);
  EXPECT_EQ(d["sourceBytes"], kSalesCsv.size());
  EXPECT_GT(d["storedBytes"].get<int64_t>(), 0);
  std::vector<std::string> names, types;
  for (auto& c : d["schema"]) {
    names.push_back(c["name"]);
    types.push_back(c["type"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"id", "日付", "時刻", "地域", "数量", "単価", "有効",
                                             "メモ"}));
  EXPECT_EQ(types, (std::vector<std::string>{"int64", "date", "timestamp", "string", "int64",
                                             "float64", "bool", "string"}));
  EXPECT_EQ(d["schema"][4]["nullable"], true);
  EXPECT_EQ(d["schema"][0]["nullable"], false);

  const std::string id = d["datasetId"];
  EXPECT_NE(Log().find("\"dataset_created\""), std::string::npos);
  EXPECT_NE(Log().find("\"dataset_id\":\"" + id + "\""), std::string::npos);
  EXPECT_NE(Log().find("\"owner_id\":\"" + alice_.user_id + "\""), std::string::npos);

  // The parts are where the spec says, published through the manifest.
  auto manifest = blob::ReadManifest(*api_.ctx().blobs, blob::DatasetDataPrefix(id));
  ASSERT_TRUE(manifest.ok() && manifest->has_value());
  ASSERT_EQ((*manifest)->parts.size(), 1u);
  EXPECT_EQ((*manifest)->parts[0].name, "part-0000.parquet");

  HttpReply r = api_.Call("GET", "/api/datasets/" + id + "/preview?limit=10", alice_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  json p = json::parse(r.body);
  EXPECT_EQ(p["totalRows"], 3);
  ASSERT_EQ(p["rows"].size(), 3u);
  EXPECT_EQ(p["rows"][0],
            json::parse(R"([1,"2024-01-02","2024-01-02T03:04:05","東京",10,1.5,true,"a, b"])"));
  EXPECT_EQ(p["rows"][1][4], nullptr);
  EXPECT_EQ(p["rows"][1][7], "line\nbreak");
  EXPECT_EQ(p["rows"][2][2], "2024-01-04T00:00:00.500000");
  EXPECT_EQ(p["rows"][2][5], nullptr);
  EXPECT_EQ(p["rows"][2][7], "\"q\"");
  EXPECT_EQ(p["columns"][4]["nullCount"], 1);
  EXPECT_EQ(p["columns"][3]["distinctEstimate"], 2);
  EXPECT_EQ(p["columns"][4]["min"], 7);
  EXPECT_EQ(p["columns"][4]["max"], 10);

  r = api_.Call("GET", "/api/datasets/" + id + "/preview?limit=1&offset=2", alice_token_);
  p = json::parse(r.body);
  ASSERT_EQ(p["rows"].size(), 1u);
  EXPECT_EQ(p["rows"][0][0], 3);
  EXPECT_EQ(Leftovers(), 2u);  // the manifest and one part
}

TEST_F(DatasetApiTest, OthersGet404AdminsSeeAll) {
  json d = Create("a\n1\n");
  const std::string id = d["datasetId"];
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/datasets/" + id},
                                                        {"GET", "/api/datasets/" + id + "/preview"},
                                                        {"DELETE", "/api/datasets/" + id}}) {
    EXPECT_EQ(api_.Call(method, target, bob_token_).status, 404) << method << " " << target;
  }
  EXPECT_EQ(
      api_.Call("PATCH", "/api/datasets/" + id, bob_token_, {{"name", "x"}, {"version", 1}}).status,
      404);
  EXPECT_EQ(Upload("PUT", "/api/datasets/" + id + "/data", bob_token_, {}, "a\n2\n").status, 404);
  EXPECT_EQ(json::parse(api_.Call("GET", "/api/datasets", bob_token_).body)["items"].size(), 0u);
  EXPECT_EQ(json::parse(api_.Call("GET", "/api/datasets", alice_token_).body)["items"].size(), 1u);
  EXPECT_EQ(DatasetRecords(), 1u);
  EXPECT_EQ(api_.Call("GET", "/api/datasets/" + id, admin_token_).status, 200);
  EXPECT_EQ(api_.Call("GET", "/api/datasets", "").status, 401);
}

TEST_F(DatasetApiTest, PatchChecksTheVersion) {
  json d = Create("a\n1\n");
  const std::string id = d["datasetId"];
  HttpReply r = api_.Call("PATCH", "/api/datasets/" + id, alice_token_,
                          {{"name", "renamed"}, {"description", "d"}, {"version", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["name"], "renamed");
  EXPECT_EQ(json::parse(r.body)["version"], 2);
  r = api_.Call("PATCH", "/api/datasets/" + id, alice_token_, {{"name", "again"}, {"version", 1}});
  EXPECT_EQ(r.status, 409);
  r = api_.Call("PATCH", "/api/datasets/" + id, alice_token_, {{"name", ""}, {"version", 2}});
  EXPECT_EQ(r.status, 400);
}

TEST_F(DatasetApiTest, ReplaceDataMakesANewVersionAndDropsTheOldParts) {
  json d = Create("a,b\n1,x\n");
  const std::string id = d["datasetId"];
  auto before = blob::ReadManifest(*api_.ctx().blobs, blob::DatasetDataPrefix(id));
  HttpReply r = Upload("PUT", "/api/datasets/" + id + "/data", alice_token_, {{"version", "1"}},
                       "a,b,c\n1.5,y,2024-01-01\n2.5,z,\n");
  ASSERT_EQ(r.status, 200) << r.body;
  json after = json::parse(r.body);
  EXPECT_EQ(after["dataVersion"], 2);
  EXPECT_EQ(after["rowCount"], 2);
  EXPECT_EQ(after["schema"][0]["type"], "float64");
  EXPECT_EQ(after["schema"][2]["type"], "date");
  auto manifest = blob::ReadManifest(*api_.ctx().blobs, blob::DatasetDataPrefix(id));
  EXPECT_NE((*manifest)->generation, (*before)->generation);
  EXPECT_EQ(api_.ctx().blobs->Head((*before)->parts[0].key).status().code(), ErrorCode::kNotFound);
  json p = json::parse(api_.Call("GET", "/api/datasets/" + id + "/preview", alice_token_).body);
  EXPECT_EQ(p["rows"][1], json::parse(R"([2.5,"z",null])"));
  // A failed replace keeps the current data.
  r = Upload("PUT", "/api/datasets/" + id + "/data", alice_token_, {}, "a,b\n1\n");
  EXPECT_EQ(r.status, 422);
  r = Upload("PUT", "/api/datasets/" + id + "/data", alice_token_, {{"version", "1"}}, "a\n1\n");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(json::parse(api_.Call("GET", "/api/datasets/" + id, alice_token_).body)["rowCount"], 2);
  EXPECT_EQ(Leftovers(), 2u);
}

TEST_F(DatasetApiTest, DeleteRemovesRecordAndBlobs) {
  json d = Create("a\n1\n");
  const std::string id = d["datasetId"];
  EXPECT_EQ(api_.Call("DELETE", "/api/datasets/" + id, alice_token_).status, 204);
  EXPECT_EQ(api_.Call("GET", "/api/datasets/" + id, alice_token_).status, 404);
  EXPECT_EQ(Leftovers(), 0u);
  EXPECT_EQ(DatasetRecords(), 0u);
}

TEST_F(DatasetApiTest, BadFilesAre422WithLocationAndLeaveNothingBehind) {
  struct Case {
    std::string csv;
    std::map<std::string, std::string> fields;
    json expect;  // details subset
  };
  std::vector<Case> cases = {
      {"", {}, {{"reason", "empty file"}}},
      {"a,b\r\n", {}, {{"reason", "no data rows"}}},
      {"a,b\n1,2\n3\n", {}, {{"row", 3}, {"column", 2}, {"reason", "too few fields"}}},
      {"a,b\n1,2,3\n", {}, {{"row", 2}, {"reason", "too many fields"}}},
      {"a,b\n1,\xff\xfe\n",
       {{"encoding", "utf-8"}},
       {{"row", 2}, {"column", 2}, {"reason", "undecodable bytes"}}},
      {"a,b\r\n1,\x93\x8c\r\n2,x\xff\xfe\r\n",
       {{"encoding", "cp932"}},
       {{"row", 3}, {"column", 2}, {"reason", "undecodable bytes"}}},
      {"a\n1\n", {{"delimiter", "ab"}}, {{"field", "delimiter"}}},
      {"a\n1\n", {{"encoding", "ebcdic"}}, {{"field", "encoding"}}},
      {"a,b\n1,\"open\n", {}, {{"row", 2}, {"column", 2}}},
      {"n\n1\nx\n", {{"columnTypes", R"({"n":"int64"})"}}, {{"row", 3}, {"columnName", "n"}}},
  };
  for (const auto& c : cases) {
    auto fields = c.fields;
    fields["name"] = "bad";
    HttpReply r = Upload("POST", "/api/datasets", alice_token_, fields, c.csv);
    ASSERT_EQ(r.status, 422) << c.csv << " -> " << r.body;
    json err = json::parse(r.body)["error"];
    EXPECT_EQ(err["code"], "unprocessable");
    for (auto& [k, v] : c.expect.items()) EXPECT_EQ(err["details"][k], v) << c.csv << " " << k;
  }
  EXPECT_EQ(Leftovers(), 0u);
  EXPECT_EQ(DatasetRecords(), 0u);
}

TEST_F(DatasetApiTest, LenientModePadsShortRows) {
  json d = Create("a,b\n1,2\n3\n", {{"lenient", "true"}});
  EXPECT_EQ(d["rowCount"], 2);
}

TEST_F(DatasetApiTest, Cp932UploadIsDetectedAndKeepsItsExtensions) {
  // 名前,会社 / ①,㈱東京纊 in CP932.
  std::string csv = "\x96\xbc\x91\x4f,\x89\xef\x8e\xd0\r\n";
  for (int i = 0; i < 20; ++i) csv += "\x87\x40,\x87\x8a\x93\x8c\x8b\x9e\xed\x40\r\n";
  json d = Create(csv);
  EXPECT_EQ(d["sourceEncoding"], "cp932");
  EXPECT_EQ(d["schema"][0]["name"], "名前");
  json p = json::parse(
      api_.Call("GET", "/api/datasets/" + d["datasetId"].get<std::string>() + "/preview?limit=1",
                alice_token_)
          .body);
  EXPECT_EQ(p["rows"][0], json::parse(R"(["①","㈱東京纊"])"));
}

TEST_F(DatasetApiTest, OverTheLimitIs413BeforeTheBodyIsSent) {
  // A 100 MB + 1 byte file: the declared length alone is refused, nothing is read or stored.
  const uint64_t file_bytes = (100ull << 20) + 1;
  std::string head =
      "--" + kBoundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n";
  std::string tail = "\r\n--" + kBoundary + "--\r\n";
  TestConnection conn(api_.port());
  conn.Write("POST /api/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice_token_ +
             "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
             "\r\nExpect: 100-continue\r\nContent-Length: " +
             std::to_string(head.size() + file_bytes + tail.size()) + "\r\n\r\n");
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "payload_too_large");
  EXPECT_EQ(Leftovers(), 0u);
}

TEST_F(DatasetApiTest, ChunkedUploadOverTheLimitIs413) {
  TestConnection conn(api_.port());
  conn.Write("POST /api/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice_token_ +
             "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
             "\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk(1 << 20, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 102; ++i) {
    if (!conn.Write(size_line + chunk + "\r\n")) break;
  }
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Leftovers(), 0u);
}

TEST_F(DatasetApiTest, DownloadStreamsCsvAndParquet) {
  json d = Create(kSalesCsv, {{"name", "売上"}});
  const std::string id = d["datasetId"];
  HttpReply r = api_.Call("GET", "/api/datasets/" + id + "/download?format=csv", alice_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("content-disposition").find("filename*=UTF-8''%E5%A3%B2%E4%B8%8A.csv"),
            std::string::npos);
  EXPECT_EQ(r.body,
            "id,日付,時刻,地域,数量,単価,有効,メモ\r\n"
            "1,2024-01-02,2024-01-02T03:04:05,東京,10,1.5,true,\"a, b\"\r\n"
            "2,2024-01-03,2024-01-03T10:00:00,大阪,,2.25,false,\"line\nbreak\"\r\n"
            "3,2024-01-04,2024-01-04T00:00:00.500000,東京,7,,true,\"\"\"q\"\"\"\r\n");
  r = api_.Call("GET", "/api/datasets/" + id + "/download?format=parquet", alice_token_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 4), "PAR1");
  EXPECT_EQ(api_.Call("GET", "/api/datasets/" + id + "/download?format=xlsx", alice_token_).status,
            400);
  EXPECT_EQ(api_.Call("GET", "/api/datasets/" + id + "/download", bob_token_).status, 404);
  EXPECT_EQ(Leftovers(), 2u);
  std::error_code ec;
  EXPECT_TRUE(fs::is_empty(fs::path(api_.ctx().config.data_dir) / "tmp" / "downloads", ec));
}

TEST_F(DatasetApiTest, UploadNeedsAMultipartFilePart) {
  HttpReply r =
      Request(api_.port(), "POST", "/api/datasets", "a\n1\n",
              {{"Authorization", "Bearer " + alice_token_}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(r.status, 415);
  r = Request(api_.port(), "POST", "/api/datasets", "--" + kBoundary + "--\r\n",
              {{"Authorization", "Bearer " + alice_token_},
               {"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  EXPECT_EQ(r.status, 400);
}

}  // namespace
}  // namespace bi::testing
