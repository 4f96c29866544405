#include "parse_json.hpp"

#include <simdjson.h>

#include <fiberlog/log_format.hpp>

#include "fast_json.hpp"
#include "json_fields.hpp"

namespace fiberlog::tail {

namespace od = simdjson::ondemand;
using detail::builtin;

static_assert(line_padding >= simdjson::SIMDJSON_PADDING);

namespace {

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
            if (!log_format::is_json_number(token)) return false;
            out.ctx.push_back({key, token, log_format::number_kind(token)});
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

// service, host, pid and the trace ids; one of another shape is a context entry
// (detail::store_identity).
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
        if (!detail::store_identity(b, s, out)) out.ctx.push_back({key, s, value_kind::string});
        return true;
    }
    return read_ctx_value(key, v, out);
}

bool read_ts(od::value v, std::int64_t& us) {
    std::string_view s;
    return !v.get_string().get(s) && detail::read_json_ts(s, us);
}

bool read_level(od::value v, level& out) {
    std::string_view s;
    return !v.get_string().get(s) && parse_level(s, out);
}

}  // namespace

struct json_parser::impl {
    od::parser parser;
    detail::fast_json_reader fast;
};

json_parser::json_parser() : impl_(std::make_unique<impl>()) {}
json_parser::~json_parser() = default;

void json_parser::want_context(bool wanted) noexcept { impl_->fast.want_context(wanted); }

bool json_parser::parse(std::string_view line, record& out) {
    return impl_->fast.read(line, out) || parse_with_simdjson(line, out);
}

bool json_parser::parse_with_simdjson(std::string_view line, record& out) {
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
        const builtin b = detail::classify(key);
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
                ok = log_format::is_json_number(out.deadline_ms);
                break;
            case builtin::none:
                ok = read_ctx_value(log_format::context_key(key), v, out);
                break;
            default:  // the identity and trace fields
                ok = read_identity(b, key, v, out);
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
