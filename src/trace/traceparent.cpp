#include "trace/traceparent.hpp"

#include <fiberlog/detail/hex.hpp>

#include "trace/ows.hpp"

namespace fiberlog::detail {
namespace {

constexpr std::size_t version_00_length = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2

int lower_hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // uppercase is invalid too
}

// `n` (<= 16) lowercase hex digits at the start of `s` into `out`; false if any is not one.
bool read_hex(std::string_view s, std::size_t n, std::uint64_t& out) noexcept {
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int d = lower_hex_digit(s[i]);
        if (d < 0) return false;
        out = (out << 4) | static_cast<std::uint64_t>(d);
    }
    return true;
}

}  // namespace

std::optional<traceparent_fields> parse_traceparent(std::string_view value) noexcept {
    const std::string_view s = trim_ows(value);
    if (s.size() < version_00_length) return std::nullopt;
    std::uint64_t version = 0;
    if (!read_hex(s, 2, version) || s[2] != '-' || version == 0xff) return std::nullopt;
    // Version 00 is exactly this long; a higher version may add fields, each after a '-'.
    if (version == 0 ? s.size() != version_00_length
                     : s.size() > version_00_length && s[version_00_length] != '-')
        return std::nullopt;
    traceparent_fields f;
    std::uint64_t flags = 0;
    if (!read_hex(s.substr(3), 16, f.trace_hi) || !read_hex(s.substr(19), 16, f.trace_lo) ||
        s[35] != '-' || !read_hex(s.substr(36), 16, f.parent) || s[52] != '-' ||
        !read_hex(s.substr(53), 2, flags))
        return std::nullopt;
    if ((f.trace_hi == 0 && f.trace_lo == 0) || f.parent == 0) return std::nullopt;
    f.flags = static_cast<std::uint8_t>(flags);
    return f;
}

void write_traceparent(char (&out)[55], std::uint64_t trace_hi, std::uint64_t trace_lo,
                       std::uint64_t parent, std::uint8_t flags) noexcept {
    static constexpr char digits[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    write_hex64(out + 3, trace_hi);
    write_hex64(out + 19, trace_lo);
    out[35] = '-';
    write_hex64(out + 36, parent);
    out[52] = '-';
    out[53] = digits[flags >> 4];
    out[54] = digits[flags & 15];
}

}  // namespace fiberlog::detail
