// The card contract: every result kind, stdout capture, user errors with the card's own line
// numbers, and the request checks.

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;

TEST(ExecutorResults, DataFrameIsATable) {
  ExecReply r = RunCard("result = df[['region', 'qty']].head(3)");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& res = r.json["result"];
  EXPECT_EQ(res["kind"], "table");
  EXPECT_EQ(res["columns"][0]["name"], "region");
  EXPECT_EQ(res["columns"][1]["dtype"], "int64");
  EXPECT_EQ(res["rows"], json::parse(R"([["east",0],["west",1],["north",2]])"));
  EXPECT_EQ(res["totalRows"], 3);
  EXPECT_EQ(res["truncated"], false);
}

TEST(ExecutorResults, LastExpressionIsTheResultAndSeriesKeepsItsIndex) {
  ExecReply r = RunCard("x = 1\ndf.groupby('region')['qty'].sum()");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& res = r.json["result"];
  EXPECT_EQ(res["kind"], "table");
  EXPECT_EQ(res["columns"][0]["name"], "region");
  EXPECT_EQ(res["columns"][1]["name"], "qty");
  EXPECT_EQ(res["totalRows"], 5);
  // 1000 rows, qty = i % 10, region = i % 5: east rows have qty 0 or 5, 100 each.
  for (const auto& row : res["rows"]) {
    if (row[0] == "east") {
      EXPECT_EQ(row[1], 500);
    }
  }
}

TEST(ExecutorResults, LargeTablesAreTruncatedAt10000RowsWithTheTotal) {
  ExecReply r = RunCard("import pandas as pd\nresult = pd.DataFrame({'a': range(25000)})");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["rows"].size(), 10000u);
  EXPECT_EQ(r.json["result"]["totalRows"], 25000);
  EXPECT_EQ(r.json["result"]["truncated"], true);
}

TEST(ExecutorResults, NumbersAreKpis) {
  for (const auto& [code, value] : std::vector<std::pair<std::string, json>>{
           {"result = 42", 42},
           {"result = 2.5", 2.5},
           {"import decimal\nresult = decimal.Decimal('1.25')", 1.25},
           {"result = df['qty'].sum()", 4500},
           {"result = np.float32(0.5)", 0.5}}) {
    ExecReply r = RunCard(code);
    ASSERT_EQ(r.status, 200) << code << r.raw;
    EXPECT_EQ(r.json["result"]["kind"], "kpi") << code;
    EXPECT_EQ(r.json["result"]["value"], value) << code;
  }
}

TEST(ExecutorResults, StringIsMarkdownDictIsJsonNoneIsEmpty) {
  ExecReply md = RunCard("result = '# Title'");
  ASSERT_EQ(md.status, 200) << md.raw;
  EXPECT_EQ(md.json["result"], json({{"kind", "markdown"}, {"text", "# Title"}}));
  ExecReply js = RunCard("result = {'a': [1, 2.5, None], 'b': np.int64(3), 'c': float('nan')}");
  ASSERT_EQ(js.status, 200) << js.raw;
  EXPECT_EQ(js.json["result"]["kind"], "json");
  EXPECT_EQ(js.json["result"]["value"], json::parse(R"({"a":[1,2.5,null],"b":3,"c":null})"));
  ExecReply list = RunCard("[1, 'two']");
  EXPECT_EQ(list.json["result"]["value"], json::parse(R"([1,"two"])"));
  ExecReply none = RunCard("x = 1");
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.json["result"], json({{"kind", "empty"}}));
}

TEST(ExecutorResults, PlotlyFigureIsItsJson) {
  ExecReply r = RunCard(
      "import plotly.express as px\n"
      "s = df.groupby('region', as_index=False)['qty'].sum()\n"
      "px.bar(s, x='region', y='qty')");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["kind"], "plotly");
  EXPECT_EQ(r.json["result"]["figure"]["data"][0]["type"], "bar");
  EXPECT_TRUE(r.json["result"]["figure"].contains("layout"));
}

