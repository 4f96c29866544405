#pragma once

// The representation behind fiberlog::context. Private to the library.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fiberlog/context.hpp>

namespace fiberlog::detail {

class snapshot final : public snapshot_header {
public:
    explicit snapshot(std::vector<context::entry> entries);
    ~snapshot();
    snapshot(const snapshot&) = delete;
    snapshot& operator=(const snapshot&) = delete;

    const std::vector<context::entry>& entries() const noexcept { return entries_; }
    std::uint64_t serial() const noexcept { return serial_; }

    // The renderings, computed on first use. Two threads may race to render the same
    // snapshot: both render, one publishes, the other frees its copy.
    const std::string& text() const;
    const std::string& json() const;

private:
    std::vector<context::entry> entries_;
    std::uint64_t serial_;
    mutable std::atomic<const std::string*> text_{nullptr};
    mutable std::atomic<const std::string*> json_{nullptr};
};

struct context_access {
    static const snapshot* get(const context& c) noexcept {
        return static_cast<const snapshot*>(c.p_.get());
    }
    // Wraps a new snapshot; an empty entry list gives the empty context.
    static context make(std::vector<context::entry> entries);
};

}  // namespace fiberlog::detail
