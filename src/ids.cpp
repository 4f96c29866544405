#include <fiberlog/ids.hpp>

#include "detail/thread_slot.hpp"

namespace fiberlog {

// current_state() allocates only for a thread's first call (its own state) or a main
// context's properties; if that fails there is no id to give, and terminating is the
// honest answer for a noexcept function.
std::uint64_t fiber_id() noexcept { return detail::current_state().id; }

std::uint64_t parent_id() noexcept { return detail::current_state().parent; }

const detail::fiber_state& detail::running_state() noexcept { return current_state(); }

}  // namespace fiberlog
