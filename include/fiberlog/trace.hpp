#pragma once

// Across services: W3C Trace Context (traceparent, tracestate) and W3C Baggage. A request
// adopts its caller's trace once, at the top; every fiber it launches is a span of that trace
// (its own span id, its launcher's span as parent), every log line can name them, and an
// outgoing call forwards them. No dependency beyond the core.

#include <cstdint>
#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fiberlog {

/// Puts the current fiber in a trace for its lifetime: the trace of the W3C Trace Context
/// Level 1 `traceparent` header value given -- the caller's span becomes this fiber's (remote)
/// parent, and this fiber gets a span of its own -- keeping `tracestate` to forward. A
/// missing, empty or invalid `traceparent` starts a new trace with a random trace id (then the
/// tracestate is dropped, as the specification says); an invalid `tracestate` is dropped
/// alone. Never throws for bad input: rejected headers are counted in rejected_headers().
/// Several `tracestate` header fields are passed joined by ',' (RFC 9110); several
/// `traceparent` fields joined the same way are invalid, as they should be.
///
/// Fibers launched while it lives, and their descendants, are in the trace under every
/// fiberlog scheduler (migration included), each with a span of its own; snapshot(),
/// attach(), wrap() and launch_with() carry it. On exit the fiber leaves the trace (fibers
/// launched meanwhile stay in it). Keys put meanwhile keep their values. Use it as a local in
/// the fiber that created it; not copyable or movable. Throws std::bad_alloc only. The
/// destructor never throws and allocates only when keys changed inside the scope: it then
/// builds a new snapshot, and std::terminate is called if that allocation fails.
class FIBERLOG_API trace_scope {
public:
    explicit trace_scope(std::string_view traceparent, std::string_view tracestate = {});
    ~trace_scope();
    trace_scope(const trace_scope&) = delete;
    trace_scope& operator=(const trace_scope&) = delete;

private:
    context before_;      // the context when the scope was entered
    context installed_;   // what the scope made current; restoring is O(1) while unchanged
    std::uint64_t span_;  // the fiber's span and parent span when the scope was entered
    std::uint64_t parent_span_;
};

/// The current trace's id, 32 lowercase hex digits; "" outside a trace.
FIBERLOG_API std::string trace_id();

/// The current fiber's own span id, 16 lowercase hex digits; "" outside a trace.
FIBERLOG_API std::string span_id();

/// The `traceparent` header value for an outgoing call, naming the current fiber's span as
/// the parent: "00-<trace_id>-<span_id>-<flags>"; "" outside a trace. Only the sampled flag
/// of the incoming trace-flags is kept (Level 1 defines no other); a new trace has 00.
FIBERLOG_API std::string traceparent();

/// The `tracestate` header value to forward: the incoming one, validated and normalized (no
/// empty members, no optional whitespace), cut to at most 512 characters by whole members
/// (members over 128 characters first, then from the end, as the specification says); ""
/// when there is none (then send no header) or outside a trace.
FIBERLOG_API std::string tracestate();

/// Adopts the members of an incoming W3C `baggage` header value (several fields joined by ',')
/// whose keys are in `allowed` into the current fiber's context, as string values
/// (percent-decoding; bytes that are not UTF-8 become U+FFFD), like put(): in order, a later
/// duplicate winning. Malformed members -- and members past the 64th or past 8192 bytes, the
/// specification's limits -- are skipped and counted in rejected_headers(); properties
/// (`;k=v`) are validated and ignored. Returns how many members were adopted. Throws
/// std::invalid_argument, changing nothing, if `allowed` holds an invalid fiberlog key.
FIBERLOG_API std::size_t adopt_baggage(std::string_view header,
                                       const std::vector<std::string>& allowed);

/// The `baggage` header value for an outgoing call: the current context's entries whose keys
/// are in `allowed`, in context order, as `key=value` with the value as to_string() prints it,
/// percent-encoded; members that would go past 64 members or 8192 bytes are left out whole.
/// "" when none (then send no header). Throws std::invalid_argument for an invalid key in
/// `allowed`.
FIBERLOG_API std::string baggage(const std::vector<std::string>& allowed);

/// What fiberlog rejected of incoming propagation headers since the process started.
struct rejected_header_counts {
    std::uint64_t traceparent = 0;  ///< invalid traceparent values (a new trace was started)
    std::uint64_t tracestate =
        0;  ///< tracestate values dropped: invalid, or without a valid traceparent
    std::uint64_t baggage_members =
        0;  ///< baggage list-members skipped: malformed, or past the limits
};

/// The counts so far; lock-free, any thread.
FIBERLOG_API rejected_header_counts rejected_headers() noexcept;

}  // namespace fiberlog
