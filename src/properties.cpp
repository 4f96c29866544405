#include <fiberlog/properties.hpp>

#include "detail/thread_slot.hpp"

namespace fiberlog {

properties::properties(boost::fibers::context* ctx) noexcept
    : properties(ctx, detail::fiber_state{detail::next_fiber_id(), 0, {}}) {}

properties::properties(boost::fibers::context* ctx, detail::fiber_state state) noexcept
    : boost::fibers::fiber_properties(ctx), state_(std::move(state)) {}

properties::~properties() = default;

void* properties::operator new(std::size_t size) {
    return detail::this_thread_slot.allocate_properties(size);
}

void properties::operator delete(void* p) noexcept {
    detail::this_thread_slot.release_properties(p);
}

}  // namespace fiberlog
