#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <fiberlog/context.hpp>
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

// put(), scoped and context::with() take every ordinary C++ type and keep its exact value.
namespace values_of_every_type {

using fiberlog::context;

class value_types : public ::testing::Test {
protected:
    void SetUp() override { fiberlog::clear(); }
    void TearDown() override { fiberlog::clear(); }
};

template <class T>
value stored(T&& v) {
    return *context{}.with("k", std::forward<T>(v)).get("k");
}

TEST_F(value_types, every_signed_integer_type_is_an_int64) {
    EXPECT_EQ(stored(std::int8_t{-8}), value{std::int64_t{-8}});
    EXPECT_EQ(stored(short{-16}), value{std::int64_t{-16}});
    EXPECT_EQ(stored(-32), value{std::int64_t{-32}});
    EXPECT_EQ(stored(-64L), value{std::int64_t{-64}});
    EXPECT_EQ(stored(std::numeric_limits<long long>::min()),
              value{std::numeric_limits<std::int64_t>::min()});
    EXPECT_EQ(stored(std::ptrdiff_t{-3}), value{std::int64_t{-3}});
}

TEST_F(value_types, every_unsigned_integer_type_is_a_uint64_up_to_its_maximum) {
    EXPECT_EQ(stored(std::uint8_t{200}), value{std::uint64_t{200}});
    EXPECT_EQ(stored(std::uint16_t{60000}), value{std::uint64_t{60000}});
    EXPECT_EQ(stored(4000000000u), value{std::uint64_t{4000000000u}});
    const std::vector<int> v(3);
    EXPECT_EQ(stored(v.size()), value{std::uint64_t{3}});
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    EXPECT_EQ(stored(max), value{max});
    EXPECT_EQ(to_string(stored(max)), "18446744073709551615");
    EXPECT_EQ(to_string(stored(v.size())), "3");
}

TEST_F(value_types, floats_keep_the_form_they_were_written_in) {
    EXPECT_EQ(stored(2.5f), value{2.5});
    EXPECT_EQ(to_string(stored(2.5f)), "2.5");
    EXPECT_EQ(to_string(stored(0.1f)), "0.1");
    EXPECT_EQ(static_cast<float>(std::get<double>(stored(0.1f))), 0.1f);
    EXPECT_EQ(to_string(stored(-std::numeric_limits<float>::infinity())), "-inf");
    EXPECT_TRUE(std::isnan(std::get<double>(stored(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_EQ(stored(0.1), value{0.1});
}

TEST_F(value_types, strings_of_every_kind_are_strings_never_bools) {
    EXPECT_EQ(stored("literal"), value{std::string("literal")});
    const char* c_string = "c string";
    EXPECT_EQ(stored(c_string), value{std::string("c string")});
    char buffer[] = "buffer";
    EXPECT_EQ(stored(buffer), value{std::string("buffer")});
    EXPECT_EQ(stored(std::string_view("view, not the whole", 4)), value{std::string("view")});
    std::string lvalue = "lvalue";
    EXPECT_EQ(stored(lvalue), value{std::string("lvalue")});
    EXPECT_EQ(lvalue, "lvalue");
    EXPECT_EQ(stored(std::string("rvalue")), value{std::string("rvalue")});
    EXPECT_EQ(stored('x'), value{std::string("x")});
    EXPECT_EQ(stored(true), value{true});
}

TEST_F(value_types, a_null_c_string_is_rejected_and_changes_nothing) {
    const char* null = nullptr;
    fiberlog::put("k", "before");
    EXPECT_THROW(fiberlog::put("k", null), std::invalid_argument);
    EXPECT_EQ(fiberlog::get("k"), value{std::string("before")});
}

TEST_F(value_types, put_and_scoped_take_them_too) {
    const std::vector<int> v(5);
    fiberlog::put("n", v.size());
    fiberlog::put("id", std::numeric_limits<std::uint64_t>::max());
    fiberlog::put("user", std::string_view("alice"));
    {
        fiberlog::scoped ratio{"ratio", 0.5f};
        fiberlog::scoped count{"count", std::uint32_t{7}};
        EXPECT_EQ(fiberlog::snapshot().text(),
                  "n=5 id=18446744073709551615 user=alice ratio=0.5 count=7");
        EXPECT_EQ(fiberlog::snapshot().json(),
                  R"({"n":5,"id":18446744073709551615,"user":"alice","ratio":0.5,"count":7})");
    }
    EXPECT_EQ(*fiberlog::find("n"), value{std::uint64_t{5}});
    EXPECT_EQ(fiberlog::get("ratio"), std::nullopt);
}

TEST_F(value_types, a_string_that_reads_as_a_large_integer_is_quoted_in_text) {
    const auto c = context{}.with("s", "18446744073709551615").with("u", UINT64_MAX);
    EXPECT_EQ(c.text(), R"(s="18446744073709551615" u=18446744073709551615)");
    EXPECT_EQ(c.json(), R"({"s":"18446744073709551615","u":18446744073709551615})");
}

TEST_F(value_types, std_visit_sees_every_alternative) {
    struct kind_of {
        std::string operator()(const std::string&) const { return "string"; }
        std::string operator()(std::int64_t) const { return "int64"; }
        std::string operator()(double) const { return "double"; }
        std::string operator()(bool) const { return "bool"; }
        std::string operator()(std::uint64_t) const { return "uint64"; }
    };
    EXPECT_EQ(std::visit(kind_of{}, stored(1u)), "uint64");
    EXPECT_EQ(std::visit(kind_of{}, stored(1)), "int64");
    EXPECT_EQ(std::visit(kind_of{}, stored(1.f)), "double");
    EXPECT_EQ(std::visit(kind_of{}, stored(false)), "bool");
    EXPECT_EQ(std::visit(kind_of{}, stored("s")), "string");
}

static_assert(!fiberlog::detail::is_value_source<wchar_t>,
              "a wide character has no encoding to store it in");
static_assert(!fiberlog::detail::is_value_source<long double>,
              "a long double does not fit a double exactly");

}  // namespace values_of_every_type
