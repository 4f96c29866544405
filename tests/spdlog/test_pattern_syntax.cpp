// fiberlog::pattern_formatter reads patterns exactly as spdlog 1.10 does. The oracle is
// spdlog's own pattern_formatter: without fiberlog's flags, both must write the same bytes;
// with them, fiberlog must write what spdlog writes when each fiberlog flag is a plain custom
// flag padded as spdlog pads its own flags. Odd inputs by name, then random patterns.

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/pattern_formatter.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "formatting.hpp"
#include "support/volume.hpp"

namespace fiberlog {
namespace {

using custom_flags = spdlog::pattern_formatter::custom_flags;
using test::format_to_string;
using test::sample_msg;
using test::spdlog_padded_flag;

const std::vector<key_flag> keys{{'N', "request_id"}};

// The user's own custom flags for a test: fixed texts under the given characters.
custom_flags user_flags(const std::string& letters) {
    custom_flags flags;
    for (char c : letters)
        flags[c] = std::make_unique<spdlog_padded_flag>([c] { return std::string("<") + c + ">"; });
    return flags;
}

// spdlog's formatter with fiberlog's flags as plain custom flags, each computed on its own.
std::unique_ptr<spdlog::formatter> oracle(const std::string& pattern, const std::string& user,
                                          spdlog::pattern_time_type time = {},
                                          const std::string& eol = "\n") {
    custom_flags flags = user_flags(user);
    flags['G'] = std::make_unique<spdlog_padded_flag>([] { return std::to_string(fiber_id()); });
    flags['J'] = std::make_unique<spdlog_padded_flag>([] { return std::to_string(parent_id()); });
    flags['K'] = std::make_unique<spdlog_padded_flag>([] { return std::string(snapshot().text()); });
    flags['Q'] = std::make_unique<spdlog_padded_flag>([] { return std::string(); });  // no deadline
    flags['N'] = std::make_unique<spdlog_padded_flag>([] {
        const auto v = get("request_id");
        if (!v) return std::string();
        return std::string(context{}.with("request_id", *v).text().substr(sizeof "request_id"));
    });
    return std::make_unique<spdlog::pattern_formatter>(pattern, time, eol, std::move(flags));
}

std::string printable(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    return out;
}

// What spdlog's own formatter and fiberlog's write for `pattern`, on a record with a source
// location, and on one without.
std::string spdlog_line(const std::string& pattern, bool with_source = true) {
    spdlog::pattern_formatter formatter(pattern, spdlog::pattern_time_type::local, "");
    const std::string payload = "msg";
    return format_to_string(formatter, sample_msg(payload, with_source));
}

std::string fiberlog_line(const std::string& pattern, bool with_source = true) {
    auto formatter = pattern_formatter(pattern, spdlog::pattern_time_type::local, "");
    const std::string payload = "msg";
    return format_to_string(*formatter, sample_msg(payload, with_source));
}

class pattern_syntax : public ::testing::Test {
protected:
    void SetUp() override { clear(); }
    void TearDown() override { clear(); }
};

TEST_F(pattern_syntax, odd_inputs_read_as_spdlog_reads_them) {
    struct odd {
        std::string pattern;
        std::string expected;  // with the function name "handle" in the record
    };
    const odd cases[] = {
        {"%v%", "msg"},                  // a lone trailing % is dropped
        {"%v%-", "msg"},                 // so is a trailing % with a side
        {"%v%12", "msg"},                // or with a width
        {"%v%=3!", "msg"},               // or with a whole spec
        {"%!%%G", "handle%G"},           // %! is a flag, so G is text: no stray control byte
        {"%%G", "%G"},
        {"%y", "%y"},                    // an unknown flag shows as written
        {"%5y", "%y"},                   // padding without a flag is dropped with it
        {"%5!y", "handley"},             // truncation without a flag: the padded function name
        {"%10!]", "    handle]"},        // (spdlog's fix for its issue #1617)
        {"%-v", "msg"},                  // a side without a width is no padding
        {"%=v", "msg"},
        {"%--", "%-"},                   // `-` read as the flag after a side
        {"%-=", "%="},
        {"%5%", "%"},                    // %% ignores padding
        {"%300v|", std::string(61, ' ') + "msg|"},  // widths are clamped to 64
        {"%-65!v|", "msg" + std::string(61, ' ') + "|"},
        {"%18446744073709551616v|", "msg|"},  // the width wraps to 0, as in spdlog
        {"%18446744073709551618!v|", "ms|"},  // and to 2
        {"%0!v|", "|"},
        {"%=6v|%=7v|", " msg  |  msg  |"},
        {"", ""},
        {"%", ""},
        {std::string("a%\0b", 4), std::string("a%\0b", 4)},  // an unknown NUL flag
    };
    for (const odd& c : cases) {
        SCOPED_TRACE(printable(c.pattern));
        const std::string spdlog_says = spdlog_line(c.pattern);
        EXPECT_EQ(fiberlog_line(c.pattern), spdlog_says);
        EXPECT_EQ(fiberlog_line(c.pattern, false), spdlog_line(c.pattern, false));
        EXPECT_EQ(spdlog_says, c.expected);
    }
    // `+` is no side in 1.10: `%+5v` is spdlog's full line, then the text `5v`.
    EXPECT_EQ(fiberlog_line("%+5v"), spdlog_line("%+5v"));
    EXPECT_NE(spdlog_line("%+5v").find("] msg5v"), std::string::npos) << spdlog_line("%+5v");
}

TEST_F(pattern_syntax, fiberlog_flags_take_spdlog_padding_and_truncation) {
    put("request_id", "r-1");
    const std::string k = "request_id=r-1";  // 14 bytes
    auto line = [](const std::string& pattern) {
        auto f = pattern_formatter(pattern, spdlog::pattern_time_type::local, "");
        const std::string payload = "msg";
        return format_to_string(*f, sample_msg(payload));
    };
    EXPECT_EQ(line("[%16K]"), "[  " + k + "]");
    EXPECT_EQ(line("[%-16K]"), "[" + k + "  ]");
    EXPECT_EQ(line("[%=17K]"), "[ " + k + "  ]");
    EXPECT_EQ(line("[%3!K]"), "[req]");
    EXPECT_EQ(line("[%=3!K]"), "[req]");
    EXPECT_EQ(line("[%3K]"), "[" + k + "]");
    EXPECT_EQ(line("[%-K]"), "[" + k + "]");
    EXPECT_EQ(line("[%0!K]"), "[]");
    EXPECT_EQ(line("[%100K]"), "[" + std::string(64 - k.size(), ' ') + k + "]");  // clamped
    EXPECT_EQ(line("%K%"), k);
    EXPECT_EQ(line("%K%5!y"), k + "handley");
}

// Every odd spelling next to fiberlog's flags, against the oracle.
TEST_F(pattern_syntax, fiberlog_flags_next_to_odd_inputs_match_the_oracle) {
    put("request_id", "r 1");
    put("n", 5);
    const char* patterns[] = {
        "%!%%G",   "[%G/%J] {%K} %v%", "%G%",      "%5!G%K",   "%-G%=G",   "%G%y%K",
        "%G%5y%K", "%G%5!y%K",         "%G%%%K",   "%G%--%K",  "%+5G",     "%%%G%%",
        "%N|%5N|%=9!N", "%Q[%5Q]",     "%G%-65!K", "x%Gx%lx%Kx",
    };
    for (const char* p : patterns) {
        SCOPED_TRACE(p);
        const std::string payload = "msg";
        const auto msg = sample_msg(payload);
        auto ours = pattern_formatter(p, spdlog::pattern_time_type::local, "\n", {}, keys);
        EXPECT_EQ(format_to_string(*ours, msg), format_to_string(*oracle(p, ""), msg));
    }
}

// Random patterns from pieces that make every branch of spdlog's reading likely. `user`
// names the user's own custom flags, `fiberlog_letters` whether G J K Q N may occur.
void compare_random_patterns(unsigned seed, const std::string& user, bool fiberlog_letters) {
    std::vector<std::string> pieces = {"%", "%", "%", "%", "%", "-", "=", "+", "!", "!", "0",
                                       "3", "12", "64", "65", "300", "18446744073709551617",
                                       " ", "[", "]", "ab", "y", "w", "\x01", "\x1f", "\x7f",
                                       "\xff", std::string(1, '\0')};
    for (char c : std::string("+nlLtvaAbhBcCYDxmdHIMSefFEprRTXzP^$@sg#!%uioO"))
        pieces.emplace_back(1, c);
    for (char c : user) pieces.emplace_back(1, c);
    if (fiberlog_letters)
        for (const char* letter : {"G", "J", "K", "Q", "N", "G", "K"}) pieces.emplace_back(letter);

    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> length(0, 16), pick(0, pieces.size() - 1);
    std::bernoulli_distribution coin;
    const int count = test::volume(4000);
    for (int i = 0; i < count; ++i) {
        std::string pattern;
        for (std::size_t n = length(rng); n > 0; --n) pattern += pieces[pick(rng)];
        const auto time = coin(rng) ? spdlog::pattern_time_type::utc : spdlog::pattern_time_type::local;
        const std::string eol = coin(rng) ? "\n" : "";
        SCOPED_TRACE("pattern \"" + printable(pattern) + "\"");

        std::unique_ptr<spdlog::formatter> expected =
            fiberlog_letters ? oracle(pattern, user, time, eol)
                             : std::make_unique<spdlog::pattern_formatter>(pattern, time, eol,
                                                                           user_flags(user));
        auto ours = pattern_formatter(pattern, time, eol, user_flags(user),
                                      fiberlog_letters ? keys : std::vector<key_flag>{});
        auto copy = ours->clone();

        clear();
        put("request_id", "r 1");
        for (int round = 0; round < 2; ++round) {  // the second after the context changed
            const std::string payload = "pay %v load";
            const auto theirs_msg = sample_msg(payload, round == 0);
            const auto our_msg = sample_msg(payload, round == 0);
            const std::string want = format_to_string(*expected, theirs_msg);
            ASSERT_EQ(format_to_string(*ours, our_msg), want);
            ASSERT_EQ(format_to_string(*copy, our_msg), want);
            ASSERT_EQ(our_msg.color_range_start, theirs_msg.color_range_start);
            ASSERT_EQ(our_msg.color_range_end, theirs_msg.color_range_end);
            put("n", round);
        }
    }
}

TEST_F(pattern_syntax, random_spdlog_patterns_write_what_spdlog_writes) {
    compare_random_patterns(1, "", false);
}

TEST_F(pattern_syntax, random_patterns_with_user_flags_write_what_spdlog_writes) {
    // `*` a new flag, `l` replaces spdlog's level, `-` is reachable as `%--`.
    compare_random_patterns(2, "*l-", false);
}

TEST_F(pattern_syntax, random_patterns_with_fiberlog_flags_match_the_oracle) {
    compare_random_patterns(3, "", true);
    compare_random_patterns(4, "*l-", true);
}

TEST_F(pattern_syntax, a_user_percent_flag_and_fiberlog_flags_match_the_oracle) {
    // With `%` a custom flag no pattern can spell a literal `%`, yet `%y` still writes one.
    compare_random_patterns(5, "%!=", true);
}

}  // namespace
}  // namespace fiberlog
