#pragma once

// The trace a context is in: what every fiber of one request shares (W3C Trace Context's
// trace-id, trace-flags and tracestate). Immutable and shared, like the snapshots that point to
// it, so that inheritance at launch and snapshot()/attach()/wrap() carry it at no extra cost.
// The spans are not here: each fiber has its own (fiberlog::origin), see trace_position.
// Private to the library.

#include <atomic>
#include <boost/intrusive_ptr.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace fiberlog::detail {

class trace_node {
public:
    using ptr = boost::intrusive_ptr<const trace_node>;

    // `hi`/`lo` are the 16 bytes of the trace id (not both zero), `flags` the trace-flags to
    // forward, `state` a tracestate already validated and normalized.
    trace_node(std::uint64_t hi, std::uint64_t lo, std::uint8_t flags, std::string state);
    trace_node(const trace_node&) = delete;
    trace_node& operator=(const trace_node&) = delete;

    // The trace id as 32 lowercase hex digits.
    std::string_view id_hex() const noexcept { return {hex_, sizeof hex_}; }
    std::uint64_t id_hi() const noexcept { return hi_; }
    std::uint64_t id_lo() const noexcept { return lo_; }
    std::uint8_t flags() const noexcept { return flags_; }
    const std::string& state() const noexcept { return state_; }

    friend void intrusive_ptr_add_ref(const trace_node* n) noexcept {
        n->refs_.fetch_add(1, std::memory_order_relaxed);
    }
    friend void intrusive_ptr_release(const trace_node* n) noexcept {
        if (n->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete n;
    }

private:
    mutable std::atomic<std::uint32_t> refs_{0};
    std::uint64_t hi_;
    std::uint64_t lo_;
    std::uint8_t flags_;
    char hex_[32];
    std::string state_;
};

// Where in a trace a snapshot was taken: the trace, and the span that was active then (with
// its parent), so that attach() and wrap() elsewhere continue that very span, as
// OpenTelemetry's context propagation does. No node: not in a trace (spans are 0).
struct trace_position {
    trace_node::ptr node;
    std::uint64_t span = 0;
    std::uint64_t parent_span = 0;
};

}  // namespace fiberlog::detail
