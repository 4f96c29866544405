#include <fiberlog/properties.hpp>

#include "detail/state_access.hpp"

namespace fiberlog {

properties::properties(boost::fibers::context* ctx) noexcept
    : boost::fibers::fiber_properties(ctx), origin_(detail::origin_for(ctx)) {}

properties::~properties() = default;

void* properties::operator new(std::size_t size) {
    if (size != sizeof(properties)) return ::operator new(size);  // a derived type
    return detail::this_thread_slot.allocate_properties(size);
}

void properties::operator delete(void* p, std::size_t size) noexcept {
    if (size != sizeof(properties)) return ::operator delete(p);
    detail::this_thread_slot.release_properties(p);
}

}  // namespace fiberlog
