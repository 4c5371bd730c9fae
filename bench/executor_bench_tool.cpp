// Writes the executor benchmark's datasets: `executor_bench_tool DATA_DIR ID ROWS CSV_PATH`
// puts datasets/ID/data/g-bench/part-0000.parquet into DATA_DIR/blobs (the project's writer,
// default options) and the same rows as CSV (for the naive pandas peer). Prints the blob key.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "blob/local_blob_store.h"
#include "parquet/writer.h"

int main(int argc, char** argv) {
  using namespace bi::parquet;
  if (argc != 5) {
    std::cerr << "usage: executor_bench_tool DATA_DIR ID ROWS CSV_PATH\n";
    return 2;
  }
  const std::filesystem::path data_dir = argv[1];
  const std::string id = argv[2];
  const int64_t rows = std::atoll(argv[3]);
  static const char* kRegions[] = {"east", "west", "north", "south", "central", "kanto", "kansai"};
  Schema schema;
  schema.fields = {
      Field::Of("region", ValueType::kString, false), Field::Of("qty", ValueType::kInt64, false),
      Field::Of("price", ValueType::kDouble, false), Field::Of("day", ValueType::kDate, false)};
  std::vector<ColumnBuffer> cols;
  for (const auto& f : schema.fields) cols.emplace_back(f.type);
  std::mt19937_64 rng(42);
  std::ofstream csv(argv[4]);
  csv << "region,qty,price,day\n";
  char line[128];
  for (int64_t i = 0; i < rows; ++i) {
    const char* region = kRegions[rng() % 7];
    int64_t qty = static_cast<int64_t>(rng() % 100);
    double price = static_cast<double>(rng() % 100000) / 100.0;
    int32_t day = 19723 + static_cast<int32_t>(rng() % 365);
    cols[0].AppendString(region);
    cols[1].AppendInt(qty);
    cols[2].AppendDouble(price);
    cols[3].AppendInt(day);
    time_t t = static_cast<time_t>(day) * 86400;
    tm tmv;
    gmtime_r(&t, &tmv);
    snprintf(line, sizeof line, "%s,%lld,%.2f,%04d-%02d-%02d\n", region,
             static_cast<long long>(qty), price, tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday);
    csv << line;
  }
  const std::string tmp = (data_dir / (id + ".parquet.tmp")).string();
  std::filesystem::create_directories(data_dir);
  if (auto s = WriteFile(tmp, schema, cols); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  auto store = bi::blob::LocalBlobStore::Open(data_dir / "blobs");
  if (!store.ok()) return 1;
  const std::string key = "datasets/" + id + "/data/g-bench/part-0000.parquet";
  if (!(*store)->PutFile(key, tmp).ok()) return 1;
  std::filesystem::remove(tmp);
  std::cout << key << "\n";
  return 0;
}
