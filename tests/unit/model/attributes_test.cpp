// model::Attributes' equality: same_encoding is the planner's one-memcmp shortcut, so it must never call two
// different attribute sets the same; operator== must still see through encodings that differ for equal values.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/attribute.hpp"

namespace oss::model {
namespace {

Attributes of(std::initializer_list<std::pair<std::string, AttributeValue>> entries) {
  Attributes attributes;
  for (const auto& [reference, value] : entries) attributes.set(reference, value);
  return attributes;
}

TEST(Attributes, SameEncodingForEqualSetsHoweverBuilt) {
  const Attributes a = of({{"region", std::string("eu")}, {"level", 3.0}, {"tags", AttributeList{true, 2.5}}});
  const Attributes b = of({{"tags", AttributeList{true, 2.5}}, {"level", 3.0}, {"region", std::string("eu")}});
  EXPECT_TRUE(a.same_encoding(b));
  EXPECT_EQ(a, b);
  EXPECT_TRUE(Attributes().same_encoding(Attributes()));
}

// The CSV reader's one-allocation builder must encode exactly as set() does, or the planner's memcmp would see
// changes where there are none. Lengths around 127/128 take one and two LEB128 bytes, for a value and the block.
TEST(Attributes, FromSortedTextsEncodesAsSetDoes) {
  for (const std::size_t length : {0u, 1u, 12u, 100u, 127u, 128u, 129u, 300u, 20000u}) {
    const std::string long_text(length, 'x');
    const AttributeName department("department"), region("region");
    const std::vector<std::pair<AttributeName, std::string_view>> texts = {{department, "Sales"},
                                                                           {region, long_text}};
    const Attributes built = Attributes::from_sorted_texts(texts);
    const Attributes expected = of({{"region", long_text}, {"department", std::string("Sales")}});
    EXPECT_TRUE(built.same_encoding(expected)) << "value length " << length;
    EXPECT_EQ(built, expected);
    EXPECT_EQ(built.find("region"), AttributeValue(long_text));
    EXPECT_EQ(built.size(), 2u);
  }
  EXPECT_TRUE(Attributes::from_sorted_texts({}).empty());
}

TEST(Attributes, DifferentSetsNeverShareAnEncoding) {
  const Attributes base = of({{"region", std::string("eu")}, {"level", 3.0}});
  for (const Attributes& other : {of({{"region", std::string("us")}, {"level", 3.0}}),
                                  of({{"region", std::string("eu")}, {"level", 4.0}}),
                                  of({{"region", std::string("eu")}, {"level", std::string("3")}}),
                                  of({{"region", std::string("eu")}}),
                                  of({{"Region", std::string("eu")}, {"level", 3.0}}), Attributes()}) {
    EXPECT_FALSE(base.same_encoding(other));
    EXPECT_FALSE(other.same_encoding(base));
    EXPECT_NE(base, other);
  }
}

TEST(Attributes, EqualValuesWithDifferentEncodingsAreStillEqual) {
  const Attributes zero = of({{"balance", 0.0}});
  const Attributes negative_zero = of({{"balance", -0.0}});
  EXPECT_FALSE(zero.same_encoding(negative_zero));
  EXPECT_EQ(zero, negative_zero);
}

}  // namespace
}  // namespace oss::model
