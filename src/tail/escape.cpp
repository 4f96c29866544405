#include "escape.hpp"

#include <charconv>
#include <cstdint>
#include <system_error>
#include <utility>

namespace fiberlog::tail {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence at the front of `s` (no overlongs, surrogates or
// code points above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view s) noexcept {
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        n = 3;
        if (b0 == 0xe0) lo = 0xa0;
        if (b0 == 0xed) hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        n = 4;
        if (b0 == 0xf0) lo = 0x90;
        if (b0 == 0xf4) hi = 0x8f;
    } else {
        return 0;
    }
    if (s.size() < n) return 0;
    for (std::size_t i = 1; i < n; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf)) return 0;
    }
    return n;
}

void append_u_escape(std::string& out, unsigned char c) {
    out += "\\u00";
    out += hex_digits[c >> 4];
    out += hex_digits[c & 0xf];
}

// The rule of fiberlog's %K writer: a string is quoted when from_chars would read all of it as
// an integer or a double ("2", "2.5", "inf", "1.") or it is "true" or "false".
bool reads_as_non_string(std::string_view s) noexcept {
    if (s == "true" || s == "false") return true;
    const char* end = s.data() + s.size();
    std::int64_t i = 0;
    if (std::from_chars(s.data(), end, i).ptr == end) return true;
    double d = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), end, d);
    return ec == std::errc{} && ptr == end;
}

// How a byte sequence at the front of `s` is shown on a terminal, for the display escapes.
enum class shown { verbatim, escaped_byte, escaped_c1 };

// What the display does with the character at the front of `s`, and its length in bytes:
// printable ASCII and UTF-8 (but the C1 controls U+0080-U+009F) verbatim; controls escaped.
std::pair<shown, std::size_t> classify_display(std::string_view s) noexcept {
    const auto c = static_cast<unsigned char>(s.front());
    if (c < 0x80) return {c < 0x20 || c == 0x7f ? shown::escaped_byte : shown::verbatim, 1};
    const std::size_t n = utf8_length(s);
    if (n == 0) return {shown::escaped_byte, 1};
    if (c == 0xc2 && static_cast<unsigned char>(s[1]) <= 0x9f) return {shown::escaped_c1, 2};
    return {shown::verbatim, n};
}

// The display escapes: \n, \r, \t, \u00XX for the other controls (C0, DEL and C1), \xNN
// for a byte that is not UTF-8; inside quotes also \" and \\.
void append_display(std::string& out, std::string_view s, bool quoted) {
    while (!s.empty()) {
        const auto [how, n] = classify_display(s);
        const auto c = static_cast<unsigned char>(s.front());
        if (how == shown::escaped_c1) {
            append_u_escape(out, static_cast<unsigned char>(s[1]));
        } else if (how == shown::verbatim) {
            if (quoted && (c == '"' || c == '\\')) out += '\\';
            out.append(s.data(), n);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x80) {
            append_u_escape(out, c);
        } else {
            out += "\\x";
            out += hex_digits[c >> 4];
            out += hex_digits[c & 0xf];
        }
        s.remove_prefix(n);
    }
}

// The body of a JSON string: the display escapes, but each byte that is not UTF-8 becomes
// U+FFFD (JSON has no way to write it), so the result is always valid JSON.
void append_json_body(std::string& out, std::string_view s) {
    static constexpr std::string_view replacement = "\xef\xbf\xbd";  // U+FFFD
    while (!s.empty()) {
        const auto [how, n] = classify_display(s);
        if (how == shown::escaped_byte && static_cast<unsigned char>(s.front()) >= 0x80) {
            out += replacement;
        } else {
            append_display(out, s.substr(0, n), true);
        }
        s.remove_prefix(n);
    }
}

bool needs_quotes(const ctx_field& field) noexcept {
    if (field.text.empty()) return true;
    for (std::string_view s = field.text; !s.empty();) {
        const auto c = static_cast<unsigned char>(s.front());
        if (c == ' ' || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}') return true;
        const auto [how, n] = classify_display(s);
        if (how != shown::verbatim) return true;
        s.remove_prefix(n);
    }
    return field.kind == value_kind::string && reads_as_non_string(field.text);
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

bool is_json_number(std::string_view s) noexcept {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (i == s.size()) return false;
    if (s[i] == '0') {
        ++i;
    } else if (is_digit(s[i])) {
        while (i < s.size() && is_digit(s[i])) ++i;
    } else {
        return false;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (i == s.size() || !is_digit(s[i])) return false;
        while (i < s.size() && is_digit(s[i])) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (i == s.size() || !is_digit(s[i])) return false;
        while (i < s.size() && is_digit(s[i])) ++i;
    }
    return i == s.size();
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    append_json_body(out, s);
    out += '"';
}

void append_kv_value(std::string& out, const ctx_field& field) {
    const bool quoted = needs_quotes(field);
    if (quoted) out += '"';
    append_display(out, field.text, quoted);
    if (quoted) out += '"';
}

void append_printable(std::string& out, std::string_view s) { append_display(out, s, false); }

}  // namespace fiberlog::tail
