// The pattern flags: %G, %J, %K, bound key flags, padding, and that a value can never forge
// a pair or a line.

#include <memory>
#include <regex>
#include <string>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"
#include "support/fiber_env.hpp"

namespace fiberlog {
namespace {

using test::capture_sink;

// Formats one record with `formatter` on the calling fiber and returns the line.
std::string line_of(std::unique_ptr<spdlog::formatter> formatter, const std::string& msg = "m") {
    auto sink = std::make_shared<capture_sink>();
    spdlog::logger logger("t", sink);
    logger.set_formatter(std::move(formatter));
    logger.info(msg);
    auto lines = sink->lines();
    return lines.size() == 1 ? lines[0] : "<" + std::to_string(lines.size()) + " lines>";
}

std::string line_of(const std::string& pattern, std::vector<key_flag> keys = {}) {
    return line_of(pattern_formatter(pattern, std::move(keys)));
}

TEST(pattern_formatter, ids_and_context_in_a_child_fiber) {
    test::run_in_fibers(test::scheduler::round_robin, 1, [] {
        put("request_id", "r-1");
        put("attempt", 2);
        const std::uint64_t main_id = fiber_id();
        std::string line;
        std::uint64_t child_id = 0;
        boost::fibers::fiber([&] {
            child_id = fiber_id();
            line = line_of("[%G/%J] {%K} %v");
        }).join();
        EXPECT_EQ(line, "[" + std::to_string(child_id) + "/" + std::to_string(main_id) +
                            "] {request_id=r-1 attempt=2} m");
    });
}

TEST(pattern_formatter, each_flag_alone) {
    put("k", "v");
    EXPECT_EQ(line_of("%G"), std::to_string(fiber_id()));
    EXPECT_EQ(line_of("%J"), std::to_string(parent_id()));
    EXPECT_EQ(line_of("%K"), "k=v");
    clear();
    EXPECT_EQ(line_of("{%K}"), "{}");
}

TEST(pattern_formatter, quotes_values_that_could_forge_a_pair_or_a_line) {
    scoped a{"space", "a b"};
    scoped b{"eq", "x=y"};
    scoped c{"nl", "one\ntwo"};
    scoped d{"quote", "say \"hi\""};
    scoped e{"empty", ""};
    scoped f{"digits", "42"};
    scoped g{"brace", "}"};
    EXPECT_EQ(line_of("%K"),
              R"(space="a b" eq="x=y" nl="one\ntwo" quote="say \"hi\"" empty="" digits="42")"
              R"( brace="}")");
}

TEST(pattern_formatter, typed_values_are_bare) {
    scoped a{"i", std::int64_t{-7}};
    scoped b{"d", 2.5};
    scoped c{"whole", 3.0};
    scoped d{"flag", true};
    scoped e{"plain", "alice"};
    EXPECT_EQ(line_of("%K"), "i=-7 d=2.5 whole=3.0 flag=true plain=alice");
}

TEST(pattern_formatter, key_flag_prints_one_value) {
    scoped a{"request_id", "r 9"};
    EXPECT_EQ(line_of("%R|%U|%v", {{'R', "request_id"}, {'U', "user"}}), "\"r 9\"||m");
}

TEST(pattern_formatter, padding_applies_to_fiberlog_flags) {
    scoped a{"k", "v"};
    EXPECT_EQ(line_of("[%-6K]"), "[k=v   ]");
    EXPECT_EQ(line_of("[%6K]"), "[   k=v]");
    EXPECT_EQ(line_of("[%=7K]"), "[  k=v  ]");
    EXPECT_EQ(line_of("[%2!K]"), "[k=]");
}

TEST(pattern_formatter, keeps_spdlog_flags_literals_and_percent_signs) {
    scoped a{"k", "v"};
    EXPECT_EQ(line_of("100%% %l %K %n%%"), "100% info k=v t%");
}

TEST(pattern_formatter, more_runs_than_run_flags_still_render) {
    scoped a{"k", "v"};
    std::string pattern, expected;
    for (int i = 0; i < 40; ++i) {
        pattern += "%K%l";
        expected += "k=vinfo";
    }
    EXPECT_EQ(line_of(pattern), expected);
}

TEST(pattern_formatter, default_pattern_layout) {
    scoped a{"user", "alice"};
    const std::string line = line_of(pattern_formatter());
    const std::regex layout(R"(\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\] \[t\] \[info\] )"
                            R"(\[\d+/\d+\] \{user=alice\} m)");
    EXPECT_TRUE(std::regex_match(line, layout)) << line;
}

TEST(pattern_formatter, rejects_bad_key_flags) {
    EXPECT_THROW(pattern_formatter("%v", {{'G', "x"}}), std::invalid_argument);
    EXPECT_THROW(pattern_formatter("%v", {{'Q', "x"}}), std::invalid_argument);
    EXPECT_THROW(pattern_formatter("%v", {{'1', "x"}}), std::invalid_argument);
    EXPECT_THROW(pattern_formatter("%v", {{'R', "x"}, {'R', "y"}}), std::invalid_argument);
    try {
        (void)pattern_formatter("%v", {{'R', "bad key"}});
        FAIL() << "an invalid key was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("bad key"), std::string::npos) << e.what();
    }
}

TEST(pattern_formatter, clone_renders_the_same) {
    scoped a{"k", "v"};
    auto f = pattern_formatter("%G %K %R", {{'R', "k"}});
    auto copy = f->clone();
    EXPECT_EQ(line_of(std::move(f)), line_of(std::move(copy)));
}

}  // namespace
}  // namespace fiberlog
