// fiberlog-tail's display of text and context values on a terminal, and its JSON output. The
// log format's own rules (%K's quoting, JSON escaping) are tested once, in tests/log_format:
// here only what the tail adds to them, and that it uses them.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include <fiberlog/log_format.hpp>

#include "escape.hpp"
#include "render.hpp"

namespace {

using namespace fiberlog::tail;
namespace lf = fiberlog::log_format;

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

std::string written(std::string_view s) {
    std::string out;
    lf::append_text_string(out, s);
    return out;
}

// Where the display escapes nothing, a context value is shown as %K wrote it: quoted by the
// writer's rule, with the writer's escapes. Random strings over ASCII and valid UTF-8.
TEST(tail_escape, kv_strings_are_shown_as_the_writer_writes_them) {
    std::mt19937 rng(20261201);
    const std::string_view pieces[] = {"a", "7", ".", "-", "e", "inf", "true", " ", "=", "\"",
                                       "\\", "{", "}", "\n", "\b", "\x1b", "\x7f", "\xc3\xa9"};
    int quoted = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string s;
        for (std::size_t n = rng() % 5; n > 0; --n) s += pieces[rng() % std::size(pieces)];
        ASSERT_EQ(kv(s), written(s)) << s;
        quoted += kv(s).front() == '"';
    }
    EXPECT_GT(quoted, 1000);  // both ways are taken
    EXPECT_LT(quoted, 4900);
}

TEST(tail_escape, numbers_and_booleans_are_never_quoted) {
    EXPECT_EQ(kv("2", value_kind::integer), "2");
    EXPECT_EQ(kv("2.5", value_kind::floating), "2.5");
    EXPECT_EQ(kv("inf", value_kind::floating), "inf");
    EXPECT_EQ(kv("true", value_kind::boolean), "true");
    EXPECT_EQ(kv("2"), R"("2")");  // the same text as a string is
}

// What the writer keeps as it is but a terminal must not see raw: C1 controls and bytes that
// are no UTF-8. The display escapes them, and quotes the value so that the escape reads as one.
TEST(tail_escape, kv_values_with_c1_or_invalid_bytes_are_quoted_and_escaped) {
    EXPECT_EQ(written("x\x9b" "1m"), "x\x9b" "1m");  // what the log holds
    EXPECT_EQ(kv("x\x9b" "1m"), R"("x\x9b1m")");
    EXPECT_EQ(kv("caf\xe9"), R"("caf\xe9")");
    EXPECT_EQ(kv("\xc2\x9b"), R"("\u009b")");
    EXPECT_EQ(kv("a b\xc2\x85"), R"("a b\u0085")");
    EXPECT_EQ(kv("caf\xc3\xa9 \xc2\xa0"), "\"caf\xc3\xa9 \xc2\xa0\"");  // quoted for the space only
}

TEST(tail_escape, printable_text_cannot_move_the_cursor) {
    EXPECT_EQ(printable("plain caf\xc3\xa9 \xf0\x9f\x98\x80"), "plain caf\xc3\xa9 \xf0\x9f\x98\x80");
    // The ASCII controls as the log format escapes them.
    EXPECT_EQ(printable("a\nb\tc\r\b\f"), "a\\nb\\tc\\r\\b\\f");
    EXPECT_EQ(printable("\x1b[31mred"), "\\u001b[31mred");
    EXPECT_EQ(printable("\x7f"), "\\u007f");
    EXPECT_EQ(printable(std::string_view("\0", 1)), "\\u0000");
    // C1 controls (U+0080-U+009F, 0x9b is CSI) as characters, and bytes that are no UTF-8 as
    // they are, escaped: a terminal in an 8-bit mode would act on the raw 0x9b.
    EXPECT_EQ(printable("\xc2\x9b""31m \xc2\x80 \xc2\xa0"), "\\u009b31m \\u0080 \xc2\xa0");
    EXPECT_EQ(printable("\x9b""31m caf\xe9 \xff"), "\\x9b31m caf\\xe9 \\xff");
    EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82");  // truncated
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // an encoded surrogate
    EXPECT_EQ(printable("a\\b \"q\""), "a\\b \"q\"");  // unquoted text keeps both as they are
}

// fiberlog-tail's JSON output (--output jsonl) escapes as fiberlog's writers do: a byte that is
// no UTF-8 as the escape \ufffd, JSON's short escapes, valid UTF-8 (C1 controls too) as it is.
TEST(tail_escape, json_output_escapes_as_the_writers_do) {
    const std::string line = "a\xff\b\"\xc2\x9b\x7f";
    std::string out;
    append_unparsed_json(out, line);
    std::string expected = R"({"unparsed":)";
    lf::append_json_string(expected, line);
    expected += '}';
    EXPECT_EQ(out, expected);
    EXPECT_EQ(out, "{\"unparsed\":\"a\\ufffd\\b\\\"\xc2\x9b\\u007f\"}");
}

}  // namespace
