// Test helper for the npm interop checks (interop.mjs):
//   interop_tool write-sample <dir> <rows>   writes the sample table in several configurations
//                                            and <dir>/expected.json from the in-memory data
//   interop_tool dump <file.parquet> [dict]  reads a file with bi::parquet and prints the
//                                            canonical JSON (dict: via dictionary codes)
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "sample_table.h"

using namespace bi::parquet;

namespace {

int Fail(const bi::Status& s) {
  std::cerr << "error: " << s.ToString() << "\n";
  return 1;
}

struct Config {
  const char* name;
  Compression compression;
  int64_t row_group_rows;
  int64_t page_bytes;
  bool dictionary;
  int64_t dictionary_max_bytes;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "write-sample") {
    std::string dir = argv[2];
    int64_t rows = std::atoll(argv[3]);
    auto t = testing::MakeSampleTable(rows);
    const Config configs[] = {
        {"zstd", Compression::kZstd, 122880, 1 << 20, true, 1 << 20},
        {"snappy", Compression::kSnappy, 122880, 1 << 20, true, 1 << 20},
        {"uncompressed", Compression::kUncompressed, 122880, 1 << 20, true, 1 << 20},
        {"zstd_rowgroups", Compression::kZstd, 997, 4096, true, 1 << 20},
        {"snappy_rowgroups", Compression::kSnappy, 1500, 2048, true, 1 << 20},
        {"plain", Compression::kSnappy, 2000, 1 << 20, false, 0},
        {"dict_fallback", Compression::kZstd, 3000, 8192, true, 2048},
    };
    for (const auto& c : configs) {
      WriterOptions o;
      o.compression = c.compression;
      o.row_group_rows = c.row_group_rows;
      o.page_bytes = c.page_bytes;
      o.dictionary = c.dictionary;
      o.dictionary_max_bytes = c.dictionary_max_bytes;
      // Stream in uneven batches, as an importer would.
      auto w = FileWriter::Create(dir + "/" + c.name + ".parquet", t.schema, o);
      if (!w.ok()) return Fail(w.status());
      (*w)->SetMetadata("bi.test", std::string("config=") + c.name);
      int64_t done = 0, step = 777;
      while (done < t.rows()) {
        int64_t n = std::min(step, t.rows() - done);
        std::vector<ColumnBuffer> batch;
        for (const auto& col : t.columns) {
          ColumnBuffer b(col.type);
          for (int64_t r = done; r < done + n; ++r) {
            if (!col.IsValid(r))
              b.AppendNull();
            else if (col.is_string_like())
              b.AppendString(col.StringAt(r));
            else if (col.type == ValueType::kBool)
              b.AppendBool(col.Values<uint8_t>()[r]);
            else if (col.type == ValueType::kFloat)
              b.AppendDouble(col.Values<float>()[r]);
            else if (col.type == ValueType::kDouble)
              b.AppendDouble(col.Values<double>()[r]);
            else if (FixedWidth(col.type) == 4)
              b.AppendInt(col.Values<int32_t>()[r]);
            else
              b.AppendInt(col.Values<int64_t>()[r]);
          }
          batch.push_back(std::move(b));
        }
        bi::Status s = (*w)->WriteBatch(batch);
        if (!s.ok()) return Fail(s);
        done += n;
        step = step * 3 % 5000 + 1;
      }
      bi::Status s = (*w)->Close();
      if (!s.ok()) return Fail(s);
    }
    auto save = [&](const std::string& name, const testing::Table& tab) {
      FILE* f = std::fopen((dir + "/" + name).c_str(), "w");
      std::string json = testing::TableToJson(tab.schema, tab.columns);
      std::fwrite(json.data(), 1, json.size(), f);
      std::fclose(f);
    };
    save("expected.json", t);
    // Edge cases: no rows at all, and every nullable column entirely null.
    auto empty = testing::MakeSampleTable(0);
    bi::Status s = WriteFile(dir + "/empty.parquet", empty.schema, empty.columns, {},
                             {{"bi.test", "config=empty"}});
    if (!s.ok()) return Fail(s);
    save("empty.expected.json", empty);
    auto allnull = testing::MakeSampleTable(3000);
    for (size_t c = 0; c < allnull.columns.size(); ++c) {
      if (!allnull.schema.fields[c].nullable) continue;
      ColumnBuffer nulls(allnull.columns[c].type);
      for (int64_t r = 0; r < allnull.rows(); ++r) nulls.AppendNull();
      allnull.columns[c] = std::move(nulls);
    }
    WriterOptions small_groups;
    small_groups.row_group_rows = 1000;
    s = WriteFile(dir + "/allnull.parquet", allnull.schema, allnull.columns, small_groups,
                  {{"bi.test", "config=allnull"}});
    if (!s.ok()) return Fail(s);
    save("allnull.expected.json", allnull);
    return 0;
  }
  if (argc >= 3 && std::string(argv[1]) == "dump") {
    auto r = FileReader::OpenFile(argv[2]);
    if (!r.ok()) return Fail(r.status());
    ReadOptions ro;
    ro.keep_dictionary = argc >= 4 && std::string(argv[3]) == "dict";
    auto cols = (*r)->ReadAll(ro);
    if (!cols.ok()) return Fail(cols.status());
    std::cout << testing::TableToJson((*r)->schema(), *cols) << "\n";
    return 0;
  }
  std::cerr << "usage: interop_tool write-sample <dir> <rows> | dump <file> [dict]\n";
  return 2;
}
