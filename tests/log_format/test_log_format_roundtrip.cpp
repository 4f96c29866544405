// Property: random contexts and messages, written by fiberlog's real formatters (the default
// text pattern; JSON nested and flattened; in a trace and outside one), then read by
// fiberlog-tail's parsers, give back the same records: fiber, parent, level, logger,
// message, time, the context's values as the tail sees them, the process identity and the
// trace fields. Deterministic seeds; fewer records under sanitizers.

#include <gtest/gtest.h>

#include <boost/fiber/all.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <spdlog/details/log_msg.h>
#include <spdlog/details/os.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/identity.hpp>
#include <fiberlog/log_format.hpp>
#include <fiberlog/spdlog.hpp>
#include <fiberlog/trace.hpp>

#include "parse_json.hpp"
#include "parse_text.hpp"
#include "record.hpp"
#include "support/fiber_env.hpp"
#include "support/volume.hpp"

namespace {

namespace lf = fiberlog::log_format;
namespace tail = fiberlog::tail;
using fiberlog::value;

enum class layout { text, json_nested, json_flat };

std::string name(layout l) {
    switch (l) {
        case layout::text: return "text";
        case layout::json_nested: return "json_nested";
        case layout::json_flat: return "json_flat";
    }
    return "?";
}

// ---- Random inputs ----------------------------------------------------------------------

using rng_t = std::mt19937_64;

std::size_t below(rng_t& rng, std::size_t n) { return static_cast<std::size_t>(rng() % n); }

// Strings made of the pieces that stress the format: plain text, spaces and the bytes that
// force quotes, controls, quotes and backslashes, valid UTF-8 (C1 controls and U+FFFD
// among it), invalid UTF-8, and whole tokens that read as numbers or keywords.
std::string random_string(rng_t& rng, bool line_breaks) {
    static const std::vector<std::string> pieces = {
        "a", "request", "r-1", "x_y.z", " ", "=", "{", "}", "\"", "\\", "\t", "\b", "\f",
        std::string(1, '\0'), "\x01", "\x1f", "\x7f", "caf\xc3\xa9", "\xe2\x82\xac",
        "\xf0\x9f\x98\x80", "\xc2\x85", "\xc2\x9b", "\xef\xbf\xbd", "\x80", "\xff", "\xc0\xaf",
        "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "42", "-7", "2.5", "1e999", "nan",
        "-inf", "true", "false", "007", "1.", "] [", "[", "]", "/", "ctx."};
    std::string s;
    const std::size_t n = below(rng, 7);
    for (std::size_t i = 0; i < n; ++i) {
        if (line_breaks && below(rng, 12) == 0) {
            s += below(rng, 2) == 0 ? "\n" : "\r\n";
            continue;
        }
        s += pieces[below(rng, pieces.size())];
    }
    return s;
}

// Keys at the grammar's edges: one byte and max_key_size bytes, every key character, the
// built-in fields' names and keys starting with the flattening prefix.
std::string random_key(rng_t& rng) {
    switch (below(rng, 6)) {
        case 0: return std::string(lf::builtin_fields[below(rng, lf::builtin_fields.size())]);
        case 1: return std::string(lf::context_prefix) + random_key(rng).substr(0, 100);
        case 2: return std::string(1, lf::key_chars[below(rng, lf::key_chars.size())]);
        default: {
            std::string k(below(rng, 4) == 0 ? lf::max_key_size : 1 + below(rng, 12), ' ');
            for (char& c : k) c = lf::key_chars[below(rng, lf::key_chars.size())];
            return k;
        }
    }
}

double random_double(rng_t& rng) {
    switch (below(rng, 8)) {
        case 0: return std::numeric_limits<double>::quiet_NaN();
        case 1: return std::numeric_limits<double>::infinity();
        case 2: return -std::numeric_limits<double>::infinity();
        case 3: return -0.0;
        case 4: return static_cast<double>(static_cast<std::int64_t>(rng() >> 12));  // integral
        case 5: return std::numeric_limits<double>::denorm_min();
        default: {
            double d = 0;
            do {
                const std::uint64_t bits = rng();
                std::memcpy(&d, &bits, sizeof d);
            } while (!std::isfinite(d));
            return d;
        }
    }
}

value random_value(rng_t& rng) {
    switch (below(rng, 5)) {
        case 0: return random_string(rng, true);
        case 1: {
            static constexpr std::int64_t edges[] = {std::numeric_limits<std::int64_t>::min(),
                                                     std::numeric_limits<std::int64_t>::max(),
                                                     0, -1};
            return value{std::in_place_type<std::int64_t>,
                         below(rng, 3) == 0 ? edges[below(rng, 4)]
                                            : static_cast<std::int64_t>(rng())};
        }
        case 2: {
            return value{std::in_place_type<std::uint64_t>,
                         below(rng, 3) == 0 ? std::numeric_limits<std::uint64_t>::max()
                                            : rng() | (std::uint64_t{1} << 63)};
        }
        case 3: return value{std::in_place_type<double>, random_double(rng)};
        default: return value{std::in_place_type<bool>, below(rng, 2) == 0};
    }
}

struct entry {
    std::string key;
    value val;
};

std::vector<entry> random_context(rng_t& rng) {
    std::vector<entry> out;
    const std::size_t n = below(rng, 7);
    for (std::size_t i = 0; i < n; ++i) {
        std::string key = random_key(rng);
        bool taken = false;
        for (const entry& e : out) taken = taken || e.key == key;
        if (!taken) out.push_back({std::move(key), random_value(rng)});
    }
    return out;
}

// ---- What fiberlog-tail must read back ---------------------------------------------------

// `s` with each byte that starts no well-formed UTF-8 sequence replaced by U+FFFD: what a
// JSON reader gets back for a string fiberlog wrote.
std::string as_json_reads_it(std::string_view s) {
    std::string out;
    while (!s.empty()) {
        const std::size_t n = lf::utf8_sequence_length(s);
        out.append(n == 0 ? std::string_view("\xef\xbf\xbd") : s.substr(0, n));
        s.remove_prefix(n == 0 ? 1 : n);
    }
    return out;
}

// A text message as the tail reads it: a line break written as "\r\n" reads as "\n".
std::string as_text_reads_it(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] != '\r' || i + 1 == s.size() || s[i + 1] != '\n') out += s[i];
    return out;
}

