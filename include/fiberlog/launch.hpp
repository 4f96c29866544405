#pragma once

#include <utility>

#include <boost/fiber/fiber.hpp>
#include <boost/fiber/policy.hpp>

#include <fiberlog/context.hpp>

namespace fiberlog {

/// Launches a fiber that starts with `ctx` instead of inheriting the caller's context --
/// the opt-out for work that outlives the request that started it (a background flusher, a
/// cache refresher): `fiberlog::launch_with(fiberlog::context{}, flush_loop).detach();`.
/// The new fiber's parent_id() is still the caller's id. The caller's context is untouched.
template <class Fn, class... Args>
boost::fibers::fiber launch_with(boost::fibers::launch policy, const context& ctx, Fn&& fn,
                                 Args&&... args) {
    auto guard = attach(ctx);
    return boost::fibers::fiber{policy, std::forward<Fn>(fn), std::forward<Args>(args)...};
}

/// launch_with() with Boost's default policy, launch::post.
template <class Fn, class... Args>
boost::fibers::fiber launch_with(const context& ctx, Fn&& fn, Args&&... args) {
    return launch_with(boost::fibers::launch::post, ctx, std::forward<Fn>(fn),
                       std::forward<Args>(args)...);
}

}  // namespace fiberlog
