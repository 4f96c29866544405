#include <charconv>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <fiberlog/value.hpp>

namespace {

using fiberlog::to_string;
using fiberlog::value;

TEST(to_string, strings_are_written_as_they_are) {
    EXPECT_EQ(to_string(value{std::string("a b \"c\"\n")}), "a b \"c\"\n");
    EXPECT_EQ(to_string(value{std::string()}), "");
}

TEST(to_string, integers_in_decimal) {
    EXPECT_EQ(to_string(value{std::int64_t{42}}), "42");
    EXPECT_EQ(to_string(value{std::int64_t{-7}}), "-7");
    EXPECT_EQ(to_string(value{std::numeric_limits<std::int64_t>::min()}),
              "-9223372036854775808");
}

TEST(to_string, booleans_as_words) {
    EXPECT_EQ(to_string(value{true}), "true");
    EXPECT_EQ(to_string(value{false}), "false");
}

TEST(to_string, doubles_in_the_shortest_form_that_reads_back_exactly) {
    EXPECT_EQ(to_string(value{2.5}), "2.5");
    EXPECT_EQ(to_string(value{0.1}), "0.1");
    EXPECT_EQ(to_string(value{3.0}), "3");
    EXPECT_EQ(to_string(value{1e300}), "1e+300");
    EXPECT_EQ(to_string(value{-0.0}), "-0");
    for (double d : {0.1, 1.0 / 3, 2.0 / 3, 1e-310, 123456.789, 6.02214076e23}) {
        std::string text = to_string(value{d});
        double back = 0;
        std::from_chars(text.data(), text.data() + text.size(), back);
        EXPECT_EQ(back, d) << text;
    }
}

TEST(to_string, non_finite_doubles) {
    EXPECT_EQ(to_string(value{std::numeric_limits<double>::quiet_NaN()}), "nan");
    EXPECT_EQ(to_string(value{std::numeric_limits<double>::infinity()}), "inf");
    EXPECT_EQ(to_string(value{-std::numeric_limits<double>::infinity()}), "-inf");
}

TEST(value, literals_pick_the_natural_alternative) {
    EXPECT_TRUE(std::holds_alternative<std::string>(value{"text"}));
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(value{5}));
    EXPECT_TRUE(std::holds_alternative<double>(value{5.5}));
    EXPECT_TRUE(std::holds_alternative<bool>(value{true}));
}

}  // namespace
