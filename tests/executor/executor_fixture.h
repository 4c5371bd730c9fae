#pragma once
// One executor (service + HTTP server on a free 127.0.0.1 port) per test binary run, and a
// temp blob store holding small Parquet datasets written with the project's writer.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "blob/local_blob_store.h"
#include "executor/executor_service.h"
#include "http/server.h"
#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::testing {

// Writes a dataset of `rows` rows to `store` under datasets/{id}/data/g-test/part-0000.parquet
// (and more parts if `parts` > 1); returns the blob keys. Columns: region (5 strings,
// dictionary), qty (int64), price (float64, every 7th null), day (date), flag (bool),
// maybe (int64, every 5th null), name (unique strings, every tenth not ASCII), ts (timestamp us
// UTC).
std::vector<std::string> WriteSampleDataset(blob::BlobStore& store, const std::string& id,
                                            int64_t rows, int parts = 1,
                                            int64_t row_group_rows = 0);

class ExecutorEnv {
 public:
  static ExecutorEnv& Get();  // started once per process, torn down at exit
  int port() const { return port_; }
  executor::ExecutorService& service() { return *service_; }
  blob::BlobStore& store() { return *store_; }
  // The sample dataset (1,000 rows) as a request entry.
  nlohmann::json SampleDataset();

 private:
  ExecutorEnv();
  TempDir dir_;
  blob::BlobStore* store_ = nullptr;
  std::shared_ptr<executor::ExecutorService> service_;
  std::unique_ptr<http::Server> server_;
  int port_ = -1;
  std::vector<std::string> sample_keys_;
};

// POST /execute with `body`; the reply's JSON body is parsed into `json` (null if not JSON).
struct ExecReply {
  int status = 0;
  nlohmann::json json;
  std::string raw;
  std::map<std::string, std::string> headers;
};
ExecReply Execute(int port, const nlohmann::json& body,
                  const std::map<std::string, std::string>& headers = {});
// Shorthand: run `code` on the sample dataset.
ExecReply RunCard(const std::string& code, nlohmann::json extra = nlohmann::json::object());

}  // namespace bi::testing
