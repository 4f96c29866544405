#include "time.hpp"

#include <ctime>
#include <mutex>
#include <utility>

namespace fiberlog::tail {

namespace {

constexpr std::int64_t micros_per_second = 1'000'000;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_time civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    civil_time t;
    t.day = doy - (153 * mp + 2) / 5 + 1;
    t.month = mp < 10 ? mp + 3 : mp - 9;
    t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2));
    return t;
}

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) noexcept {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `n` digits from the front of `s`.
bool read_digits(std::string_view& s, std::size_t n, unsigned& out) noexcept {
    if (s.size() < n) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<unsigned>(c - '0');
    }
    s.remove_prefix(n);
    return true;
}

bool read_char(std::string_view& s, char c) noexcept {
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}

void append_digits(std::string& out, std::int64_t v, int width) {
    char buf[20];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    out.append(buf, static_cast<std::size_t>(width));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// "15m", "1h30m", "500ms": numbers with units, each unit smaller than the one before.
bool parse_duration(std::string_view s, std::int64_t& us) noexcept {
    static constexpr std::pair<std::string_view, std::int64_t> units[] = {
        {"d", 86400 * micros_per_second}, {"h", 3600 * micros_per_second},
        {"ms", 1000}, {"m", 60 * micros_per_second}, {"s", micros_per_second}};
    constexpr std::int64_t max_us = std::int64_t{1} << 60;  // 36,000 years
    us = 0;
    std::int64_t last_unit = INT64_MAX;
    if (s.empty()) return false;
    while (!s.empty()) {
        std::int64_t n = 0;
        std::size_t i = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
            if (n > 1'000'000'000'000) return false;
            n = n * 10 + (s[i] - '0');
        }
        if (i == 0) return false;
        s.remove_prefix(i);
        std::int64_t unit = 0;
        for (const auto& [name, size] : units) {
            if (s.substr(0, name.size()) == name) {
                unit = size;
                s.remove_prefix(name.size());
                break;
            }
        }
        if (unit == 0 || unit >= last_unit || n > max_us / unit) return false;
        last_unit = unit;
        us += n * unit;
        if (us > max_us) return false;
    }
    return true;
}

// "HH:MM" or "HH:MM:SS" alone.
bool read_time_of_day(std::string_view s, civil_time& t) noexcept {
    if (!read_digits(s, 2, t.hour) || !read_char(s, ':') || !read_digits(s, 2, t.minute)) {
        return false;
    }
    t.second = 0;
    if (read_char(s, ':') && !read_digits(s, 2, t.second)) return false;
    return s.empty() && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

// "YYYY-MM-DD" alone.
bool read_date(std::string_view s, civil_time& t) noexcept {
    unsigned year = 0;
    if (!read_digits(s, 4, year) || !read_char(s, '-') || !read_digits(s, 2, t.month) ||
        !read_char(s, '-') || !read_digits(s, 2, t.day) || !s.empty()) {
        return false;
    }
    t.year = static_cast<int>(year);
    t.hour = t.minute = t.second = 0;
    t.micros = 0;
    return t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= days_in_month(t.year, t.month);
}

// The local date of `now_us`.
civil_time local_today(std::int64_t now_us) noexcept {
    const auto secs = static_cast<std::time_t>(floor_div(now_us, micros_per_second));
    std::tm tm{};
    localtime_r(&secs, &tm);
    civil_time t;
    t.year = tm.tm_year + 1900;
    t.month = static_cast<unsigned>(tm.tm_mon + 1);
    t.day = static_cast<unsigned>(tm.tm_mday);
    return t;
}

}  // namespace

bool read_civil_time(std::string_view& s, civil_time& out) noexcept {
    unsigned year = 0;
    if (!read_digits(s, 4, year) || !read_char(s, '-') || !read_digits(s, 2, out.month) ||
        !read_char(s, '-') || !read_digits(s, 2, out.day)) {
        return false;
    }
    if (s.empty() || (s.front() != 'T' && s.front() != 't' && s.front() != ' ')) return false;
    s.remove_prefix(1);
    if (!read_digits(s, 2, out.hour) || !read_char(s, ':') || !read_digits(s, 2, out.minute) ||
        !read_char(s, ':') || !read_digits(s, 2, out.second)) {
        return false;
    }
    out.year = static_cast<int>(year);
    out.micros = 0;
    if (read_char(s, '.')) {
        std::size_t digits = 0;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
            if (digits < 6)
                out.micros = out.micros * 10 + static_cast<std::uint32_t>(s.front() - '0');
            ++digits;
            s.remove_prefix(1);
        }
        if (digits == 0 || digits > 9) return false;
        for (; digits < 6; ++digits) out.micros *= 10;
    }
    // A leap second (:60) is accepted and lands on the next minute's first second.
    return out.month >= 1 && out.month <= 12 && out.day >= 1 &&
           out.day <= days_in_month(out.year, out.month) && out.hour <= 23 && out.minute <= 59 &&
           out.second <= 60;
}

