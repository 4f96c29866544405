#pragma once

// W3C Trace Context Level 1, the traceparent header: `version-trace_id-parent_id-flags`.

#include <cstdint>
#include <optional>
#include <string_view>

namespace fiberlog::detail {

struct traceparent_fields {
    std::uint64_t trace_hi = 0;  // the trace id's 16 bytes, big-endian halves
    std::uint64_t trace_lo = 0;
    std::uint64_t parent = 0;  // the caller's span (parent-id)
    std::uint8_t flags = 0;    // trace-flags as received
};

// The fields of a traceparent value, or nullopt when the specification says to ignore it:
// version not two lowercase hex digits followed by '-', or `ff`; version 00 not exactly 55
// characters; a higher version shorter than 55 or not followed by '-' after the flags; ids
// or flags not lowercase hex of their exact lengths, or ids all zero. Optional whitespace
// around the value is allowed (it is not part of an HTTP field value).
std::optional<traceparent_fields> parse_traceparent(std::string_view value) noexcept;

// "00-<32 hex>-<16 hex>-<2 hex>".
void write_traceparent(char (&out)[55], std::uint64_t trace_hi, std::uint64_t trace_lo,
                       std::uint64_t parent, std::uint8_t flags) noexcept;

}  // namespace fiberlog::detail
