#pragma once

// What the contenders of bench_alternatives share: the line every one of them formats, the
// context, and the discarding sinks.
//
// Every contender formats the same bytes (bar the level's case in log4cxx, `INFO`, and the
// JSON contender, labelled), into a sink that formats and then drops them:
//
//   [2026-11-23 10:00:00.123456] [bench] [info] {key_00=val-00-7f3a9c2e key_01=...} request handled in 42 ms
//
// Every line is logged from a fiber under fiberlog's round_robin (the application's setting),
// whatever the contender, so that only the logging differs.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <streambuf>
#include <string>
#include <thread>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

#include "../bench_support.hpp"
#include "../formatting_sink.hpp"

namespace fiberlog::bench::alt {

// The context of `n` keys: key_00=val-00-7f3a9c2e ... in key order, so that std::map (MDC,
// fiber_specific_ptr), Boost.Log, log4cxx and fiberlog (insertion order) agree.
inline constexpr int max_keys = 32;

inline std::string key(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "key_%02d", i);
    return buf;
}

inline std::string value(int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "val-%02d-7f3a9c2e", i);
    return buf;
}

// spdlog's default prefix with microseconds, as fiberlog's default pattern.
inline const std::string spdlog_prefix = "[%Y-%m-%d %H:%M:%S.%f] [%n] [%l] ";

inline constexpr int keys_for_fixed_shapes = 3;  // mt, async, disabled: a 3-key context

// The same line as a format string for the context passed by hand:
// "{{key_00={} key_01={}}} request handled in {} ms".
inline std::string by_hand_format(int n) {
    std::string f = "{{";
    for (int i = 0; i < n; ++i) {
        if (i != 0) f += ' ';
        f += key(i) + "={}";
    }
    return f + "}} request handled in {} ms";
}

// A streambuf that accepts and drops everything, for the std::ostream-based contenders.
class discard_buf final : public std::streambuf {
protected:
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            const char ch = traits_type::to_char_type(c);
            show_first(shown_, &ch, 1);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        show_first(shown_, s, static_cast<std::size_t>(n));
        return n;
    }

private:
    bool shown_ = false;
};

using fiberlog::bench::on_scheduler;

// Runs `body(state)` in a fiber under fiberlog's round_robin, on a fresh thread.
template <class Body>
void in_fiber(benchmark::State& state, Body body) {
    on_scheduler<fiberlog::algo::round_robin>(state, [&](benchmark::State& st) {
        boost::fibers::fiber{[&] { body(st); }}.join();
    });
}

}  // namespace fiberlog::bench::alt
