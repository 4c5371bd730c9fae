#include "sample_table.h"

#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

namespace bi::parquet::testing {

namespace {

Field F(std::string name, ValueType t, bool nullable = true) {
  Field f;
  f.name = std::move(name);
  f.type = t;
  f.nullable = nullable;
  return f;
}

const char* kWords[] = {"",          "alpha",         "Tokyo", "東京",     "日本語テキスト",
                        "naïve",     "emoji 🎉 party", "a,b;c", "quote\"d", "line\nbreak",
                        "tab\there", "ｶﾀｶﾅ",          "Ω≈ç√∫", "zzz",      "東京都渋谷区"};

}  // namespace

Table MakeSampleTable(int64_t rows, uint64_t seed) {
  Table t;
  auto& s = t.schema.fields;
  s.push_back(F("id", ValueType::kInt64, false));
  s.push_back(F("i64", ValueType::kInt64));
  s.push_back(F("i32", ValueType::kInt32));
  s.push_back(F("i16", ValueType::kInt32));
  s.back().int_bit_width = 16;
  s.push_back(F("i8", ValueType::kInt32, false));
  s.back().int_bit_width = 8;
  s.push_back(F("f64", ValueType::kDouble));
  s.push_back(F("f32", ValueType::kFloat));
  s.push_back(F("flag", ValueType::kBool));
  s.push_back(F("day", ValueType::kDate));
  s.push_back(F("ts_us", ValueType::kTimestamp));
  s.back().unit = TimeUnit::kMicros;
  s.push_back(F("ts_ms_utc", ValueType::kTimestamp));
  s.back().unit = TimeUnit::kMillis;
  s.back().utc_adjusted = true;
  s.push_back(F("ts_ns", ValueType::kTimestamp));
  s.back().unit = TimeUnit::kNanos;
  s.push_back(F("name", ValueType::kString));
  s.push_back(F("uniq", ValueType::kString, false));
  s.push_back(F("blob", ValueType::kBinary));
  for (const auto& f : s) t.columns.emplace_back(f.type);

  std::mt19937_64 rng(seed);
  const int64_t i64x[] = {INT64_MIN, INT64_MAX, 0, -1, 1};
  const int32_t i32x[] = {INT32_MIN, INT32_MAX, 0, -1, 1};
  const int32_t i16x[] = {-32768, 32767, 0, -1, 1};
  const int32_t i8x[] = {-128, 127, 0, -1, 1};
  const double dx[] = {DBL_MAX, -DBL_MAX, DBL_MIN, 5e-324, -0.0, 0.0, INFINITY, -INFINITY, NAN};
  const float fx[] = {FLT_MAX, -FLT_MAX, FLT_MIN, 1e-45f, -0.0f, 0.0f, INFINITY, -INFINITY, NAN};
  const int32_t dayx[] = {-719162, 2932896, 0, -1};  // 0001-01-01, 9999-12-31, 1970-01-01
  const int64_t usx[] = {-62135596800000000, 253402300799999999, 0, -1};
  const int64_t msx[] = {-62135596800000, 253402300799999, 0, -1};
  const int64_t nsx[] = {-9000000000000000000, 9000000000000000000, 0, -1};

  auto& c = t.columns;
  for (int64_t r = 0; r < rows; ++r) {
    uint64_t x = rng();
    bool null = r >= 10 && (x % 7 == 0);  // extremes first, then ~14% nulls
    c[0].AppendInt(r);
    if (null)
      c[1].AppendNull();
    else
      c[1].AppendInt(r < 5 ? i64x[r] : static_cast<int64_t>(rng()));
    if (null && r % 2)
      c[2].AppendNull();
    else
      c[2].AppendInt(r < 5 ? i32x[r] : static_cast<int32_t>(rng() % 2000) - 1000);
    if (null)
      c[3].AppendNull();
    else
      c[3].AppendInt(r < 5 ? i16x[r] : static_cast<int32_t>(rng() % 65536) - 32768);
    c[4].AppendInt(r < 5 ? i8x[r] : static_cast<int32_t>(rng() % 256) - 128);
    if (null)
      c[5].AppendNull();
    else
      c[5].AppendDouble(r < 9 ? dx[r] : std::ldexp(static_cast<double>(rng() >> 11), -40) - 4096.0);
    if (null)
      c[6].AppendNull();
    else
      c[6].AppendDouble(r < 9 ? fx[r] : static_cast<float>(rng() % 100000) / 64.0f);
    if (null)
      c[7].AppendNull();
    else
      c[7].AppendBool(rng() & 1);
    if (null)
      c[8].AppendNull();
    else
      c[8].AppendInt(r < 4 ? dayx[r] : 18000 + static_cast<int32_t>(rng() % 3000));
    if (null)
      c[9].AppendNull();
    else
      c[9].AppendInt(r < 4 ? usx[r]
                           : 1600000000000000 + static_cast<int64_t>(rng() % 100000000000000));
    if (null)
      c[10].AppendNull();
    else
      c[10].AppendInt(r < 4 ? msx[r] : 1600000000000 + static_cast<int64_t>(rng() % 100000000000));
    if (null)
      c[11].AppendNull();
    else
      c[11].AppendInt(
          r < 4 ? nsx[r] : 1600000000000000000 + static_cast<int64_t>(rng() % 100000000000000000));
    if (null && r % 3)
      c[12].AppendNull();
    else
      c[12].AppendString(kWords[r < 15 ? r : rng() % (sizeof(kWords) / sizeof(kWords[0]))]);
    c[13].AppendString("u" + std::to_string(r * 2654435761u % 1000003) +
                       (r % 5 == 0 ? "日本" : "") + std::string(r % 13, 'x'));
    if (null) {
      c[14].AppendNull();
    } else {
      std::string b(static_cast<size_t>(rng() % 9), '\0');
      for (auto& ch : b) ch = static_cast<char>(rng() & 0xFF);
      c[14].AppendString(b);
    }
  }
  return t;
}

std::string CanonicalValue(const ColumnBuffer& c, int64_t r) {
  if (!c.IsValid(r)) return "null";
  char buf[64];
  auto fmt_double = [&](double v, const char* f) -> std::string {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    std::snprintf(buf, sizeof(buf), f, v);
    return buf;
  };
  switch (c.type) {
    case ValueType::kBool:
      return c.Values<uint8_t>()[r] ? "true" : "false";
    case ValueType::kInt32:
    case ValueType::kDate:
      return std::to_string(c.Values<int32_t>()[r]);
    case ValueType::kInt64:
    case ValueType::kTimestamp:
      return std::to_string(c.Values<int64_t>()[r]);
    case ValueType::kFloat:
      return fmt_double(c.Values<float>()[r], "%.9g");
    case ValueType::kDouble:
      return fmt_double(c.Values<double>()[r], "%.17g");
    case ValueType::kString:
      return std::string(c.StringAt(r));
    case ValueType::kBinary: {
      std::string out;
      for (unsigned char ch : c.StringAt(r)) {
        std::snprintf(buf, sizeof(buf), "%02x", ch);
        out += buf;
      }
      return out;
    }
  }
  return "?";
}

std::string TableToJson(const Schema& schema, const std::vector<ColumnBuffer>& columns) {
  nlohmann::json j;
  j["columns"] = nlohmann::json::array();
  for (const auto& f : schema.fields) {
    const char* unit = f.unit == TimeUnit::kMillis   ? "ms"
                       : f.unit == TimeUnit::kMicros ? "us"
                                                     : "ns";
    j["columns"].push_back({{"name", f.name},
                            {"type", std::string(ValueTypeName(f.type))},
                            {"unit", unit},
                            {"utc", f.utc_adjusted}});
  }
  auto& rows = j["rows"] = nlohmann::json::array();
  int64_t n = columns.empty() ? 0 : columns[0].length;
  for (int64_t r = 0; r < n; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (const auto& c : columns) {
      if (!c.IsValid(r)) {
        row.push_back(nullptr);
      } else {
        row.push_back(CanonicalValue(c, r));
      }
    }
    rows.push_back(std::move(row));
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bi::parquet::testing
