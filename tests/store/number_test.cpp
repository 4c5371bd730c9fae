#include "store/number.h"

#include <gtest/gtest.h>

#include "store/attribute_value.h"

namespace bi::store {
namespace {

std::string Canon(std::string_view s) {
  auto n = Number::Parse(s);
  return n.ok() ? n->text() : "error";
}

TEST(NumberTest, CanonicalForm) {
  EXPECT_EQ(Canon("0"), "0");
  EXPECT_EQ(Canon("-0.000"), "0");
  EXPECT_EQ(Canon("007"), "7");
  EXPECT_EQ(Canon("+1.2500"), "1.25");
  EXPECT_EQ(Canon("1e3"), "1000");
  EXPECT_EQ(Canon("2.5E-3"), "0.0025");
  EXPECT_EQ(Canon(".5"), "0.5");
  EXPECT_EQ(Canon("5."), "5");
  EXPECT_EQ(Canon("-123.456e1"), "-1234.56");
  EXPECT_EQ(Canon("abc"), "error");
  EXPECT_EQ(Canon(""), "error");
  EXPECT_EQ(Canon("1e"), "error");
  EXPECT_EQ(Canon("1.2.3"), "error");
  EXPECT_EQ(Canon("123456789012345678901234567890123456789"), "error");  // 39 digits
  EXPECT_EQ(Canon("1e126"), "error");
  EXPECT_EQ(Canon("1e-131"), "error");
  EXPECT_NE(Canon("1e-130"), "error");
}

TEST(NumberTest, ConversionsAndOrder) {
  EXPECT_EQ(Number(int64_t{-42}).text(), "-42");
  EXPECT_EQ(Number(INT64_MIN).ToInt64(), INT64_MIN);
  EXPECT_EQ(Number::Parse("1.5")->ToInt64(), std::nullopt);
  EXPECT_EQ(Number::Parse("1e30")->ToInt64(), std::nullopt);
  EXPECT_EQ(Number::FromDouble(0.1)->text(), "0.1");
  EXPECT_EQ(Number::FromDouble(1e21)->text(), "1000000000000000000000");
  EXPECT_FALSE(Number::FromDouble(std::numeric_limits<double>::infinity()).ok());
  std::vector<std::string> ordered = {"-1e10", "-2", "-1.5", "-0.001", "0",     "1e-100",
                                      "0.5",   "1",  "1.5",  "10",     "99.99", "1e20"};
  for (size_t i = 0; i < ordered.size(); ++i) {
    for (size_t j = 0; j < ordered.size(); ++j) {
      int c = Number::Parse(ordered[i])->Compare(*Number::Parse(ordered[j]));
      EXPECT_EQ(c, i < j ? -1 : i > j ? 1 : 0) << ordered[i] << " vs " << ordered[j];
    }
  }
}

TEST(AttributeValueTest, JsonForms) {
  Item item = {{"s", AttributeValue::S("x")},
               {"n", AttributeValue::N(3)},
               {"l", AttributeValue::L({AttributeValue::Bool(true), AttributeValue::Null()})}};
  auto dj = ItemToDynamoJson(item);
  EXPECT_EQ(dj.dump(), R"({"l":{"L":[{"BOOL":true},{"NULL":true}]},"n":{"N":"3"},"s":{"S":"x"}})");
  EXPECT_EQ(*ItemFromDynamoJson(dj), item);
  EXPECT_EQ(ItemToPlainJson(item).dump(), R"({"l":[true,null],"n":3,"s":"x"})");
  auto back = FromPlainJson(nlohmann::json::parse(R"({"a":[1,2.5,"x",null,{"b":false}]})"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->m().at("a").l()[1].n().text(), "2.5");
  EXPECT_FALSE(FromDynamoJson(nlohmann::json::parse(R"({"X":"1"})")).ok());
  EXPECT_FALSE(FromDynamoJson(nlohmann::json::parse(R"({"N":"abc"})")).ok());
  EXPECT_TRUE(IsValidUtf8("日本語 😀"));
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
}

}  // namespace
}  // namespace bi::store
