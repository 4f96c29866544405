#pragma once

// The representation behind fiberlog::context. Private to the library.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fiberlog/context.hpp>

#include "detail/cancel_node.hpp"

namespace fiberlog::detail {

using time_point = std::chrono::steady_clock::time_point;
constexpr time_point no_deadline = time_point::max();

// Besides its entries, a snapshot carries the deadline and the cancellation node of its
// context (Go's context.Context: values, a deadline, a Done), so that inheritance at launch,
// attach() and wrap() carry them at no extra cost. A snapshot may have no entries.
class snapshot final : public snapshot_header {
public:
    snapshot(std::vector<context::entry> entries, time_point deadline, cancel_node::ptr cancel);
    ~snapshot();
    snapshot(const snapshot&) = delete;
    snapshot& operator=(const snapshot&) = delete;

    const std::vector<context::entry>& entries() const noexcept { return entries_; }
    std::uint64_t serial() const noexcept { return serial_; }
    time_point deadline() const noexcept { return deadline_; }
    cancel_node* cancel() const noexcept { return cancel_.get(); }

    // The renderings, computed on first use. Two threads may race to render the same
    // snapshot: both render, one publishes, the other frees its copy.
    const std::string& text() const;
    const std::string& json() const;

private:
    std::vector<context::entry> entries_;
    std::uint64_t serial_;
    time_point deadline_;
    cancel_node::ptr cancel_;
    mutable std::atomic<const std::string*> text_{nullptr};
    mutable std::atomic<const std::string*> json_{nullptr};
};

struct context_access {
    static const snapshot* get(const context& c) noexcept {
        return static_cast<const snapshot*>(c.p_.get());
    }
    // Wraps a new snapshot; nothing at all (no entries, deadline or node) gives the empty
    // context.
    static context make(std::vector<context::entry> entries, time_point deadline,
                        cancel_node::ptr cancel);
    // A new snapshot of `entries` with the deadline and node of `like`.
    static context make(std::vector<context::entry> entries, const context& like);
    // A new snapshot with the pairs of `c` and the given deadline and node.
    static context rebind(const context& c, time_point deadline, cancel_node::ptr cancel);
    static time_point deadline(const context& c) noexcept {
        const snapshot* s = get(c);
        return s != nullptr ? s->deadline() : no_deadline;
    }
    static cancel_node* cancel(const context& c) noexcept {
        const snapshot* s = get(c);
        return s != nullptr ? s->cancel() : nullptr;
    }
};

}  // namespace fiberlog::detail
