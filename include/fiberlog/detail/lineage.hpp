#pragma once

#include <boost/config.hpp>
#include <boost/fiber/context.hpp>

#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::detail {

// The part every fiberlog scheduler shares: it knows which context runs on its thread and
// gives each fiber properties filled from the context that launched it, the first time the
// fiber is awakened (for launch::post: inside the launch, while the launcher runs).
//
// Why the schedulers derive from algorithm, not algorithm_with_properties: the latter's
// sealed awakened() makes two out-of-line calls and a virtual call on every switch, which
// alone cost ~5% of a launch+join (bench/bench_core). Here the check is one inline load.
// fiberlog::properties is still what this_fiber::properties<fiberlog::properties>() gives.
//
// Why track the running context ourselves: Boost's context::active() is an out-of-line call
// into libboost_fiber with a thread_local guard, and this_fiber::properties<>() may even
// yield. Every switch goes through pick_next(), except one: launch::dispatch resumes the new
// fiber directly, and the first thing that fiber does (in context::resume's resume_with
// lambda, before its function runs) is awakened(launcher) -- the very context we recorded as
// running. So `awakened(ctx)` with ctx == running_ is exactly "a dispatch launch just
// happened": only then do we ask Boost who runs, and give the newcomer properties that
// inherit from `ctx`. The hot paths (pick_next, awakened) cost one store and one compare.
//
// A lineage must be constructed on the thread whose scheduler it serves (Boost's
// use_scheduling_algorithm<>() does that).
class FIBERLOG_API lineage {
public:
    lineage() noexcept;
    ~lineage();
    lineage(const lineage&) = delete;
    lineage& operator=(const lineage&) = delete;

    // Call from pick_next() with the context about to be resumed (if any).
    void picked(boost::fibers::context* ctx) noexcept {
        if (ctx != nullptr) running_ = ctx;
    }

    // True when awakened(ctx) needs no lineage work: ctx has properties already and is not
    // the running context (a dispatch launch). Keeps the scheduler's fast path call-free.
    bool settled(boost::fibers::context* ctx) const noexcept {
        return BOOST_LIKELY(ctx->get_properties() != nullptr && ctx != running_);
    }

    // The lineage work of awakened(ctx) when !settled(ctx): either ctx is the running
    // context (a dispatch launch just resumed a new fiber), or ctx has no properties yet --
    // a worker then inherits from the running (launching) context, the thread's main
    // context keeps the thread's id and context, the dispatcher is a root.
    void settle(boost::fibers::context* ctx) noexcept;

    // For the algorithm's awakened(): `enqueue(ctx)` after the lineage work. The common
    // case is one inline check and the enqueue; the rest is a tail call, so the common path
    // saves no registers (measured with callgrind: ~10 instructions a wake-up otherwise).
    template <class Enqueue>
    void awakened(boost::fibers::context* ctx, Enqueue enqueue) noexcept {
        if (BOOST_UNLIKELY(!settled(ctx))) return settle_then(ctx, enqueue);
        enqueue(ctx);
    }

    boost::fibers::context* running() const noexcept { return running_; }

    // The fiber state kept in ctx's properties. Creates them if Boost has not yet: it gives
    // the main context properties only when it is first awakened, and fiberlog may need them
    // sooner (a put() or a launch before the main context ever yielded).
    static fiber_state& state_of(boost::fibers::context* ctx) {
        if (BOOST_LIKELY(ctx->get_properties() != nullptr))
            return static_cast<properties*>(ctx->get_properties())->state();
        return created_state_of(ctx);
    }

private:
    template <class Enqueue>
    BOOST_NOINLINE void settle_then(boost::fibers::context* ctx, Enqueue enqueue) noexcept {
        settle(ctx);
        enqueue(ctx);
    }

    static fiber_state& created_state_of(boost::fibers::context* ctx);
    void dispatched_from(boost::fibers::context* launcher) noexcept;

    boost::fibers::context* running_;
};

}  // namespace fiberlog::detail
