#include <fiberlog/detail/lineage.hpp>

#include "detail/thread_slot.hpp"

namespace fiberlog::detail {
namespace {

using boost::fibers::type;

// properties::operator new without the call: the launch path takes its block from the
// thread's free list inline. (`::new`: the class's own operator new hides placement new.)
template <class... Args>
properties* new_properties(thread_slot& slot, Args&&... args) {
    return ::new (slot.allocate_properties(sizeof(properties)))
        properties(std::forward<Args>(args)...);
}

// The properties of a context nobody launched: the thread's main context keeps the thread's
// id and context, the dispatcher is a root. Out of line, so that its temporaries do not
// weigh on the launch path.
BOOST_NOINLINE properties* first_properties(boost::fibers::context* ctx) {
    fiber_state state = ctx->is_context(type::main_context) ? thread_state_for_main_context()
                                                            : fiber_state{next_fiber_id(), 0, {}};
    return new_properties(this_thread_slot, ctx, std::move(state));
}

// The properties of `ctx`, a fiber launched by `launcher`: a new id, the launcher as parent,
// and the launcher's context (a shared, immutable snapshot: one atomic increment), built in
// place. The dispatcher runs no user code and is nobody's parent.
inline properties* child_properties(boost::fibers::context* ctx,
                                    boost::fibers::context* launcher) {
    thread_slot& slot = this_thread_slot;  // one TLS address for the id and the block
    if (BOOST_UNLIKELY(launcher->is_context(type::dispatcher_context)))
        return new_properties(slot, ctx, slot.next_fiber_id(), 0, context{});
    const fiber_state& parent = lineage::state_of(launcher);
    return new_properties(slot, ctx, slot.next_fiber_id(), parent.id, parent.ctx);
}

}  // namespace

lineage::lineage() noexcept : running_(boost::fibers::context::active()) {
    register_scheduler(this);
}

lineage::~lineage() { unregister_scheduler(this); }

fiber_state& lineage::created_state_of(boost::fibers::context* ctx) {
    properties* props = first_properties(ctx);
    ctx->set_properties(props);
    return props->state();
}

void lineage::settle(boost::fibers::context* ctx) noexcept {
    if (BOOST_UNLIKELY(ctx == running_)) return dispatched_from(ctx);
    // Not settled and not running: ctx has no properties yet. The set is a tail call.
    ctx->set_properties(ctx->is_context(type::worker_context) ? child_properties(ctx, running_)
                                                             : first_properties(ctx));
}

void lineage::dispatched_from(boost::fibers::context* launcher) noexcept {
    state_of(launcher);  // the main context may not have properties yet
    boost::fibers::context* active = boost::fibers::context::active();
    if (active->get_properties() == nullptr && active->is_context(type::worker_context))
        active->set_properties(child_properties(active, launcher));
    running_ = active;
}

}  // namespace fiberlog::detail
