#pragma once

// How the library reaches the state that lives in fiberlog::properties and fiberlog::lineage,
// whose public interfaces hand out none of it for writing.

#include <new>

#include <boost/config.hpp>
#include <boost/fiber/context.hpp>

#include <fiberlog/lineage.hpp>
#include <fiberlog/origin.hpp>
#include <fiberlog/properties.hpp>

#include "detail/snapshot.hpp"
#include "detail/thread_slot.hpp"
#include "trace/ids.hpp"

namespace fiberlog::detail {

struct properties_access {
    static origin& state(boost::fibers::fiber_properties* p) noexcept {
        return static_cast<properties*>(p)->origin_;
    }
    // In place, in a block from the thread's free list.
    static properties* construct(void* at, boost::fibers::context* ctx, std::uint64_t id,
                                 std::uint64_t parent, const context& inherited,
                                 std::uint64_t span, std::uint64_t parent_span) noexcept {
        return ::new (at) properties(ctx, id, parent, inherited, span, parent_span);
    }
};

struct lineage_access {
    static boost::fibers::context* running(const lineage& l) noexcept { return l.running_; }

    // The origin kept in ctx's properties. Creates them if Boost has not yet: it gives the
    // main context properties only when it is first awakened, and fiberlog may need them
    // sooner (a put() or a launch before the main context ever yielded).
    static origin& state_of(lineage& l, boost::fibers::context* ctx) {
        if (BOOST_LIKELY(ctx->get_properties() != nullptr))
            return properties_access::state(ctx->get_properties());
        return created_state_of(l, ctx);
    }

    static origin& created_state_of(lineage& l, boost::fibers::context* ctx);
    static void settle(lineage& l, boost::fibers::context* ctx) noexcept;

private:
    static properties* child_properties(boost::fibers::context* ctx,
                                        const origin* launcher) noexcept;
    static void dispatched_from(lineage& l, boost::fibers::context* launcher) noexcept;
};

// The origin of whatever runs now: the running fiber's properties under a lineage, else the
// thread's own state. Inline: it is the first step of every read.
inline origin& current_state() {
    if (lineage* l = thread_scheduler) return lineage_access::state_of(*l, lineage_access::running(*l));
    return own_state();
}

// `st` with its span ids set. A launch in a trace copies the launcher's fields as one outside
// does, so a fiber's own span is made when first read, derived from its fiber id: until then
// it is 0 while its context is in a trace. So is its parent span if its launcher's was not made
// yet either; that one is then derived from the launcher's fiber id, as the launcher's own will
// be. Whatever hands a span out -- to a log line, a snapshot, a header -- reads it through this.
inline origin& with_own_span(origin& st) noexcept {
    if (st.span == 0 && context_access::trace(st.ctx) != nullptr) {
        st.span = span_of_fiber(st.fiber);
        if (st.parent_span == 0) st.parent_span = span_of_fiber(st.parent);
    }
    return st;
}

// What properties(ctx) is filled with: see its comment in properties.hpp.
origin origin_for(boost::fibers::context* ctx);

}  // namespace fiberlog::detail
