// The pattern flags: %G, %J, %K, bound key flags, padding, that a value can never forge
// a pair or a line, and spdlog's end of line and custom flags next to fiberlog's.
// (How a pattern is read: test_pattern_syntax.cpp; spdlog's own cases: test_spdlog_pattern_cases.cpp.)

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/pattern_formatter.h>
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
    EXPECT_EQ(line_of("%R|%Z|%v", {{'R', "request_id"}, {'Z', "user"}}), "\"r 9\"||m");
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

TEST(pattern_formatter, more_distinct_runs_than_free_flag_characters_still_render) {
    // Each run `%K<i>` differs, so they outnumber the characters free to name merged runs;
    // the rest are written flag by flag, with the same result.
    scoped a{"k", "v"};
    std::string pattern, expected;
    for (int i = 0; i < 400; ++i) {
        pattern += "%K" + std::to_string(i) + "%l";
        expected += "k=v" + std::to_string(i) + "info";
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
    EXPECT_THROW((void)pattern_formatter("%v", {{'G', "x"}}), std::invalid_argument);
    EXPECT_THROW((void)pattern_formatter("%v", {{'Q', "x"}}), std::invalid_argument);
    EXPECT_THROW((void)pattern_formatter("%v", {{'U', "x"}}), std::invalid_argument);
    EXPECT_THROW((void)pattern_formatter("%v", {{'W', "x"}}), std::invalid_argument);
    EXPECT_THROW((void)pattern_formatter("%v", {{'1', "x"}}), std::invalid_argument);
    EXPECT_THROW((void)pattern_formatter("%v", {{'R', "x"}, {'R', "y"}}), std::invalid_argument);
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

// A custom flag of the user's: writes its text, padded to its width when padding is set.
class text_flag final : public spdlog::custom_flag_formatter {
public:
    explicit text_flag(std::string text) : text_(std::move(text)) {}
    void format(const spdlog::details::log_msg&, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const std::string pad(padinfo_.width_ > text_.size() ? padinfo_.width_ - text_.size() : 0,
                              ' ');
        const std::string out = pad + text_;
        dest.append(out.data(), out.data() + out.size());
    }
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
        return std::make_unique<text_flag>(text_);
    }

private:
    std::string text_;
};

spdlog::pattern_formatter::custom_flags user_flags(std::string_view letters) {
    spdlog::pattern_formatter::custom_flags flags;
    for (char c : letters) flags[c] = std::make_unique<text_flag>(std::string("<") + c + ">");
    return flags;
}

TEST(pattern_formatter, takes_an_end_of_line) {
    scoped a{"k", "v"};
    auto sink = std::make_shared<capture_sink>();
    spdlog::logger logger("t", sink);
    logger.set_formatter(pattern_formatter("%K %v", spdlog::pattern_time_type::local, ";)\n"));
    logger.info("m");
    EXPECT_EQ(sink->lines(), std::vector<std::string>{"k=v m;)"});
    EXPECT_EQ(line_of(pattern_formatter("%K", spdlog::pattern_time_type::local, "")), "k=v");
}

TEST(pattern_formatter, user_custom_flags_work_next_to_fiberlogs) {
    scoped a{"k", "v"};
    const std::string id = std::to_string(fiber_id());
    // `*` is a new flag, `l` replaces spdlog's level; both split fiberlog's merged runs.
    auto f = [&](const std::string& pattern) {
        return line_of(pattern_formatter(pattern, spdlog::pattern_time_type::local,
                                         spdlog::details::os::default_eol, user_flags("*l"),
                                         {{'N', "k"}}));
    };
    EXPECT_EQ(f("[%G/%*/%K] %l %N %v"), "[" + id + "/<*>/k=v] <l> v m");
    EXPECT_EQ(f("[%G%*%K%l%N]"), "[" + id + "<*>k=v<l>v]");
    EXPECT_EQ(f("[%5*|%-5K|%6l]"), "[  <*>|k=v  |   <l>]");
    auto clone = pattern_formatter("%G%*%K", spdlog::pattern_time_type::local,
                                   spdlog::details::os::default_eol, user_flags("*"))
                     ->clone();
    EXPECT_EQ(line_of(std::move(clone)), id + "<*>k=v");
}

TEST(pattern_formatter, rejects_user_flags_that_clash_with_fiberlogs) {
    const auto make = [](spdlog::pattern_formatter::custom_flags flags,
                         std::vector<key_flag> keys = {}) {
        (void)pattern_formatter("%v", spdlog::pattern_time_type::local, "\n", std::move(flags),
                                std::move(keys));
    };
    for (char c : std::string("GJKQ")) {
        SCOPED_TRACE(c);
        EXPECT_THROW(make(user_flags(std::string(1, c))), std::invalid_argument);
    }
    EXPECT_THROW(make(user_flags("N"), {{'N', "request_id"}}), std::invalid_argument);
    spdlog::pattern_formatter::custom_flags null_flag;
    null_flag['*'] = nullptr;
    EXPECT_THROW(make(std::move(null_flag)), std::invalid_argument);
    try {
        make(user_flags("K"));
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("%K"), std::string::npos) << e.what();
    }
}

TEST(pattern_formatter, user_flags_on_every_character_leave_no_name_for_what_needs_one) {
    // Every character but NUL and fiberlog's letters is the user's: merged runs fall back to
    // flag by flag, but `%5!` before an unknown flag (spdlog's padded function name) and a
    // literal `%` while `%` is the user's have no spelling left, and are refused.
    spdlog::pattern_formatter::custom_flags flags;
    for (int v = 1; v < 256; ++v) {
        const char c = static_cast<char>(v);
        if (std::string_view("GJKQUVW").find(c) == std::string_view::npos)
            flags[c] = std::make_unique<text_flag>(std::string("<") + c + ">");
    }
    const auto make = [&](const std::string& pattern) {
        spdlog::pattern_formatter::custom_flags copy;
        for (const auto& [c, f] : flags) copy[c] = f->clone();
        return pattern_formatter(pattern, spdlog::pattern_time_type::local, "", std::move(copy));
    };
    scoped a{"k", "v"};
    EXPECT_EQ(line_of(make("[%K|%v]")), "[k=v|<v>]");
    EXPECT_THROW(make(std::string("%5!\0", 4)), std::invalid_argument);
    EXPECT_THROW(make(std::string("%K%\0", 4)), std::invalid_argument);
}

}  // namespace
}  // namespace fiberlog
