// Benchmark driver for bi::parquet (run by bench/parquet.bench.sh next to DuckDB):
//   parquet_bench write <out.parquet> <zstd|snappy> <reps>   -> {"ms":[...],"bytes":N}
//   parquet_bench read <file.parquet> <reps>                 -> {"ms":[...],"rows":N}
// The table: 1,000,000 rows x 10 columns (int64 x2, int32, double x2, bool, date, timestamp,
// two strings of low and medium cardinality), ~5% nulls in four columns, fixed seed.
// Single-threaded. Writes do not fsync (DuckDB's COPY is timed the same way).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "parquet/reader.h"
#include "parquet/writer.h"

using namespace bi::parquet;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kRows = 1000000;

Schema MakeSchema() {
  Schema s;
  auto add = [&](const char* n, ValueType t, bool nullable) {
    Field f;
    f.name = n;
    f.type = t;
    f.nullable = nullable;
    s.fields.push_back(f);
  };
  add("id", ValueType::kInt64, false);
  add("customer_id", ValueType::kInt64, true);
  add("quantity", ValueType::kInt32, true);
  add("price", ValueType::kDouble, true);
  add("score", ValueType::kDouble, false);
  add("active", ValueType::kBool, true);
  add("order_date", ValueType::kDate, false);
  add("created_at", ValueType::kTimestamp, false);
  add("city", ValueType::kString, true);
  add("product", ValueType::kString, false);
  return s;
}

std::vector<ColumnBuffer> MakeData() {
  static const char* cities[] = {"Tokyo",  "Osaka",  "Nagoya",   "Sapporo", "Fukuoka",
                                 "Kobe",   "Kyoto",  "Sendai",   "Chiba",   "Yokohama",
                                 "東京",   "大阪",   "New York", "London",  "Paris",
                                 "Berlin", "Madrid", "Rome",     "Seoul",   "Taipei"};
  Schema s = MakeSchema();
  std::vector<ColumnBuffer> c;
  for (const auto& f : s.fields) c.emplace_back(f.type);
  for (auto& col : c) col.Reserve(kRows, kRows * 12);
  std::mt19937_64 rng(2024);
  for (int64_t i = 0; i < kRows; ++i) {
    uint64_t x = rng();
    bool null = x % 20 == 0;
    c[0].AppendInt(i);
    if (null)
      c[1].AppendNull();
    else
      c[1].AppendInt(static_cast<int64_t>(rng() % 200000));
    c[2].AppendInt(1 + static_cast<int64_t>(rng() % 100));
    if (null)
      c[3].AppendNull();
    else
      c[3].AppendDouble(static_cast<double>(rng() % 1000000) / 100.0);
    c[4].AppendDouble(std::ldexp(static_cast<double>(rng() >> 11), -53));
    if (x % 33 == 0)
      c[5].AppendNull();
    else
      c[5].AppendBool(rng() & 1);
    c[6].AppendInt(18000 + static_cast<int64_t>(rng() % 2000));
    c[7].AppendInt(1600000000000000 + i * 31536 + static_cast<int64_t>(rng() % 1000000));
    if (null)
      c[8].AppendNull();
    else
      c[8].AppendString(cities[rng() % 20]);
    c[9].AppendString("product-" + std::to_string(rng() % 50000));
  }
  return c;
}

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: parquet_bench write <out> <codec> <reps> | read <file> <reps>\n");
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "write" && argc >= 5) {
    WriterOptions o;
    o.compression = std::string(argv[3]) == "snappy" ? Compression::kSnappy : Compression::kZstd;
    int reps = std::atoi(argv[4]);
    auto data = MakeData();
    std::string ms;
    uint64_t bytes = 0;
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      auto out = CreateLocalFile(argv[2], /*sync=*/false);
      if (!out.ok()) return 1;
      auto w = FileWriter::Open(std::move(out).value(), MakeSchema(), o);
      if (!w.ok()) return 1;
      bi::Status s = (*w)->WriteBatch(data);
      if (s.ok()) s = (*w)->Close();
      auto t1 = Clock::now();
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      ms += (r ? "," : "") + std::to_string(Ms(t0, t1));
      auto f = OpenLocalFile(argv[2]);
      bytes = (*f)->Size();
    }
    std::printf("{\"ms\":[%s],\"bytes\":%llu}\n", ms.c_str(),
                static_cast<unsigned long long>(bytes));
    return 0;
  }
  if (mode == "read") {
    int reps = std::atoi(argv[3]);
    std::string ms;
    int64_t rows = 0;
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      auto rd = FileReader::OpenFile(argv[2]);
      if (!rd.ok()) {
        std::fprintf(stderr, "%s\n", rd.status().ToString().c_str());
        return 1;
      }
      auto cols = (*rd)->ReadAll();
      auto t1 = Clock::now();
      if (!cols.ok()) {
        std::fprintf(stderr, "%s\n", cols.status().ToString().c_str());
        return 1;
      }
      rows = (*cols)[0].length;
      ms += (r ? "," : "") + std::to_string(Ms(t0, t1));
    }
    std::printf("{\"ms\":[%s],\"rows\":%lld}\n", ms.c_str(), static_cast<long long>(rows));
    return 0;
  }
  return 2;
}
