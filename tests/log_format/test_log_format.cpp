// The log format's rules (fiberlog/log_format.hpp) on their own. This program is built with
// the module's include directory and GoogleTest only: the module needs nothing else.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <fiberlog/log_format.hpp>

namespace {

namespace lf = fiberlog::log_format;
using namespace std::literals;
using lf::value_kind;

std::string json(std::string_view s) {
    std::string out;
    lf::append_json_string(out, s);
    return out;
}

std::string text(std::string_view s) {
    std::string out;
    lf::append_text_string(out, s);
    return out;
}

template <class T>
std::string text_value(const T& v) {
    std::string out;
    lf::append_text_value(out, v);
    return out;
}

template <class T>
std::string json_value(const T& v) {
    std::string out;
    lf::append_json_value(out, v);
    return out;
}

TEST(log_format_keys, grammar_edges) {
    EXPECT_TRUE(lf::is_valid_key("a"));
    EXPECT_TRUE(lf::is_valid_key(std::string(lf::max_key_size, 'k')));
    EXPECT_TRUE(lf::is_valid_key("request_id.v-2"));
    EXPECT_TRUE(lf::is_valid_key(lf::key_chars));
    EXPECT_FALSE(lf::is_valid_key(""));
    EXPECT_FALSE(lf::is_valid_key(std::string(lf::max_key_size + 1, 'k')));
    for (std::string_view bad : {"a b", "a=b", "a\"", "{", "}", "caf\xc3\xa9", "a\n", "a/b"})
        EXPECT_FALSE(lf::is_valid_key(bad)) << bad;
    EXPECT_FALSE(lf::is_valid_key("a\0b"sv));
}

TEST(log_format_keys, key_chars_is_exactly_what_is_key_char_accepts) {
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        EXPECT_EQ(lf::is_key_char(ch), lf::key_chars.find(ch) != std::string_view::npos) << c;
    }
    static_assert(lf::is_valid_key("compile.time-key_1"));
}

TEST(log_format_keys, each_rejection_says_why) {
    EXPECT_STREQ(lf::key_error(""), "a key must not be empty");
    EXPECT_STREQ(lf::key_error(std::string(129, 'k')), "a key must be at most 128 bytes");
    EXPECT_STREQ(lf::key_error("a b"), "a key may hold only letters, digits, '_', '.' and '-'");
    EXPECT_EQ(lf::key_error("ok"), nullptr);
}

