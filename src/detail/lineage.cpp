#include <fiberlog/lineage.hpp>

#include "detail/state_access.hpp"

namespace fiberlog {
namespace detail {
namespace {

using boost::fibers::type;

// fiberlog::properties without operator new's call: the launch path takes its block from the
// thread's free list inline.
properties* new_properties(thread_slot& slot, boost::fibers::context* ctx, std::uint64_t id,
                           std::uint64_t parent, const context& inherited, std::uint64_t span,
                           std::uint64_t parent_span) noexcept {
    return properties_access::construct(slot.allocate_properties(sizeof(properties)), ctx, id,
                                        parent, inherited, span, parent_span);
}

// The origin of a context nobody launched: the thread's main context keeps the thread's id
// and context, the dispatcher (or a fiber no lineage saw launched) is a root.
origin first_origin(boost::fibers::context* ctx) {
    if (ctx->is_context(type::main_context)) return thread_origin_for_main_context();
    return origin{next_fiber_id(), 0, {}};
}

// Out of line, so that its temporaries do not weigh on the launch path.
BOOST_NOINLINE properties* first_properties(boost::fibers::context* ctx) {
    const origin o = first_origin(ctx);
    return new_properties(this_thread_slot, ctx, o.fiber, o.parent, o.ctx, o.span, o.parent_span);
}

}  // namespace

origin origin_for(boost::fibers::context* ctx) {
    lineage* l = thread_scheduler;
    if (l == nullptr || !ctx->is_context(type::worker_context)) return first_origin(ctx);
    boost::fibers::context* launcher = lineage_access::running(*l);
    if (launcher == ctx || launcher->is_context(type::dispatcher_context))
        return first_origin(ctx);
    const origin& parent = lineage_access::state_of(*l, launcher);
    return origin{next_fiber_id(), parent.fiber, parent.ctx, 0, parent.span};  // as below
}

// The properties of `ctx`, a fiber launched by `launcher` (null: by the dispatcher, which
// runs no user code and is nobody's parent): a new id, the launcher as parent, the
// launcher's context (a shared, immutable snapshot: one atomic increment) and its span as
// the parent span, built in place. In a trace the fiber's own span is made when first read
// (with_own_span), so a launch there costs what one outside does.
inline properties* lineage_access::child_properties(boost::fibers::context* ctx,
                                                    const origin* launcher) noexcept {
    thread_slot& slot = this_thread_slot;  // one TLS address for the id and the block
    if (BOOST_UNLIKELY(launcher == nullptr))
        return new_properties(slot, ctx, slot.next_fiber_id(), 0, context{}, 0, 0);
    // The block and the id first, the launcher's fields after: read before those (possible)
    // calls, they would be kept in saved registers on the common path (bench/instructions).
    void* block = slot.allocate_properties(sizeof(properties));
    const std::uint64_t id = slot.next_fiber_id();
    return properties_access::construct(block, ctx, id, launcher->fiber, launcher->ctx, 0,
                                        launcher->span);
}

origin& lineage_access::created_state_of(lineage& l, boost::fibers::context* ctx) {
    // A scheduler with its own properties type makes them: they must be a P, not ours.
    boost::fibers::fiber_properties* made =
        l.make_ != nullptr ? l.make_(l.algo_, ctx) : first_properties(ctx);
    ctx->set_properties(made);
    return properties_access::state(made);
}

void lineage_access::settle(lineage& l, boost::fibers::context* ctx) noexcept {
    if (BOOST_UNLIKELY(ctx == l.running_)) return dispatched_from(l, ctx);
    // Not settled and not running: ctx has no properties yet -- a main context or the
    // dispatcher seen first, or a fiber being launched. (Under algorithm_with_properties Boost
    // made a fiber's already, in properties(ctx), which inherits the same way: so make_ is
    // null here, and the launch path needs no check for it.)
    if (!ctx->is_context(type::worker_context)) {
        created_state_of(l, ctx);
        return;
    }
    boost::fibers::context* launcher = l.running_;
    const origin* parent = launcher->is_context(type::dispatcher_context)
                               ? nullptr
                               : &state_of(l, launcher);
    ctx->set_properties(child_properties(ctx, parent));  // a tail call
}

// A dispatch launch: `launcher` resumed a new fiber directly, which now runs and reports the
// launcher awakened. The new fiber inherits from the launcher; from now on it is the running
// context (pick_next() saw none of this).
void lineage_access::dispatched_from(lineage& l, boost::fibers::context* launcher) noexcept {
    const origin& parent = state_of(l, launcher);  // the main context may have none yet
    boost::fibers::context* active = boost::fibers::context::active();
    if (active->get_properties() == nullptr && active->is_context(type::worker_context)) {
        if (l.make_ != nullptr)
            created_state_of(l, active);  // properties(ctx) inherits from running_: launcher
        else
            active->set_properties(child_properties(active, &parent));
    }
    l.running_ = active;
}

}  // namespace detail

lineage::lineage(boost::fibers::algo::algorithm* algo, factory make) noexcept
    : running_(boost::fibers::context::active()), algo_(algo), make_(make) {
    detail::register_scheduler(this);
}

lineage::~lineage() { detail::unregister_scheduler(this); }

void lineage::settle(boost::fibers::context* ctx) noexcept {
    detail::lineage_access::settle(*this, ctx);
}

}  // namespace fiberlog
