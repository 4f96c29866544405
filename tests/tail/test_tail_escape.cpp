#include <gtest/gtest.h>

#include <string>

#include "escape.hpp"

namespace {

using namespace fiberlog::tail;

std::string json(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

std::string kv(std::string_view text, value_kind kind = value_kind::string) {
    std::string out;
    append_kv_value(out, ctx_field{"k", text, kind});
    return out;
}

std::string printable(std::string_view s) {
    std::string out;
    append_printable(out, s);
    return out;
}

TEST(tail_escape, json_numbers_follow_the_grammar) {
    for (const char* good : {"0", "-12", "2.5", "1e+300", "3.0", "-0.5E-3"}) {
        EXPECT_TRUE(is_json_number(good)) << good;
    }
    for (const char* bad : {"", "-", "01", "1.", ".5", "+1", "1e", "inf", "0x10", "1 "}) {
        EXPECT_FALSE(is_json_number(bad)) << bad;
    }
}

TEST(tail_escape, json_strings_escape_quotes_backslashes_and_controls) {
    EXPECT_EQ(json("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(json("l1\nl2\r\t"), R"("l1\nl2\r\t")");
    EXPECT_EQ(json(std::string_view("\x01\x1f", 2)), R"("\u0001\u001f")");
}

TEST(tail_escape, json_strings_keep_utf8_and_replace_invalid_bytes) {
    EXPECT_EQ(json("caf\xc3\xa9 \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
    EXPECT_EQ(json("a\xff"
                   "b"),
              "\"a\xef\xbf\xbd"
              "b\"");
    EXPECT_EQ(json("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");                  // overlong
    EXPECT_EQ(json("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");  // surrogate
    EXPECT_EQ(json("\xe2\x82"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");                  // truncated
}

TEST(tail_escape, kv_values_are_bare_when_unambiguous) {
    EXPECT_EQ(kv("alice"), "alice");
    EXPECT_EQ(kv("r-1.x_y"), "r-1.x_y");
    EXPECT_EQ(kv("2", value_kind::integer), "2");
    EXPECT_EQ(kv("2.5", value_kind::floating), "2.5");
    EXPECT_EQ(kv("true", value_kind::boolean), "true");
}

TEST(tail_escape, kv_values_are_quoted_when_they_would_misread) {
    EXPECT_EQ(kv(""), R"("")");
    EXPECT_EQ(kv("two words"), R"("two words")");
    EXPECT_EQ(kv("a=b"), R"("a=b")");
    EXPECT_EQ(kv("{x}"), R"("{x}")");
    EXPECT_EQ(kv("say \"hi\"\n"), R"("say \"hi\"\n")");
    EXPECT_EQ(kv("\x7f"), R"("\u007f")");
    EXPECT_EQ(kv("2"), R"("2")");  // a string that reads as a number
    EXPECT_EQ(kv("2.5"), R"("2.5")");
    EXPECT_EQ(kv("inf"), R"("inf")");
    EXPECT_EQ(kv("true"), R"("true")");
}

TEST(tail_escape, printable_text_cannot_move_the_cursor) {
    EXPECT_EQ(printable("plain caf\xc3\xa9 \xf0\x9f\x98\x80"), "plain caf\xc3\xa9 \xf0\x9f\x98\x80");
    EXPECT_EQ(printable("a\nb\tc\r"), "a\\nb\\tc\\r");
    EXPECT_EQ(printable("\x1b[31mred"), "\\u001b[31mred");
    EXPECT_EQ(printable("\x7f"), "\\u007f");
    EXPECT_EQ(printable(std::string_view("\0", 1)), "\\u0000");
    // C1 controls (U+0080-U+009F, 0x9b is CSI) as characters, and bytes that are no UTF-8 as
    // they are, escaped: a terminal in an 8-bit mode would act on the raw 0x9b.
    EXPECT_EQ(printable("\xc2\x9b""31m \xc2\x80 \xc2\xa0"), "\\u009b31m \\u0080 \xc2\xa0");
    EXPECT_EQ(printable("\x9b""31m caf\xe9 \xff"), "\\x9b31m caf\\xe9 \\xff");
    EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82");  // truncated
    EXPECT_EQ(printable("a\\b \"q\""), "a\\b \"q\"");  // unquoted text keeps both as they are
}

TEST(tail_escape, kv_values_with_control_or_invalid_bytes_are_quoted_and_escaped) {
    EXPECT_EQ(kv("x\x9b""1m"), R"("x\x9b1m")");
    EXPECT_EQ(kv("caf\xe9"), R"("caf\xe9")");
    EXPECT_EQ(kv("\xc2\x9b"), R"("\u009b")");
    EXPECT_EQ(kv("\x1b[2J"), R"("\u001b[2J")");
    EXPECT_EQ(kv("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 stays bare
}

TEST(tail_escape, json_strings_escape_c1_controls_and_del) {
    EXPECT_EQ(json("\xc2\x9b\x7f"), R"("\u009b\u007f")");
    EXPECT_EQ(json("\x9b"), "\"\xef\xbf\xbd\"");
}

}  // namespace
