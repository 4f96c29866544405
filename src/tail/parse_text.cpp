#include "parse_text.hpp"

#include <fiberlog/log_format.hpp>

namespace fiberlog::tail {

namespace {

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
    namespace layout = log_format::text_layout;
    civil_time t;
    if (!consume(s, layout::line_open) || !read_civil_time(s, t) ||
        !consume(s, layout::field_separator)) {
        return false;
    }
    out.ts_us = local_time_.utc_micros(t);

    const std::size_t logger_end = s.find(layout::field_separator);
    if (logger_end == std::string_view::npos) return false;
    out.logger = s.substr(0, logger_end);
    s.remove_prefix(logger_end + layout::field_separator.size());

    const std::size_t level_end = s.find(layout::field_separator);
    if (level_end == std::string_view::npos || !parse_level(s.substr(0, level_end), out.lvl)) {
        return false;
    }
    s.remove_prefix(level_end + layout::field_separator.size());
    if (!read_uint64(s, out.fiber) || !consume(s, layout::id_separator) ||
        !read_uint64(s, out.parent) || !consume(s, layout::context_open) ||
        !read_context(s, out)) {
        return false;
    }
    // spdlog writes the space before %v even when the message is empty; accept it missing too.
    if (!s.empty() && !consume(s, layout::context_close.substr(1))) return false;
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
    constexpr std::string_view close = log_format::text_layout::context_close.substr(0, 1);
    if (consume(s, close)) return true;
    for (;;) {
        std::size_t n = 0;
        while (n < s.size() && log_format::is_key_char(s[n])) ++n;
        if (n == 0 || n > log_format::max_key_size || n == s.size() || s[n] != '=') return false;
        const std::string_view key = s.substr(0, n);
        s.remove_prefix(n + 1);

        std::string_view value;
        value_kind kind = value_kind::string;
        if (!s.empty() && s.front() == '"') {
            if (!read_quoted(s, value)) return false;
        } else {
            n = 0;
            while (n < s.size() && s[n] != ' ' && s[n] != close.front()) ++n;
            if (n == 0) return false;  // an empty value is always quoted
            value = s.substr(0, n);
            kind = log_format::bare_kind(value);
            s.remove_prefix(n);
        }
        out.ctx.push_back({key, value, kind});
        if (consume(s, close)) return true;
        if (!consume(s, " ")) return false;
    }
}

// Reads a double-quoted value, unescaped into unescaped_ (log_format::read_quoted_body: it
// appends no more bytes than it reads, so the room parse() reserved suffices and the views
// into unescaped_ stay valid).
bool text_parser::read_quoted(std::string_view& s, std::string_view& value) {
    s.remove_prefix(1);
    const std::size_t start = unescaped_.size();
    const std::size_t n = log_format::read_quoted_body(s, unescaped_);
    if (n == 0) return false;
    s.remove_prefix(n);
    value = std::string_view(unescaped_).substr(start);
    return true;
}

}  // namespace fiberlog::tail