std::string describe(const tail::ctx_field& f) {
    std::string out;
    lf::append_json_string(out, f.key);
    out += '=';
    lf::append_json_string(out, f.text);
    out += " kind " + std::to_string(static_cast<int>(f.kind));
    return out;
}

// Checks that the tail's `got` holds the value `want` that was put, as the format keeps it:
// strings exactly (JSON: invalid UTF-8 as U+FFFD), integers and doubles exactly with their
// kind, non-finite doubles as nan/inf/-inf (JSON has no such numbers: strings there).
void expect_value(const tail::ctx_field& got, const value& want, bool json) {
    using kind = tail::value_kind;
    const std::string seen = describe(got);
    if (auto* s = std::get_if<std::string>(&want)) {
        EXPECT_EQ(got.kind, kind::string) << seen;
        EXPECT_EQ(got.text, json ? as_json_reads_it(*s) : *s) << seen;
    } else if (auto* b = std::get_if<bool>(&want)) {
        EXPECT_EQ(got.kind, kind::boolean) << seen;
        EXPECT_EQ(got.text, *b ? "true" : "false") << seen;
    } else if (auto* d = std::get_if<double>(&want); d != nullptr && !std::isfinite(*d)) {
        EXPECT_EQ(got.kind, json ? kind::string : kind::floating) << seen;
        EXPECT_EQ(got.text, std::isnan(*d) ? "nan" : *d < 0 ? "-inf" : "inf") << seen;
    } else if (d != nullptr) {
        EXPECT_EQ(got.kind, kind::floating) << seen;
        double back = 0;
        const auto r = std::from_chars(got.text.data(), got.text.data() + got.text.size(), back);
        EXPECT_TRUE(r.ec == std::errc{} && r.ptr == got.text.data() + got.text.size()) << seen;
        EXPECT_EQ(back, *d) << seen;
        EXPECT_EQ(std::signbit(back), std::signbit(*d)) << seen;
    } else {
        EXPECT_EQ(got.kind, kind::integer) << seen;
        EXPECT_EQ(got.text, fiberlog::to_string(want)) << seen;
    }
}

// What the formatter was given, and what it saw at the call site.
struct written {
    std::int64_t ts_us;
    tail::level lvl;
    std::string logger;
    std::string msg;
    std::uint64_t fiber, parent;
    std::uint64_t thread;
    std::string trace_id, span_id, parent_span_id;
    std::vector<entry> ctx;
};

void expect_record(const tail::record& got, const written& w, layout l) {
    const bool json = l != layout::text;
    EXPECT_EQ(got.format, json ? tail::line_format::json : tail::line_format::text);
    EXPECT_EQ(got.ts_us, w.ts_us);
    EXPECT_EQ(got.lvl, w.lvl);
    EXPECT_EQ(got.fiber, w.fiber);
    EXPECT_EQ(got.parent, w.parent);
    EXPECT_EQ(got.logger, json ? as_json_reads_it(w.logger) : w.logger);
    EXPECT_EQ(got.msg, json ? as_json_reads_it(w.msg) : as_text_reads_it(w.msg));
    if (json) {
        const fiberlog::process_identity& id = fiberlog::this_process();
        EXPECT_EQ(got.thread, w.thread);
        EXPECT_EQ(got.service, as_json_reads_it(id.service));
        EXPECT_EQ(got.host, as_json_reads_it(id.host));
        EXPECT_EQ(got.pid, std::optional<std::uint64_t>(id.pid));
        EXPECT_EQ(got.trace_id, w.trace_id);
        EXPECT_EQ(got.span_id, w.span_id);
        EXPECT_EQ(got.parent_span_id, w.parent_span_id);
    }
    ASSERT_EQ(got.ctx.size(), w.ctx.size());
    for (std::size_t i = 0; i < w.ctx.size(); ++i) {
        EXPECT_EQ(got.ctx[i].key, w.ctx[i].key);
        expect_value(got.ctx[i], w.ctx[i].val, json);
    }
}

