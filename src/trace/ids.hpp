#pragma once

// Trace and span ids: unique in the process, unpredictable across processes, without a lock
// or a random number generator on the launch path.

#include <cstdint>

namespace fiberlog::detail {

// A new span id: non-zero, never handed out twice in this process (a forked child included).
// Out of line: only a launch in a trace asks for one.
std::uint64_t new_span_id() noexcept;

struct trace_id_bits {
    std::uint64_t hi;
    std::uint64_t lo;
};

// A new trace id: not all zero, never handed out twice in this process.
trace_id_bits new_trace_id() noexcept;

}  // namespace fiberlog::detail
