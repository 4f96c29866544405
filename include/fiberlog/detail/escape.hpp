#pragma once

// Escapers shared by the core's renderings and the spdlog formatters. Header-only templates
// over any output `out` with `out.append(const char* first, const char* last)` -- both
// std::string and fmt::memory_buffer have it.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <variant>

#include <fiberlog/value.hpp>

namespace fiberlog::detail {

template <class Out>
void append(Out& out, std::string_view s) {
    out.append(s.data(), s.data() + s.size());
}

template <class Out, class Int>
void append_decimal(Out& out, Int n) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
}

// The shortest text that reads back as exactly `d`: 2.5, 1e+300, 3, nan, inf, -inf.
template <class Out>
void append_shortest(Out& out, double d) {
    if (std::isnan(d)) return append(out, "nan");
    if (std::isinf(d)) return append(out, d < 0 ? "-inf" : "inf");
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, res.ptr);
}

// A double as a typed token: like append_shortest, plus ".0" when the shortest form would
// read back as an integer (3 -> 3.0), so a reader can tell a double from an int64.
template <class Out>
void append_typed_double(Out& out, double d) {
    if (!std::isfinite(d)) return append_shortest(out, d);
    char buf[34];
    auto res = std::to_chars(buf, buf + 32, d);
    std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
    if (s.find_first_of(".e") == std::string_view::npos) {
        *res.ptr++ = '.';
        *res.ptr++ = '0';
    }
    out.append(buf, res.ptr);
}

// Length of the valid UTF-8 sequence at the start of `s`, or 0 if it is not one (overlong
// forms, surrogates and code points above U+10FFFF are invalid too).
inline std::size_t utf8_sequence_length(std::string_view s) noexcept {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    unsigned char c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
        if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

template <class Out>
void append_u00(Out& out, unsigned char c) {
    static constexpr char hex[] = "0123456789abcdef";
    char buf[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    out.append(buf, buf + 6);
}

// Writes the escape for an ASCII byte that JSON and the text format both escape, or returns
// false. Quote, backslash, the named control escapes, other controls and DEL as \u00XX.
template <class Out>
bool append_ascii_escape(Out& out, unsigned char c) {
    switch (c) {
        case '"': append(out, "\\\""); return true;
        case '\\': append(out, "\\\\"); return true;
        case '\n': append(out, "\\n"); return true;
        case '\r': append(out, "\\r"); return true;
        case '\t': append(out, "\\t"); return true;
        case '\b': append(out, "\\b"); return true;
        case '\f': append(out, "\\f"); return true;
        default:
            if (c < 0x20 || c == 0x7f) {
                append_u00(out, c);
                return true;
            }
            return false;
    }
}

// The body of a JSON string (no surrounding quotes): every byte a strict parser rejects is
// escaped, and each byte of invalid UTF-8 becomes U+FFFD, so any input gives valid JSON.
template <class Out>
void append_json_body(Out& out, std::string_view s) {
    std::size_t run = 0;  // start of the pending run of bytes copied verbatim
    std::size_t i = 0;
    auto flush = [&] { out.append(s.data() + run, s.data() + i); };
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_sequence_length(s.substr(i));
            if (n != 0) {
                i += n;
                continue;
            }
            flush();
            append(out, "\\ufffd");
        } else {
            flush();
            append_ascii_escape(out, c);
        }
        run = ++i;
    }
    flush();
}

template <class Out>
void append_json_string(Out& out, std::string_view s) {
    append(out, "\"");
    append_json_body(out, s);
    append(out, "\"");
}

// Whether a string value must be quoted in the text format: it is empty, holds a byte that
// could end or forge a pair (space, quote, '=', backslash, braces, controls, DEL), or would
// read back as another type (a number, true, false, nan, inf).
inline bool text_needs_quotes(std::string_view s) noexcept {
    if (s.empty() || s == "true" || s == "false") return true;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}')
            return true;
    }
    const char* end = s.data() + s.size();
    std::int64_t i = 0;
    if (std::from_chars(s.data(), end, i).ptr == end) return true;
    double d = 0;
    auto res = std::from_chars(s.data(), end, d);
    return res.ec == std::errc{} && res.ptr == end;
}

// A string value in the text format: verbatim when it is unambiguous, else in double quotes
// with the same escapes as JSON (bytes >= 0x80 are kept as they are).
template <class Out>
void append_text_string(Out& out, std::string_view s) {
    if (!text_needs_quotes(s)) return append(out, s);
    append(out, "\"");
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) continue;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue;
        out.append(s.data() + run, s.data() + i);
        append_ascii_escape(out, c);
        run = i + 1;
    }
    out.append(s.data() + run, s.data() + s.size());
    append(out, "\"");
}

// An integer in decimal (std::uint64_t up to its maximum, exactly) or a flag as true/false:
// written the same way in the text format and in JSON.
template <class Out>
void append_bare_scalar(Out& out, const value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return append_decimal(out, *i);
    if (auto* u = std::get_if<std::uint64_t>(&v)) return append_decimal(out, *u);
    append(out, std::get<bool>(v) ? "true" : "false");
}

// A value in the text format: strings as append_text_string() writes them, numbers and
// booleans bare (so `2` is an integer and `"2"` a string).
template <class Out>
void append_text_value(Out& out, const value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return append_text_string(out, *s);
    if (auto* d = std::get_if<double>(&v)) return append_typed_double(out, *d);
    append_bare_scalar(out, v);
}

// A value in JSON, type kept. JSON has no NaN or infinity: those become the strings
// to_string() gives ("nan", "inf", "-inf").
template <class Out>
void append_json_value(Out& out, const value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return append_json_string(out, *s);
    if (auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d)) return append_typed_double(out, *d);
        append(out, "\"");
        append_shortest(out, *d);
        return append(out, "\"");
    }
    append_bare_scalar(out, v);
}

}  // namespace fiberlog::detail
