#include <fiberlog/cancel.hpp>

#include "detail/snapshot.hpp"
#include "detail/state_access.hpp"

namespace fiberlog {
namespace {

using detail::cancel_node;
using detail::context_access;

}  // namespace

bool cancelled() noexcept {
    // The hot check: one TLS load, three pointer hops and one atomic load, all inline.
    const cancel_node* n = context_access::cancel(detail::current_state().ctx);
    return n != nullptr && n->cancelled();
}

cancel_scope::cancel_scope() {
    context& ctx = detail::current_state().ctx;
    before_ = ctx;
    cancel_node::ptr node(new cancel_node(cancel_node::ptr(context_access::cancel(ctx))));
    ctx = context_access::rebind(ctx, context_access::deadline(ctx), std::move(node));
    installed_ = ctx;
}

cancel_scope::~cancel_scope() {
    context& ctx = detail::current_state().ctx;
    if (ctx.same(installed_)) {
        ctx = std::move(before_);
        return;
    }
    // The scope changed the context otherwise too: keep that, restore only the node.
    cancel_node* previous = context_access::cancel(before_);
    if (context_access::cancel(ctx) != previous)
        ctx =
            context_access::rebind(ctx, context_access::deadline(ctx), cancel_node::ptr(previous));
}

void cancel_scope::cancel() noexcept { context_access::cancel(installed_)->cancel(); }

}  // namespace fiberlog
