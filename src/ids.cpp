#include <fiberlog/ids.hpp>
#include <fiberlog/origin.hpp>

#include "detail/state_access.hpp"

namespace fiberlog {

// current_state() allocates only for a thread's first call (its own state) or a main
// context's properties; if that fails there is no id to give, and terminating is the
// honest answer for a noexcept function.
std::uint64_t fiber_id() noexcept { return detail::current_state().fiber; }

std::uint64_t parent_id() noexcept { return detail::current_state().parent; }

const origin& current_origin() noexcept { return detail::with_own_span(detail::current_state()); }

}  // namespace fiberlog
