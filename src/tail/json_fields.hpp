#pragma once

// The top-level fields of fiberlog's JSON lines (log_format::builtin_fields) and how each is
// read: shared by the fast reader (fast_json.hpp) and the simdjson one (parse_json.cpp), so
// both give the same records.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <fiberlog/log_format.hpp>

#include "record.hpp"
#include "time.hpp"

namespace fiberlog::tail::detail {

// A top-level key: none, or the built-in field log_format::builtin_fields[b - 1], in that
// order (checked below).
enum class builtin {
    none,  // a context key (the flattened layout), "ctx.<key>" when <key> is a builtin's name
    ts,
    level,
    logger,
    fiber,
    parent,
    thread,
    // The identity and trace fields, read by store_identity or as a pid.
    service,
    host,
    pid,
    trace_id,
    span_id,
    parent_span_id,
    msg,
    deadline_ms,
    ctx
};

constexpr builtin classify(std::string_view key) noexcept {
    namespace field = log_format::field;
    // By length first: most keys are compared once.
    switch (key.size()) {
        case 2:
            return key == field::ts ? builtin::ts : builtin::none;
        case 3:
            if (key == field::msg) return builtin::msg;
            if (key == field::ctx) return builtin::ctx;
            return key == field::pid ? builtin::pid : builtin::none;
        case 4:
            return key == field::host ? builtin::host : builtin::none;
        case 5:
            if (key == field::level) return builtin::level;
            return key == field::fiber ? builtin::fiber : builtin::none;
        case 6:
            if (key == field::logger) return builtin::logger;
            if (key == field::parent) return builtin::parent;
            return key == field::thread ? builtin::thread : builtin::none;
        case 7:
            if (key == field::service) return builtin::service;
            return key == field::span_id ? builtin::span_id : builtin::none;
        case 8:
            return key == field::trace_id ? builtin::trace_id : builtin::none;
        case 11:
            return key == field::deadline_ms ? builtin::deadline_ms : builtin::none;
        case 14:
            return key == field::parent_span_id ? builtin::parent_span_id : builtin::none;
        default:
            return builtin::none;
    }
}

// classify() knows every built-in field of the log format, each by its own name: a field
// added there fails here until the readers learn it.
constexpr bool classifies_every_builtin_field() noexcept {
    for (std::size_t i = 0; i < log_format::builtin_fields.size(); ++i) {
        if (classify(log_format::builtin_fields[i]) != static_cast<builtin>(i + 1)) return false;
    }
    return static_cast<std::size_t>(builtin::ctx) == log_format::builtin_fields.size();
}
static_assert(classifies_every_builtin_field());

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
            if (!log_format::is_lower_hex(s, log_format::trace_id_digits)) return false;
            out.trace_id = s;
            return true;
        case builtin::span_id:
            if (!log_format::is_lower_hex(s, log_format::span_id_digits)) return false;
            out.span_id = s;
            return true;
        case builtin::parent_span_id:
            if (!log_format::is_lower_hex(s, log_format::span_id_digits)) return false;
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
