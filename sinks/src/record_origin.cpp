#include "record_origin.hpp"

#include <fiberlog/properties.hpp>

namespace fiberlog::detail {
namespace {

// A plain pointer, constant-initialized: one TLS load, no guard.
thread_local const record_origin* override_origin = nullptr;

}  // namespace

record_origin current_origin() noexcept {
    if (override_origin != nullptr) return *override_origin;
    const fiber_state& st = running_state();
    return record_origin{st.id, st.parent, &st.ctx};
}

origin_override::origin_override(const record_origin& origin) noexcept
    : previous_(override_origin) {
    override_origin = &origin;
}

origin_override::~origin_override() { override_origin = previous_; }

}  // namespace fiberlog::detail
