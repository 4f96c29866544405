#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include <fiberlog/log_format.hpp>

#include "log_writer.hpp"
#include "padded.hpp"
#include "parse_text.hpp"

namespace {

using namespace fiberlog::tail;
using test::padded;

constexpr std::int64_t t0 = 1'795'428'000'000'000;  // 2026-11-23T10:00:00Z

class tail_parse_text : public ::testing::Test {
protected:
    void SetUp() override {
        if (const char* tz = std::getenv("TZ")) old_tz_ = tz;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    void TearDown() override {
        if (old_tz_.empty()) {
            ::unsetenv("TZ");
        } else {
            ::setenv("TZ", old_tz_.c_str(), 1);
        }
        ::tzset();
    }

    bool parse(std::string_view line) {
        line_ = padded(line);
        return parser_.parse(line_.view(), rec_);
    }

    text_parser parser_;
    record rec_;
    padded line_{""};
    std::string old_tz_;
};

TEST_F(tail_parse_text, reads_the_default_pattern) {
    ASSERT_TRUE(
        parse(R"([2026-11-23 10:00:00.123456] [app] [info] [12/3] {request_id=r-1 user=alice )"
              R"(attempt=2 note="two words" q="say \"hi\"\n"} loaded user)"));
    EXPECT_EQ(rec_.format, line_format::text);
    EXPECT_EQ(rec_.ts_us, t0 + 123456);
    EXPECT_EQ(rec_.logger, "app");
    EXPECT_EQ(rec_.lvl, level::info);
    EXPECT_EQ(rec_.fiber, 12u);
    EXPECT_EQ(rec_.parent, 3u);
    EXPECT_EQ(rec_.thread, 0u);
    EXPECT_EQ(rec_.msg, "loaded user");
    ASSERT_EQ(rec_.ctx.size(), 5u);
    EXPECT_EQ(rec_.ctx[0].text, "r-1");
    EXPECT_EQ(rec_.ctx[3].key, "note");
    EXPECT_EQ(rec_.ctx[3].text, "two words");
    EXPECT_EQ(rec_.ctx[4].text, "say \"hi\"\n");
}

TEST_F(tail_parse_text, bare_values_are_typed_and_quoted_ones_are_strings) {
    ASSERT_TRUE(parse(R"([2026-11-23 10:00:00.000000] [app] [warning] [1/0] )"
                      R"({i=2 d=2.5 e=1e+300 t=true f=false n=nan s="2" b="true" w=2x} m)"));
    ASSERT_EQ(rec_.ctx.size(), 9u);
    const value_kind kinds[] = {value_kind::integer, value_kind::floating, value_kind::floating,
                                value_kind::boolean, value_kind::boolean,  value_kind::floating,
                                value_kind::string,  value_kind::string,   value_kind::string};
    for (std::size_t i = 0; i < rec_.ctx.size(); ++i) {
        EXPECT_EQ(rec_.ctx[i].kind, kinds[i]) << rec_.ctx[i].key;
    }
    EXPECT_EQ(rec_.find("s")->text, "2");
    EXPECT_EQ(rec_.lvl, level::warning);
}

// Quoted values are read by log_format::read_quoted_body, whose rules tests/log_format tests:
// the record holds what it reads.
TEST_F(tail_parse_text, quoted_values_are_unescaped_by_the_log_formats_reader) {
    const std::string body = R"(\u00e9\ud83d\ude00 \ud800x \/\b\f\r\t\"")";
    std::string expected;
    ASSERT_EQ(fiberlog::log_format::read_quoted_body(body, expected), body.size());
    ASSERT_TRUE(parse("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {a=\"" + body + " b=1} m"));
    EXPECT_EQ(rec_.find("a")->text, expected);
    EXPECT_EQ(rec_.find("b")->text, "1");
}

TEST_F(tail_parse_text, empty_context_logger_and_message) {
    ASSERT_TRUE(parse("[2026-11-23 10:00:00.000000] [] [critical] [5/4] {} "));
    EXPECT_EQ(rec_.logger, "");
    EXPECT_EQ(rec_.lvl, level::critical);
    EXPECT_TRUE(rec_.ctx.empty());
    EXPECT_EQ(rec_.msg, "");
    ASSERT_TRUE(parse("[2026-11-23 10:00:00.000000] [] [debug] [5/4] {}"));
    EXPECT_EQ(rec_.msg, "");
}

TEST_F(tail_parse_text, the_message_is_the_rest_of_the_line) {
    ASSERT_TRUE(
        parse("[2026-11-23 10:00:00.000000] [my app] [info] [5/4] {k=v} a {b=c} [d] \"e\""));
    EXPECT_EQ(rec_.logger, "my app");
    EXPECT_EQ(rec_.msg, "a {b=c} [d] \"e\"");
    ASSERT_EQ(rec_.ctx.size(), 1u);
}

TEST_F(tail_parse_text, reads_what_the_writer_writes) {
    test::log_line l;
    l.ts_us = t0 + 42;
    l.level = "error";
    l.fiber = 77;
    l.parent = 76;
    l.msg = "done";
    l.ctx = {{"s", std::string("")}, {"n", std::int64_t{-3}},       {"d", 0.25},
             {"b", false},           {"q", std::string("a=b {c}")}, {"num", std::string("12")}};
    ASSERT_TRUE(parse(test::text_line(l))) << test::text_line(l);
    EXPECT_EQ(rec_.ts_us, l.ts_us);
    EXPECT_EQ(rec_.fiber, 77u);
    EXPECT_EQ(rec_.parent, 76u);
    ASSERT_EQ(rec_.ctx.size(), 6u);
    EXPECT_EQ(rec_.find("s")->text, "");
    EXPECT_EQ(rec_.find("n")->kind, value_kind::integer);
    EXPECT_EQ(rec_.find("d")->text, "0.25");
    EXPECT_EQ(rec_.find("b")->kind, value_kind::boolean);
    EXPECT_EQ(rec_.find("q")->text, "a=b {c}");
    EXPECT_EQ(rec_.find("num")->kind, value_kind::string);
}

TEST_F(tail_parse_text, rejects_lines_off_the_pattern) {
    const std::string key129(129, 'k');
    for (const std::string& bad :
         {std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k=v"),       // no }
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] k=v} m"),     // no {
          std::string("[2026-11-23 10:00:00.000000] [app] [loud] [1/0] {} m"),       // level
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [x/0] {} m"),       // fiber
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1] {} m"),         // parent
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k v} m"),    // no =
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k=} m"),     // empty
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k=\"v} m"),  // quote
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k=\"\\x\"} m"),
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k$=v} m"),
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {k=v  j=w} m"),
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {} m").substr(0, 40),
          "[2026-11-23 10:00:00.000000] [app] [info] [1/0] {" + key129 + "=v} m",
          std::string("[2026-11-23] [app] [info] [1/0] {} m"),
          std::string("[2026-11-23 10:00:00.000000] [app] [info] [1/0] {}m"),
          std::string("[not a line")}) {
        EXPECT_FALSE(parse(bad)) << bad;
    }
}

}  // namespace
