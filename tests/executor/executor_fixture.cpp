#include "executor_fixture.h"

#include <cstdlib>
#include <filesystem>

#include "executor/executor_router.h"
#include "parquet/writer.h"

namespace bi::testing {

std::vector<std::string> WriteSampleDataset(blob::BlobStore& store, const std::string& id,
                                            int64_t rows, int parts, int64_t row_group_rows) {
  using parquet::ColumnBuffer;
  using parquet::Field;
  using parquet::ValueType;
  parquet::Schema schema;
  Field ts = Field::Of("ts", ValueType::kTimestamp);
  ts.unit = parquet::TimeUnit::kMicros;
  ts.utc_adjusted = true;
  schema.fields = {Field::Of("region", ValueType::kString, false),
                   Field::Of("qty", ValueType::kInt64, false),
                   Field::Of("price", ValueType::kDouble),
                   Field::Of("day", ValueType::kDate),
                   Field::Of("flag", ValueType::kBool),
                   Field::Of("maybe", ValueType::kInt64),
                   Field::Of("name", ValueType::kString),
                   ts};
  static const char* kRegions[] = {"east", "west", "north", "south", "central"};
  std::vector<std::string> keys;
  const int64_t per_part = (rows + parts - 1) / parts;
  for (int p = 0; p < parts; ++p) {
    std::vector<ColumnBuffer> cols;
    for (const auto& f : schema.fields) cols.emplace_back(f.type);
    const int64_t begin = p * per_part, end = std::min(rows, begin + per_part);
    for (int64_t i = begin; i < end; ++i) {
      cols[0].AppendString(kRegions[i % 5]);
      cols[1].AppendInt(i % 10);
      if (i % 7 == 3)
        cols[2].AppendNull();
      else
        cols[2].AppendDouble(static_cast<double>(i) * 0.5);
      cols[3].AppendInt(19723 + i % 30);  // 2024-01-01 + n days
      cols[4].AppendBool(i % 2 == 0);
      if (i % 5 == 4)
        cols[5].AppendNull();
      else
        cols[5].AppendInt(i);
      cols[6].AppendString((i % 10 == 9 ? "名前-" : "name-") + std::to_string(i));
      cols[7].AppendInt(1'704'067'200'000'000 + i * 1'000'000);  // 2024-01-01T00:00:00Z + i s
    }
    std::string tmp = (std::filesystem::temp_directory_path() /
                       ("bi-exec-test-" + std::to_string(getpid()) + "-" + id + ".parquet"))
                          .string();
    parquet::WriterOptions wo;
    if (row_group_rows > 0) wo.row_group_rows = row_group_rows;
    Status s = parquet::WriteFile(tmp, schema, cols, wo);
    if (!s.ok()) std::abort();
    char name[32];
    snprintf(name, sizeof name, "part-%04d.parquet", p);
    std::string key = "datasets/" + id + "/data/g-test/" + name;
    if (!store.PutFile(key, tmp).ok()) std::abort();
    std::filesystem::remove(tmp);
    keys.push_back(key);
  }
  return keys;
}

ExecutorEnv& ExecutorEnv::Get() {
  // Torn down at exit, so that its zygotes, scratch root and temp dir do not outlive the test.
  static ExecutorEnv* env = [] {
    auto* e = new ExecutorEnv();
    std::atexit([] { delete &Get(); });
    return e;
  }();
  return *env;
}

ExecutorEnv::ExecutorEnv() {
  auto store = blob::LocalBlobStore::Open(std::filesystem::path(dir_.path()) / "blobs");
  if (!store.ok()) std::abort();
  store_ = store->get();
  std::unique_ptr<blob::BlobStore> owned = std::move(store).value();
  sample_keys_ = WriteSampleDataset(*owned, "sample", 1000);
  executor::ExecutorOptions options = executor::ExecutorOptions::FromEnvironment();
  options.workers = 2;
  options.max_queue = 2;
  service_ = std::make_shared<executor::ExecutorService>(options, std::move(owned));
  http::ServerOptions so;
  so.name = "executor";
  so.host = "127.0.0.1";
  so.port = 0;
  so.io_threads = 1;
  so.access_log = false;
  server_ = std::make_unique<http::Server>(so, executor::BuildExecutorRouter(service_, ""));
  if (!server_->Start().ok()) std::abort();
  port_ = server_->port();
}

nlohmann::json ExecutorEnv::SampleDataset() {
  return {{"alias", "df"}, {"datasetId", "sample"}, {"version", 1}, {"blobKeys", sample_keys_}};
}

ExecReply Execute(int port, const nlohmann::json& body,
                  const std::map<std::string, std::string>& headers) {
  auto h = headers;
  h["Content-Type"] = "application/json";
  HttpReply r = Request(port, "POST", "/execute", body.dump(), h);
  ExecReply out;
  out.status = r.status;
  out.raw = r.body;
  out.headers = r.headers;
  out.json = nlohmann::json::parse(r.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

ExecReply RunCard(const std::string& code, nlohmann::json extra) {
  ExecutorEnv& env = ExecutorEnv::Get();
  nlohmann::json body = {{"code", code}, {"datasets", {env.SampleDataset()}}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  return Execute(env.port(), body);
}

}  // namespace bi::testing