std::string hex(rng_t& rng, std::size_t digits) {
    static constexpr char d[] = "0123456789abcdef";
    std::string s(digits, '0');
    for (char& c : s) c = d[below(rng, 16)];
    if (s.find_first_not_of('0') == std::string::npos) s.back() = '1';  // all-zero is invalid
    return s;
}

// ---- The round trip ---------------------------------------------------------------------

class log_format_roundtrip : public ::testing::TestWithParam<std::tuple<layout, bool>> {
protected:
    static void SetUpTestSuite() {
        // A zone with an offset and no daylight saving time, so the text layout's local time
        // is not UTC and every local time reads back as one instant.
        setenv("TZ", "FLT-05:30", 1);
        tzset();
    }
};

TEST_P(log_format_roundtrip, records_read_back_as_written) {
    const auto [l, traced] = GetParam();
    const std::uint64_t seed = 20261130 + static_cast<std::uint64_t>(l) * 2 + (traced ? 1 : 0);
    rng_t rng(seed);
    const int records = fiberlog::test::volume(3000);

    const fiberlog::json_options flat{l == layout::json_flat};
    std::unique_ptr<spdlog::formatter> formatter =
        l == layout::text ? fiberlog::pattern_formatter() : fiberlog::json_formatter(flat);
    tail::json_parser json;
    tail::json_parser json_simdjson;
    tail::text_parser text;

    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [&] {
        for (int i = 0; i < records; ++i) {
            written w;
            w.ts_us = 946684800'000000 + static_cast<std::int64_t>(rng() % 3'155'760'000'000000);
            w.lvl = static_cast<tail::level>(below(rng, 6));
            w.logger = random_string(rng, false);
            if (l == layout::text) {
                // The text layout writes the logger as it is, ended by "] ": a name holding
                // that, or a line break, cannot be read back.
                for (char& c : w.logger)
                    if (c == ']' || c == '\n' || c == '\r') c = '_';
            }
            w.msg = random_string(rng, l == layout::text);
            w.ctx = random_context(rng);
            const bool in_child = below(rng, 2) == 0;
            const std::string trace_id = hex(rng, 32), caller_span = hex(rng, 16);

            fiberlog::context ctx;
            for (const entry& e : w.ctx) ctx = ctx.with(e.key, e.val);

            std::string line;
            auto log_here = [&] {
                w.fiber = fiberlog::fiber_id();
                w.parent = fiberlog::parent_id();
                w.span_id = fiberlog::span_id();
                w.trace_id = fiberlog::trace_id();
                const spdlog::details::log_msg msg(
                    spdlog::log_clock::time_point(std::chrono::microseconds(w.ts_us)),
                    spdlog::source_loc{}, spdlog::string_view_t(w.logger.data(), w.logger.size()),
                    static_cast<spdlog::level::level_enum>(w.lvl),
                    spdlog::string_view_t(w.msg.data(), w.msg.size()));
                w.thread = msg.thread_id;
                spdlog::memory_buf_t buf;
                formatter->format(msg, buf);
                line.assign(buf.data(), buf.size());
            };
            boost::fibers::fiber([&] {
                auto guard = fiberlog::attach(ctx);
                std::optional<fiberlog::trace_scope> trace;
                if (traced) {
                    trace.emplace("00-" + trace_id + "-" + caller_span + "-01");
                    w.parent_span_id = caller_span;
                }
                if (!in_child) return log_here();
                if (traced) w.parent_span_id = fiberlog::span_id();
                boost::fibers::fiber(log_here).join();
            }).join();
            if (traced) {
                ASSERT_EQ(w.trace_id, trace_id);
            }

            // The record without its end of line, followed by the padding the parsers may read.
            const std::string_view eol = spdlog::details::os::default_eol;
            ASSERT_GE(line.size(), eol.size());
            ASSERT_EQ(line.substr(line.size() - eol.size()), eol);
            line.resize(line.size() - eol.size());
            const std::string padded = line + std::string(tail::line_padding, '\0');
            const std::string_view record(padded.data(), line.size());

            SCOPED_TRACE("record " + std::to_string(i) + ": " + line);
            tail::record got;
            if (l == layout::text) {
                ASSERT_TRUE(text.parse(record, got));
                expect_record(got, w, l);
            } else {
                ASSERT_TRUE(json.parse(record, got));
                expect_record(got, w, l);
                ASSERT_TRUE(json_simdjson.parse_with_simdjson(record, got));
                expect_record(got, w, l);
            }
            if (::testing::Test::HasFailure()) return;  // one record's story is enough
        }
    });
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<layout, bool>>& param) {
    return name(std::get<0>(param.param)) + (std::get<1>(param.param) ? "_traced" : "");
}

INSTANTIATE_TEST_SUITE_P(
    layouts, log_format_roundtrip,
    ::testing::Combine(::testing::Values(layout::text, layout::json_nested, layout::json_flat),
                       ::testing::Bool()),
    case_name);

}  // namespace
