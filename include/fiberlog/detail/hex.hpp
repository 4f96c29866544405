#pragma once

// Lowercase hex of 64-bit ids, as W3C Trace Context writes them (16 digits, zero-padded):
// shared by the core (traceparent(), trace ids) and the log formatters (span ids).

#include <cstdint>

namespace fiberlog::detail {

// Writes the 16 digits of `v` at `at`.
inline void write_hex64(char* at, std::uint64_t v) noexcept {
    static constexpr char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i, v >>= 4) at[i] = digits[v & 15];
}

// Appends the 16 digits of `v` to any `out` with append(const char*, const char*).
template <class Out>
void append_hex64(Out& out, std::uint64_t v) {
    char buf[16];
    write_hex64(buf, v);
    out.append(buf, buf + sizeof buf);
}

}  // namespace fiberlog::detail
