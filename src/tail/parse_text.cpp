#include "parse_text.hpp"

#include "escape.hpp"

namespace fiberlog::tail {

namespace {

constexpr std::size_t max_key_length = 128;

bool consume(std::string_view& s, std::string_view prefix) noexcept {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

bool read_uint64(std::string_view& s, std::uint64_t& out) noexcept {
    std::size_t i = 0;
    out = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        const auto digit = static_cast<std::uint64_t>(s[i] - '0');
        if (out > (UINT64_MAX - digit) / 10) return false;
        out = out * 10 + digit;
    }
    s.remove_prefix(i);
    return i > 0;
}

bool is_key_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool read_hex4(std::string_view& s, unsigned& out) noexcept {
    if (s.size() < 4) return false;
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int h = hex_value(s[i]);
        if (h < 0) return false;
        out = out * 16 + static_cast<unsigned>(h);
    }
    s.remove_prefix(4);
    return true;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

// Reads the code point of a \uXXXX escape (`s` is past the "\u"), joining surrogate pairs; a
// lone surrogate becomes U+FFFD.
bool read_code_point(std::string_view& s, unsigned& cp) noexcept {
    if (!read_hex4(s, cp)) return false;
    if (cp < 0xd800 || cp > 0xdfff) return true;
    unsigned low = 0;
    std::string_view rest = s;
    if (cp <= 0xdbff && consume(rest, "\\u") && read_hex4(rest, low) && low >= 0xdc00 &&
        low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        s = rest;
    } else {
        cp = 0xfffd;
    }
    return true;
}

value_kind bare_value_kind(std::string_view v) noexcept {
    if (v == "true" || v == "false") return value_kind::boolean;
    if (v == "inf" || v == "-inf" || v == "nan") return value_kind::floating;
    if (!is_json_number(v)) return value_kind::string;
    return v.find_first_of(".eE") == std::string_view::npos ? value_kind::integer
                                                            : value_kind::floating;
}

}  // namespace

bool text_parser::parse(std::string_view line, record& out) {
    out.reset(line_format::text);
    unescaped_.clear();
    unescaped_.reserve(line.size());

    // The record is read from the first line; the lines after it continue the message.
    const std::size_t first_end = line.find('\n');
    std::string_view s = line.substr(0, first_end);
    if (first_end != std::string_view::npos && !s.empty() && s.back() == '\r') {
        s.remove_suffix(1);
    }
    civil_time t;
    if (!consume(s, "[") || !read_civil_time(s, t) || !consume(s, "] [")) return false;
    out.ts_us = local_time_.utc_micros(t);

    const std::size_t logger_end = s.find("] [");
    if (logger_end == std::string_view::npos) return false;
    out.logger = s.substr(0, logger_end);
    s.remove_prefix(logger_end + 3);

    const std::size_t level_end = s.find(']');
    if (level_end == std::string_view::npos || !parse_level(s.substr(0, level_end), out.lvl)) {
        return false;
    }
    s.remove_prefix(level_end);
    if (!consume(s, "] [") || !read_uint64(s, out.fiber) || !consume(s, "/") ||
        !read_uint64(s, out.parent) || !consume(s, "] {") || !read_context(s, out)) {
        return false;
    }
    // spdlog writes the space before %v even when the message is empty; accept it missing too.
    if (!s.empty() && !consume(s, " ")) return false;
    out.msg = s;
    if (first_end != std::string_view::npos) {
        out.msg = without_carriage_returns(line.substr(static_cast<std::size_t>(s.data() - line.data())));
    }
    return true;
}

// `msg` with each "\r\n" as "\n", in unescaped_ when there is a "\r" to drop (the bytes it
// adds there are at most those of `msg`, so reserving the line's length still suffices).
std::string_view text_parser::without_carriage_returns(std::string_view msg) {
    if (msg.find('\r') == std::string_view::npos) return msg;
    const std::size_t start = unescaped_.size();
    for (std::size_t i = 0; i < msg.size(); ++i) {
        if (msg[i] != '\r' || i + 1 == msg.size() || msg[i + 1] != '\n') unescaped_ += msg[i];
    }
    return std::string_view(unescaped_).substr(start);
}

// Reads "k=v k2=v2}" (the opening brace already read) and the closing brace.
bool text_parser::read_context(std::string_view& s, record& out) {
    if (consume(s, "}")) return true;
    for (;;) {
        std::size_t n = 0;
        while (n < s.size() && is_key_char(s[n])) ++n;
        if (n == 0 || n > max_key_length || n == s.size() || s[n] != '=') return false;
        const std::string_view key = s.substr(0, n);
        s.remove_prefix(n + 1);

        std::string_view value;
        value_kind kind = value_kind::string;
        if (!s.empty() && s.front() == '"') {
            if (!read_quoted(s, value)) return false;
        } else {
            n = 0;
            while (n < s.size() && s[n] != ' ' && s[n] != '}') ++n;
            if (n == 0) return false;  // an empty value is always quoted
            value = s.substr(0, n);
            kind = bare_value_kind(value);
            s.remove_prefix(n);
        }
        out.ctx.push_back({key, value, kind});
        if (consume(s, "}")) return true;
        if (!consume(s, " ")) return false;
    }
}

// Reads a double-quoted value with JSON-style escapes into unescaped_.
bool text_parser::read_quoted(std::string_view& s, std::string_view& value) {
    s.remove_prefix(1);
    const std::size_t start = unescaped_.size();
    for (;;) {
        if (s.empty()) return false;
        const char c = s.front();
        s.remove_prefix(1);
        if (c == '"') break;
        if (c != '\\') {
            unescaped_ += c;
            continue;
        }
        if (s.empty()) return false;
        const char e = s.front();
        s.remove_prefix(1);
        switch (e) {
            case '"':
                unescaped_ += '"';
                break;
            case '\\':
                unescaped_ += '\\';
                break;
            case '/':
                unescaped_ += '/';
                break;
            case 'b':
                unescaped_ += '\b';
                break;
            case 'f':
                unescaped_ += '\f';
                break;
            case 'n':
                unescaped_ += '\n';
                break;
            case 'r':
                unescaped_ += '\r';
                break;
            case 't':
                unescaped_ += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!read_code_point(s, cp)) return false;
                append_utf8(unescaped_, cp);
                break;
            }
            default:
                return false;
        }
    }
    value = std::string_view(unescaped_).substr(start);
    return true;
}

}  // namespace fiberlog::tail
