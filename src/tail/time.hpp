#pragma once

// Timestamps: the JSON lines' RFC 3339 UTC times, the text pattern's local times, and the
// --since/--until arguments. Times are microseconds since the Unix epoch, UTC.

#include <cstdint>
#include <string>
#include <string_view>

namespace fiberlog::tail {

struct civil_time {
    int year = 1970;
    unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::uint32_t micros = 0;
};

// Reads "YYYY-MM-DD", a 'T' or a space, "HH:MM:SS" and an optional fraction of 1 to 9 digits
// (truncated to microseconds) from the front of `s` and advances `s` past them. False when
// malformed or out of range; `s` is then unspecified.
bool read_civil_time(std::string_view& s, civil_time& out) noexcept;

// Reads a zone from the front of `s`: "Z" is UTC, "+HH:MM" / "-HH:MM" an offset east of UTC
// in seconds. False when malformed.
bool read_zone(std::string_view& s, std::int32_t& offset_s) noexcept;

// `t` read as a UTC time.
std::int64_t utc_micros(const civil_time& t) noexcept;

// Converts local times (the zone of the TZ environment variable, as the text pattern writes
// them) to UTC. mktime is slow, so the UTC time of the last local minute is cached; an
// ambiguous time in a DST fold takes whichever offset mktime picks.
class local_time_converter {
public:
    std::int64_t utc_micros(const civil_time& t);

private:
    std::int64_t minute_key_ = -1;
    std::int64_t minute_utc_s_ = 0;
};

// Reads a --since/--until argument: an RFC 3339 date-time ('T' or space, optional fraction,
// optional "Z" or offset; no zone means local time); a date alone ("2026-11-23", its local
// midnight); a time of `now_us`'s local day ("10:30", "10:30:15"); or a duration before
// `now_us`: numbers with units ms, s, m, h, d, largest first ("15m", "1h30m"). False when
// malformed.
bool parse_time_argument(std::string_view s, std::int64_t now_us, std::int64_t& out);

// Appends `us` as "2026-11-23T10:00:00.123456Z".
void append_rfc3339(std::string& out, std::int64_t us);

// Shows times as RFC 3339 with microseconds: in UTC ("...Z"), or in the local zone of the TZ
// environment variable with its offset ("2026-11-23T11:00:00.000000+01:00").
class time_formatter {
public:
    explicit time_formatter(bool local) noexcept : local_(local) {}

    void append(std::string& out, std::int64_t us);

private:
    bool local_;
    std::int64_t quarter_ = INT64_MIN;  // the quarter hour whose offset is cached
    std::int32_t offset_s_ = 0;
};

}  // namespace fiberlog::tail
