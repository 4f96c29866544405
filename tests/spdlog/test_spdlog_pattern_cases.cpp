// spdlog 1.10's own pattern-formatter test cases (its tests/test_pattern_formatter.cpp),
// ported to GoogleTest with their assertions. Each runs twice: with spdlog::pattern_formatter,
// which shows the expectation is spdlog's, and with fiberlog::pattern_formatter, which must
// give the same. Where spdlog reads the clock, the record here carries a fixed time instead.

#include <ctime>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/details/os.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>

#include <fiberlog/spdlog.hpp>

#include "formatting.hpp"

namespace fiberlog {
namespace {

using custom_flags = spdlog::pattern_formatter::custom_flags;
using spdlog::pattern_time_type;
using spdlog::details::log_msg;
using test::format_to_string;

const std::string eol = spdlog::details::os::default_eol;

// Which formatter a case runs with: both take spdlog::pattern_formatter's arguments.
struct formatter_kind {
    const char* name;
    std::unique_ptr<spdlog::formatter> (*make)(std::string pattern, pattern_time_type time,
                                               std::string eol, custom_flags flags);
};

const formatter_kind spdlogs{"spdlog", [](std::string p, pattern_time_type t, std::string e,
                                          custom_flags f) -> std::unique_ptr<spdlog::formatter> {
                                 return std::make_unique<spdlog::pattern_formatter>(
                                     std::move(p), t, std::move(e), std::move(f));
                             }};
const formatter_kind fiberlogs{"fiberlog", [](std::string p, pattern_time_type t, std::string e,
                                              custom_flags f) {
                                   return pattern_formatter(std::move(p), t, std::move(e),
                                                            std::move(f));
                               }};

void PrintTo(const formatter_kind& kind, std::ostream* os) { *os << kind.name; }

// spdlog's custom_test_flag: writes its padding's width in spaces, then its text; the text
// "throw_me" throws instead.
class text_flag final : public spdlog::custom_flag_formatter {
public:
    explicit text_flag(std::string text) : text_(std::move(text)) {}

    void format(const log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (text_ == "throw_me") throw spdlog::spdlog_ex("custom_flag_exception_test");
        const std::string out = std::string(padinfo_.width_, ' ') + text_;
        dest.append(out.data(), out.data() + out.size());
    }
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
        return std::make_unique<text_flag>(text_);
    }

private:
    std::string text_;
};

custom_flags text_flags(const std::string& t, const std::string& u) {
    custom_flags flags;
    flags['t'] = std::make_unique<text_flag>(t);
    if (!u.empty()) flags['u'] = std::make_unique<text_flag>(u);
    return flags;
}

class spdlog_cases : public ::testing::TestWithParam<formatter_kind> {
protected:
    std::unique_ptr<spdlog::formatter> make(std::string pattern,
                                            pattern_time_type time = pattern_time_type::local,
                                            std::string end = eol, custom_flags flags = {}) {
        return GetParam().make(std::move(pattern), time, std::move(end), std::move(flags));
    }

