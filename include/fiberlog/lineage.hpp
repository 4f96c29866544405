#pragma once

// Your own scheduler with fiberlog's ids and inheritance: a fiberlog::lineage member and two
// calls. fiberlog's own schedulers are built the same way.

#include <type_traits>

#include <boost/config.hpp>
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>

#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog {

namespace detail {
struct lineage_access;  // lets the library reach the running context's state
}

/// Gives the fibers of any Boost.Fiber scheduling algorithm fiberlog's ids, parent ids and
/// inherited contexts -- under launch::post and launch::dispatch, from a fiber or from a
/// thread's main context before it ever yielded, down any number of generations, and across
/// threads when the algorithm migrates fibers. Make it a member of your algorithm, built with
/// `this` on the thread the algorithm serves (use_scheduling_algorithm<>() does that), and
/// call it from two places:
///
///     struct my_algo : boost::fibers::algo::algorithm {   // or algorithm_with_properties<P>
///         fiberlog::lineage lineage_{this};
///         void awakened(boost::fibers::context* ctx) noexcept override {
///             lineage_.awakened(ctx);                      // first thing
///             ... enqueue ctx ...
///         }
///         boost::fibers::context* pick_next() noexcept override {
///             boost::fibers::context* next = ... dequeue or nullptr ...;
///             lineage_.picked(next);                       // with the result, nullptr too
///             return next;
///         }
///         ...
///     };
///
/// With algorithm_with_properties<P>, P must derive from fiberlog::properties (see
/// properties.hpp); call awakened(ctx) first thing in awakened(ctx, props). Properties that
/// fiberlog must create before Boost does (a fiber launched with launch::dispatch, a main
/// context that logs before it ever yielded) are made by your algorithm's new_properties(),
/// so they are always a P.
///
/// Both calls are noexcept and, in the common case, one inline compare. Not copyable.
class FIBERLOG_API lineage {
public:
    /// `algo` is the algorithm this lineage is a member of.
    template <class Algorithm>
    explicit lineage(Algorithm* algo) noexcept : lineage(algo, factory_for(algo)) {
        static_assert(std::is_base_of_v<boost::fibers::algo::algorithm, Algorithm>,
                      "fiberlog::lineage serves a boost::fibers::algo::algorithm");
    }
    ~lineage();
    lineage(const lineage&) = delete;
    lineage& operator=(const lineage&) = delete;

    /// Call first thing in your awakened(ctx): gives a newly launched fiber its properties
    /// (id, parent, inherited context), and notices a launch::dispatch launch.
    void awakened(boost::fibers::context* ctx) noexcept {
        if (BOOST_UNLIKELY(!settled(ctx))) settle(ctx);
    }

    /// Call in pick_next() with the context it returns (nullptr too): fiberlog then knows which
    /// context runs on this thread without asking Boost.
    void picked(boost::fibers::context* ctx) noexcept {
        if (ctx != nullptr) running_ = ctx;
    }

private:
    friend struct detail::lineage_access;

    // Makes the properties of `ctx` when fiberlog needs them before Boost made them; null
    // means fiberlog::properties, built in place from a per-thread free list.
    using factory = boost::fibers::fiber_properties* (*)(boost::fibers::algo::algorithm*,
                                                         boost::fibers::context*);

    template <class P>
    static factory factory_for(boost::fibers::algo::algorithm_with_properties<P>*) noexcept {
        static_assert(std::is_base_of_v<properties, P>,
                      "with fiberlog::lineage, the properties type must derive from "
                      "fiberlog::properties");
        // Boost's own awakened() gives them the algorithm before they are ever queued.
        return [](boost::fibers::algo::algorithm* a,
                  boost::fibers::context* ctx) -> boost::fibers::fiber_properties* {
            return static_cast<boost::fibers::algo::algorithm_with_properties<P>*>(a)
                ->new_properties(ctx);
        };
    }
    static factory factory_for(boost::fibers::algo::algorithm*) noexcept { return nullptr; }

    lineage(boost::fibers::algo::algorithm* algo, factory make) noexcept;

    // Why the check is this: every switch goes through pick_next(), except one:
    // launch::dispatch resumes the new fiber directly, and the first thing that fiber does
    // (in context::resume's resume_with lambda, before its function runs) is
    // awakened(launcher) -- the very context recorded as running. So `awakened(ctx)` with
    // ctx == running_ is exactly "a dispatch launch just happened"; a context without
    // properties is a fiber being launched (or a main context or dispatcher, seen first).
    bool settled(boost::fibers::context* ctx) const noexcept {
        return BOOST_LIKELY(ctx->get_properties() != nullptr && ctx != running_);
    }
    void settle(boost::fibers::context* ctx) noexcept;

    boost::fibers::context* running_;
    boost::fibers::algo::algorithm* algo_;
    factory make_;
};

}  // namespace fiberlog
