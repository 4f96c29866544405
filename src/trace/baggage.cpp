#include "trace/baggage.hpp"

#include <algorithm>
#include <optional>

#include <fiberlog/log_format.hpp>

#include "trace/ows.hpp"

namespace fiberlog::detail {
namespace {

// RFC 9110 tchar.
bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

// baggage-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E.
bool is_baggage_octet(char ch) noexcept {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// `s` percent-decoded, with each byte of invalid UTF-8 replaced by U+FFFD; nullopt when `s`
// holds a byte outside baggage-octet or a malformed escape.
std::optional<std::string> decode_value(std::string_view s) {
    std::string bytes;
    bytes.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_baggage_octet(s[i])) return std::nullopt;
        if (s[i] != '%') {
            bytes += s[i];
            continue;
        }
        const int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
        if (lo < 0) return std::nullopt;
        bytes += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = log_format::utf8_sequence_length(std::string_view(bytes).substr(i));
        if (n == 0) {
            out += "\xef\xbf\xbd";  // U+FFFD
            ++i;
        } else {
            out.append(bytes, i, n);
            i += n;
        }
    }
    return out;
}

// `key OWS "=" OWS value` (value may be empty): key and the raw value, or false.
bool split_pair(std::string_view s, std::string_view& key, std::string_view& value) noexcept {
    const std::size_t eq = s.find('=');
    if (eq == std::string_view::npos) return false;
    key = trim_ows(s.substr(0, eq));
    value = trim_ows(s.substr(eq + 1));
    return is_baggage_key(key);
}

bool is_valid_property(std::string_view p) {
    std::string_view key, value;
    if (p.find('=') == std::string_view::npos) return is_baggage_key(p);
    return split_pair(p, key, value) && decode_value(value).has_value();
}

// One member, already without surrounding whitespace.
std::optional<baggage_member> parse_member(std::string_view m) {
    const std::size_t semicolon = m.find(';');
    std::string_view key, raw;
    if (!split_pair(m.substr(0, semicolon), key, raw)) return std::nullopt;
    std::optional<std::string> value = decode_value(raw);
    if (!value) return std::nullopt;
    for (std::string_view props = m.substr(std::min(semicolon, m.size())); !props.empty();) {
        props.remove_prefix(1);  // the ';'
        const std::size_t next = props.find(';');
        if (!is_valid_property(trim_ows(props.substr(0, next)))) return std::nullopt;
        props = props.substr(std::min(next, props.size()));
    }
    return baggage_member{key, std::move(*value)};
}

}  // namespace

bool is_baggage_key(std::string_view key) noexcept {
    return !key.empty() && std::all_of(key.begin(), key.end(), is_tchar);
}

baggage_list parse_baggage(std::string_view value) {
    baggage_list list;
    std::size_t seen = 0;  // members, valid or not
    for (std::size_t start = 0; start <= value.size();) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        const std::string_view m = trim_ows(value.substr(start, comma - start));
        start = comma + 1;
        if (m.empty()) continue;
        ++seen;
        std::optional<baggage_member> member;
        if (seen <= baggage_max_members && comma <= baggage_max_bytes) member = parse_member(m);
        if (member)
            list.members.push_back(std::move(*member));
        else
            ++list.skipped;
    }
    return list;
}

void append_baggage_value(std::string& out, std::string_view value) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (char ch : value) {
        if (is_baggage_octet(ch) && ch != '%') {
            out += ch;
            continue;
        }
        const auto c = static_cast<unsigned char>(ch);
        out += '%';
        out += digits[c >> 4];
        out += digits[c & 15];
    }
}

}  // namespace fiberlog::detail