bool read_zone(std::string_view& s, std::int32_t& offset_s) noexcept {
    if (read_char(s, 'Z') || read_char(s, 'z')) {
        offset_s = 0;
        return true;
    }
    if (s.empty() || (s.front() != '+' && s.front() != '-')) return false;
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    unsigned h = 0, m = 0;
    if (!read_digits(s, 2, h) || !read_char(s, ':') || !read_digits(s, 2, m) || h > 23 || m > 59) {
        return false;
    }
    offset_s = sign * static_cast<std::int32_t>(h * 3600 + m * 60);
    return true;
}

std::int64_t utc_micros(const civil_time& t) noexcept {
    const std::int64_t days = days_from_civil(t.year, t.month, t.day);
    const std::int64_t secs = days * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    return secs * micros_per_second + t.micros;
}

std::int64_t local_time_converter::utc_micros(const civil_time& t) {
    const std::int64_t key =
        ((((static_cast<std::int64_t>(t.year) * 13 + t.month) * 32 + t.day) * 24 + t.hour) * 60) +
        t.minute;
    if (key != minute_key_) {
        std::tm tm{};
        tm.tm_year = t.year - 1900;
        tm.tm_mon = static_cast<int>(t.month) - 1;
        tm.tm_mday = static_cast<int>(t.day);
        tm.tm_hour = static_cast<int>(t.hour);
        tm.tm_min = static_cast<int>(t.minute);
        tm.tm_isdst = -1;
        // glibc's mktime locks its time zone state with a lock that ThreadSanitizer cannot see;
        // threads reading text logs at once take this one too (once a minute of log time).
        static std::mutex mktime_mutex;
        const std::lock_guard<std::mutex> lock(mktime_mutex);
        minute_utc_s_ = static_cast<std::int64_t>(std::mktime(&tm));
        minute_key_ = key;
    }
    return (minute_utc_s_ + t.second) * micros_per_second + t.micros;
}

bool parse_time_argument(std::string_view s, std::int64_t now_us, std::int64_t& out) {
    std::int64_t ago = 0;
    if (parse_duration(s, ago)) {
        out = now_us - ago;
        return true;
    }
    civil_time t = local_today(now_us);
    if (read_time_of_day(s, t) || read_date(s, t)) {
        out = local_time_converter{}.utc_micros(t);
        return true;
    }
    if (!read_civil_time(s, t)) return false;
    if (s.empty()) {
        out = local_time_converter{}.utc_micros(t);
        return true;
    }
    std::int32_t offset_s = 0;
    if (!read_zone(s, offset_s) || !s.empty()) return false;
    out = utc_micros(t) - static_cast<std::int64_t>(offset_s) * micros_per_second;
    return true;
}

namespace {

// "2026-11-23T10:00:00.123456", without a zone.
void append_civil(std::string& out, std::int64_t us) {
    // Lines come mostly in time order: the text up to the second is made once per second (per
    // thread: output is rendered on several).
    thread_local std::int64_t cached_secs = INT64_MIN;
    thread_local std::string cached;  // "2026-11-23T10:00:00."
    const std::int64_t secs = floor_div(us, micros_per_second);
    if (secs != cached_secs || cached.empty()) {
        const std::int64_t days = floor_div(secs, 86400);
        const std::int64_t in_day = secs - days * 86400;
        const civil_time date = civil_from_days(days);
        cached.clear();
        append_digits(cached, date.year, 4);
        cached += '-';
        append_digits(cached, date.month, 2);
        cached += '-';
        append_digits(cached, date.day, 2);
        cached += 'T';
        append_digits(cached, in_day / 3600, 2);
        cached += ':';
        append_digits(cached, in_day / 60 % 60, 2);
        cached += ':';
        append_digits(cached, in_day % 60, 2);
        cached += '.';
        cached_secs = secs;
    }
    out += cached;
    char micros[6];
    std::int64_t v = us - secs * micros_per_second;
    for (int i = 5; i >= 0; --i) {
        micros[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    out.append(micros, sizeof micros);
}

}  // namespace

void append_rfc3339(std::string& out, std::int64_t us) {
    append_civil(out, us);
    out += 'Z';
}

void time_formatter::append(std::string& out, std::int64_t us) {
    if (!local_) return append_rfc3339(out, us);
    // Zones change their offset on a quarter hour at the finest: one lookup per quarter.
    constexpr std::int64_t quarter_us = 900 * micros_per_second;
    const std::int64_t quarter = floor_div(us, quarter_us);
    if (quarter != quarter_) {
        const auto secs = static_cast<std::time_t>(floor_div(us, micros_per_second));
        std::tm tm{};
        localtime_r(&secs, &tm);
        offset_s_ = static_cast<std::int32_t>(tm.tm_gmtoff);
        quarter_ = quarter;
    }
    append_civil(out, us + std::int64_t{offset_s_} * micros_per_second);
    const std::int32_t minutes = (offset_s_ < 0 ? -offset_s_ : offset_s_) / 60;
    out += offset_s_ < 0 ? '-' : '+';
    append_digits(out, minutes / 60, 2);
    out += ':';
    append_digits(out, minutes % 60, 2);
}

}  // namespace fiberlog::tail