    // spdlog's log_to_str(): logs `msg` at info through a logger named "pattern_tester".
    std::string log_to_str(const std::string& msg, const std::string& pattern,
                           pattern_time_type time = pattern_time_type::local,
                           const std::string& end = "\n") {
        std::ostringstream out;
        spdlog::logger logger("pattern_tester",
                              std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
        logger.set_formatter(make(pattern, time, end));
        logger.info(msg);
        return out.str();
    }

    // spdlog's test_sink lines: a record formatted, the end of line cut off.
    std::string line_of(const std::string& pattern, const log_msg& msg) {
        auto formatter = make(pattern);
        std::string line = format_to_string(*formatter, msg);
        return line.substr(0, line.size() - eol.size());
    }
};

TEST_P(spdlog_cases, custom_eol) {
    EXPECT_EQ(log_to_str("Hello custom eol test", "%v", pattern_time_type::local, ";)"),
              "Hello custom eol test;)");
}

TEST_P(spdlog_cases, empty_format) {
    EXPECT_EQ(log_to_str("Some message", "", pattern_time_type::local, ""), "");
    EXPECT_EQ(log_to_str("Some message", "", pattern_time_type::local, "\n"), "\n");
}

TEST_P(spdlog_cases, level_short_level_and_name) {
    EXPECT_EQ(log_to_str("Some message", "[%l] %v"), "[info] Some message\n");
    EXPECT_EQ(log_to_str("Some message", "[%L] %v"), "[I] Some message\n");
    EXPECT_EQ(log_to_str("Some message", "[%n] %v"), "[pattern_tester] Some message\n");
}

TEST_P(spdlog_cases, date_mm_dd_yy) {
    const std::string payload = "Some message";
    const log_msg msg = test::sample_msg(payload);
    const std::tm tm = spdlog::details::os::localtime(spdlog::log_clock::to_time_t(msg.time));
    char expected[32];
    std::strftime(expected, sizeof expected, "%m/%d/%y Some message", &tm);
    EXPECT_EQ(line_of("%D %v", msg), expected);
}

// The color range a formatter marks in the record, for "%^...%$" patterns.
struct color_case {
    const char* pattern;
    const char* payload;
    std::size_t start, end;
    const char* logged;  // what log_to_str() gives, or null where spdlog's test does not check
};

TEST_P(spdlog_cases, color_ranges) {
    const color_case cases[] = {
        {"%^%v%$", "Hello", 0, 5, nullptr},  {"%^%$", "", 0, 0, "\n"},
        {"%^***%$", "ignored", 0, 3, nullptr}, {"XX%^YYY%$", "ignored", 2, 5, "XXYYY\n"},
        {"**%^", "ignored", 2, 0, nullptr},  {"**%$", "ignored", 0, 2, nullptr},
    };
    for (const color_case& c : cases) {
        SCOPED_TRACE(c.pattern);
        const log_msg msg("test", spdlog::level::info, c.payload);
        auto formatter = make(c.pattern);
        (void)format_to_string(*formatter, msg);
        EXPECT_EQ(msg.color_range_start, c.start);
        EXPECT_EQ(msg.color_range_end, c.end);
        if (c.logged != nullptr) {
            EXPECT_EQ(log_to_str(c.payload, c.pattern), c.logged);
        }
    }
    EXPECT_EQ(log_to_str("hello", "%^%v%$"), "hello\n");
}

struct padding_case {
    const char* pattern;
    const char* payload;
    const char* logged;
};

TEST_P(spdlog_cases, padding_and_truncation) {
    const std::string wide(64 - 14, ' ');  // "pattern_tester" padded to spdlog's maximum of 64
    const padding_case cases[] = {
        {"[%8l] %v", "Some message", "[    info] Some message\n"},
        {"[%8!l] %v", "Some message", "[    info] Some message\n"},
        {"[%-8l] %v", "Some message", "[info    ] Some message\n"},
        {"[%-8!l] %v", "Some message", "[info    ] Some message\n"},
        {"[%=8l] %v", "Some message", "[  info  ] Some message\n"},
        {"[%=8!l] %v", "Some message", "[  info  ] Some message\n"},
        {"[%3L] %v", "Some message", "[  I] Some message\n"},
        {"[%3!L] %v", "Some message", "[  I] Some message\n"},
        {"[%-3L] %v", "Some message", "[I  ] Some message\n"},
        {"[%-3!L] %v", "Some message", "[I  ] Some message\n"},
        {"[%=3L] %v", "Some message", "[ I ] Some message\n"},
        {"[%=3!L] %v", "Some message", "[ I ] Some message\n"},
        {"[%3n] %v", "Some message", "[pattern_tester] Some message\n"},
        {"[%3!n] %v", "Some message", "[pat] Some message\n"},
        {"[%-3n] %v", "Some message", "[pattern_tester] Some message\n"},
        {"[%-3!n] %v", "Some message", "[pat] Some message\n"},
        {"[%=3n] %v", "Some message", "[pattern_tester] Some message\n"},
        {"[%=3!n] %v", "Some message", "[pat] Some message\n"},
        {"%6!v", "123456", "123456\n"},
        {"%5!v", "123456", "12345\n"},
        {"%7!v", "123456", " 123456\n"},
        {"%-6!v", "123456", "123456\n"},
        {"%-5!v", "123456", "12345\n"},
        {"%-7!v", "123456", "123456 \n"},
        {"%=6!v", "123456", "123456\n"},
        {"%=5!v", "123456", "12345\n"},
        {"%=7!v", "123456", "123456 \n"},
        {"%0!v", "123456", "\n"},
    };
    for (const padding_case& c : cases) {
        SCOPED_TRACE(c.pattern);
        EXPECT_EQ(log_to_str(c.payload, c.pattern), c.logged);
    }
    // Widths above 64 are clamped to 64.
    for (const char* pattern : {"[%-300n] %v", "[%-300!n] %v", "[%-64n] %v", "[%-64!n] %v"}) {
        SCOPED_TRACE(pattern);
        EXPECT_EQ(log_to_str("Some message", pattern), "[pattern_tester" + wide + "] Some message\n");
    }
}

// spdlog's test_sink records of these tests: logged from a function named `function`.
log_msg in_function(const char* function) {
    return log_msg{spdlog::source_loc{"ignored", 1, function}, "test_logger", spdlog::level::info,
                   "message"};
}

TEST_P(spdlog_cases, padding_truncates_the_function_name) {
    EXPECT_EQ(line_of("%v [%5!!]", in_function("func")), "message [ func]");
    EXPECT_EQ(line_of("%v [%5!!]", in_function("function")), "message [funct]");
}

TEST_P(spdlog_cases, padding_without_truncation_is_the_padded_function_name) {
    // `%10!]`: `]` is no flag, so spdlog reads `%10!` as the function name padded to 10.
    EXPECT_EQ(line_of("%v [%10!]", in_function("func")), "message [      func]");
    EXPECT_EQ(line_of("%v [%10!]", in_function("func567890123")), "message [func567890123]");
}

TEST_P(spdlog_cases, clones_format_the_same) {
    struct clone_case {
        const char* pattern;
        pattern_time_type time;
        const char* end;
        const char* logger;
    };
    const clone_case cases[] = {
        {"%+", pattern_time_type::local, "\n", "test"},  // spdlog's default formatter
        {"%D %X [%] [%n] %v", pattern_time_type::local, "\n", "test"},
        {"%D %X [%] [%n] %v", pattern_time_type::utc, "xxxxxx\n", "test2"},
    };
    for (const clone_case& c : cases) {
        SCOPED_TRACE(c.pattern);
        const log_msg msg(c.logger, spdlog::level::info, "some message");
        auto original = make(c.pattern, c.time, c.end);
        auto copy = original->clone();
        const std::string first = format_to_string(*original, msg);
        EXPECT_EQ(format_to_string(*copy, msg), first);
        EXPECT_NE(first.find("some message"), std::string::npos) << first;
    }
}

TEST_P(spdlog_cases, clones_keep_custom_flags) {
    auto original =
        make("[%n] [%t] %v", pattern_time_type::local, eol, text_flags("custom_output", ""));
    auto copy = original->clone();
    const log_msg msg("logger-name", spdlog::level::info, "some message");
    const std::string expected = "[logger-name] [custom_output] some message" + eol;
    EXPECT_EQ(format_to_string(*original, msg), expected);
    EXPECT_EQ(format_to_string(*copy, msg), expected);
}

// spdlog's test_path: the short name of "/a/b//myfile.cpp" is "myfile.cpp".
TEST_P(spdlog_cases, short_and_full_file_names) {
    const char* path = "/a/b//myfile.cpp";
    const log_msg in_path(spdlog::source_loc{path, 123, "some_func()"}, "logger-name",
                          spdlog::level::info, "Hello");
    const log_msg bare(spdlog::source_loc{"myfile.cpp", 123, "some_func()"}, "logger-name",
                       spdlog::level::info, "Hello");
    const log_msg unnamed(spdlog::source_loc{"", 123, "some_func()"}, "logger-name",
                          spdlog::level::info, "Hello");
    EXPECT_EQ(format_to_string(*make("%s", pattern_time_type::local, ""), in_path), "myfile.cpp");
    EXPECT_EQ(format_to_string(*make("%s:%#", pattern_time_type::local, ""), bare),
              "myfile.cpp:123");
    EXPECT_EQ(format_to_string(*make("%s %v", pattern_time_type::local, ""), unnamed), " Hello");
    EXPECT_EQ(format_to_string(*make("%g", pattern_time_type::local, ""), in_path), path);
}

TEST_P(spdlog_cases, custom_flags) {
    const log_msg msg(spdlog::source_loc{}, "logger-name", spdlog::level::info, "some message");
    auto plain =
        make("[%n] [%t] [%u] %v", pattern_time_type::local, eol, text_flags("custom1", "custom2"));
    EXPECT_EQ(format_to_string(*plain, msg),
              "[logger-name] [custom1] [custom2] some message" + eol);
    auto padded =
        make("[%n] [%t] [%5u] %v", pattern_time_type::local, eol, text_flags("custom1", "custom2"));
    EXPECT_EQ(format_to_string(*padded, msg),
              "[logger-name] [custom1] [     custom2] some message" + eol);
}

TEST_P(spdlog_cases, a_custom_flag_that_throws_makes_format_throw) {
    const log_msg msg(spdlog::source_loc{}, "logger-name", spdlog::level::info, "some message");
    auto formatter =
        make("[%n] [%t] [%u] %v", pattern_time_type::local, eol, text_flags("throw_me", "custom2"));
    spdlog::memory_buf_t buf;
    EXPECT_THROW(formatter->format(msg, buf), spdlog::spdlog_ex);
}

INSTANTIATE_TEST_SUITE_P(, spdlog_cases, ::testing::Values(spdlogs, fiberlogs),
                         [](const auto& kind) { return std::string(kind.param.name); });

}  // namespace
}  // namespace fiberlog
