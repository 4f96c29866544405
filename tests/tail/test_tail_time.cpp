#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "time.hpp"

namespace {

using namespace fiberlog::tail;

constexpr std::int64_t t_2026_11_23_10h = 1'795'428'000'000'000;  // 2026-11-23T10:00:00Z

// Sets TZ for one test and restores it.
class tz_guard {
public:
    explicit tz_guard(const char* tz) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~tz_guard() {
        if (old_.empty()) {
            ::unsetenv("TZ");
        } else {
            ::setenv("TZ", old_.c_str(), 1);
        }
        ::tzset();
    }

private:
    std::string old_;
};

std::int64_t utc(std::string_view text) {
    civil_time t;
    EXPECT_TRUE(read_civil_time(text, t)) << text;
    return utc_micros(t);
}

TEST(tail_time, reads_rfc3339_with_microseconds) {
    EXPECT_EQ(utc("2026-11-23T10:00:00.123456"), t_2026_11_23_10h + 123456);
    EXPECT_EQ(utc("1970-01-01T00:00:00"), 0);
    EXPECT_EQ(utc("1969-12-31T23:59:59.5"), -500000);
    EXPECT_EQ(utc("2024-02-29 12:00:00"), 1'709'208'000'000'000);
}

TEST(tail_time, fractions_of_any_length_are_cut_to_microseconds) {
    EXPECT_EQ(utc("2026-11-23T10:00:00.1"), t_2026_11_23_10h + 100000);
    EXPECT_EQ(utc("2026-11-23T10:00:00.123456789"), t_2026_11_23_10h + 123456);
}

TEST(tail_time, rejects_malformed_and_impossible_dates) {
    for (std::string_view bad :
         {"2026-11-23", "2026-13-01T00:00:00", "2026-02-29T00:00:00", "2026-11-23X10:00:00",
          "2026-11-23T24:00:00", "2026-11-23T10:00", "2026-11-23T10:00:00.",
          "2026-11-23T10:00:00.1234567890", "26-11-23T10:00:00"}) {
        civil_time t;
        std::string_view s = bad;
        EXPECT_FALSE(read_civil_time(s, t) && s.empty()) << bad;
    }
}

TEST(tail_time, reads_zones) {
    std::int32_t offset = -1;
    std::string_view z = "Z";
    EXPECT_TRUE(read_zone(z, offset));
    EXPECT_EQ(offset, 0);
    std::string_view plus = "+01:30";
    EXPECT_TRUE(read_zone(plus, offset));
    EXPECT_EQ(offset, 5400);
    std::string_view minus = "-05:00";
    EXPECT_TRUE(read_zone(minus, offset));
    EXPECT_EQ(offset, -18000);
    std::string_view bad = "+0100";
    EXPECT_FALSE(read_zone(bad, offset));
}

TEST(tail_time, writes_rfc3339_utc) {
    std::string out;
    append_rfc3339(out, t_2026_11_23_10h + 123456);
    EXPECT_EQ(out, "2026-11-23T10:00:00.123456Z");
    out.clear();
    append_rfc3339(out, -1);
    EXPECT_EQ(out, "1969-12-31T23:59:59.999999Z");
    // The text of the last second is reused: the same second, the next one, and back.
    for (const auto& [us, text] :
         std::vector<std::pair<std::int64_t, std::string>>{
             {t_2026_11_23_10h + 5, "2026-11-23T10:00:00.000005Z"},
             {t_2026_11_23_10h + 999'999, "2026-11-23T10:00:00.999999Z"},
             {t_2026_11_23_10h + 1'000'000, "2026-11-23T10:00:01.000000Z"},
             {t_2026_11_23_10h + 7, "2026-11-23T10:00:00.000007Z"}}) {
        out.clear();
        append_rfc3339(out, us);
        EXPECT_EQ(out, text);
    }
}

TEST(tail_time, local_times_follow_the_tz_variable) {
    const tz_guard tz("CET-1");  // UTC+1, no DST
    local_time_converter local;
    civil_time t;
    std::string_view s = "2026-11-23 11:00:00.000005";
    ASSERT_TRUE(read_civil_time(s, t));
    EXPECT_EQ(local.utc_micros(t), t_2026_11_23_10h + 5);
    t.second = 30;  // same minute: from the cache
    EXPECT_EQ(local.utc_micros(t), t_2026_11_23_10h + 30'000'005);
}

TEST(tail_time, time_arguments_accept_zones_local_times_and_durations) {
    const tz_guard tz("CET-1");
    std::int64_t us = 0;
    ASSERT_TRUE(parse_time_argument("2026-11-23T10:00:00Z", 0, us));
    EXPECT_EQ(us, t_2026_11_23_10h);
    ASSERT_TRUE(parse_time_argument("2026-11-23T10:00:00.25+01:00", 0, us));
    EXPECT_EQ(us, t_2026_11_23_10h - 3'600'000'000 + 250'000);
    ASSERT_TRUE(parse_time_argument("2026-11-23 11:00:00", 0, us));  // local
    EXPECT_EQ(us, t_2026_11_23_10h);
    ASSERT_TRUE(parse_time_argument("15m", t_2026_11_23_10h, us));
    EXPECT_EQ(us, t_2026_11_23_10h - 900'000'000);
    ASSERT_TRUE(parse_time_argument("250ms", 1'000'000, us));
    EXPECT_EQ(us, 750'000);
    ASSERT_TRUE(parse_time_argument("2d", 0, us));
    EXPECT_EQ(us, -172'800'000'000);
    for (const char* bad : {"", "15", "15x", "m", "yesterday", "2026-11-23T10:00:00Zjunk"}) {
        EXPECT_FALSE(parse_time_argument(bad, 0, us)) << bad;
    }
}

TEST(tail_time, durations_combine_units_largest_first) {
    std::int64_t us = 0;
    ASSERT_TRUE(parse_time_argument("1h30m", t_2026_11_23_10h, us));
    EXPECT_EQ(us, t_2026_11_23_10h - 5'400'000'000);
    ASSERT_TRUE(parse_time_argument("1d2h3m4s5ms", 0, us));
    EXPECT_EQ(us, -(86'400'000'000 + 7'200'000'000 + 180'000'000 + 4'000'000 + 5'000));
    ASSERT_TRUE(parse_time_argument("1m30s", 0, us));
    EXPECT_EQ(us, -90'000'000);
    for (const char* bad : {"30m1h", "1h1h", "1h30", "1h 30m", "h30m", "1ms1s", "-1h",
                            "99999999999999d"}) {
        EXPECT_FALSE(parse_time_argument(bad, 0, us)) << bad;
    }
}

TEST(tail_time, a_date_alone_is_its_local_midnight) {
    const tz_guard tz("CET-1");
    std::int64_t us = 0;
    ASSERT_TRUE(parse_time_argument("2026-11-23", 0, us));
    EXPECT_EQ(us, t_2026_11_23_10h - 11 * 3'600'000'000LL);  // 00:00 CET = 23:00Z the day before
    for (const char* bad : {"2026-11-31", "2026-13-01", "2026-11", "2026-11-23T"}) {
        EXPECT_FALSE(parse_time_argument(bad, 0, us)) << bad;
    }
}

TEST(tail_time, a_time_alone_is_today_in_local_time) {
    const tz_guard tz("CET-1");
    std::int64_t us = 0;
    // "now" is 2026-11-23 23:30 CET (22:30Z): today is still the 23rd there.
    const std::int64_t now = t_2026_11_23_10h + 12 * 3'600'000'000LL + 1'800'000'000;
    ASSERT_TRUE(parse_time_argument("10:30", now, us));
    EXPECT_EQ(us, t_2026_11_23_10h - 3'600'000'000 + 1'800'000'000);  // 10:30 CET
    ASSERT_TRUE(parse_time_argument("11:00:15", now, us));
    EXPECT_EQ(us, t_2026_11_23_10h + 15'000'000);
    // An hour later it is the 24th in CET, though still the 23rd in UTC.
    ASSERT_TRUE(parse_time_argument("00:00", now + 3'600'000'000, us));
    EXPECT_EQ(us, t_2026_11_23_10h + 13 * 3'600'000'000LL);  // 2026-11-24 00:00 CET
    for (const char* bad : {"24:00", "10:60", "10:30:60", "1:30", "10:3", "10:30:"}) {
        EXPECT_FALSE(parse_time_argument(bad, now, us)) << bad;
    }
}

TEST(tail_time, shows_times_in_utc_or_in_the_local_zone_with_its_offset) {
    const tz_guard tz("EST5EDT,M3.2.0,M11.1.0");  // New York: -05:00, -04:00 in summer
    std::string out;
    time_formatter(false).append(out, t_2026_11_23_10h + 5);
    EXPECT_EQ(out, "2026-11-23T10:00:00.000005Z");
    time_formatter local(true);
    out.clear();
    local.append(out, t_2026_11_23_10h + 5);
    EXPECT_EQ(out, "2026-11-23T05:00:00.000005-05:00");
    out.clear();
    local.append(out, t_2026_11_23_10h - 140LL * 86'400'000'000);  // 2026-07-06, summer time
    EXPECT_EQ(out, "2026-07-06T06:00:00.000000-04:00");
    const tz_guard india("IST-5:30");
    time_formatter half_hour(true);
    out.clear();
    half_hour.append(out, t_2026_11_23_10h);
    EXPECT_EQ(out, "2026-11-23T15:30:00.000000+05:30");
}

}  // namespace
