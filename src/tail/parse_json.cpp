#include "parse_json.hpp"

#include <simdjson.h>

#include <utility>

#include "escape.hpp"
#include "time.hpp"

namespace fiberlog::tail {

namespace od = simdjson::ondemand;

static_assert(line_padding >= simdjson::SIMDJSON_PADDING);

namespace {

enum class builtin {
    none,
    ts,
    level,
    logger,
    fiber,
    parent,
    thread,
    msg,
    ctx,
    deadline_ms,
    service,
    host,
    pid,
    trace_id,
    span_id,
    parent_span_id
};

builtin classify(std::string_view key) noexcept {
    if (key == "ts") return builtin::ts;
    if (key == "level") return builtin::level;
    if (key == "logger") return builtin::logger;
    if (key == "fiber") return builtin::fiber;
    if (key == "parent") return builtin::parent;
    if (key == "thread") return builtin::thread;
    if (key == "msg") return builtin::msg;
    if (key == "ctx") return builtin::ctx;
    if (key == "deadline_ms") return builtin::deadline_ms;
    if (key == "service") return builtin::service;
    if (key == "host") return builtin::host;
    if (key == "pid") return builtin::pid;
    if (key == "trace_id") return builtin::trace_id;
    if (key == "span_id") return builtin::span_id;
    if (key == "parent_span_id") return builtin::parent_span_id;
    return builtin::none;
}

// raw_json_token() runs up to the next structural character, so it may end in whitespace.
std::string_view number_token(od::value& v) noexcept {
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
        raw.remove_suffix(1);
    }
    return raw;
}

// A context value: strings, numbers and booleans are kept; null, arrays and objects are
// skipped, since fiberlog never writes them and they must not cost the whole line.
bool read_ctx_value(std::string_view key, od::value v, record& out) {
    od::json_type type;
    if (v.type().get(type)) return false;
    switch (type) {
        case od::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s)) return false;
            out.ctx.push_back({key, s, value_kind::string});
            return true;
        }
        case od::json_type::number: {
            const std::string_view token = number_token(v);
            if (!is_json_number(token)) return false;
            const bool integral = token.find_first_of(".eE") == std::string_view::npos;
            out.ctx.push_back({key, token, integral ? value_kind::integer : value_kind::floating});
            return true;
        }
        case od::json_type::boolean: {
            bool b = false;
            if (v.get_bool().get(b)) return false;
            out.ctx.push_back({key, b ? "true" : "false", value_kind::boolean});
            return true;
        }
        default:
            return true;
    }
}

bool read_ctx_object(od::value v, record& out) {
    od::object obj;
    if (v.get_object().get(obj)) return false;
    for (auto field_result : obj) {
        od::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key) ||
            !read_ctx_value(key, field.value(), out)) {
            return false;
        }
    }
    return true;
}

bool is_lower_hex(std::string_view s, std::size_t digits) noexcept {
    if (s.size() != digits) return false;
    for (const char c : s) {
        if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
    }
    return true;
}

// The record's place for an identity or trace string field, and how many hex digits it must
// have (0: any string).
std::pair<std::string_view*, std::size_t> identity_slot(builtin b, record& out) noexcept {
    switch (b) {
        case builtin::service:
            return {&out.service, 0};
        case builtin::host:
            return {&out.host, 0};
        case builtin::trace_id:
            return {&out.trace_id, 32};
        case builtin::span_id:
            return {&out.span_id, 16};
        default:
            return {&out.parent_span_id, 16};
    }
}

// service, host, pid and the trace ids. A field of the wrong shape (a pid that is no unsigned
// integer, an id that is not lowercase hex of its length) is kept as a context entry instead of
// costing the line: a flattened log written before these fields existed may use such a context
// key.
bool read_identity(builtin b, std::string_view key, od::value v, record& out) {
    od::json_type type;
    if (v.type().get(type)) return false;
    if (b == builtin::pid) {
        std::uint64_t pid = 0;
        if (type == od::json_type::number && !v.get_uint64().get(pid)) {
            out.pid = pid;
            return true;
        }
        // A failed get_uint64 leaves the value unread: read_ctx_value takes it as it is.
    } else if (type == od::json_type::string) {
        std::string_view s;
        if (v.get_string().get(s)) return false;
        const auto [slot, hex_digits] = identity_slot(b, out);
        if (hex_digits == 0 || is_lower_hex(s, hex_digits)) {
            *slot = s;
        } else {
            out.ctx.push_back({key, s, value_kind::string});
        }
        return true;
    }
    return read_ctx_value(key, v, out);
}

bool read_ts(od::value v, std::int64_t& us) {
    std::string_view s;
    civil_time t;
    if (v.get_string().get(s) || !read_civil_time(s, t)) return false;
    std::int32_t offset_s = 0;  // fiberlog writes "Z"; a missing zone is read as UTC too
    if (!s.empty() && (!read_zone(s, offset_s) || !s.empty())) return false;
    us = utc_micros(t) - std::int64_t{offset_s} * 1'000'000;
    return true;
}

bool read_level(od::value v, level& out) {
    std::string_view s;
    return !v.get_string().get(s) && parse_level(s, out);
}

}  // namespace

struct json_parser::impl {
    od::parser parser;
};

json_parser::json_parser() : impl_(std::make_unique<impl>()) {}
json_parser::~json_parser() = default;

bool json_parser::parse(std::string_view line, record& out) {
    out.reset(line_format::json);
    od::document doc;
    od::object obj;
    const simdjson::padded_string_view input(line.data(), line.size(), line.size() + line_padding);
    if (impl_->parser.iterate(input).get(doc) || doc.get_object().get(obj)) return false;

    bool has_ts = false, has_level = false, has_fiber = false;
    for (auto field_result : obj) {
        od::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
        od::value v = field.value();
        bool ok = true;
        const builtin b = classify(key);
        switch (b) {
            case builtin::ts:
                ok = has_ts = read_ts(v, out.ts_us);
                break;
            case builtin::level:
                ok = has_level = read_level(v, out.lvl);
                break;
            case builtin::logger:
                ok = !v.get_string().get(out.logger);
                break;
            case builtin::fiber:
                ok = has_fiber = !v.get_uint64().get(out.fiber);
                break;
            case builtin::parent:
                ok = !v.get_uint64().get(out.parent);
                break;
            case builtin::thread:
                ok = !v.get_uint64().get(out.thread);
                break;
            case builtin::msg:
                ok = !v.get_string().get(out.msg);
                break;
            case builtin::ctx:
                ok = read_ctx_object(v, out);
                break;
            case builtin::deadline_ms:
                out.deadline_ms = number_token(v);
                ok = is_json_number(out.deadline_ms);
                break;
            case builtin::service:
            case builtin::host:
            case builtin::pid:
            case builtin::trace_id:
            case builtin::span_id:
            case builtin::parent_span_id:
                ok = read_identity(b, key, v, out);
                break;
            case builtin::none:
                // The flattened variant: context keys at top level, "ctx.<key>" when <key> is
                // also a built-in field's name.
                if (key.substr(0, 4) == "ctx.") key.remove_prefix(4);
                ok = read_ctx_value(key, v, out);
                break;
        }
        if (!ok) return false;
    }
    // After the object, only the end of the document may remain ("{...}}" is not a record).
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing)) return false;
    return has_ts && has_level && has_fiber;
}

}  // namespace fiberlog::tail
