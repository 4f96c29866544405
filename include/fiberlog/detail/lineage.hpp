#pragma once

#include <boost/config.hpp>
#include <boost/fiber/context.hpp>

#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::detail {

// The part every fiberlog scheduler shares: it knows which context runs on its thread and
// creates each fiber's properties from the context that launched it.
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

    // Call first thing in awakened(ctx, props).
    void awakened(boost::fibers::context* ctx) noexcept {
        if (BOOST_UNLIKELY(ctx == running_)) dispatched_from(ctx);
    }

    // The algorithm's new_properties(): inherit from the running (launching) context, or
    // make a root for the thread's main context and for the dispatcher.
    boost::fibers::fiber_properties* new_properties(boost::fibers::context* ctx);

    boost::fibers::context* running() const noexcept { return running_; }

    // The fiber state kept in ctx's properties. Creates them if Boost has not yet: it gives
    // the main context properties only when it is first awakened, and fiberlog may need them
    // sooner (a put() or a launch before the main context ever yielded).
    static fiber_state& state_of(boost::fibers::context* ctx);

private:
    void dispatched_from(boost::fibers::context* launcher) noexcept;

    boost::fibers::context* running_;
};

}  // namespace fiberlog::detail
