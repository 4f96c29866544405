#include <fiberlog/detail/lineage.hpp>

#include "detail/thread_slot.hpp"

namespace fiberlog::detail {
namespace {

using boost::fibers::type;

fiber_state root_state() { return fiber_state{next_fiber_id(), 0, {}}; }

fiber_state initial_state(boost::fibers::context* ctx) {
    return ctx->is_context(type::main_context) ? thread_state_for_main_context() : root_state();
}

// The properties of `ctx`, a fiber launched by `launcher`: a new id, the launcher as parent,
// and the launcher's context (a shared, immutable snapshot: one atomic increment), built in
// place. The dispatcher runs no user code and is nobody's parent.
properties* child_properties(boost::fibers::context* ctx, boost::fibers::context* launcher) {
    if (launcher->is_context(type::dispatcher_context))
        return new properties(ctx, next_fiber_id(), 0, context{});
    const fiber_state& parent = lineage::state_of(launcher);
    return new properties(ctx, next_fiber_id(), parent.id, parent.ctx);
}

}  // namespace

lineage::lineage() noexcept : running_(boost::fibers::context::active()) {
    register_scheduler(this);
}

lineage::~lineage() { unregister_scheduler(this); }

fiber_state& lineage::state_of(boost::fibers::context* ctx) {
    if (auto* props = ctx->get_properties()) return static_cast<properties*>(props)->state();
    auto* props = new properties(ctx, initial_state(ctx));
    ctx->set_properties(props);
    return props->state();
}

void lineage::give_properties(boost::fibers::context* ctx) noexcept {
    ctx->set_properties(ctx->is_context(type::worker_context)
                            ? child_properties(ctx, running_)
                            : new properties(ctx, initial_state(ctx)));
}

void lineage::settle(boost::fibers::context* ctx) noexcept {
    if (ctx->get_properties() == nullptr) give_properties(ctx);
    if (ctx == running_) dispatched_from(ctx);
}

void lineage::dispatched_from(boost::fibers::context* launcher) noexcept {
    boost::fibers::context* active = boost::fibers::context::active();
    if (active->get_properties() == nullptr && active->is_context(type::worker_context))
        active->set_properties(child_properties(active, launcher));
    running_ = active;
}

}  // namespace fiberlog::detail
