#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <spdlog/details/log_msg.h>

#include <fiberlog/context.hpp>
#include <fiberlog/log_format.hpp>
#include <fiberlog/spdlog.hpp>

#include "checks.hpp"
#include "fuzz_input.hpp"

namespace fiberlog::fuzz {
namespace {

using ordered = nlohmann::ordered_json;

// What a strict reader must get back for `s`: `s` itself where it is valid UTF-8, and
// U+FFFD for each byte that does not start a complete, shortest-form, non-surrogate
// sequence up to U+10FFFF. Written from the definition, independently of log_format.hpp.
std::string replace_invalid_utf8(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += s[i++];
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0, min = 0;
        if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1Fu, min = 0x80;
        else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0Fu, min = 0x800;
        else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07u, min = 0x10000;
        bool ok = n != 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            ok = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (ok) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

std::string show(std::string_view s) {
    std::string out;
    log_format::append_json_string(out, s.substr(0, 200));
    return out;
}

// No raw control character or DEL anywhere in `json` (so no newline either).
std::string check_no_controls(std::string_view what, std::string_view json) {
    for (char ch : json) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return std::string(what) + ": raw control byte in " + show(json);
    }
    return {};
}

std::string check_value(const std::string& key, const value& expected, const ordered& got) {
    const std::string where = "value of " + key;
    if (auto* s = std::get_if<std::string>(&expected)) {
        if (!got.is_string() || got.get<std::string>() != replace_invalid_utf8(*s))
            return where + ": string " + show(*s) + " read back as " + got.dump();
    } else if (auto* i = std::get_if<std::int64_t>(&expected)) {
        if (!got.is_number_integer() || got.get<std::int64_t>() != *i)
            return where + ": int " + std::to_string(*i) + " read back as " + got.dump();
    } else if (auto* u = std::get_if<std::uint64_t>(&expected)) {
        if (!got.is_number_unsigned() || got.get<std::uint64_t>() != *u)
            return where + ": uint " + std::to_string(*u) + " read back as " + got.dump();
    } else if (auto* d = std::get_if<double>(&expected)) {
        if (std::isfinite(*d)) {
            if (!got.is_number_float() || got.get<double>() != *d ||
                std::signbit(got.get<double>()) != std::signbit(*d))
                return where + ": double " + to_string(*d) + " read back as " + got.dump();
        } else {
            const char* name = std::isnan(*d) ? "nan" : (*d < 0 ? "-inf" : "inf");
            if (!got.is_string() || got.get<std::string>() != name)
                return where + ": " + name + " read back as " + got.dump();
        }
    } else if (!got.is_boolean() || got.get<bool>() != std::get<bool>(expected)) {
        return where + ": bool read back as " + got.dump();
    }
    return {};
}

std::string check_object(const entries& expected, const ordered& got) {
    if (!got.is_object() || got.size() != expected.size())
        return "context object " + got.dump() + " should have " +
               std::to_string(expected.size()) + " fields";
    auto it = got.begin();
    for (const auto& [key, val] : expected) {
        if (it.key() != key) return "key " + show(key) + " read back as " + show(it.key());
        if (auto e = check_value(key, val, *it); !e.empty()) return e;
        ++it;
    }
    return {};
}

std::string check_line(const std::string& line, bool flat, const std::string& payload,
                       const std::string& logger, const entries& expected) {
    const char* what = flat ? "flattened json_formatter line" : "json_formatter line";
    if (line.empty() || line.back() != '\n') return std::string(what) + " does not end in \\n";
    const std::string_view body(line.data(), line.size() - 1);
    if (auto e = check_no_controls(what, body); !e.empty()) return e;
    ordered j;
    try {
        j = ordered::parse(body);
    } catch (const std::exception& ex) {
        return std::string(what) + " is not JSON (" + ex.what() + "): " + show(line);
    }
    if (!j.is_object()) return std::string(what) + " is not an object";
    namespace field = log_format::field;
    const std::string msg(field::msg), logger_field(field::logger), ctx_field(field::ctx);
    if (!j.contains(msg) || j[msg] != replace_invalid_utf8(payload))
        return std::string(what) + ": msg of " + show(payload) + " read back wrong";
    if (!j.contains(logger_field) || j[logger_field] != replace_invalid_utf8(logger))
        return std::string(what) + ": logger " + show(logger) + " read back wrong";
    if (!flat) {
        if (!j.contains(ctx_field)) return std::string(what) + " has no ctx";
        return check_object(expected, j[ctx_field]);
    }
    // The context is every field that is no built-in one, a prefixed key unprefixed.
    ordered ctx = ordered::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (log_format::is_builtin_field(it.key())) continue;
        std::string key = it.key();
        if (key.rfind(log_format::context_prefix, 0) == 0) {
            std::string rest(log_format::context_key(key));
            if (!log_format::needs_context_prefix(rest))
                return std::string(what) + ": needless prefix on " + key;
            key = std::move(rest);
        }
        ctx[key] = *it;
    }
    return check_object(expected, ctx);
}

}  // namespace

std::string check_json(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);

    // 1. The escaper alone, on every byte of the input.
    std::string quoted;
    log_format::append_json_string(quoted, input);
    if (auto e = check_no_controls("append_json_string", quoted); !e.empty()) return e;
    try {
        const auto j = nlohmann::json::parse(quoted);
        if (!j.is_string() || j.get<std::string>() != replace_invalid_utf8(input))
            return "append_json_string(" + show(input) + ") read back as " + j.dump();
    } catch (const std::exception& ex) {
        return std::string("append_json_string output is not JSON (") + ex.what() + "): " +
               show(quoted);
    }

    // 2. A key is accepted exactly when README's rule allows it.
    const std::string raw_key = input.substr(0, 130);
    bool accepted = true;
    try {
        (void)context{}.with(raw_key, std::int64_t{1});
    } catch (const std::invalid_argument&) {
        accepted = false;
    }
    if (accepted != log_format::is_valid_key(raw_key))
        return "key " + show(raw_key) + (accepted ? " accepted" : " rejected");

    // 3. A context's json(), and whole lines of json_formatter.
    const entries expected = decode_entries(data, size);
    context ctx;
    for (const auto& [k, v] : expected) ctx = ctx.with(k, v);
    const std::string ctx_json(ctx.json());
    if (auto e = check_no_controls("context::json", ctx_json); !e.empty()) return e;
    try {
        if (auto e = check_object(expected, ordered::parse(ctx_json)); !e.empty()) return e;
    } catch (const std::exception& ex) {
        return std::string("context::json is not JSON (") + ex.what() + "): " + show(ctx_json);
    }

    auto guard = attach(ctx);
    const std::string logger = input.substr(0, 16);
    const spdlog::details::log_msg msg(spdlog::log_clock::time_point{}, spdlog::source_loc{},
                                       spdlog::string_view_t(logger.data(), logger.size()),
                                       spdlog::level::info,
                                       spdlog::string_view_t(input.data(), input.size()));
    for (bool flat : {false, true}) {
        auto formatter = json_formatter(json_options{flat});
        spdlog::memory_buf_t buf;
        formatter->format(msg, buf);
        if (auto e = check_line(std::string(buf.data(), buf.size()), flat, input, logger,
                                expected);
            !e.empty())
            return e;
    }
    return {};
}

}  // namespace fiberlog::fuzz
