#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/fiber/properties.hpp>

#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/origin.hpp>

namespace fiberlog {

namespace detail {
struct properties_access;  // lets the library build and change properties
}

/// The Boost.Fiber properties that carry a fiber's id, its parent's id and its context.
/// fiberlog's schedulers, and any scheduler with a fiberlog::lineage member (lineage.hpp),
/// give every fiber one, filled from the context that launched it, destroyed with the fiber.
///
/// A scheduler built on `boost::fibers::algo::algorithm_with_properties<P>` derives its own
/// properties from this class, so that its fields and fiberlog's live in one object:
///
///     struct prio_props : fiberlog::properties {
///         using fiberlog::properties::properties;
///         int priority = 0;
///     };
///
/// Read it with `boost::this_fiber::properties<fiberlog::properties>()` (or your type) --
/// cheaper, and without the yield Boost may do there: fiber_id(), parent_id(), snapshot().
class FIBERLOG_API properties : public boost::fibers::fiber_properties {
public:
    /// Properties for `ctx`, filled by the lineage of the calling thread's scheduler: for a
    /// fiber being launched, a new id, the launcher as parent and the launcher's context; for
    /// a thread's main context, the thread's own id and context; otherwise a new id as a root.
    /// Boost's algorithm_with_properties<P>::new_properties() calls it as `new P(ctx)`.
    explicit properties(boost::fibers::context* ctx) noexcept;
    ~properties() override;

    std::uint64_t id() const noexcept { return origin_.fiber; }
    std::uint64_t parent_id() const noexcept { return origin_.parent; }
    const context& snapshot() const noexcept { return origin_.ctx; }

    // Recycled per thread: malloc+free of a properties object was a tenth of a launch+join
    // (bench/bench_core). Blocks of a derived type's size go to the global allocator.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;

private:
    friend struct detail::properties_access;
    // In place, for the schedulers' launch path: one copy of the inherited context.
    properties(boost::fibers::context* ctx, std::uint64_t id, std::uint64_t parent,
               const context& inherited, std::uint64_t span, std::uint64_t parent_span) noexcept
        : boost::fibers::fiber_properties(ctx), origin_{id, parent, inherited, span, parent_span} {}

    origin origin_;
};

}  // namespace fiberlog
