#include <fiberlog/deadline.hpp>

#include "detail/snapshot.hpp"
#include "detail/state_access.hpp"

namespace fiberlog {
namespace {

using clock = std::chrono::steady_clock;
using detail::context_access;

clock::time_point current_deadline() noexcept {
    return context_access::deadline(detail::current_state().ctx);
}

}  // namespace

std::optional<clock::time_point> deadline() noexcept {
    const auto d = current_deadline();
    if (d == detail::no_deadline) return std::nullopt;
    return d;
}

clock::duration remaining() noexcept {
    const auto d = current_deadline();
    if (d == detail::no_deadline) return clock::duration::max();
    const auto now = clock::now();
    return d > now ? d - now : clock::duration::zero();
}

bool expired() noexcept {
    const auto d = current_deadline();
    return d != detail::no_deadline && clock::now() >= d;
}

deadline_scope::deadline_scope(clock::time_point t) {
    context& ctx = detail::current_state().ctx;
    before_ = ctx;
    // The earliest deadline wins: a callee cannot extend its caller's.
    if (t < context_access::deadline(ctx))
        ctx = context_access::rebind(ctx, t, detail::cancel_node::ptr(context_access::cancel(ctx)));
    installed_ = ctx;
}

deadline_scope::~deadline_scope() {
    context& ctx = detail::current_state().ctx;
    if (ctx.same(installed_)) {
        ctx = std::move(before_);
        return;
    }
    // The scope changed the context otherwise too: keep that, restore only the deadline.
    const auto previous = context_access::deadline(before_);
    if (context_access::deadline(ctx) != previous)
        ctx = context_access::rebind(ctx, previous,
                                     detail::cancel_node::ptr(context_access::cancel(ctx)));
}

}  // namespace fiberlog
