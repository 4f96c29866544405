#pragma once

// The representation behind fiberlog::context. Private to the library.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fiberlog/context.hpp>

#include "detail/cancel_node.hpp"
#include "detail/trace_node.hpp"

namespace fiberlog::detail {

using time_point = std::chrono::steady_clock::time_point;
constexpr time_point no_deadline = time_point::max();

// Besides its entries, a snapshot carries the deadline and the cancellation node of its
// context (Go's context.Context: values, a deadline, a Done) and its place in a trace, so that
// inheritance at launch, attach() and wrap() carry them at no extra cost. A snapshot may have
// no entries.
class snapshot final : public snapshot_header {
public:
    snapshot(std::vector<context::entry> entries, time_point deadline, cancel_node::ptr cancel,
             trace_position position);
    ~snapshot();
    snapshot(const snapshot&) = delete;
    snapshot& operator=(const snapshot&) = delete;

    const std::vector<context::entry>& entries() const noexcept { return entries_; }
    std::uint64_t serial() const noexcept { return serial_; }
    time_point deadline() const noexcept { return deadline_; }
    cancel_node* cancel() const noexcept { return cancel_.get(); }
    const trace_position& trace() const noexcept { return trace_; }

    // The renderings, computed on first use. Two threads may race to render the same
    // snapshot: both render, one publishes, the other frees its copy.
    const std::string& text() const;
    const std::string& json() const;

private:
    std::vector<context::entry> entries_;
    std::uint64_t serial_;
    time_point deadline_;
    cancel_node::ptr cancel_;
    trace_position trace_;
    mutable std::atomic<const std::string*> text_{nullptr};
    mutable std::atomic<const std::string*> json_{nullptr};
};

// Key equality without a call to memcmp: keys are short (at most 128 bytes), and memcmp's
// call and size dispatch were a third of a get() (bench/bench_core). Compares word-sized
// loads; the last load of each run overlaps the previous one instead of looping on bytes.
inline bool same_key(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    auto word = [](const char* at) {
        std::uint64_t w;
        std::memcpy(&w, at, sizeof w);
        return w;
    };
    auto half = [](const char* at) {
        std::uint32_t w;
        std::memcpy(&w, at, sizeof w);
        return w;
    };
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (word(p + i) != word(q + i)) return false;
        return word(p + n - 8) == word(q + n - 8);
    }
    if (n >= 4) return half(p) == half(q) && half(p + n - 4) == half(q + n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != q[i]) return false;
    return true;
}

// The entry of `key`, or null.
inline const context::entry* find_entry(const std::vector<context::entry>& entries,
                                        std::string_view key) noexcept {
    for (const context::entry& e : entries)
        if (same_key(e.first, key)) return &e;
    return nullptr;
}

struct context_access {
    static const snapshot* get(const context& c) noexcept {
        return static_cast<const snapshot*>(c.p_.get());
    }
    // Wraps a new snapshot; nothing at all (no entries, deadline, node or trace) gives the
    // empty context.
    static context make(std::vector<context::entry> entries, time_point deadline,
                        cancel_node::ptr cancel, trace_position position);
    // A new snapshot of `entries` with the deadline, node and trace position of `like`.
    static context make(std::vector<context::entry> entries, const context& like);
    // A new snapshot with the pairs and trace position of `c` and the given deadline and node.
    static context rebind(const context& c, time_point deadline, cancel_node::ptr cancel);
    // A new snapshot with the pairs, deadline and node of `c` at the given trace position.
    static context rebind(const context& c, trace_position position);
    static time_point deadline(const context& c) noexcept {
        const snapshot* s = get(c);
        return s != nullptr ? s->deadline() : no_deadline;
    }
    static cancel_node* cancel(const context& c) noexcept {
        const snapshot* s = get(c);
        return s != nullptr ? s->cancel() : nullptr;
    }
    // The trace `c` is in, or null.
    static const trace_position* trace(const context& c) noexcept {
        const snapshot* s = get(c);
        return s != nullptr && s->trace().node ? &s->trace() : nullptr;
    }
};

}  // namespace fiberlog::detail
