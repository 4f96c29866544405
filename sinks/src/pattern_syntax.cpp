#include "pattern_syntax.hpp"

#include <algorithm>
#include <cctype>

namespace fiberlog::detail {
namespace {

using spdlog::details::padding_info;

// spdlog 1.10 pads and truncates to at most this many columns, whatever the pattern says.
constexpr std::size_t max_width = 64;

bool is_digit(char c) noexcept { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// handle_padspec_: [-=]? then, only if a digit follows, digits and an optional `!`. A side
// without digits is consumed and means no padding (`%-v` is `%v`); `+` is no side in 1.10.
padding_info read_padding(std::string_view p, std::size_t& i) {
    if (i == p.size()) return {};
    auto side = padding_info::pad_side::left;
    if (p[i] == '-') {
        side = padding_info::pad_side::right;
        ++i;
    } else if (p[i] == '=') {
        side = padding_info::pad_side::center;
        ++i;
    }
    if (i == p.size() || !is_digit(p[i])) return {};
    std::size_t width = 0;  // wraps around on absurd lengths, exactly like spdlog's
    for (; i < p.size() && is_digit(p[i]); ++i)
        width = width * 10 + static_cast<std::size_t>(p[i] - '0');
    const bool truncate = i < p.size() && p[i] == '!';
    if (truncate) ++i;
    return padding_info{std::min(width, max_width), side, truncate};
}

}  // namespace

bool is_spdlog_flag(char c) noexcept {
    static constexpr std::string_view flags = "+nlLtvaAbhBcCYDxmdHIMSefFEprRTXzP^$@sg#!%uioO";
    return flags.find(c) != std::string_view::npos;
}

std::vector<pattern_token> parse_pattern(std::string_view pattern, const flag_set& custom) {
    std::vector<pattern_token> tokens;
    const auto add_text = [&tokens](std::string_view text) {
        if (tokens.empty() || tokens.back().what != pattern_token::kind::text)
            tokens.push_back(pattern_token{});
        tokens.back().text += text;
    };
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] != '%') {
            const std::size_t next = std::min(pattern.find('%', i), pattern.size());
            add_text(pattern.substr(i, next - i));
            i = next;
            continue;
        }
        ++i;
        padding_info padding = read_padding(pattern, i);
        if (i == pattern.size()) break;
        const char flag = pattern[i++];
        if (custom[flag_index(flag)] || (is_spdlog_flag(flag) && flag != '%')) {
            pattern_token token;
            token.what = pattern_token::kind::flag;
            token.flag = flag;
            token.padding = padding;
            tokens.push_back(std::move(token));
        } else if (flag == '%') {
            add_text("%");  // spdlog's `%%` ignores any padding
        } else if (!padding.truncate_) {
            const char as_written[] = {'%', flag};
            add_text(std::string_view(as_written, 2));
        } else {
            // spdlog's fix for its issue #1617: `%10!]` is `%10!` (the function name) then `]`.
            padding.truncate_ = false;
            pattern_token token;
            token.what = pattern_token::kind::funcname;
            token.padding = padding;
            tokens.push_back(std::move(token));
            add_text(std::string_view(&flag, 1));
        }
    }
    return tokens;
}

void append_flag(std::string& pattern, char flag, const padding_info& padding) {
    pattern += '%';
    if (!padding.enabled()) {
        // `%-` followed by a non-digit is no padding, so `%--` is the flag `-`; `%-` alone
        // would be read as a side.
        if (flag == '-' || flag == '=') pattern += '-';
    } else {
        if (padding.side_ == padding_info::pad_side::right) pattern += '-';
        if (padding.side_ == padding_info::pad_side::center) pattern += '=';
        pattern += std::to_string(padding.width_);
        if (padding.truncate_) pattern += '!';
    }
    pattern += flag;
}

void append_text(std::string& pattern, std::string_view text) {
    for (char c : text) {
        if (c == '%') pattern += '%';
        pattern += c;
    }
}

}  // namespace fiberlog::detail
