// DuckDB (@duckdb/node-api, an independent reader) reads the Parquet parts the importer wrote
// from a CSV made here (UTF-8 and CP932, Japanese headers, quotes, newlines, nulls, several
// parts) and must see exactly the CSV's values. Skipped when node or tests/peers/node_modules
// is missing.

#include <iconv.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chunked_source.h"
#include "ingest/importer.h"
#include "support/bi_process.h"

namespace bi::ingest {
namespace {

namespace fs = std::filesystem;

std::string ToCp932(const std::string& utf8) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t inleft = utf8.size();
  char* o = out.data();
  size_t outleft = out.size();
  size_t r = iconv(cd, &in, &inleft, &o, &outleft);
  iconv_close(cd);
  EXPECT_NE(r, static_cast<size_t>(-1));
  out.resize(out.size() - outleft);
  return out;
}

struct Fixture {
  std::string csv;
  nlohmann::json expected;
};

Fixture MakeFixture() {
  static const char* kNotes[] = {"東京", "say \"hi\"", "a, b", "line\nbreak", "①㈱纊", "", "plain"};
  Fixture f;
  f.csv = "id,金額,有効,日付,時刻,メモ,コード\r\n";
  f.expected["names"] = {"id", "金額", "有効", "日付", "時刻", "メモ", "コード"};
  f.expected["types"] = {"BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "VARCHAR", "VARCHAR"};
  f.expected["rows"] = nlohmann::json::array();
  for (int i = 0; i < 3000; ++i) {
    nlohmann::json row = nlohmann::json::array();
    char buf[128];
    std::string line = std::to_string(i) + ",";
    row.push_back(std::to_string(i));
    if (i % 10 == 3) {
      line += ",";
      row.push_back(nullptr);
    } else {
      std::snprintf(buf, sizeof buf, "%d.5", i - 1500);
      line += std::string(buf) + ",";
      row.push_back(buf);
    }
    line += i % 3 == 0 ? "TRUE," : "false,";
    row.push_back(i % 3 == 0 ? "true" : "false");
    int month = 1 + i % 12, day = 1 + i % 28;
    std::snprintf(buf, sizeof buf, i % 2 ? "2024/%d/%d," : "2024-%02d-%02d,", month, day);
    line += buf;
    std::snprintf(buf, sizeof buf, "2024-%02d-%02d", month, day);
    row.push_back(buf);
    std::snprintf(buf, sizeof buf, "2023-%02d-%02d%c%02d:%02d:%02d%s,", month, day,
                  i % 2 ? 'T' : ' ', i % 24, i % 60, (i * 7) % 60, i % 5 == 0 ? ".5" : "");
    line += buf;
    std::snprintf(buf, sizeof buf, "2023-%02d-%02d %02d:%02d:%02d%s", month, day, i % 24, i % 60,
                  (i * 7) % 60, i % 5 == 0 ? ".5" : "");
    row.push_back(buf);
    std::string note = kNotes[i % 7];
    if (note.find_first_of(",\"\n") != std::string::npos) {
      std::string q = "\"";
      for (char c : note) {
        if (c == '"') q += '"';
        q += c;
      }
      line += q + "\",";
    } else {
      line += note + ",";
    }
    row.push_back(note.empty() ? nlohmann::json(nullptr) : nlohmann::json(note));
    std::snprintf(buf, sizeof buf, "%05d", i % 1000);
    line += buf;
    row.push_back(buf);
    f.csv += line + "\r\n";
    f.expected["rows"].push_back(row);
  }
  return f;
}

std::string Shell(const std::string& cmd) {
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  ::pclose(pipe);
  return out;
}

class ImporterDuckDbTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ImporterDuckDbTest, DuckDbReadsTheCsvValues) {
  const fs::path peers = fs::path(BI_SOURCE_DIR) / "tests" / "peers" / "node_modules";
  if (!fs::exists(peers / "@duckdb") || Shell("command -v node").empty())
    GTEST_SKIP() << "node or @duckdb/node-api missing (run make deps)";
  testing::TempDir dir;
  Fixture f = MakeFixture();
  std::string bytes = GetParam() == "cp932" ? ToCp932(f.csv) : f.csv;
  std::string csv_path = dir.path() + "/in.csv";
  testing::WriteFile(csv_path, bytes);
  ImportOptions o;
  o.rows_per_part = 1000;
  o.batch_rows = 333;
  auto r = ImportCsv(ImportSource{csv_path, 0, bytes.size()}, o, dir.path());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->encoding, GetParam());
  ASSERT_EQ(r->part_files.size(), 3u);
  std::string expected_path = dir.path() + "/expected.json";
  testing::WriteFile(expected_path, f.expected.dump());
  std::string cmd = "node " + (fs::path(BI_SOURCE_DIR) / "tests/ingest/duckdb_check.mjs").string() +
                    " " + expected_path;
  for (const auto& p : r->part_files) cmd += " " + p;
  std::string out = Shell(cmd);
  EXPECT_EQ(out, "ok 3000\n");
}

INSTANTIATE_TEST_SUITE_P(Encodings, ImporterDuckDbTest, ::testing::Values("utf-8", "cp932"));

}  // namespace
}  // namespace bi::ingest
