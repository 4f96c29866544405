#pragma once

// The seam for log integrations: who is running, as a log record needs it at its call site.
// fiberlog's spdlog integration is built on this header alone; another logging library can
// be integrated the same way.

#include <cstdint>

#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>

namespace fiberlog {

/// Where a log record comes from: the execution context that logs it.
struct origin {
    std::uint64_t fiber = 0;   ///< fiber_id() of that context
    std::uint64_t parent = 0;  ///< parent_id() of that context
    context ctx;               ///< its context; ctx.trace_id() names the trace it is in, if any
    /// In a trace (trace.hpp): this context's own span, non-zero; 0 outside a trace. Every
    /// fiber launched in a trace gets a span of its own.
    std::uint64_t span = 0;
    /// In a trace: the span this one was started from -- the launcher's, or the remote
    /// caller's for the fiber that adopted a traceparent; 0 when it has none.
    std::uint64_t parent_span = 0;
};

/// The origin of whatever runs now -- a fiber, a thread's main context, a plain thread --
/// without copying anything: the hot path of a synchronous formatter. The reference stays
/// valid until the calling fiber next changes its context (put, remove, clear, or the end of
/// a scoped, attach, deadline_scope or cancel_scope entered after the call) or ends; on a
/// thread without a fiberlog scheduler, until any fiber of that thread does. To keep it (an
/// asynchronous sink's queue), copy it: copying the context is one atomic increment.
/// Allocates only on a thread's first call to fiberlog; terminates if that fails.
FIBERLOG_API const origin& current_origin() noexcept;

}  // namespace fiberlog