TEST(ExecutorResults, MatplotlibFigureIsABoundedPng) {
  ExecReply r = RunCard(
      "import matplotlib.pyplot as plt\n"
      "fig, ax = plt.subplots(figsize=(300, 4))\n"
      "ax.plot([1, 2, 3], [3, 1, 2])\n"
      "result = fig");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& res = r.json["result"];
  EXPECT_EQ(res["kind"], "image");
  EXPECT_EQ(res["mimeType"], "image/png");
  EXPECT_LE(res["width"].get<int>(), 2000);
  EXPECT_EQ(res["data"].get<std::string>().substr(0, 8), "iVBORw0K");  // PNG signature
}

TEST(ExecutorResults, StdoutIsCapturedAndBounded) {
  ExecReply r =
      RunCard("print('hello', params['who'])\nresult = 1", {{"params", {{"who", "you"}}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["stdout"], "hello you\n");
  EXPECT_EQ(r.json["stdoutTruncated"], false);
  ExecReply big = RunCard("for i in range(100000):\n    print('x' * 10)\n");
  ASSERT_EQ(big.status, 200) << big.raw;
  EXPECT_EQ(big.json["stdout"].get<std::string>().size(), 64u * 1024);
  EXPECT_EQ(big.json["stdoutTruncated"], true);
}

TEST(ExecutorResults, UnsupportedResultNamesTheType) {
  ExecReply r = RunCard("result = {1, 2}");
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.json["error"]["code"], "unsupported_result");
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("set"), std::string::npos);
  ExecReply obj = RunCard("result = object()");
  EXPECT_NE(obj.json["error"]["message"].get<std::string>().find("type object"), std::string::npos)
      << obj.raw;
}

TEST(ExecutorResults, UserErrorHasTypeMessageAndTheCardsLineNumbers) {
  ExecReply r = RunCard("a = 1\nb = 2\n\ndef f(x):\n    return x / 0\n\nf(a)\n");
  ASSERT_EQ(r.status, 422) << r.raw;
  const json& e = r.json["error"];
  EXPECT_EQ(e["code"], "user_code_error");
  EXPECT_EQ(e["details"]["type"], "ZeroDivisionError");
  EXPECT_EQ(e["details"]["message"], "division by zero");
  EXPECT_EQ(e["details"]["line"], 5);
  const std::string tb = e["details"]["traceback"];
  EXPECT_NE(tb.find("File \"<card>\", line 7"), std::string::npos) << tb;
  EXPECT_NE(tb.find("File \"<card>\", line 5, in f"), std::string::npos) << tb;
  EXPECT_NE(tb.find("return x / 0"), std::string::npos) << tb;
  EXPECT_EQ(tb.find("harness"), std::string::npos) << tb;  // no harness frames
}

TEST(ExecutorResults, ErrorsInsidePandasPointAtTheCardsLine) {
  ExecReply r = RunCard("x = 1\ndf['no_such_column']\n");
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.json["error"]["details"]["type"], "KeyError");
  EXPECT_EQ(r.json["error"]["details"]["line"], 2);
}

TEST(ExecutorResults, SyntaxErrorsGiveTheLine) {
  ExecReply r = RunCard("x = 1\ny = (\n");
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.json["error"]["details"]["type"], "SyntaxError");
  EXPECT_GE(r.json["error"]["details"]["line"].get<int>(), 2);
}

TEST(ExecutorResults, BadRequestsAre400) {
  ExecutorEnv& env = ExecutorEnv::Get();
  EXPECT_EQ(Execute(env.port(), json::object()).status, 400);
  EXPECT_EQ(Execute(env.port(), {{"code", "1"}, {"limits", {{"timeoutSeconds", 11}}}}).status, 400);
  EXPECT_EQ(Execute(env.port(), {{"code", "1"}, {"limits", {{"memoryMb", 4096}}}}).status, 400);
  EXPECT_EQ(Execute(env.port(), {{"code", "1"}, {"datasets", {{{"alias", "df"}}}}}).status, 400);
  ExecReply missing =
      Execute(env.port(),
              {{"code", "1"},
               {"datasets",
                {{{"datasetId", "x"}, {"blobKeys", {"datasets/x/data/g-1/part-0000.parquet"}}}}}});
  EXPECT_EQ(missing.status, 404) << missing.raw;
}

TEST(ExecutorResults, HealthAnswers) {
  HttpReply r = Request(ExecutorEnv::Get().port(), "GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"status", "ok"}}));
}

}  // namespace
}  // namespace bi::testing