TEST(log_format_utf8, sequence_lengths) {
    EXPECT_EQ(lf::utf8_sequence_length(""), 0u);
    EXPECT_EQ(lf::utf8_sequence_length("a"), 1u);
    EXPECT_EQ(lf::utf8_sequence_length("\xc3\xa9"), 2u);
    EXPECT_EQ(lf::utf8_sequence_length("\xe2\x82\xac"), 3u);
    EXPECT_EQ(lf::utf8_sequence_length("\xf0\x9f\x98\x80"), 4u);
    EXPECT_EQ(lf::utf8_sequence_length("\xf4\x8f\xbf\xbf"), 4u);  // U+10FFFF
    EXPECT_EQ(lf::utf8_sequence_length("\x80"), 0u);              // a stray continuation
    EXPECT_EQ(lf::utf8_sequence_length("\xc0\xaf"), 0u);          // overlong
    EXPECT_EQ(lf::utf8_sequence_length("\xe0\x80\xaf"), 0u);      // overlong
    EXPECT_EQ(lf::utf8_sequence_length("\xed\xa0\x80"), 0u);      // a surrogate
    EXPECT_EQ(lf::utf8_sequence_length("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
    EXPECT_EQ(lf::utf8_sequence_length("\xe2\x82"), 0u);          // truncated
    EXPECT_EQ(lf::utf8_sequence_length("\xff"), 0u);
}

TEST(log_format_json, escapes_quotes_backslashes_and_controls) {
    EXPECT_EQ(json("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(json("l1\nl2\r\t"), R"("l1\nl2\r\t")");
    EXPECT_EQ(json("\x01\x1f\x7f"), R"("\u0001\u001f\u007f")");
    EXPECT_EQ(json("\0"sv), R"("\u0000")");
}

// Where fiberlog's writer and fiberlog-tail's JSON output used to differ, the log format is
// the writer's: JSON's own short escapes for \b and \f, valid UTF-8 never rewritten (C1
// controls included: escaping them is a terminal's concern, which fiberlog-tail's display
// handles), and each invalid byte as the escape \ufffd, so that a replaced byte stays
// visible in the file beside a real U+FFFD.
TEST(log_format_json, the_chosen_forms_where_the_copies_differed) {
    EXPECT_EQ(json("\b\f"), R"("\b\f")");
    EXPECT_EQ(json("\xc2\x85\xc2\x9b"), "\"\xc2\x85\xc2\x9b\"");  // U+0085, U+009B
    EXPECT_EQ(json("a\xff"
                   "b"),
              R"("a\ufffdb")");
    EXPECT_EQ(json("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");  // a real U+FFFD stays as it is
}

TEST(log_format_json, keeps_utf8_and_replaces_each_invalid_byte) {
    EXPECT_EQ(json("caf\xc3\xa9 \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
    EXPECT_EQ(json("\xc0\xaf"), R"("\ufffd\ufffd")");              // overlong
    EXPECT_EQ(json("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");    // surrogate
    EXPECT_EQ(json("\xe2\x82"), R"("\ufffd\ufffd")");              // truncated
    EXPECT_EQ(json("\xe2\x82x"), R"("\ufffd\ufffdx")");
}

std::string unescaped(std::string_view body, std::size_t* read = nullptr) {
    std::string out;
    const std::size_t n = lf::read_quoted_body(body, out);
    if (read != nullptr) *read = n;
    return n == 0 ? "<fails>" : out;
}

TEST(log_format_escapes, the_short_escapes) {
    const std::pair<std::string_view, char> cases[] = {
        {R"(\")", '"'}, {R"(\\)", '\\'}, {R"(\/)", '/'}, {R"(\b)", '\b'},
        {R"(\f)", '\f'}, {R"(\n)", '\n'}, {R"(\r)", '\r'}, {R"(\t)", '\t'}};
    for (const auto& [written, c] : cases) {
        const lf::escape e = lf::read_escape(written);
        EXPECT_EQ(e.size, 2u) << written;
        EXPECT_EQ(e.code_point, static_cast<char32_t>(c)) << written;
    }
    static_assert(lf::read_escape(R"(\n)").code_point == U'\n');
}

TEST(log_format_escapes, u_escapes_and_surrogate_pairs) {
    auto read = [](std::string_view s) {
        const lf::escape e = lf::read_escape(s);
        return std::pair{e.size, e.code_point};
    };
    using r = std::pair<std::size_t, char32_t>;
    EXPECT_EQ(read(R"(\u0000)"), (r{6, 0}));
    EXPECT_EQ(read(R"(\u00e9)"), (r{6, 0xE9}));
    EXPECT_EQ(read(R"(\u00E9)"), (r{6, 0xE9}));
    EXPECT_EQ(read(R"(\uFFFF)"), (r{6, 0xFFFF}));
    EXPECT_EQ(read(R"(\u0041\u0042)"), (r{6, 0x41}));  // one escape at a time
    EXPECT_EQ(read(R"(\ud83d\ude00)"), (r{12, 0x1F600}));
    EXPECT_EQ(read(R"(\uDBFF\uDFFF)"), (r{12, 0x10FFFF}));
    EXPECT_EQ(read(R"(\uD800\uDC00)"), (r{12, 0x10000}));
    // Lone surrogates are read as they are, for the reader to decide.
    EXPECT_EQ(read(R"(\ud800)"), (r{6, 0xD800}));
    EXPECT_EQ(read(R"(\ud800x)"), (r{6, 0xD800}));
    EXPECT_EQ(read(R"(\ud800\ud800)"), (r{6, 0xD800}));  // a high one after a high one
    EXPECT_EQ(read(R"(\ud800\u0041)"), (r{6, 0xD800}));
    EXPECT_EQ(read(R"(\ud800\udc0)"), (r{6, 0xD800}));   // its low one truncated
    EXPECT_EQ(read(R"(\ud800\uzzzz)"), (r{6, 0xD800}));
    EXPECT_EQ(read(R"(\ud800\n)"), (r{6, 0xD800}));
    EXPECT_EQ(read(R"(\udc00)"), (r{6, 0xDC00}));        // a low one first
    EXPECT_EQ(read(R"(\udfff\udc00)"), (r{6, 0xDFFF}));
    EXPECT_TRUE(lf::is_surrogate(0xD800));
    EXPECT_TRUE(lf::is_surrogate(0xDFFF));
    EXPECT_FALSE(lf::is_surrogate(0xD7FF));
    EXPECT_FALSE(lf::is_surrogate(0xE000));
}

TEST(log_format_escapes, what_is_no_escape) {
    for (std::string_view bad :
         {""sv, "n"sv, "\\"sv, R"(\u)"sv, R"(\u1)"sv, R"(\u12)"sv, R"(\u123)"sv, R"(\u12G4)"sv,
          R"(\u-123)"sv, R"(\u 123)"sv, R"(\U0041)"sv, R"(\x41)"sv, R"(\a)"sv, R"(\')"sv,
          R"(\0)"sv, "\\\n"sv, "\\\0"sv}) {
        EXPECT_EQ(lf::read_escape(bad).size, 0u) << bad;
    }
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        EXPECT_EQ(lf::hex_digit_value(ch) >= 0, hex) << c;
    }
    EXPECT_EQ(lf::hex_digit_value('f'), 15);
    EXPECT_EQ(lf::hex_digit_value('A'), 10);
}

TEST(log_format_escapes, utf8_of_code_points) {
    auto utf8 = [](char32_t cp) {
        std::string out;
        lf::append_utf8(out, cp);
        return out;
    };
    EXPECT_EQ(utf8(0), "\0"sv);
    EXPECT_EQ(utf8(0x7F), "\x7f");
    EXPECT_EQ(utf8(0x80), "\xc2\x80");
    EXPECT_EQ(utf8(0x7FF), "\xdf\xbf");
    EXPECT_EQ(utf8(0x800), "\xe0\xa0\x80");
    EXPECT_EQ(utf8(0xFFFF), "\xef\xbf\xbf");
    EXPECT_EQ(utf8(0x10000), "\xf0\x90\x80\x80");
    EXPECT_EQ(utf8(0x10FFFF), "\xf4\x8f\xbf\xbf");
    // What UTF-8 cannot hold becomes U+FFFD.
    EXPECT_EQ(utf8(0xD800), "\xef\xbf\xbd");
    EXPECT_EQ(utf8(0xDFFF), "\xef\xbf\xbd");
    EXPECT_EQ(utf8(0x110000), "\xef\xbf\xbd");
    // Every code point gives one well-formed sequence.
    for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x11000 ? 1 : 0x1001)) {
        const std::string s = utf8(cp);
        ASSERT_EQ(lf::utf8_sequence_length(s), s.size()) << cp;
    }
}

TEST(log_format_escapes, quoted_bodies) {
    std::size_t n = 0;
    EXPECT_EQ(unescaped(R"(" rest)", &n), "");
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(unescaped(R"(plain" rest)", &n), "plain");
    EXPECT_EQ(n, 6u);
    EXPECT_EQ(unescaped(R"(say \"hi\"\n" x)", &n), "say \"hi\"\n");
    EXPECT_EQ(n, 13u);
    EXPECT_EQ(unescaped(R"(a\\"b")"), "a\\");  // the escaped backslash does not escape the quote
    EXPECT_EQ(unescaped(R"(\u0000")"), "\0"sv);
    EXPECT_EQ(unescaped(R"(caf\u00e9 \ud83d\ude00")"), "caf\xc3\xa9 \xf0\x9f\x98\x80");
    EXPECT_EQ(unescaped(R"(\ufffd")"), "\xef\xbf\xbd");
    // A lone surrogate becomes U+FFFD; the escape after it is read on its own.
    EXPECT_EQ(unescaped(R"(\ud800x")"), "\xef\xbf\xbdx");
    EXPECT_EQ(unescaped(R"(\udc00\ud800")"), "\xef\xbf\xbd\xef\xbf\xbd");
    EXPECT_EQ(unescaped(R"(\ud800\u0041")"), "\xef\xbf\xbd" "A");
    // Other bytes are kept as they are: invalid UTF-8, raw controls.
    EXPECT_EQ(unescaped("\xff\x01\t\xc2\x9b\""), "\xff\x01\t\xc2\x9b");
}

TEST(log_format_escapes, bodies_that_fail) {
    for (std::string_view bad : {""sv, "no end"sv, R"(ends in a backslash\)"sv,
                                 R"(escaped quote\")"sv, R"(\q")"sv, R"(\u12")"sv,
                                 R"(\u12G4")"sv, R"(trunc\u00")"sv, "\\\0\""sv}) {
        std::string out;
        EXPECT_EQ(lf::read_quoted_body(bad, out), 0u) << bad;
    }
}

// An `out` of fixed room, which fails the test when a reader appends past it.
struct fixed_out {
    char bytes[64];
    std::size_t size = 0;
    void append(const char* first, const char* last) {
        const auto n = static_cast<std::size_t>(last - first);
        ASSERT_LE(size + n, sizeof bytes);
        for (std::size_t i = 0; i < n; ++i) bytes[size++] = first[i];
    }
};

// Property: what the writers escape reads back; and the reader never appends more bytes than
// it reads. Random strings over bytes that need escapes, UTF-8 and bytes that are no UTF-8.
TEST(log_format_escapes, writers_bodies_read_back) {
    std::mt19937 rng(20261201);
    const std::string_view pieces[] = {"a", " ", "\"", "\\", "\n", "\b", "\x01", "\x7f", "\xff",
                                       "\xc3\xa9", "\xf0\x9f\x98\x80", "\xe2\x82", "\xed\xa0\x80",
                                       "\xef\xbf\xbd", "\\u0041", "=", "{"};
    for (int round = 0; round < 20000; ++round) {
        std::string s;
        for (std::size_t k = rng() % 12; k > 0; --k) s += pieces[rng() % std::size(pieces)];
        // JSON: exactly `s`, each byte that starts no UTF-8 sequence as U+FFFD.
        std::string expected;
        for (std::string_view rest = s; !rest.empty();) {
            const std::size_t len = lf::utf8_sequence_length(rest);
            expected += len == 0 ? "\xef\xbf\xbd"sv : rest.substr(0, len);
            rest.remove_prefix(len == 0 ? 1 : len);
        }
        std::string body;
        lf::append_json_body(body, s);
        std::size_t n = 0;
        ASSERT_EQ(unescaped(body + "\" tail", &n), expected) << body;
        ASSERT_EQ(n, body.size() + 1) << body;
        // A quoted text value: exactly `s`, every byte kept.
        const std::string text_value = text(s);
        if (text_value.front() == '"') {
            ASSERT_EQ(unescaped(std::string_view(text_value).substr(1), &n), s) << text_value;
            ASSERT_EQ(n, text_value.size() - 1) << text_value;
        }
        // No more bytes out than in.
        if (body.size() < sizeof(fixed_out::bytes)) {
            fixed_out out;
            const std::size_t read = lf::read_quoted_body(body + "\"", out);
            ASSERT_LE(out.size, read);
        }
    }
}

TEST(log_format_numbers, json_grammar) {
    for (const char* good : {"0", "-0", "-12", "2.5", "1e+300", "3.0", "-0.5E-3", "1e999"})
        EXPECT_TRUE(lf::is_json_number(good)) << good;
    for (const char* bad :
         {"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "inf", "0x10", "1 ", "--1"})
        EXPECT_FALSE(lf::is_json_number(bad)) << bad;
}

TEST(log_format_numbers, typed_doubles_read_back_as_doubles) {
    auto typed = [](double d) {
        std::string out;
        lf::append_typed_double(out, d);
        return out;
    };
    EXPECT_EQ(typed(3), "3.0");
    EXPECT_EQ(typed(-0.0), "-0.0");
    EXPECT_EQ(typed(2.5), "2.5");
    EXPECT_EQ(typed(1e300), "1e+300");
    EXPECT_EQ(typed(std::numeric_limits<double>::denorm_min()), "5e-324");
    EXPECT_EQ(typed(std::nan("")), "nan");
    EXPECT_EQ(typed(-HUGE_VAL), "-inf");
    for (double d : {3.0, -0.0, 2.5, 1e300, 1e-7, 123456789012345678.0})
        EXPECT_EQ(lf::bare_kind(typed(d)), value_kind::floating) << d;
}

TEST(log_format_text, bare_kinds) {
    EXPECT_EQ(lf::bare_kind("true"), value_kind::boolean);
    EXPECT_EQ(lf::bare_kind("false"), value_kind::boolean);
    EXPECT_EQ(lf::bare_kind("18446744073709551615"), value_kind::integer);
    EXPECT_EQ(lf::bare_kind("-3"), value_kind::integer);
    EXPECT_EQ(lf::bare_kind("2.5"), value_kind::floating);
    EXPECT_EQ(lf::bare_kind("1e+300"), value_kind::floating);
    EXPECT_EQ(lf::bare_kind("-inf"), value_kind::floating);
    EXPECT_EQ(lf::bare_kind("nan"), value_kind::floating);
    for (const char* s : {"alice", "True", "NaN", "Infinity", "1.", "007", "r-1", "1e"})
        EXPECT_EQ(lf::bare_kind(s), value_kind::string) << s;
}

TEST(log_format_text, strings_are_bare_when_unambiguous) {
    EXPECT_EQ(text("alice"), "alice");
    EXPECT_EQ(text("r-1.x_y"), "r-1.x_y");
    EXPECT_EQ(text("caf\xc3\xa9"), "caf\xc3\xa9");
    // Bytes from 0x80 up, invalid UTF-8 and C1 controls too, are written as they are.
    EXPECT_EQ(text("\xff\xc2\x85"), "\xff\xc2\x85");
    EXPECT_EQ(text("1e"), "1e");
}

TEST(log_format_text, strings_are_quoted_when_they_could_misread) {
    EXPECT_EQ(text(""), R"("")");
    EXPECT_EQ(text("two words"), R"("two words")");
    EXPECT_EQ(text("a=b"), R"("a=b")");
    EXPECT_EQ(text("{x}"), R"("{x}")");
    EXPECT_EQ(text("say \"hi\"\n"), R"("say \"hi\"\n")");
    EXPECT_EQ(text("\b\x7f"), R"("\b\u007f")");
    EXPECT_EQ(text("back\\slash"), R"("back\\slash")");
    for (const char* s : {"42", "-0", "007", "2.5", "1.", "inf", "-inf", "nan", "INF", "true",
                          "false", "99999999999999999999"})
        EXPECT_EQ(text(s), "\""s + s + "\"") << s;
}

// A string the reader would type as a number must be quoted even when the number is out of
// a double's range: `1e999` used to be written bare and read back as a double.
TEST(log_format_text, out_of_range_numbers_are_quoted) {
    for (const char* s : {"1e999", "-1e999", "1e-999", "123e4567"}) {
        EXPECT_NE(lf::bare_kind(s), value_kind::string) << s;
        EXPECT_EQ(text(s), "\""s + s + "\"") << s;
    }
}

// Property: every string that the reader's bare_kind() would not read back as a string is
// quoted. Random strings over the characters numbers and keywords are made of.
TEST(log_format_text, whatever_reads_as_another_kind_is_quoted) {
    std::mt19937 rng(20261130);
    const std::string_view alphabet = "0123456789-+.eEinfatruls";
    int quoted_non_strings = 0;
    for (int round = 0; round < 200000; ++round) {
        std::string s(rng() % 8, ' ');
        for (char& c : s) c = alphabet[rng() % alphabet.size()];
        if (lf::bare_kind(s) == value_kind::string) continue;
        ASSERT_TRUE(lf::text_needs_quotes(s)) << s;
        ++quoted_non_strings;
    }
    EXPECT_GT(quoted_non_strings, 1000);  // the alphabet does produce numbers
}

TEST(log_format_values, every_type_in_text_and_json) {
    EXPECT_EQ(text_value(std::int64_t{-3}), "-3");
    EXPECT_EQ(json_value(std::int64_t{-3}), "-3");
    EXPECT_EQ(text_value(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
    EXPECT_EQ(json_value(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
    EXPECT_EQ(text_value(3.0), "3.0");
    EXPECT_EQ(json_value(3.0), "3.0");
    EXPECT_EQ(text_value(std::nan("")), "nan");
    EXPECT_EQ(json_value(std::nan("")), R"("nan")");
    EXPECT_EQ(json_value(HUGE_VAL), R"("inf")");
    EXPECT_EQ(json_value(-HUGE_VAL), R"("-inf")");
    EXPECT_EQ(text_value(true), "true");
    EXPECT_EQ(json_value(false), "false");
    EXPECT_EQ(text_value("two words"s), R"("two words")");
    EXPECT_EQ(json_value("two words"sv), R"("two words")");
    EXPECT_EQ(text_value("2"s), R"("2")");  // a string, not the integer 2
    EXPECT_EQ(json_value("2"s), R"("2")");
}

TEST(log_format_values, a_variant_is_written_as_the_alternative_it_holds) {
    using value = std::variant<std::string, std::int64_t, double, bool, std::uint64_t>;
    EXPECT_EQ(text_value(value{"a b"s}), R"("a b")");
    EXPECT_EQ(text_value(value{std::int64_t{7}}), "7");
    EXPECT_EQ(json_value(value{2.5}), "2.5");
    EXPECT_EQ(json_value(value{true}), "true");
    EXPECT_EQ(json_value(value{std::uint64_t{7}}), "7");
}

TEST(log_format_json_lines, builtin_fields_and_the_flattening_prefix) {
    EXPECT_EQ(lf::builtin_fields.front(), "ts");
    EXPECT_EQ(lf::builtin_fields.back(), "ctx");
    for (std::string_view f : lf::builtin_fields) {
        EXPECT_TRUE(lf::is_builtin_field(f)) << f;
        EXPECT_TRUE(lf::needs_context_prefix(f)) << f;
        EXPECT_TRUE(lf::is_valid_key(f)) << f;  // so a context may use the name
    }
    EXPECT_FALSE(lf::is_builtin_field("request_id"));
    EXPECT_FALSE(lf::needs_context_prefix("request_id"));
    EXPECT_FALSE(lf::needs_context_prefix("ctxa"));
    EXPECT_TRUE(lf::needs_context_prefix("ctx.a"));
    EXPECT_EQ(lf::context_key("ctx.ts"), "ts");
    EXPECT_EQ(lf::context_key("ctx.ctx.a"), "ctx.a");
    EXPECT_EQ(lf::context_key("request_id"), "request_id");
}

TEST(log_format_json_lines, trace_fields_are_lowercase_hex_of_their_size) {
    const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    EXPECT_TRUE(lf::is_lower_hex(trace, lf::trace_id_digits));
    EXPECT_TRUE(lf::is_lower_hex("00f067aa0ba902b7", lf::span_id_digits));
    EXPECT_FALSE(lf::is_lower_hex(trace, lf::span_id_digits));
    EXPECT_FALSE(lf::is_lower_hex(trace.substr(1), lf::trace_id_digits));
    EXPECT_FALSE(lf::is_lower_hex("00F067AA0BA902B7", lf::span_id_digits));
    for (char bad : {'g', 'G', '/', ':', '`', ' ', '\0', '\xff'}) {
        std::string s(lf::span_id_digits, '0');
        s[7] = bad;
        EXPECT_FALSE(lf::is_lower_hex(s, lf::span_id_digits)) << int(bad);
    }
    static_assert(lf::is_lower_hex("0123456789abcdef", 16));
}

// Writing a key as a flattened line does, then reading it back, gives the key, whatever it is.
TEST(log_format_json_lines, flattening_reverses) {
    for (std::string key : {"ts", "ctx", "ctx.ts", "ctx.ctx.x", "user", "ctx.", "msg.x"}) {
        const std::string written =
            lf::needs_context_prefix(key) ? std::string(lf::context_prefix) + key : key;
        EXPECT_FALSE(lf::is_builtin_field(written)) << key;
        EXPECT_EQ(lf::context_key(written), key);
    }
}

}  // namespace
