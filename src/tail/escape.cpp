#include "escape.hpp"

#include <charconv>
#include <cstdint>
#include <system_error>

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

// The body of a JSON-style quoted string; DEL is escaped too when `escape_del`.
void append_escaped(std::string& out, std::string_view s, bool escape_del) {
    static constexpr std::string_view replacement = "\xef\xbf\xbd";  // U+FFFD
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s.front());
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s);
            if (n == 0) {
                out += replacement;
                s.remove_prefix(1);
            } else {
                out.append(s.data(), n);
                s.remove_prefix(n);
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || (c == 0x7f && escape_del)) {
                    append_u_escape(out, c);
                } else {
                    out += static_cast<char>(c);
                }
        }
        s.remove_prefix(1);
    }
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

bool needs_quotes(const ctx_field& field) noexcept {
    if (field.text.empty()) return true;
    for (const char ch : field.text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}') {
            return true;
        }
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
    append_escaped(out, s, false);
    out += '"';
}

void append_kv_value(std::string& out, const ctx_field& field) {
    if (!needs_quotes(field)) {
        out += field.text;
        return;
    }
    out += '"';
    append_escaped(out, field.text, true);
    out += '"';
}

void append_printable(std::string& out, std::string_view s) {
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s.front());
        if (c >= 0x80) {
            if (const std::size_t n = utf8_length(s); n != 0) {
                out.append(s.data(), n);
                s.remove_prefix(n);
                continue;
            }
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex_digits[c >> 4];
            out += hex_digits[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
        s.remove_prefix(1);
    }
}

}  // namespace fiberlog::tail
