#pragma once

// The top-level fields of fiberlog's JSON lines and how each is read: shared by the fast
// reader (fast_json.hpp) and the simdjson one (parse_json.cpp), so both give the same records.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "record.hpp"
#include "time.hpp"

namespace fiberlog::tail::detail {

enum class builtin {
    none,  // a context key (the flattened layout), "ctx.<key>" when <key> is a builtin's name
    ts,
    level,
    logger,
    fiber,
    parent,
    thread,
    msg,
    ctx,
    deadline_ms,
    // The identity and trace fields, read by store_identity or as a pid.
    service,
    host,
    pid,
    trace_id,
    span_id,
    parent_span_id
};

inline builtin classify(std::string_view key) noexcept {
    // By length first: most keys are compared once.
    switch (key.size()) {
        case 2:
            return key == "ts" ? builtin::ts : builtin::none;
        case 3:
            if (key == "msg") return builtin::msg;
            if (key == "ctx") return builtin::ctx;
            return key == "pid" ? builtin::pid : builtin::none;
        case 4:
            return key == "host" ? builtin::host : builtin::none;
        case 5:
            if (key == "level") return builtin::level;
            return key == "fiber" ? builtin::fiber : builtin::none;
        case 6:
            if (key == "logger") return builtin::logger;
            if (key == "parent") return builtin::parent;
            return key == "thread" ? builtin::thread : builtin::none;
        case 7:
            if (key == "service") return builtin::service;
            return key == "span_id" ? builtin::span_id : builtin::none;
        case 8:
            return key == "trace_id" ? builtin::trace_id : builtin::none;
        case 11:
            return key == "deadline_ms" ? builtin::deadline_ms : builtin::none;
        case 14:
            return key == "parent_span_id" ? builtin::parent_span_id : builtin::none;
        default:
            return builtin::none;
    }
}

// A top-level key of the flattened layout as a context key: "ctx.<key>" is <key>.
inline std::string_view context_key(std::string_view key) noexcept {
    return key.substr(0, 4) == "ctx." ? key.substr(4) : key;
}

// A number's kind as a context value: integer unless it has a fraction or an exponent.
inline value_kind number_kind(std::string_view token) noexcept {
    return token.find_first_of(".eE") == std::string_view::npos ? value_kind::integer
                                                                : value_kind::floating;
}

inline bool is_lower_hex(std::string_view s, std::size_t digits) noexcept {
    if (s.size() != digits) return false;
    // Without a branch per digit: ids are random, so such branches are mispredicted half of
    // the time (bench_tail's trace ids showed it).
    unsigned bad = 0;
    for (const char c : s) {
        const unsigned u = static_cast<unsigned char>(c);
        bad |= static_cast<unsigned>(u - '0' > 9) & static_cast<unsigned>(u - 'a' > 5);
    }
    return bad == 0;
}

// Stores the string of an identity or trace field (service, host, trace_id, span_id,
// parent_span_id) when it has that field's shape (the ids: lowercase hex, 32 or 16 digits);
// false otherwise, and the caller keeps it as a context entry, since a flattened log written
// before these fields existed may use such a context key.
inline bool store_identity(builtin b, std::string_view s, record& out) noexcept {
    switch (b) {
        case builtin::service:
            out.service = s;
            return true;
        case builtin::host:
            out.host = s;
            return true;
        case builtin::trace_id:
            if (!is_lower_hex(s, 32)) return false;
            out.trace_id = s;
            return true;
        case builtin::span_id:
            if (!is_lower_hex(s, 16)) return false;
            out.span_id = s;
            return true;
        case builtin::parent_span_id:
            if (!is_lower_hex(s, 16)) return false;
            out.parent_span_id = s;
            return true;
        default:
            return false;
    }
}

// "ts": RFC 3339 with a "Z" or an offset; no zone is read as UTC too.
inline bool read_json_ts(std::string_view s, std::int64_t& us) noexcept {
    civil_time t;
    if (!read_civil_time(s, t)) return false;
    std::int32_t offset_s = 0;
    if (!s.empty() && (!read_zone(s, offset_s) || !s.empty())) return false;
    us = utc_micros(t) - std::int64_t{offset_s} * 1'000'000;
    return true;
}

}  // namespace fiberlog::tail::detail
