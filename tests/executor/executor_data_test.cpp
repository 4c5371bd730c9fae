// Data hand-off: Parquet -> binary buffers -> pandas, the type mapping, pushed-down filters
// with row-group pruning, several datasets by alias, and the decoded-dataset cache.

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;

TEST(ExecutorData, TypesMapToPandasAsDocumented) {
  ExecReply r = RunCard("result = {c: str(t) for c, t in df.dtypes.items()}");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["value"], json::parse(R"({
      "region": "category", "qty": "int64", "price": "float64", "day": "datetime64[ns]",
      "flag": "bool", "maybe": "Int64", "name": "object", "ts": "datetime64[ns, UTC]"})"));
}

TEST(ExecutorData, ValuesAndNullsSurviveTheHandOff) {
  ExecReply r = RunCard(
      "result = {\n"
      "  'rows': len(df),\n"
      "  'price_nulls': int(df['price'].isna().sum()),\n"
      "  'maybe_nulls': int(df['maybe'].isna().sum()),\n"
      "  'maybe_is_na': df['maybe'][4] is pd.NA,\n"
      "  'maybe_sum': int(df['maybe'].sum()),\n"
      "  'price3': df['price'][3] != df['price'][3],\n"
      "  'day0': str(df['day'][0].date()),\n"
      "  'ts1': df['ts'][1].isoformat(),\n"
      "  'name7': df['name'][7],\n"
      "  'name9': df['name'][9],\n"
      "  'region': list(df['region'].cat.categories),\n"
      "  'flags': int(df['flag'].sum()),\n"
      "}");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& v = r.json["result"]["value"];
  EXPECT_EQ(v["rows"], 1000);
  EXPECT_EQ(v["price_nulls"], 143);  // i % 7 == 3 for i < 1000
  EXPECT_EQ(v["maybe_nulls"], 200);
  EXPECT_EQ(v["maybe_is_na"], true);
  // sum of i for i % 5 != 4, i < 1000
  int64_t expected = 0;
  for (int i = 0; i < 1000; ++i)
    if (i % 5 != 4) expected += i;
  EXPECT_EQ(v["maybe_sum"], expected);
  EXPECT_EQ(v["price3"], true);  // NaN
  EXPECT_EQ(v["day0"], "2024-01-01");
  EXPECT_EQ(v["ts1"], "2024-01-01T00:00:01+00:00");
  EXPECT_EQ(v["name7"], "name-7");
  EXPECT_EQ(v["name9"], "名前-9");  // not ASCII: decoded value by value
  EXPECT_EQ(v["flags"], 500);
  EXPECT_EQ(v["region"].size(), 5u);
}

TEST(ExecutorData, FiltersArePushedDownAndPruneRowGroups) {
  ExecutorEnv& env = ExecutorEnv::Get();
  // 4 row groups of 250 rows: qty is i % 10 everywhere, but `maybe` grows with i.
  auto keys = WriteSampleDataset(env.store(), "grouped", 1000, 1, 250);
  json ds = {{"datasetId", "grouped"}, {"version", 1}, {"blobKeys", keys}};
  ExecReply r =
      Execute(env.port(), {{"code",
                            "result = [len(df), int(df['maybe'].min()), "
                            "sorted(df['region'].unique().tolist())]"},
                           {"datasets", {ds}},
                           {"filters",
                            {{{"column", "maybe"}, {"op", "ge"}, {"value", 600}},
                             {{"column", "region"}, {"op", "in"}, {"values", {"east", "west"}}}}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  // i >= 600 with i % 5 in {0, 1} and i % 5 != 4: 400 rows * 2/5 = 160
  EXPECT_EQ(r.json["result"]["value"], json::parse(R"([160, 600, ["east", "west"]])"));
  auto stats = env.service().Stats();
  EXPECT_GE(stats["cache"]["images"].get<int>(), 1);
}

TEST(ExecutorData, SecondDatasetByAliasAndSeveralParts) {
  ExecutorEnv& env = ExecutorEnv::Get();
  auto keys = WriteSampleDataset(env.store(), "multi", 3000, 3);
  json body = {
      {"code", "result = [len(df), len(other), int(other['qty'].sum())]"},
      {"datasets",
       {env.SampleDataset(),
        {{"alias", "other"}, {"datasetId", "multi"}, {"version", "7"}, {"blobKeys", keys}}}}};
  ExecReply r = Execute(env.port(), body);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["value"], json::parse("[1000, 3000, 13500]"));
}

TEST(ExecutorData, RepeatedRunsReuseTheDecodedDataset) {
  ExecutorEnv& env = ExecutorEnv::Get();
  auto keys = WriteSampleDataset(env.store(), "cached", 500);
  json body = {{"code", "df['qty'].sum()"},
               {"datasets", {{{"datasetId", "cached"}, {"version", 1}, {"blobKeys", keys}}}}};
  auto before = env.service().Stats()["cache"];
  ASSERT_EQ(Execute(env.port(), body).status, 200);
  auto mid = env.service().Stats()["cache"];
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Execute(env.port(), body).status, 200);
  auto after = env.service().Stats()["cache"];
  EXPECT_EQ(mid["parquetReads"].get<int>(), before["parquetReads"].get<int>() + 1);
  EXPECT_EQ(after["parquetReads"], mid["parquetReads"]);  // no Parquet read again
  EXPECT_EQ(after["hits"].get<int>(), mid["hits"].get<int>() + 3);
}

TEST(ExecutorData, CardsCannotChangeTheCachedDataForLaterRuns) {
  ASSERT_EQ(RunCard("df['qty'] = 0\ndf.loc[:, 'price'] = -1.0\nresult = 1").status, 200);
  ExecReply r = RunCard("int(df['qty'].sum())");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["result"]["value"], 4500);
}

}  // namespace
}  // namespace bi::testing
