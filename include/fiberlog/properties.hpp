#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/fiber/properties.hpp>

#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>

namespace fiberlog {

namespace detail {

// What fiberlog knows about one execution context. Only that context writes it; its
// children read it while it launches them, on the same thread.
struct fiber_state {
    std::uint64_t id = 0;
    std::uint64_t parent = 0;
    fiberlog::context ctx;
};

// For integrations such as fiberlog::spdlog: the state of whatever runs now, without copying
// its snapshot. Valid until the calling fiber changes its context or ends.
FIBERLOG_API const fiber_state& running_state() noexcept;

}  // namespace detail

/// The Boost.Fiber properties fiberlog's schedulers attach to every fiber: its id, its
/// parent's id and its context. Created by the scheduler when the fiber is launched, filled
/// from the launching context, destroyed with the fiber. Read it with
/// `boost::this_fiber::properties<fiberlog::properties>()` or, cheaper and without the
/// yield Boost may do there, with fiberlog::fiber_id()/parent_id()/snapshot().
class FIBERLOG_API properties final : public boost::fibers::fiber_properties {
public:
    explicit properties(boost::fibers::context* ctx) noexcept;
    properties(boost::fibers::context* ctx, detail::fiber_state state) noexcept;
    /// In place, for the schedulers' launch path: one copy of the inherited snapshot.
    properties(boost::fibers::context* ctx, std::uint64_t id, std::uint64_t parent,
               const context& inherited) noexcept
        : boost::fibers::fiber_properties(ctx), state_{id, parent, inherited} {}
    ~properties() override;

    std::uint64_t id() const noexcept { return state_.id; }
    std::uint64_t parent_id() const noexcept { return state_.parent; }
    const context& snapshot() const noexcept { return state_.ctx; }

    detail::fiber_state& state() noexcept { return state_; }

    // Recycled per thread: malloc+free of a properties object was a tenth of a launch+join.
    static void* operator new(std::size_t size);
    static void operator delete(void* p) noexcept;

private:
    detail::fiber_state state_;
};

}  // namespace fiberlog
