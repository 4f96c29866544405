#pragma once

// Trace and span ids: unique in the process, unpredictable across processes, without a lock
// or a random number generator on the launch path.

#include <cstdint>

namespace fiberlog::detail {

// The span id of the context with fiber id `fiber`: non-zero, the same on every call, distinct
// for distinct fiber ids. A fiber launched in a trace gets its span this way when it is first
// read (with_own_span), so a launch pays for none.
std::uint64_t span_of_fiber(std::uint64_t fiber) noexcept;

// A new span id for a span that is not a fiber's own (trace_scope's): one made from a number
// drawn from the fiber ids' counter, so it never equals a fiber's span. Non-zero, never handed
// out twice in this process (a forked child included).
std::uint64_t new_span_id() noexcept;

struct trace_id_bits {
    std::uint64_t hi;
    std::uint64_t lo;
};

// A new trace id: not all zero, never handed out twice in this process.
trace_id_bits new_trace_id() noexcept;

}  // namespace fiberlog::detail
